// list_row_cache.cpp: builds and reuses the accounts table's per-row texts. UI-only; no I/O, no rules.
#include "ui/views/list_row_cache.hpp"

#include "core/app/list_format.hpp"
#include "core/app/update_list.hpp"
#include "core/model/account.hpp"

namespace crm::ui {

namespace {

std::string count_text(const std::optional<int64_t>& v) { return v ? core::format_count(*v) : std::string("-"); }

// The fields drawn by the table: the only ones a cached row must match.
bool same_drawn_fields(const core::Account& x, const core::Account& y) {
    return x.id == y.id && x.name == y.name && x.website == y.website && x.industry == y.industry &&
           x.company_size == y.company_size && x.stage == y.stage && x.assigned_to == y.assigned_to &&
           x.contact_count == y.contact_count && x.open_opportunity_count == y.open_opportunity_count &&
           x.updated_at == y.updated_at;
}

void build(RowCells& c, const core::AppModel& model, const core::Account& a) {
    c.source = a;
    c.name = a.name.empty() ? a.id : a.name;
    c.select_test_label = "select:" + a.id;
    c.website_shown = a.website;
    for (const char* prefix : {"https://", "http://"}) {
        const std::string p(prefix);
        if (c.website_shown.rfind(p, 0) == 0) c.website_shown = c.website_shown.substr(p.size());
    }
    c.assigned = core::user_display_name(model, a.assigned_to);
    c.contacts = count_text(a.contact_count);
    c.open_opps = count_text(a.open_opportunity_count);
    const core::StageInfo* info = core::find_stage(a.stage);
    c.stage_fill = core::stage_role(a.stage);
    c.stage_other = info ? std::string() : core::stage_label(a.stage);
    c.stage_known = info ? info->label : nullptr;
    c.stage_size = ImGui::CalcTextSize(c.stage_text());
    c.updated_for = -1;
}

}  // namespace

void row_cache_begin(ListRowCache& cache, const core::AppModel& model, size_t rows) {
    const void* users_data = model.users.users.data();
    const int users_status = static_cast<int>(model.users.status);
    const void* font = ImGui::GetFont();
    const float font_size = ImGui::GetFontSize();
    if (users_data != cache.users_data || model.users.users.size() != cache.users_size ||
        users_status != cache.users_status || font != cache.font || font_size != cache.font_size) {
        cache.rows.clear();
        cache.users_data = users_data;
        cache.users_size = model.users.users.size();
        cache.users_status = users_status;
        cache.font = font;
        cache.font_size = font_size;
    }
    cache.rows.resize(rows);
}

const RowCells& row_cells(ListRowCache& cache, const core::AppModel& model, size_t index, const core::Account& a) {
    RowCells& c = cache.rows[index];
    if (c.name.empty() || !same_drawn_fields(c.source, a)) build(c, model, a);
    if (c.updated_for != model.now_unix) {
        c.updated_for = model.now_unix;
        if (a.updated_at.empty()) c.updated.clear();
        else c.updated = model.now_unix != 0 ? core::relative_time(a.updated_at, model.now_unix) : a.updated_at.substr(0, 10);
    }
    return c;
}

}  // namespace crm::ui
