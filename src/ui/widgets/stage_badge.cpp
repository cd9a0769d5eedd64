// stage_badge.cpp: a coloured pill with the stage's label. Draws only; no I/O.
#include "ui/widgets/stage_badge.hpp"

#include <imgui.h>

#include <string>

#include "core/model/account.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

void stage_badge(std::string_view stage_value) {
    const std::string label = core::stage_label(stage_value);
    stage_badge(label.c_str(), core::stage_role(stage_value), ImGui::CalcTextSize(label.c_str()));
}

namespace {
constexpr ImVec2 kPad(6.0f, 1.0f);
}

float stage_badge_row_height() {
    return ImGui::GetTextLineHeight() + kPad.y * 2 + ImGui::GetStyle().CellPadding.y * 2;
}

void stage_badge(const char* label, core::Role fill, ImVec2 text) {
    const ImVec2 pad = kPad;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(text.x + pad.x * 2, text.y + pad.y * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), color_u32(fill), size.y * 0.5f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), color_u32(core::Role::BadgeText), label);
    ImGui::Dummy(size);
}

}  // namespace crm::ui
