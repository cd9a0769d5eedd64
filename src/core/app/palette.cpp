// palette.cpp: the three themes (tables of colours) and the WCAG 2.x contrast formulas.
#include "core/app/palette.hpp"

#include <charconv>
#include <cmath>

namespace crm::core {

namespace {

// Fields in declaration order: window_bg, popup_bg, text, text_disabled, frame_bg, frame_bg_hovered, frame_bg_active, button, button_hovered, button_active, header, header_hovered, header_active, table_header_bg, table_row_alt, title_bg, error, link, accent, border, check, selection.
const Palette kPalettes[] = {
    {ThemeId::Light, "Light",
     /* window_bg         */ {0xf5, 0xf6, 0xf8},
     /* popup_bg          */ {0xff, 0xff, 0xff},
     /* text              */ {0x11, 0x18, 0x27},
     /* text_disabled     */ {0x5b, 0x64, 0x72},
     /* frame_bg          */ {0xe3, 0xe7, 0xec},
     /* frame_bg_hovered  */ {0xd5, 0xdb, 0xe3},
     /* frame_bg_active   */ {0xc8, 0xd0, 0xda},
     /* button            */ {0xd4, 0xe2, 0xf7},
     /* button_hovered    */ {0xbc, 0xd3, 0xf3},
     /* button_active     */ {0xa6, 0xc4, 0xee},
     /* header            */ {0xd4, 0xe2, 0xf7},
     /* header_hovered    */ {0xbc, 0xd3, 0xf3},
     /* header_active     */ {0xa6, 0xc4, 0xee},
     /* table_header_bg   */ {0xe3, 0xe7, 0xec},
     /* table_row_alt     */ {0xec, 0xef, 0xf3},
     /* title_bg          */ {0xdd, 0xe2, 0xe8},
     /* error             */ {0xb4, 0x23, 0x18},
     /* link              */ {0x1d, 0x4e, 0xd8},
     /* accent            */ {0x1d, 0x4e, 0xd8},
     /* border            */ {0x7b, 0x85, 0x94},
     /* check             */ {0x1d, 0x4e, 0xd8},
     /* selection         */ {0xa6, 0xc4, 0xee},
    },
    {ThemeId::Dark, "Dark",
     /* window_bg         */ {0x16, 0x19, 0x1e},
     /* popup_bg          */ {0x1f, 0x23, 0x29},
     /* text              */ {0xe6, 0xe8, 0xeb},
     /* text_disabled     */ {0x9a, 0xa0, 0xa8},
     /* frame_bg          */ {0x2a, 0x30, 0x38},
     /* frame_bg_hovered  */ {0x34, 0x3c, 0x46},
     /* frame_bg_active   */ {0x3d, 0x46, 0x54},
     /* button            */ {0x27, 0x4a, 0x75},
     /* button_hovered    */ {0x2d, 0x56, 0x88},
     /* button_active     */ {0x33, 0x61, 0x9a},
     /* header            */ {0x27, 0x4a, 0x75},
     /* header_hovered    */ {0x2d, 0x56, 0x88},
     /* header_active     */ {0x33, 0x61, 0x9a},
     /* table_header_bg   */ {0x26, 0x2b, 0x33},
     /* table_row_alt     */ {0x1c, 0x20, 0x26},
     /* title_bg          */ {0x1f, 0x23, 0x29},
     /* error             */ {0xff, 0x8a, 0x80},
     /* link              */ {0x7f, 0xb2, 0xff},
     /* accent            */ {0x60, 0xa5, 0xfa},
     /* border            */ {0x6b, 0x75, 0x84},
     /* check             */ {0x7f, 0xb2, 0xff},
     /* selection         */ {0x33, 0x61, 0x9a},
    },
    {ThemeId::HighContrast, "High contrast",
     /* window_bg         */ {0x00, 0x00, 0x00},
     /* popup_bg          */ {0x00, 0x00, 0x00},
     /* text              */ {0xff, 0xff, 0xff},
     /* text_disabled     */ {0xc8, 0xc8, 0xc8},
     /* frame_bg          */ {0x1a, 0x1a, 0x1a},
     /* frame_bg_hovered  */ {0x33, 0x33, 0x33},
     /* frame_bg_active   */ {0x40, 0x40, 0x40},
     /* button            */ {0x00, 0x2b, 0x66},
     /* button_hovered    */ {0x00, 0x3d, 0x91},
     /* button_active     */ {0x00, 0x50, 0xbd},
     /* header            */ {0x00, 0x2b, 0x66},
     /* header_hovered    */ {0x00, 0x3d, 0x91},
     /* header_active     */ {0x00, 0x50, 0xbd},
     /* table_header_bg   */ {0x1a, 0x1a, 0x1a},
     /* table_row_alt     */ {0x0d, 0x0d, 0x0d},
     /* title_bg          */ {0x00, 0x00, 0x00},
     /* error             */ {0xff, 0x9e, 0x9e},
     /* link              */ {0xff, 0xff, 0x00},
     /* accent            */ {0xff, 0xff, 0x00},
     /* border            */ {0xff, 0xff, 0xff},
     /* check             */ {0xff, 0xff, 0x00},
     /* selection         */ {0x00, 0x50, 0xbd},
    },
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

std::vector<ContrastPair> contrast_pairs(const Palette& p) {
    constexpr double kText = 4.5, kNonText = 3.0;
    return {
        {"text", "window_bg", p.text, p.window_bg, kText},
        {"text", "popup_bg", p.text, p.popup_bg, kText},
        {"text", "frame_bg", p.text, p.frame_bg, kText},
        {"text", "frame_bg_hovered", p.text, p.frame_bg_hovered, kText},
        {"text", "frame_bg_active", p.text, p.frame_bg_active, kText},
        {"text", "button", p.text, p.button, kText},
        {"text", "button_hovered", p.text, p.button_hovered, kText},
        {"text", "button_active", p.text, p.button_active, kText},
        {"text", "header", p.text, p.header, kText},
        {"text", "header_hovered", p.text, p.header_hovered, kText},
        {"text", "header_active", p.text, p.header_active, kText},
        {"text", "table_header_bg", p.text, p.table_header_bg, kText},
        {"text", "table_row_alt", p.text, p.table_row_alt, kText},
        {"text", "title_bg", p.text, p.title_bg, kText},
        {"text", "selection", p.text, p.selection, kText},
        {"text_disabled", "window_bg", p.text_disabled, p.window_bg, kText},
        {"text_disabled", "popup_bg", p.text_disabled, p.popup_bg, kText},
        {"text_disabled", "frame_bg", p.text_disabled, p.frame_bg, kText},
        {"text_disabled", "table_row_alt", p.text_disabled, p.table_row_alt, kText},
        {"error", "window_bg", p.error, p.window_bg, kText},
        {"error", "popup_bg", p.error, p.popup_bg, kText},
        {"error", "frame_bg", p.error, p.frame_bg, kText},
        {"error", "table_row_alt", p.error, p.table_row_alt, kText},
        {"link", "window_bg", p.link, p.window_bg, kText},
        {"link", "popup_bg", p.link, p.popup_bg, kText},
        {"link", "frame_bg", p.link, p.frame_bg, kText},
        {"link", "table_row_alt", p.link, p.table_row_alt, kText},
        {"accent", "window_bg", p.accent, p.window_bg, kNonText},
        {"border", "window_bg", p.border, p.window_bg, kNonText},
        {"check", "window_bg", p.check, p.window_bg, kNonText},
    };
}

int clamp_ui_scale(int percent) { return percent < kMinUiScale ? kMinUiScale : percent > kMaxUiScale ? kMaxUiScale : percent; }

int parse_ui_scale(std::string_view text) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return 100;
    return clamp_ui_scale(v);
}

}  // namespace crm::core
