// bulk_bar.cpp: the list's selection bar, banner and row checkboxes. Draws the model and emits
// messages; no I/O, no rules (selection rules live in core/app/update_bulk.cpp).
#include "ui/widgets/bulk_bar.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <string>

#include "core/app/list_format.hpp"
#include "core/app/update_bulk.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/form_widgets.hpp"

namespace crm::ui {

namespace {

// Names a checkbox for the test bridge, keeping its checked state (label_last_item_for_tests would drop it).
void label_checkbox_for_tests(const char* label, bool checked) {
    ImGuiContext& g = *GImGui;
    IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label,
                                g.LastItemData.StatusFlags | ImGuiItemStatusFlags_Checkable |
                                    (checked ? ImGuiItemStatusFlags_Checked : 0));
    item_label(label);   // exactly (an id may contain "##")
}

void stage_menu(Dispatch& dispatch) {
    if (!ImGui::BeginPopup("bulk_stage_menu")) return;
    ImGui::TextDisabled("Change the stage to");
    ImGui::Separator();
    for (const core::StageInfo& s : core::kStages) {
        const std::string label = std::string(s.label) + "##bulk_stage_" + s.value;
        if (ImGui::MenuItem(label.c_str())) dispatch(core::RequestBulkStage{s.value});
    }
    ImGui::EndPopup();
}

void draw_banner(const core::AppModel& m, Dispatch& dispatch) {
    const core::SelectionState& s = m.selection;
    const std::string matching = core::format_count(m.list.page.count);
    if (s.walk.running()) {
        ImGui::TextUnformatted("Selecting all matching accounts...");
        ImGui::SameLine();
        const int64_t total = s.walk.total() > 0 ? s.walk.total() : m.list.page.count;
        const float f = total > 0 ? static_cast<float>(s.walk.done()) / static_cast<float>(total) : 0.0f;
        const std::string overlay = core::format_count(s.walk.done()) + " / " + core::format_count(total);
        ImGui::ProgressBar(f, ImVec2(ImGui::GetFontSize() * 12.0f, 0), overlay.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##select_all")) dispatch(core::ClearSelection{});
    } else if (s.all_matching && !s.ids.empty()) {
        ImGui::Text("All %s matching accounts are selected.", core::format_count(static_cast<int64_t>(s.ids.size())).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear selection##banner")) dispatch(core::ClearSelection{});
    } else if (core::offers_select_all_matching(m)) {
        ImGui::Text("All %zu on this page are selected.", m.list.page.results.size());
        ImGui::SameLine();
        const bool capped = m.list.page.count > core::kSelectAllCap;
        const std::string label = capped ? "Select the first " + core::format_count(core::kSelectAllCap) + " of " + matching + " matching"
                                         : "Select all " + matching + " matching";
        if (ImGui::SmallButton(label.c_str())) dispatch(core::SelectAllMatching{});
    }
    if (s.error) error_text(s.error->message);
}

}  // namespace

void draw_bulk_bar(const core::AppModel& m, Dispatch& dispatch) {
    const core::SelectionState& s = m.selection;
    const auto& rows = m.list.page.results;
    const size_t on_page = core::page_selected_count(m);
    const bool all_on_page = core::page_fully_selected(m);
    ImGui::BeginDisabled(rows.empty());
    bool box = all_on_page;
    if (on_page > 0 && !all_on_page) ImGui::PushItemFlag(ImGuiItemFlags_MixedValue, true);
    if (ImGui::Checkbox("Select page", &box)) dispatch(core::SelectPage{!all_on_page});
    if (on_page > 0 && !all_on_page) ImGui::PopItemFlag();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("Select every row on this page. Ctrl+click a row toggles it, Shift+click extends.");
    }
    if (!s.ids.empty()) {
        ImGui::SameLine(0, ImGui::GetFontSize());
        const std::string count = core::format_count(static_cast<int64_t>(s.ids.size())) + " selected";
        ImGui::TextUnformatted(count.c_str());
        ImGui::SameLine(0, ImGui::GetFontSize());
        ImGui::BeginDisabled(s.walk.running());
        if (ImGui::SmallButton("Change stage")) ImGui::OpenPopup("bulk_stage_menu");
        stage_menu(dispatch);
        ImGui::SameLine();
        if (danger_button("Delete selected", true)) dispatch(core::RequestBulkDelete{});
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear selection")) dispatch(core::ClearSelection{});
    }
    draw_banner(m, dispatch);
}

void draw_row_select_box(const core::AppModel& m, const core::Account& a, Dispatch& dispatch) {
    push_record_id(a.id);   // the record id, never parsed as label syntax
    draw_row_select_box(m, a, "##select", ("select:" + a.id).c_str(), dispatch);
    ImGui::PopID();
}

void draw_row_select_box(const core::AppModel& m, const core::Account& a, const char* imgui_id, const char* test_label,
                         Dispatch& dispatch) {
    const bool checked = !m.selection.ids.empty() && m.selection.ids.count(a.id) > 0;
    if (checked) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, color_u32(core::Role::RowSelected));
    bool box = checked;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 0));   // as tall as the row's text
    if (ImGui::Checkbox(imgui_id, &box)) {
        if (ImGui::GetIO().KeyShift) dispatch(core::ExtendSelect{a.id});
        else dispatch(core::ToggleSelect{a.id});
    }
    ImGui::PopStyleVar();
    label_checkbox_for_tests(test_label, checked);
    ImGui::SameLine();
}

}  // namespace crm::ui
