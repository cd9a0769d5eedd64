// overview_strip.cpp: a stacked bar of accounts per stage; a click on a segment filters by it.
// Draws and emits messages; no I/O.
#include "ui/widgets/overview_strip.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "ui/theme.hpp"

namespace crm::ui {

void draw_overview_strip(const core::AppModel& model, Dispatch& dispatch) {
    const auto& counts = model.stage_counts.counts;
    int64_t total = 0;
    for (int i = 1; i < 6; ++i) total += counts[static_cast<size_t>(i)].value_or(0);
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetFontSize() * 0.9f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (total == 0) {
        // Nothing counted yet (or nothing at all): an empty track of the same height, no layout jump.
        dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), color_u32(core::Role::Track), 3.0f);
        ImGui::Dummy(ImVec2(width, height));
        return;
    }
    float x = origin.x;
    for (int i = 1; i < 6; ++i) {
        const int64_t n = counts[static_cast<size_t>(i)].value_or(0);
        if (n == 0) continue;
        const core::StageInfo& s = core::kStages[i - 1];
        const float w = width * static_cast<float>(n) / static_cast<float>(total);
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y));
        // Named as the tooltip reads (the bridge and the screen-reader mirror); the id stays the stage's.
        char id[160];
        std::snprintf(id, sizeof id, "%s: %lld of %lld accounts###overview %s", s.label, static_cast<long long>(n),
                      static_cast<long long>(total), s.value);
        if (ImGui::InvisibleButton(id, ImVec2(w > 1.0f ? w : 1.0f, height))) {
            dispatch(core::SetStageFilter{model.list.query.stage == s.value ? "" : s.value});
        }
        const bool active = model.list.query.stage.empty() || model.list.query.stage == s.value;
        const float alpha = ImGui::IsItemHovered() ? 1.0f : (active ? core::kStripActiveAlpha : core::kStripDimmedAlpha);
        const ImU32 fill = ImGui::ColorConvertFloat4ToU32(color_over_window(core::stage_role(s.value), alpha));
        dl->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + w, origin.y + height), fill);
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s: %lld of %lld (%.0f%%) - click to filter", s.label, static_cast<long long>(n),
                              static_cast<long long>(total), 100.0 * static_cast<double>(n) / static_cast<double>(total));
        }
        x += w;
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
    ImGui::Dummy(ImVec2(width, 0));
}

}  // namespace crm::ui
