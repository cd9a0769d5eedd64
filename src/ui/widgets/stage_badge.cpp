// stage_badge.cpp: a coloured pill with the stage's label. Draws only; no I/O.
#include "ui/widgets/stage_badge.hpp"

#include <imgui.h>

#include <string>

#include "core/model/account.hpp"

namespace crm::ui {

void stage_badge(std::string_view stage_value) {
    const core::StageInfo* info = core::find_stage(stage_value);
    const std::string label = core::stage_label(stage_value);
    stage_badge(label.c_str(), info ? info->color : 0x6B7280, ImGui::CalcTextSize(label.c_str()));
}

void stage_badge(const char* label, uint32_t rgb, ImVec2 text) {
    const ImVec2 pad(6.0f, 1.0f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(text.x + pad.x * 2, text.y + pad.y * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 fill = IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 255);
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), fill, size.y * 0.5f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), IM_COL32_WHITE, label);
    ImGui::Dummy(size);
}

}  // namespace crm::ui
