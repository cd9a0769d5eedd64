// local_table_view.cpp: local mode's screen: the copy's badge, load progress, filter, one
// virtualised (ImGuiListClipper) client-sorted table, client-side pages. Draws the model and emits
// messages; no I/O, no rules (sorting, filtering and paging are in core/app/local_store + update_local).
#include "ui/views/local_table_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <imgui_internal.h>   // GetActiveID: keep the filter's buffer while it is being edited
#include <string>
#include <string_view>

#include "core/app/list_format.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_local.hpp"
#include "core/util/text.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/list_tools.hpp"
#include "ui/widgets/stage_badge.hpp"
#include "ui/widgets/test_label.hpp"
#include "ui/views/list_row_cache.hpp"

namespace crm::ui {

namespace {

using core::Account;
using core::LocalColumn;

// The columns are the registry's list fields (core/model/account_fields.hpp), as in the list.
int column_count() { return static_cast<int>(core::list_fields().size()); }

std::string clock_text(int64_t unix_time) {
    if (unix_time <= 0) return "?";
    std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];   // not strftime: Emscripten implements it in ~6 KB of JS glue
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

void draw_badge(const core::AppModel& model, Dispatch& dispatch) {
    const core::LocalState& l = model.local;
    if (l.loaded) {
        std::string badge = "Local copy \xC2\xB7 " + core::plural(static_cast<int64_t>(l.store.size()), "account") +
                            " \xC2\xB7 loaded " + clock_text(l.loaded_unix);
        ImGui::PushStyleColor(ImGuiCol_Button, color(core::Role::InfoBadge));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color(core::Role::InfoBadge));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, color(core::Role::InfoBadge));
        ImGui::SmallButton(badge.c_str());
        ImGui::PopStyleColor(3);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Sorting and filtering happen in this tab. Changes made elsewhere since %s are not "
                              "shown until you refresh.", clock_text(l.loaded_unix).c_str());
        }
        if (l.capped) {
            ImGui::SameLine();
            ImGui::TextColored(color(core::Role::Warning), "first %s of %s matching",
                               core::format_count(l.cap).c_str(), core::format_count(l.matched).c_str());
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(l.walk.running());
        if (ImGui::SmallButton("Refresh")) dispatch(core::RefreshLocal{});
        ImGui::EndDisabled();
        ImGui::SameLine();
        draw_list_tools(model, dispatch);
    } else {
        ImGui::TextUnformatted("Local mode");
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Exit local mode")) dispatch(core::ExitLocalMode{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the server-paged list");

    if (l.walk.running()) {
        const float fraction =
            l.walk.total() > 0 ? static_cast<float>(l.walk.done()) / static_cast<float>(l.walk.total()) : 0.0f;
        const std::string text = (l.loaded ? "Refreshing " : "Loading ") +
                                 (l.walk.total() < 0 ? std::string("\xE2\x80\xA6")
                                                     : core::format_count(l.walk.done()) + " / " +
                                                           core::plural(l.walk.total(), "account"));
        ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 20, 0), text.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel loading")) dispatch(core::CancelLocalLoad{});
    }
    if (l.error && !l.walk.running()) {
        ImGui::PushStyleColor(ImGuiCol_Text, color(core::Role::Error));
        ImGui::TextWrapped("%s %s", l.loaded ? "Could not refresh the local copy (showing the last one):"
                                             : "Could not load the accounts:",
                           l.error->message.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", l.error->code.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Retry")) dispatch(core::RefreshLocal{});
    }
    draw_export_status(model, dispatch);
}

