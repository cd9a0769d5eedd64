// palette.hpp: the console's colour themes as data (light, dark, high contrast) and WCAG contrast maths.
// Pure data and arithmetic: no ImGui; ui/theme.cpp turns a palette into an ImGuiStyle.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace crm::core {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
};

enum class ThemeId { Light, Dark, HighContrast };
enum class ThemeChoice { System, Light, Dark, HighContrast };   // what the user picked ("System": light/dark by prefers-color-scheme)

// Opaque colours only: every text/background pair below is checked as drawn.
struct Palette {
    ThemeId id;
    const char* name;
    Rgb window_bg;
    Rgb popup_bg;
    Rgb text;
    Rgb text_disabled;
    Rgb frame_bg;
    Rgb frame_bg_hovered;
    Rgb frame_bg_active;
    Rgb button;
    Rgb button_hovered;
    Rgb button_active;
    Rgb header;
    Rgb header_hovered;
    Rgb header_active;
    Rgb table_header_bg;
    Rgb table_row_alt;
    Rgb title_bg;
    Rgb error;
    Rgb link;
    Rgb accent;
    Rgb border;
    Rgb check;
    Rgb selection;
};

const Palette& palette(ThemeId id);                        // every ThemeId has one
const std::vector<const Palette*>& all_palettes();
ThemeId resolve_theme(ThemeChoice choice, bool system_dark);
std::string_view theme_choice_key(ThemeChoice choice);     // "system", "light", "dark", "high-contrast" (persisted)
ThemeChoice parse_theme_choice(std::string_view key);      // unknown -> System

double relative_luminance(Rgb c);                          // WCAG 2.x, 0..1
double contrast_ratio(Rgb a, Rgb b);                       // WCAG 2.x, 1..21, symmetric

struct ContrastPair {
    const char* foreground;
    const char* background;
    Rgb fg, bg;
    double minimum;                                        // 4.5 for text, 3.0 for focus rings and borders
};
std::vector<ContrastPair> contrast_pairs(const Palette& p);  // every pair the views draw

// UI scale in percent (75..200), persisted as text.
constexpr int kMinUiScale = 75;
constexpr int kMaxUiScale = 200;
int clamp_ui_scale(int percent);
int parse_ui_scale(std::string_view text);                 // "" or junk -> 100

}  // namespace crm::core
