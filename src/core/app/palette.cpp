// palette.cpp: the three themes (one table: a row a role, a column a theme), the pairs the views
// draw (checked by tests/core/palette_test.cpp) and the WCAG 2.x contrast formulas.
#include "core/app/palette.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "core/model/account.hpp"

namespace crm::core {

namespace {

struct RoleRow {
    Role role;
    const char* name;
    uint32_t light, dark, high_contrast;   // 0xRRGGBB
};

// Every colour the console draws. Change a colour here; add a role to `Role`, here, and (where it is
// drawn on or under something) to kPairs below.
constexpr RoleRow kRoles[] = {
    //  role                        name                     light     dark      high contrast
    {Role::WindowBg,            "window_bg",             0xf5f6f8, 0x16191e, 0x000000},
    {Role::PopupBg,             "popup_bg",              0xffffff, 0x1f2329, 0x000000},
    {Role::Text,                "text",                  0x111827, 0xe6e8eb, 0xffffff},
    {Role::TextDisabled,        "text_disabled",         0x5b6472, 0x9aa0a8, 0xc8c8c8},
    {Role::FrameBg,             "frame_bg",              0xe3e7ec, 0x2a3038, 0x1a1a1a},
    {Role::FrameBgHovered,      "frame_bg_hovered",      0xd5dbe3, 0x343c46, 0x333333},
    {Role::FrameBgActive,       "frame_bg_active",       0xc8d0da, 0x3d4654, 0x404040},
    {Role::Button,              "button",                0xd4e2f7, 0x274a75, 0x002b66},
    {Role::ButtonHovered,       "button_hovered",        0xbcd3f3, 0x2d5688, 0x003d91},
    {Role::ButtonActive,        "button_active",         0xa6c4ee, 0x33619a, 0x0050bd},
    {Role::Header,              "header",                0xd4e2f7, 0x274a75, 0x002b66},
    {Role::HeaderHovered,       "header_hovered",        0xbcd3f3, 0x2d5688, 0x003d91},
    {Role::HeaderActive,        "header_active",         0xa6c4ee, 0x33619a, 0x0050bd},
    {Role::TableHeaderBg,       "table_header_bg",       0xe3e7ec, 0x262b33, 0x1a1a1a},
    {Role::TableRowAlt,         "table_row_alt",         0xeceff3, 0x1c2026, 0x0d0d0d},
    {Role::TitleBg,             "title_bg",              0xdde2e8, 0x1f2329, 0x000000},
    {Role::Accent,              "accent",                0x1d4ed8, 0x60a5fa, 0xffff00},
    {Role::Border,              "border",                0x7b8594, 0x6b7584, 0xffffff},
    {Role::Check,               "check",                 0x1d4ed8, 0x7fb2ff, 0xffff00},
    {Role::Selection,           "selection",             0xa6c4ee, 0x33619a, 0x0050bd},
    {Role::Error,               "error",                 0xb42318, 0xff8a80, 0xff9e9e},
    {Role::Warning,             "warning",               0x92400e, 0xfbbf24, 0xffcc00},
    {Role::Link,                "link",                  0x1e40af, 0xc7ddff, 0xffff00},
    {Role::LinkHovered,         "link_hovered",          0x1e3a8a, 0xd6e6ff, 0xffff99},
    {Role::DangerButton,        "danger_button",         0xfecaca, 0xb91c1c, 0x8b0000},
    {Role::DangerButtonHovered, "danger_button_hovered", 0xfca5a5, 0x991b1b, 0xa40000},
    {Role::InfoBadge,           "info_badge",            0xbfdbfe, 0x1d4ed8, 0x0050bd},
    {Role::RowCursor,           "row_cursor",            0xd4e2f8, 0x1f3251, 0x102444},
    {Role::RowSelected,         "row_selected",          0xf3ebd2, 0x2f2b1b, 0x292001},
    {Role::RowCursorSelected,   "row_cursor_selected",   0xdfe6ea, 0x283244, 0x2e3b44},
    {Role::Track,               "track",                 0x7f8794, 0x656d7b, 0x808080},
    {Role::BadgeText,           "badge_text",            0xffffff, 0x111827, 0x000000},
    {Role::StageProspect,       "stage_prospect",        0x1d4ed8, 0x60a5fa, 0x93c5fd},
    {Role::StageActive,         "stage_active",          0x047857, 0x34d399, 0x6ee7b7},
    {Role::StageCustomer,       "stage_customer",        0x6d28d9, 0xa78bfa, 0xc4b5fd},
    {Role::StagePartner,        "stage_partner",         0xb45309, 0xfbbf24, 0xfcd34d},
    {Role::StageChurned,        "stage_churned",         0xb91c1c, 0xf87171, 0xfca5a5},
    {Role::StageOther,          "stage_other",           0x4b5563, 0x9ca3af, 0xd1d5db},
    {Role::FilterChip,          "filter_chip",           0x64748b, 0x94a3b8, 0xcbd5e1},
    {Role::ChartBar,            "chart_bar",             0x475569, 0x94a3b8, 0xd1d5db},
};

constexpr bool rows_in_role_order() {
    if (std::size(kRoles) != kRoleCount) return false;
    for (size_t i = 0; i < kRoleCount; ++i) {
        if (static_cast<size_t>(kRoles[i].role) != i) return false;
    }
    return true;
}
static_assert(rows_in_role_order(), "kRoles: one row per Role, in the enum's order");
static_assert(std::size(kStages) == kStageRoleCount, "a stage fill role per kStages entry");
static_assert(static_cast<int>(Role::StageChurned) - static_cast<int>(Role::StageProspect) + 1 == kStageRoleCount);

// Where each colour is drawn: foreground, background (alpha < 1: blended over window_bg), minimum.
struct PairRow {
    Role fg, bg;
    float bg_alpha;
    double minimum;
};

constexpr double kText = kTextContrast, kNonText = kNonTextContrast;
constexpr Role kStageFills[] = {Role::StageProspect, Role::StageActive, Role::StageCustomer, Role::StagePartner,
                                Role::StageChurned, Role::StageOther};

std::vector<PairRow> pair_rows() {
    std::vector<PairRow> v;
    // Body and disabled text on every surface it is drawn on.
    for (Role bg : {Role::WindowBg, Role::PopupBg, Role::FrameBg, Role::FrameBgHovered, Role::FrameBgActive,
                    Role::Button, Role::ButtonHovered, Role::ButtonActive, Role::Header, Role::HeaderHovered,
                    Role::HeaderActive, Role::TableHeaderBg, Role::TableRowAlt, Role::TitleBg, Role::Selection,
                    Role::RowCursor, Role::RowSelected, Role::RowCursorSelected, Role::DangerButton,
                    Role::DangerButtonHovered, Role::InfoBadge})
        v.push_back({Role::Text, bg, 1.0f, kText});
    for (Role bg : {Role::WindowBg, Role::PopupBg, Role::FrameBg, Role::TableRowAlt, Role::RowCursor, Role::RowSelected,
                    Role::RowCursorSelected})
        v.push_back({Role::TextDisabled, bg, 1.0f, kText});
    // Errors: list and local banners (window), forms (popup, beside fields), export status.
    for (Role bg : {Role::WindowBg, Role::PopupBg, Role::FrameBg, Role::TableRowAlt})
        v.push_back({Role::Error, bg, 1.0f, kText});
    v.push_back({Role::Warning, Role::WindowBg, 1.0f, kText});
    // Links: the website cell, on every row background (the row's selectable: header when open,
    // header_hovered under the mouse, header_active while pressed).
    for (Role fg : {Role::Link, Role::LinkHovered}) {
        for (Role bg : {Role::WindowBg, Role::PopupBg, Role::FrameBg, Role::TableRowAlt, Role::RowCursor,
                        Role::RowSelected, Role::RowCursorSelected, Role::Header, Role::HeaderHovered,
                        Role::HeaderActive})
            v.push_back({fg, bg, 1.0f, kText});
    }
    // Focus ring, borders, check marks, the empty overview strip: non-text UI.
    for (Role fg : {Role::Accent, Role::Border, Role::Check, Role::Track}) v.push_back({fg, Role::WindowBg, 1.0f, kNonText});
    v.push_back({Role::Check, Role::FrameBg, 1.0f, kNonText});
    // Stage fills: badge text on them; the active chip; idle chips (text on the fill blended over the
    // window); overview strip segments against the window (graphics: 3:1).
    for (Role fill : kStageFills) {
        v.push_back({Role::BadgeText, fill, 1.0f, kText});
        v.push_back({Role::Text, fill, kChipIdleAlpha, kText});
        v.push_back({Role::Text, fill, kChipIdleHoveredAlpha, kText});
        // A strip segment (at kStripActiveAlpha) against the window around it (contrast is symmetric).
        if (fill != Role::StageOther) v.push_back({Role::WindowBg, fill, kStripActiveAlpha, kNonText});
    }
    v.push_back({Role::Text, Role::FilterChip, kChipIdleAlpha, kText});
    v.push_back({Role::Text, Role::FilterChip, kChipIdleHoveredAlpha, kText});
    // Dashboard: bars against the window and against a tile (frame_bg; graphics: 3:1); a selected bar
    // is accent, outlined in text; tiles are frame_bg (text on it is checked above), a selected tile header.
    v.push_back({Role::WindowBg, Role::ChartBar, 1.0f, kNonText});
    v.push_back({Role::Accent, Role::FrameBg, 1.0f, kNonText});
    for (Role fill : kStageFills) {
        if (fill != Role::StageOther) v.push_back({Role::WindowBg, fill, 1.0f, kNonText});   // funnel bars, stacks
    }
    return v;
}

std::array<Rgb, kRoleCount> colors_of(ThemeId id) {
    std::array<Rgb, kRoleCount> out{};
    for (size_t i = 0; i < kRoleCount; ++i) {
        const uint32_t c = id == ThemeId::Light ? kRoles[i].light : id == ThemeId::Dark ? kRoles[i].dark : kRoles[i].high_contrast;
        out[i] = Rgb{static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c)};
    }
    return out;
}

const Palette kPalettes[] = {
    {ThemeId::Light, "Light", colors_of(ThemeId::Light)},
    {ThemeId::Dark, "Dark", colors_of(ThemeId::Dark)},
    {ThemeId::HighContrast, "High contrast", colors_of(ThemeId::HighContrast)},
};

double channel(uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

const Palette& palette(ThemeId id) {
    for (const Palette& p : kPalettes) {
        if (p.id == id) return p;
    }
    return kPalettes[0];
}

const std::vector<const Palette*>& all_palettes() {
    static const std::vector<const Palette*> all = [] {
        std::vector<const Palette*> v;
        for (const Palette& p : kPalettes) v.push_back(&p);
        return v;
    }();
    return all;
}

std::string_view role_name(Role role) {
    const size_t i = static_cast<size_t>(role);
    return i < kRoleCount ? kRoles[i].name : "?";
}

Role stage_role(std::string_view stage_value) {
    for (size_t i = 0; i < std::size(kStages); ++i) {
        if (stage_value == kStages[i].value) return static_cast<Role>(static_cast<size_t>(Role::StageProspect) + i);
    }
    return Role::StageOther;
}

ThemeId resolve_theme(ThemeChoice choice, bool system_dark) {
    switch (choice) {
        case ThemeChoice::Light: return ThemeId::Light;
        case ThemeChoice::Dark: return ThemeId::Dark;
        case ThemeChoice::HighContrast: return ThemeId::HighContrast;
        case ThemeChoice::System: break;
    }
    return system_dark ? ThemeId::Dark : ThemeId::Light;
}

std::string_view theme_choice_key(ThemeChoice choice) {
    switch (choice) {
        case ThemeChoice::Light: return "light";
        case ThemeChoice::Dark: return "dark";
        case ThemeChoice::HighContrast: return "high-contrast";
        case ThemeChoice::System: break;
    }
    return "system";
}

ThemeChoice parse_theme_choice(std::string_view key) {
    if (key == "light") return ThemeChoice::Light;
    if (key == "dark") return ThemeChoice::Dark;
    if (key == "high-contrast") return ThemeChoice::HighContrast;
    return ThemeChoice::System;
}

double relative_luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    const double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}

Rgb blend(Rgb top, Rgb base, float alpha) {
    auto mix = [alpha](uint8_t t, uint8_t b) {
        return static_cast<uint8_t>(std::lround(static_cast<float>(t) * alpha + static_cast<float>(b) * (1.0f - alpha)));
    };
    return Rgb{mix(top.r, base.r), mix(top.g, base.g), mix(top.b, base.b)};
}

std::string ContrastPair::describe() const {
    std::string s = std::string(role_name(fg)) + " on " + std::string(role_name(bg));
    if (bg_alpha < 1.0f) {
        char pct[32];
        std::snprintf(pct, sizeof pct, " at %.0f%% over window_bg", bg_alpha * 100.0f);
        s += pct;
    }
    return s;
}

std::vector<ContrastPair> contrast_pairs(const Palette& p) {
    std::vector<ContrastPair> out;
    for (const PairRow& r : pair_rows()) {
        const Rgb bg = r.bg_alpha < 1.0f ? blend(p[r.bg], p[Role::WindowBg], r.bg_alpha) : p[r.bg];
        out.push_back({r.fg, r.bg, r.bg_alpha, r.minimum, p[r.fg], bg});
    }
    return out;
}

int clamp_ui_scale(int percent) { return percent < kMinUiScale ? kMinUiScale : percent > kMaxUiScale ? kMaxUiScale : percent; }

int parse_ui_scale(std::string_view text) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return 100;
    return clamp_ui_scale(v);
}

}  // namespace crm::core
