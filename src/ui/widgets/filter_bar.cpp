// filter_bar.cpp: search, industry, assigned user, stage chips, active filter chips. Draws and emits
// messages; no I/O, no rules (debounce, page reset and validation are in core).
#include "ui/widgets/filter_bar.hpp"

#include <imgui.h>
#include <imgui_internal.h>   // GetActiveID: keep a text box's buffer while it is being edited

#include <cstdio>
#include <cstring>
#include <string>

#include "core/app/list_format.hpp"
#include "core/app/update_list.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/test_label.hpp"

namespace crm::ui {

namespace {

// Copies the model's text into an input's buffer unless the user is editing it.
void sync_buffer(char* buf, size_t size, const std::string& text, bool active) {
    if (active || text == buf) return;
    std::snprintf(buf, size, "%s", text.c_str());
}

// A chip showing `text` (data: drawn as text, cut at 24 em with "…"), then `suffix`; `id` is its ImGui id.
// Active: the fill with badge text; idle: the fill faint over the window, body text (as the palette test checks).
bool chip(const char* id, const std::string& text, bool active, core::Role fill, const char* hint = nullptr,
          const char* suffix = nullptr) {
    const ImVec4 idle = color_over_window(fill, core::kChipIdleAlpha), hovered = color_over_window(fill, core::kChipIdleHoveredAlpha);
    const ImVec4 text_color = color(active ? core::Role::BadgeText : core::Role::Text);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ImGui::GetFontSize());
    ImGui::PushStyleColor(ImGuiCol_Button, active ? color(fill) : idle);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, active ? color(fill) : hovered);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, active ? color(fill) : hovered);
    ImGui::PushID(id);
    const bool clicked = text_button(text, false, 24.0f * ImGui::GetFontSize(), hint, suffix, &text_color);
    ImGui::PopID();
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar();
    return clicked;
}

std::string count_text(const std::optional<int64_t>& c) { return c ? core::format_count(*c) : "\xE2\x80\xA6"; }

}  // namespace

