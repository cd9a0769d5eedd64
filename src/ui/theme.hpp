// theme.hpp: display preferences (theme, UI scale, reduced motion) and the "Display" menu that
// changes them; applies a core::Palette to ImGui's style. No persistence here (the app stores them).
#pragma once
#include <imgui.h>

#include "core/app/palette.hpp"

namespace crm::ui {

struct DisplayPrefs {
    core::ThemeChoice theme = core::ThemeChoice::System;
    int scale_percent = 100;        // 75..200
    bool reduced_motion = false;    // prefers-reduced-motion (from the platform, not a menu item)
    bool changed = false;           // set by the menu; the app persists and re-applies, then clears it
};

DisplayPrefs& display_prefs();                                      // the one instance
void apply_style(core::ThemeId theme, float scale, bool reduced_motion);  // ImGuiStyle from the palette, scaled
core::ThemeId current_theme();                                      // last applied
ImVec4 theme_error_color();                                         // error text of the current theme
ImVec4 theme_link_color();
void draw_display_menu();                                           // a "Display" button and its popup

}  // namespace crm::ui
