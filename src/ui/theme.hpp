// theme.hpp: applies a core::Palette to ImGui's style, gives the views every other colour they draw
// (by role: no colour is written in a view), and draws the "Display" menu, which emits SetTheme and
// SetUiScale. The preferences live in the model (core::AppModel::display); the app applies them.
#pragma once
#include <imgui.h>

#include "core/app/palette.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

void apply_style(core::ThemeId theme, float scale, bool reduced_motion);  // ImGuiStyle from the palette, scaled
core::ThemeId current_theme();                                      // last applied
ImVec4 color(core::Role role, float alpha = 1.0f);                  // the current theme's colour for `role`
ImU32 color_u32(core::Role role);
ImVec4 color_over_window(core::Role role, float alpha);             // `role` at `alpha` over WindowBg, opaque (as tested)
void draw_display_menu(const core::DisplayPrefs& prefs, Dispatch& dispatch);   // a "Display" button and its popup

}  // namespace crm::ui
