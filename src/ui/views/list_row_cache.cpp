// list_row_cache.cpp: the accounts tables' columns from the field registry, and the list's per-row
// texts. UI-only; no I/O, no rules.
#include "ui/views/list_row_cache.hpp"

#include <cfloat>
#include <string_view>

#include "core/model/account.hpp"
#include "ui/widgets/stage_badge.hpp"
#include "ui/widgets/test_label.hpp"

namespace crm::ui {

namespace {

// How a cell looks beyond its text: the stage as a coloured badge, a time with its raw value on hover.
enum class CellLook { Text, Stage, Time };

CellLook look_of(const core::AccountField& f) {
    const std::string_view key = f.key;
    if (key == "stage") return CellLook::Stage;
    if (key == "updatedAt" || key == "createdAt") return CellLook::Time;
    return CellLook::Text;
}

bool sortable(const core::AccountField& f, SortBy sort_by) {
    return sort_by == SortBy::Server ? f.ordering != nullptr : f.local_sort != core::LocalSort::None;
}

}  // namespace

// ---- Columns ----

void setup_field_columns(SortBy sort_by) {
    const float fs = ImGui::GetFontSize();
    for (const core::AccountField* f : core::list_fields()) {
        ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_PreferSortAscending;
        if (f->list_width == 0.0f) flags |= ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_WidthStretch;
        if (f->list_flags & core::kListOptional) flags |= ImGuiTableColumnFlags_DefaultHide;
        if (!sortable(*f, sort_by)) flags |= ImGuiTableColumnFlags_NoSort;
        ImGui::TableSetupColumn(f->label, flags, f->list_width * fs);
    }
}

std::string header_test_label(const char* test_prefix, const core::AccountField& f) {
    return std::string(test_prefix) + f.label;
}

void field_headers_row(const char* test_prefix) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const auto& fields = core::list_fields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(i))) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableHeader(fields[i]->label);
        // Header items carry no label of their own; give the test bridge one ("col:Name").
        label_last_item_for_tests(header_test_label(test_prefix, *fields[i]).c_str());
        ImGui::PopID();
    }
}

float field_columns_min_width(float name_min_width) {
    const float fs = ImGui::GetFontSize();
    float width = name_min_width;
    for (const core::AccountField* f : core::list_fields()) width += f->list_width * fs + ImGui::GetStyle().CellPadding.x * 2;
    return width;
}

void field_cell(const core::AccountField& f, const core::Account& a, const std::string& text, FittedText* fit) {
    if (text.empty()) {
        ImGui::TextUnformatted("-");
        return;
    }
    switch (look_of(f)) {
        case CellLook::Stage: {
            FittedText local;
            const FittedText& shown = fit_text(text, FLT_MAX, fit ? *fit : local);   // measured once per text
            stage_badge(shown.shown.c_str(), core::stage_role(a.stage), shown.size);
            return;
        }
        case CellLook::Time:
            ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
            if (ImGui::IsItemHovered() && f.text_member) ImGui::SetTooltip("%s", (a.*f.text_member).c_str());
            return;
        case CellLook::Text:
            cell_text(text, fit);
            return;
    }
}

const core::UserNames& user_names(const core::AppModel& model, uint64_t* generation) {
    // Compared by content: a reloaded directory may reuse the old one's storage.
    static std::vector<core::User> seen;
    static core::UserNames names;
    static uint64_t built = 0;
    if (built == 0 || model.users.users != seen) {
        seen = model.users.users;
        names = core::UserNames(seen);
        ++built;
    }
    if (generation) *generation = built;
    return names;
}

// ---- The list's per-row texts ----

void row_cache_begin(ListRowCache& cache, const core::AppModel& model, size_t rows) {
    uint64_t users_generation = 0;
    cache.users = &user_names(model, &users_generation);
    const void* font = ImGui::GetFont();
    const float font_size = ImGui::GetFontSize();
    if (users_generation != cache.users_generation || font != cache.font || font_size != cache.font_size) {
        cache.rows.clear();
        cache.users_generation = users_generation;
        cache.font = font;
        cache.font_size = font_size;
    }
    cache.rows.resize(rows);
}

const RowCells& row_cells(ListRowCache& cache, const core::AppModel& model, size_t index, const core::Account& a) {
    RowCells& c = cache.rows[index];
    const bool same = !c.name.empty() && c.source == a;
    if (!same) {
        c.source = a;
        c.name = core::display_name(a);
        c.select_test_label = "select:" + a.id;
        c.fit.resize(core::list_fields().size());
    }
    if (!same || c.text_for != model.now_unix) {
        c.text_for = model.now_unix;
        const auto& fields = core::list_fields();
        c.text.resize(fields.size());
        for (size_t i = 0; i < fields.size(); ++i) c.text[i] = fields[i]->text(a, *cache.users, model.now_unix);
    }
    return c;
}

}  // namespace crm::ui
