// palette_test.cpp: every colour of every theme is drawn somewhere the WCAG minimum holds (text 4.5:1;
// large text and non-text UI 3:1); every role is covered; contrast maths; persisted display choices.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/app/palette.hpp"
#include "core/model/account.hpp"

using namespace crm::core;

TEST_CASE("contrast ratio follows WCAG 2.x") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {255, 255, 255}) == doctest::Approx(1.0));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) == doctest::Approx(4.48).epsilon(0.01));
    CHECK(contrast_ratio({10, 20, 30}, {200, 100, 50}) == doctest::Approx(contrast_ratio({200, 100, 50}, {10, 20, 30})));
}

TEST_CASE("blend composes a translucent colour over an opaque one") {
    CHECK(blend({255, 0, 0}, {0, 0, 255}, 1.0f) == Rgb{255, 0, 0});
    CHECK(blend({255, 0, 0}, {0, 0, 255}, 0.0f) == Rgb{0, 0, 255});
    CHECK(blend({200, 100, 0}, {0, 100, 200}, 0.25f) == Rgb{50, 100, 150});
}

TEST_CASE("every theme's colours meet their minimum contrast where they are drawn") {
    REQUIRE(all_palettes().size() == 3);
    for (const Palette* p : all_palettes()) {
        for (const ContrastPair& c : contrast_pairs(*p)) {
            INFO(std::string(p->name) << ": " << c.describe() << " needs " << c.minimum << ":1, has " << contrast_ratio(c.fg_rgb, c.bg_rgb));
            CHECK(contrast_ratio(c.fg_rgb, c.bg_rgb) >= c.minimum);
        }
    }
    // High contrast really is higher: body text at least 15:1 on its window.
    const Palette& hc = palette(ThemeId::HighContrast);
    CHECK(contrast_ratio(hc[Role::Text], hc[Role::WindowBg]) >= 15.0);
}

TEST_CASE("every palette role is in a checked pair, with the minimum of its use") {
    const std::vector<ContrastPair> pairs = contrast_pairs(palette(ThemeId::Light));
    std::set<Role> covered;
    for (const ContrastPair& c : pairs) {
        covered.insert(c.fg);
        covered.insert(c.bg);
        CHECK((c.minimum == kTextContrast || c.minimum == kNonTextContrast));
    }
    for (size_t i = 0; i < kRoleCount; ++i) {
        INFO("role " << role_name(static_cast<Role>(i)) << " is drawn but never checked");
        CHECK(covered.count(static_cast<Role>(i)) == 1);
    }
    // Text roles are held to 4.5:1 wherever they are the foreground.
    for (const ContrastPair& c : pairs) {
        if (c.fg == Role::Text || c.fg == Role::TextDisabled || c.fg == Role::Error || c.fg == Role::Warning ||
            c.fg == Role::Link || c.fg == Role::LinkHovered || c.fg == Role::BadgeText) {
            INFO(c.describe());
            CHECK(c.minimum == kTextContrast);
        }
    }
}

TEST_CASE("each stage has its own fill; an unknown stage the neutral one") {
    std::set<Role> fills;
    for (const StageInfo& s : kStages) fills.insert(stage_role(s.value));
    CHECK(fills.size() == std::size(kStages));
    CHECK(fills.count(Role::StageOther) == 0);
    CHECK(stage_role("no-such-stage") == Role::StageOther);
    CHECK(role_name(Role::StagePartner) == "stage_partner");
}

TEST_CASE("a pair below the minimum is caught") {
    // The check above can fail: ImGui's stock light theme disabled text (153,153,153) on (240,240,240),
    // and the error red the list once drew, (248,113,113), on the light window.
    CHECK(contrast_ratio({153, 153, 153}, {240, 240, 240}) < kTextContrast);
    CHECK(contrast_ratio({248, 113, 113}, palette(ThemeId::Light)[Role::WindowBg]) < kTextContrast);
}

TEST_CASE("theme choice and UI scale round-trip through their persisted text") {
    for (ThemeChoice c : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::HighContrast})
        CHECK(parse_theme_choice(theme_choice_key(c)) == c);
    CHECK(parse_theme_choice("nonsense") == ThemeChoice::System);
    CHECK(resolve_theme(ThemeChoice::System, true) == ThemeId::Dark);
    CHECK(resolve_theme(ThemeChoice::System, false) == ThemeId::Light);
    CHECK(resolve_theme(ThemeChoice::HighContrast, false) == ThemeId::HighContrast);
    CHECK(parse_ui_scale("150") == 150);
    CHECK(parse_ui_scale("20") == 75);
    CHECK(parse_ui_scale("900") == 200);
    CHECK(parse_ui_scale("") == 100);
    CHECK(parse_ui_scale("12x") == 100);
}