void draw_search_and_filters(const core::AppModel& model, FilterBarUi& ui, Dispatch& dispatch) {
    const core::AccountsListState& list = model.list;
    const float fs = ImGui::GetFontSize();

    // Search: every keystroke goes to core, which applies it after the debounce.
    const std::string shown_search = list.search_due_ms > 0 ? list.search_draft : list.query.search;
    const ImGuiID search_id = ImGui::GetID("Search");
    sync_buffer(ui.search, sizeof ui.search, shown_search, ImGui::GetActiveID() == search_id);
    if (ui.focus_search) {
        ImGui::SetKeyboardFocusHere();
        ui.focus_search = false;
    }
    ImGui::SetNextItemWidth(fs * 16);
    if (ImGui::InputTextWithHint("Search", "name or website  ( / )", ui.search, sizeof ui.search)) {
        dispatch(core::EditSearch{ui.search});
    }
    item_value(ui.search);
    if (ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Enter, false)) dispatch(core::SubmitSearch{});
    if (ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        dispatch(core::EditSearch{""});
        dispatch(core::SubmitSearch{});
    }

    // Industry: free text (applied on Enter or when leaving the box) plus suggestions seen so far.
    ImGui::SameLine(0, fs);
    const ImGuiID industry_id = ImGui::GetID("##industry");
    sync_buffer(ui.industry, sizeof ui.industry, list.query.industry, ImGui::GetActiveID() == industry_id);
    ImGui::SetNextItemWidth(fs * 10);
    ImGui::InputTextWithHint("##industry", "Industry", ui.industry, sizeof ui.industry);
    item_value(ui.industry, "Industry");
    if (ImGui::IsItemDeactivatedAfterEdit()) dispatch(core::SetIndustryFilter{ui.industry});
    ImGui::SameLine(0, 0);
    const bool industry_open = ImGui::BeginCombo("Industry", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_HeightLarge);
    if (!industry_open) label_last_item_for_tests("Industry");
    item_combo("Industry suggestions", list.query.industry, industry_open);   // the screen-reader mirror
    if (industry_open) {
        if (ImGui::Selectable("Any industry", list.query.industry.empty())) dispatch(core::SetIndustryFilter{""});
        const std::string typed = ui.industry;
        int n = 0;
        for (const std::string& s : list.industries_seen) {
            if (!typed.empty() && typed != list.query.industry && s.find(typed) == std::string::npos) continue;
            ImGui::PushID(n++);
            if (selectable_text(s, s == list.query.industry)) dispatch(core::SetIndustryFilter{s});
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }

    // Assigned user: names from /api/users/; without that endpoint, an id box.
    ImGui::SameLine(0, fs);
    ImGui::SetNextItemWidth(fs * 11);
    if (model.users.status == core::UsersStatus::Loaded) {
        const std::string preview =
            list.query.assigned_to.empty() ? "Anyone" : core::user_display_name(model, list.query.assigned_to);
        const bool assigned_open = begin_combo_text("Assigned", preview, ImGuiComboFlags_HeightLarge);
        if (!assigned_open) label_last_item_for_tests("Assigned");
        item_combo("Assigned", preview, assigned_open);
        if (assigned_open) {
            if (ImGui::Selectable("Anyone", list.query.assigned_to.empty())) dispatch(core::SetAssignedFilter{""});
            for (const core::User& u : model.users.users) {
                push_record_id(u.id);
                if (selectable_text(core::display_name(u), u.id == list.query.assigned_to)) {
                    dispatch(core::SetAssignedFilter{u.id});
                }
                ImGui::PopID();
            }
            ImGui::EndCombo();
        }
    } else {
        const ImGuiID assigned_id = ImGui::GetID("Assigned");
        sync_buffer(ui.assigned, sizeof ui.assigned, list.query.assigned_to, ImGui::GetActiveID() == assigned_id);
        ImGui::InputTextWithHint("Assigned", "user id", ui.assigned, sizeof ui.assigned);
        item_value(ui.assigned);
        if (ImGui::IsItemDeactivatedAfterEdit()) dispatch(core::SetAssignedFilter{ui.assigned});
        if (ImGui::IsItemHovered() && model.users.status == core::UsersStatus::Unavailable) {
            ImGui::SetTooltip("This server has no /api/users/: filter by user id.");
        }
        // The users directory failed (core keeps its error): say so, and offer a retry (a reload asks again).
        if (model.users.status == core::UsersStatus::Failed && model.users.error) {
            ImGui::SameLine();
            ImGui::TextDisabled("(user names unavailable)");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model.users.error->message.c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("Retry users")) dispatch(core::ReloadAccounts{});
        }
    }
}

void draw_stage_chips(const core::AppModel& model, Dispatch& dispatch) {
    const auto& counts = model.stage_counts.counts;
    const std::string& stage = model.list.query.stage;
    if (chip("stage_all", "All " + count_text(counts[0]), stage.empty(), core::Role::StageOther)) dispatch(core::SetStageFilter{""});
    for (int i = 0; i < 5; ++i) {
        const core::StageInfo& s = core::kStages[i];
        ImGui::SameLine();
        const std::string text = std::string(s.label) + " " + count_text(counts[static_cast<size_t>(i + 1)]);
        if (chip(s.value, text, stage == s.value, core::stage_role(s.value))) dispatch(core::SetStageFilter{stage == s.value ? "" : s.value});
    }
}

void draw_active_filter_chips(const core::AppModel& model, Dispatch& dispatch) {
    const core::AccountQuery& q = model.list.query;
    if (!core::list_has_filters(q)) return;
    ImGui::TextDisabled("Filters:");
    auto removable = [&](const std::string& text, const char* id) {
        ImGui::SameLine();
        return chip(id, text, false, core::Role::FilterChip, "Remove this filter", "  \xC3\x97");   // "×"
    };
    if (!q.stage.empty() && removable("Stage: " + core::stage_label(q.stage), "rm_stage")) {
        dispatch(core::SetStageFilter{""});
    }
    if (!q.industry.empty() && removable("Industry: " + q.industry, "rm_industry")) dispatch(core::SetIndustryFilter{""});
    if (!q.assigned_to.empty() && removable("Assigned: " + core::user_display_name(model, q.assigned_to), "rm_assigned")) {
        dispatch(core::SetAssignedFilter{""});
    }
    if (!q.search.empty() && removable("Search: \"" + q.search + "\"", "rm_search")) {
        dispatch(core::EditSearch{""});
        dispatch(core::SubmitSearch{});
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear all")) dispatch(core::ClearFilters{});
}

}  // namespace crm::ui
