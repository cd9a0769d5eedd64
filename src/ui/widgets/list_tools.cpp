// list_tools.cpp: export and local mode controls. Draws and emits messages; no I/O, no rules.
#include "ui/widgets/list_tools.hpp"

#include <imgui.h>

#include <string>

#include "core/app/list_format.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

namespace {

std::string progress_text(const core::PageWalk& walk) {
    if (walk.total() < 0) return "starting\xE2\x80\xA6";
    return core::format_count(walk.done()) + " / " + core::format_count(walk.total());
}

}  // namespace

void draw_list_tools(const core::AppModel& model, Dispatch& dispatch) {
    const bool exporting = model.csv_export.walk.running();
    ImGui::BeginDisabled(exporting);
    if (ImGui::SmallButton("Export CSV")) dispatch(core::StartExport{});
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("%s", model.local.active && model.local.loaded ? "Every row of the local table, as filtered and sorted"
                                                                         : "Every account matching the filters, search and sort");
    }
    if (!model.local.active) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Local mode")) dispatch(core::EnterLocalMode{});
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("Load every matching account (up to %s) into this tab: instant sort and filter",
                              core::format_count(model.local.cap).c_str());
        }
    }
}

void draw_export_status(const core::AppModel& model, Dispatch& dispatch) {
    const core::ExportState& e = model.csv_export;
    if (e.walk.running()) {
        const float fraction = e.walk.total() > 0 ? static_cast<float>(e.walk.done()) / static_cast<float>(e.walk.total()) : 0.0f;
        const std::string text = "Exporting " + progress_text(e.walk);
        ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 16, 0), text.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel export")) dispatch(core::CancelExport{});
        return;
    }
    if (e.error) {
        ImGui::PushStyleColor(ImGuiCol_Text, color(core::Role::Error));
        ImGui::TextWrapped("Export failed: %s", e.error->message.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextDisabled("(%s)", e.error->code.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Retry export")) dispatch(core::StartExport{});
    }
}

}  // namespace crm::ui
