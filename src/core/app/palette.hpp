// palette.hpp: the console's colour themes as data (light, dark, high contrast) and WCAG contrast maths.
// Pure data and arithmetic: no ImGui; ui/theme.cpp turns a palette into an ImGuiStyle and the views
// take every other colour they draw from it (ui::color(Role)). Every colour is a role here, with one
// value per theme, in one table (palette.cpp): changing a colour is one row there.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

enum class ThemeId { Light, Dark, HighContrast };
enum class ThemeChoice { System, Light, Dark, HighContrast };   // what the user picked ("System": light/dark by prefers-color-scheme)

// What a colour is for. Opaque colours only: contrast_pairs() checks each as drawn.
enum class Role {
    // ImGui's style (ui/theme.cpp)
    WindowBg, PopupBg, Text, TextDisabled, FrameBg, FrameBgHovered, FrameBgActive, Button, ButtonHovered,
    ButtonActive, Header, HeaderHovered, HeaderActive, TableHeaderBg, TableRowAlt, TitleBg, Accent, Border, Check,
    Selection,
    // Drawn by the views
    Error,               // error text (banners, form fields)
    Warning,             // warning text ("first N of M matching")
    Link,                // a website in the list
    LinkHovered,
    DangerButton,        // destructive buttons (delete); their text is Text
    DangerButtonHovered, // ... hovered and pressed
    InfoBadge,           // the "Local copy" badge; its text is Text
    RowCursor,           // table row under the keyboard cursor
    RowSelected,         // table row picked for a bulk action
    RowCursorSelected,   // both
    Track,               // the overview strip before anything is counted
    BadgeText,           // text on a stage fill (badges, the active stage chip)
    StageProspect,       // stage fills, in core::kStages order: badges, chips, the overview strip
    StageActive,
    StageCustomer,
    StagePartner,
    StageChurned,
    StageOther,          // an unknown stage; the "All" chip
    FilterChip,          // the "remove this filter" chips
    ChartBar,            // dashboard bars of fields without a colour of their own (industry, size, owner, month)
    Count
};
inline constexpr size_t kRoleCount = static_cast<size_t>(Role::Count);
inline constexpr size_t kStageRoleCount = 5;   // StageProspect .. StageChurned (== std::size(kStages))

struct Palette {
    ThemeId id;
    const char* name;
    std::array<Rgb, kRoleCount> colors;
    Rgb operator[](Role r) const { return colors[static_cast<size_t>(r)]; }
};

const Palette& palette(ThemeId id);                        // every ThemeId has one
const std::vector<const Palette*>& all_palettes();
std::string_view role_name(Role role);                     // "window_bg", "stage_prospect", ...
Role stage_role(std::string_view stage_value);             // a kStages value's fill; unknown -> StageOther

ThemeId resolve_theme(ThemeChoice choice, bool system_dark);
std::string_view theme_choice_key(ThemeChoice choice);     // "system", "light", "dark", "high-contrast" (persisted)
ThemeChoice parse_theme_choice(std::string_view key);      // unknown -> System

double relative_luminance(Rgb c);                          // WCAG 2.x, 0..1
double contrast_ratio(Rgb a, Rgb b);                       // WCAG 2.x, 1..21, symmetric
Rgb blend(Rgb top, Rgb base, float alpha);                 // `top` at `alpha` (0..1) over opaque `base`

// Translucent fills the views draw over the window background (blend() over WindowBg), tested as drawn.
inline constexpr float kChipIdleAlpha = 0.25f;             // a stage chip not picked
inline constexpr float kChipIdleHoveredAlpha = 0.45f;
inline constexpr float kStripActiveAlpha = 220.0f / 255;   // an overview strip segment of the filter
inline constexpr float kStripDimmedAlpha = 90.0f / 255;    // ... outside it (dimmed on purpose: no minimum)

// WCAG minimums: text 4.5:1 (SC 1.4.3); large text and non-text UI (focus rings, borders, graphics) 3:1 (SC 1.4.11).
inline constexpr double kTextContrast = 4.5;
inline constexpr double kNonTextContrast = 3.0;

// `fg` drawn on `bg`; a translucent `bg` (bg_alpha < 1) is blended over WindowBg first, as drawn.
struct ContrastPair {
    Role fg, bg;
    float bg_alpha;
    double minimum;
    Rgb fg_rgb, bg_rgb;                                    // the opaque colours compared
    std::string describe() const;                          // "text on stage_prospect at 25% over window_bg"
};
std::vector<ContrastPair> contrast_pairs(const Palette& p);  // every pair the views draw

// UI scale in percent (75..200), persisted as text.
constexpr int kMinUiScale = 75;
constexpr int kMaxUiScale = 200;
int clamp_ui_scale(int percent);
int parse_ui_scale(std::string_view text);                 // "" or junk -> 100

// The Display menu's choices: part of the model (AppModel::display), changed by SetTheme/SetUiScale,
// stored by the platform (StoreDisplayPrefs), applied to the style by the app each frame.
struct DisplayPrefs {
    ThemeChoice theme = ThemeChoice::System;
    int scale_percent = 100;                               // kMinUiScale..kMaxUiScale
    bool operator==(const DisplayPrefs&) const = default;
};

}  // namespace crm::core
