// accounts_list_view.cpp: the accounts table. Draws the model, emits messages; no I/O.
#include "ui/views/accounts_list_view.hpp"

#include <imgui.h>

#include <string>

#include "ui/widgets/stage_badge.hpp"

namespace crm::ui {

namespace {

using core::Account;

struct Column {
    const char* label;
    float width;                                   // initial width in font-size units; 0 = stretch
    void (*draw)(const Account&);
};

void text_or_dash(const std::string& s) { ImGui::TextUnformatted(s.empty() ? "-" : s.c_str()); }
void count_cell(const std::optional<int64_t>& v) {
    if (v) ImGui::Text("%lld", static_cast<long long>(*v));
    else ImGui::TextUnformatted("-");
}

// Columns as data: label, width, how a cell draws. The name column is drawn by the row itself.
const Column kAccountColumns[] = {
    {"Name", 0.0f, nullptr},
    {"Website", 12.0f, [](const Account& a) { text_or_dash(a.website); }},
    {"Industry", 8.0f, [](const Account& a) { text_or_dash(a.industry); }},
    {"Size", 6.0f, [](const Account& a) { text_or_dash(a.company_size); }},
    {"Stage", 6.5f, [](const Account& a) { stage_badge(a.stage); }},
    {"Assigned", 10.0f, [](const Account& a) { text_or_dash(a.assigned_to); }},
    {"Contacts", 5.0f, [](const Account& a) { count_cell(a.contact_count); }},
    {"Open opps", 5.5f, [](const Account& a) { count_cell(a.open_opportunity_count); }},
    {"Updated", 10.0f, [](const Account& a) { text_or_dash(a.updated_at.substr(0, 10)); }},
};

void draw_error(const core::Error& e, Dispatch& dispatch) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(239, 68, 68, 255));
    ImGui::TextWrapped("Could not load accounts: %s", e.message.c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("(%s)", e.code.c_str());
    if (ImGui::Button("Retry")) dispatch(core::ReloadAccounts{});
}

void draw_pagination(const core::AccountsListState& list, Dispatch& dispatch) {
    const int64_t count = list.page.count;
    const int page = list.query.page, limit = list.query.limit;
    const int64_t first = count == 0 ? 0 : static_cast<int64_t>(page - 1) * limit + 1;
    const int64_t last = first == 0 ? 0 : first + static_cast<int64_t>(list.page.results.size()) - 1;
    ImGui::BeginDisabled(list.page.previous.empty());
    if (ImGui::Button("Previous")) dispatch(core::SetPage{page - 1});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(list.page.next.empty());
    if (ImGui::Button("Next")) dispatch(core::SetPage{page + 1});
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%lld-%lld of %lld", static_cast<long long>(first), static_cast<long long>(last),
                static_cast<long long>(count));
}

}  // namespace

void draw_accounts_list(const core::AppModel& model, AccountsListUi& /*ui*/, Dispatch& dispatch) {
    const core::AccountsListState& list = model.list;
    const bool has_rows = !list.page.results.empty();

    if (list.status == core::LoadStatus::Loading) {
        ImGui::TextDisabled(has_rows ? "Refreshing..." : "Loading accounts...");
    } else if (list.status == core::LoadStatus::Failed && list.error) {
        draw_error(*list.error, dispatch);
    } else if (list.status == core::LoadStatus::Loaded && !has_rows) {
        ImGui::TextDisabled("No accounts match.");
    }
    if (!has_rows) return;

    draw_pagination(list, dispatch);
    const float fs = ImGui::GetFontSize();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    constexpr int kColumnCount = static_cast<int>(sizeof kAccountColumns / sizeof kAccountColumns[0]);
    if (!ImGui::BeginTable("accounts", kColumnCount, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const Column& c : kAccountColumns) {
        ImGui::TableSetupColumn(c.label, c.width == 0.0f ? ImGuiTableColumnFlags_WidthStretch : 0, c.width * fs);
    }
    ImGui::TableHeadersRow();
    for (const Account& a : list.page.results) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string label = (a.name.empty() ? a.id : a.name) + "##row_" + a.id;
        if (ImGui::Selectable(label.c_str(), model.selected_id == a.id, ImGuiSelectableFlags_SpanAllColumns)) {
            dispatch(core::SelectAccount{a.id});
        }
        for (int i = 1; i < kColumnCount; ++i) {
            ImGui::TableNextColumn();
            kAccountColumns[i].draw(a);
        }
    }
    ImGui::EndTable();
}

}  // namespace crm::ui