void draw_filters(const core::AppModel& model, LocalTableUi& ui, Dispatch& dispatch) {
    const core::LocalStore& s = model.local.store;
    const float fs = ImGui::GetFontSize();
    const ImGuiID id = ImGui::GetID("Filter local");
    if (ImGui::GetActiveID() != id && s.filter_text() != ui.filter) {
        std::snprintf(ui.filter, sizeof ui.filter, "%s", s.filter_text().c_str());
    }
    ImGui::SetNextItemWidth(fs * 16);
    if (ImGui::InputTextWithHint("Filter local", "name or website", ui.filter, sizeof ui.filter)) {
        dispatch(core::EditLocalFilter{ui.filter});   // every keystroke: filtered at once
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 8);
    const std::string stage_preview = s.filter_stage().empty() ? "Any stage" : core::stage_label(s.filter_stage());
    const bool open = begin_combo_text("##local_stage", stage_preview);
    if (!open) label_last_item_for_tests("Local stage");
    item_combo("Local stage", stage_preview, open);   // the screen-reader mirror
    if (open) {
        if (ImGui::Selectable("Any stage", s.filter_stage().empty())) dispatch(core::SetLocalStageFilter{""});
        for (const core::StageInfo& st : core::kStages) {
            if (ImGui::Selectable(st.label, s.filter_stage() == st.value)) dispatch(core::SetLocalStageFilter{st.value});
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const std::string shown = core::format_count(static_cast<int64_t>(s.view().size())) + " of " +
                              core::format_count(static_cast<int64_t>(s.size())) + " shown";
    ImGui::TextDisabled("%s", shown.c_str());
}

void draw_pager(const core::AppModel& model, Dispatch& dispatch) {
    const core::LocalState& l = model.local;
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(fs * 7);
    const std::string preview = l.page_size == 0 ? "All rows" : core::format_count(l.page_size) + " a page";
    const bool open = ImGui::BeginCombo("##local_page_size", preview.c_str());
    if (!open) label_last_item_for_tests("Local page size");
    item_combo("Local page size", preview, open);
    if (open) {
        for (int size : core::kLocalPageSizes) {
            const std::string item = size == 0 ? "All rows (one scroll)" : core::format_count(size) + " a page";
            if (ImGui::Selectable(item.c_str(), size == l.page_size)) dispatch(core::SetLocalPageSize{size});
        }
        ImGui::EndCombo();
    }
    if (l.page_size <= 0) return;
    const int last = core::local_last_page(l);
    ImGui::SameLine();
    ImGui::BeginDisabled(l.page <= 1);
    if (ImGui::SmallButton("Previous##local")) dispatch(core::SetLocalPage{l.page - 1});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("Page %d of %d", l.page, last);
    ImGui::SameLine();
    ImGui::BeginDisabled(l.page >= last);
    if (ImGui::SmallButton("Next##local")) dispatch(core::SetLocalPage{l.page + 1});
    ImGui::EndDisabled();
}

// The table's sort specs are the user's clicks; core sorts (an index vector) and the rows follow.
void sync_sort(const core::LocalStore& s, Dispatch& dispatch) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs || !specs->SpecsDirty) return;
    LocalColumn column = LocalColumn::None;
    bool desc = false;
    if (specs->SpecsCount > 0) {
        column = static_cast<LocalColumn>(specs->Specs[0].ColumnIndex);   // list_fields() order
        desc = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    if (column != s.sort_column() || desc != s.sort_descending()) dispatch(core::SortLocal{column, desc});
    specs->SpecsDirty = false;
}

void draw_row(const core::AppModel& model, const core::LocalStore& s, uint32_t index, Dispatch& dispatch) {
    const Account& a = s.accounts()[index];
    ImGui::TableNextRow(0, stage_badge_row_height());
    ImGui::TableNextColumn();
    // The ImGui id from the record id; the name is drawn as text, never parsed as a label.
    push_record_id(a.id);
    if (selectable_text(core::display_name(a), model.selected_id == a.id, ImGuiSelectableFlags_SpanAllColumns)) {
        dispatch(core::SelectAccount{a.id});
    }
    item_record(a.id);   // the mirror finds the row's account by id
    ImGui::PopID();
    const auto& fields = core::list_fields();
    for (size_t c = 1; c < fields.size(); ++c) {
        if (!ImGui::TableNextColumn()) continue;
        field_cell(*fields[c], a, fields[c]->text(a, s.users(), model.now_unix), nullptr);
    }
}

void draw_table(const core::AppModel& model, Dispatch& dispatch, float height) {
    const core::LocalState& l = model.local;
    const core::LocalStore& s = l.store;
    const float fs = ImGui::GetFontSize();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate |
                                  ImGuiTableFlags_SizingFixedFit;
    const float inner_width = std::max(ImGui::GetContentRegionAvail().x, field_columns_min_width(14.0f * fs));
    if (!ImGui::BeginTable("local_accounts", column_count(), flags, ImVec2(0, height), inner_width)) return;
    table_name("Accounts");   // the screen-reader mirror's table
    ImGui::TableSetupScrollFreeze(1, 1);
    setup_field_columns(SortBy::Local);
    sync_sort(s, dispatch);
    field_headers_row("lcol:");
    // The rows of this client-side page (all of them when one scroll); only visible ones are drawn.
    const auto& view = s.view();
    size_t first = 0;
    size_t end = view.size();
    if (l.page_size > 0) {
        first = std::min(view.size(), static_cast<size_t>(l.page - 1) * static_cast<size_t>(l.page_size));
        end = std::min(view.size(), first + static_cast<size_t>(l.page_size));
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(end - first));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            draw_row(model, s, view[first + static_cast<size_t>(r)], dispatch);
        }
    }
    ImGui::EndTable();
}

}  // namespace

void draw_local_table(const core::AppModel& model, LocalTableUi& ui, Dispatch& dispatch) {
    const core::LocalState& l = model.local;
    draw_badge(model, dispatch);
    if (!l.loaded) {
        if (!l.walk.running() && !l.error) ImGui::TextDisabled("Nothing loaded.");
        return;
    }
    draw_filters(model, ui, dispatch);
    ImGui::SameLine();
    draw_pager(model, dispatch);
    if (l.store.view().empty()) {
        ImGui::TextDisabled(l.store.size() == 0 ? "No accounts matched the filters when the copy was loaded."
                                                : "No local account matches this filter.");
    }
    const float height = ImGui::GetContentRegionAvail().y;
    draw_table(model, dispatch, height > 80.0f ? height : 80.0f);
}

}  // namespace crm::ui
