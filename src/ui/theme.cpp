// theme.cpp: turns a core::Palette into ImGui style colours (opaque, as the contrast test checks
// them), scales sizes for the UI scale, hands the views their colours by role, and draws the Display
// menu (which only emits messages).
#include "ui/theme.hpp"

#include <cstdio>

#include "ui/item_registry.hpp"

namespace crm::ui {

namespace {

core::ThemeId g_theme = core::ThemeId::Dark;

ImVec4 v4(core::Rgb c, float a = 1.0f) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, a); }

constexpr int kScaleSteps[] = {75, 90, 100, 110, 125, 150, 175, 200};

}  // namespace

core::ThemeId current_theme() { return g_theme; }

ImVec4 color(core::Role role, float alpha) { return v4(core::palette(g_theme)[role], alpha); }
ImU32 color_u32(core::Role role) { return ImGui::ColorConvertFloat4ToU32(color(role)); }

ImVec4 color_over_window(core::Role role, float alpha) {
    const core::Palette& p = core::palette(g_theme);
    return v4(core::blend(p[role], p[core::Role::WindowBg], alpha));
}

void apply_style(core::ThemeId theme, float scale, bool reduced_motion) {
    g_theme = theme;
    using core::Role;
    const core::Palette& p = core::palette(theme);
    ImGuiStyle style;   // fresh sizes each time: ScaleAllSizes must not compound
    if (theme == core::ThemeId::Light) ImGui::StyleColorsLight(&style);
    else ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = v4(p[Role::Text]);
    c[ImGuiCol_TextDisabled] = v4(p[Role::TextDisabled]);
    c[ImGuiCol_WindowBg] = v4(p[Role::WindowBg]);
    c[ImGuiCol_ChildBg] = v4(p[Role::WindowBg], 0.0f);
    c[ImGuiCol_PopupBg] = v4(p[Role::PopupBg]);
    c[ImGuiCol_Border] = v4(p[Role::Border], theme == core::ThemeId::HighContrast ? 1.0f : 0.6f);
    c[ImGuiCol_FrameBg] = v4(p[Role::FrameBg]);
    c[ImGuiCol_FrameBgHovered] = v4(p[Role::FrameBgHovered]);
    c[ImGuiCol_FrameBgActive] = v4(p[Role::FrameBgActive]);
    c[ImGuiCol_TitleBg] = v4(p[Role::TitleBg]);
    c[ImGuiCol_TitleBgActive] = v4(p[Role::TitleBg]);
    c[ImGuiCol_TitleBgCollapsed] = v4(p[Role::TitleBg]);
    c[ImGuiCol_MenuBarBg] = v4(p[Role::TitleBg]);
    c[ImGuiCol_CheckMark] = v4(p[Role::Check]);
    c[ImGuiCol_SliderGrab] = v4(p[Role::Accent]);
    c[ImGuiCol_SliderGrabActive] = v4(p[Role::Accent]);
    c[ImGuiCol_Button] = v4(p[Role::Button]);
    c[ImGuiCol_ButtonHovered] = v4(p[Role::ButtonHovered]);
    c[ImGuiCol_ButtonActive] = v4(p[Role::ButtonActive]);
    c[ImGuiCol_Header] = v4(p[Role::Header]);
    c[ImGuiCol_HeaderHovered] = v4(p[Role::HeaderHovered]);
    c[ImGuiCol_HeaderActive] = v4(p[Role::HeaderActive]);
    c[ImGuiCol_Tab] = v4(p[Role::Button]);
    c[ImGuiCol_TabHovered] = v4(p[Role::ButtonHovered]);
    c[ImGuiCol_TabActive] = v4(p[Role::ButtonActive]);
    c[ImGuiCol_TabUnfocused] = v4(p[Role::Button]);
    c[ImGuiCol_TabUnfocusedActive] = v4(p[Role::ButtonActive]);
    c[ImGuiCol_TableHeaderBg] = v4(p[Role::TableHeaderBg]);
    c[ImGuiCol_TableRowBg] = v4(p[Role::WindowBg], 0.0f);
    c[ImGuiCol_TableRowBgAlt] = v4(p[Role::TableRowAlt]);
    c[ImGuiCol_TableBorderStrong] = v4(p[Role::Border]);
    c[ImGuiCol_TableBorderLight] = v4(p[Role::Border], 0.5f);
    c[ImGuiCol_TextSelectedBg] = v4(p[Role::Selection]);
    c[ImGuiCol_NavHighlight] = v4(p[Role::Accent]);   // the keyboard focus ring
    c[ImGuiCol_NavWindowingHighlight] = v4(p[Role::Accent]);
    c[ImGuiCol_Separator] = v4(p[Role::Border], 0.6f);
    if (theme == core::ThemeId::HighContrast) {
        style.FrameBorderSize = 1.0f;   // every field and button outlined
        style.WindowBorderSize = 1.0f;
        style.PopupBorderSize = 1.0f;
    }
    if (reduced_motion) style.HoverDelayNormal = style.HoverDelayShort = 0.0f;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    ImGui::GetIO().ConfigInputTextCursorBlink = !reduced_motion;   // a steady caret
}

void draw_display_menu(const core::DisplayPrefs& prefs, Dispatch& dispatch) {
    if (ImGui::SmallButton("Display")) ImGui::OpenPopup("display_menu");
    if (!ImGui::BeginPopup("display_menu")) return;
    ImGui::TextUnformatted("Theme");
    struct Choice { core::ThemeChoice choice; const char* label; };
    static const Choice kChoices[] = {{core::ThemeChoice::System, "System (light or dark)"},
                                      {core::ThemeChoice::Light, "Light"},
                                      {core::ThemeChoice::Dark, "Dark"},
                                      {core::ThemeChoice::HighContrast, "High contrast"}};
    for (const Choice& c : kChoices) {
        const bool picked = ImGui::RadioButton(c.label, prefs.theme == c.choice);
        item_role("radio", prefs.theme == c.choice, "Theme");   // the screen-reader mirror's role and group
        if (picked && prefs.theme != c.choice) dispatch(core::SetTheme{c.choice});
    }
    ImGui::Separator();
    ImGui::TextUnformatted("UI scale");
    for (int step : kScaleSteps) {
        char label[16];
        std::snprintf(label, sizeof label, "%d %%", step);
        const bool picked = ImGui::RadioButton(label, prefs.scale_percent == step);
        item_role("radio", prefs.scale_percent == step, "UI scale");
        if (picked && prefs.scale_percent != step) dispatch(core::SetUiScale{step});
    }
    ImGui::Separator();
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace crm::ui
