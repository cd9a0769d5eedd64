// css_geometry_test.cpp: ImGui rectangles -> page CSS pixels, as window.consoleTest.items() reports them.
#include <doctest/doctest.h>

#include "platform/css_geometry.hpp"

using namespace crm::platform;

namespace {

CanvasGeometry full_window(float w, float h) {
    CanvasGeometry c;
    c.client = {0, 0, w, h};
    c.display_w = w;
    c.display_h = h;
    return c;
}

void check_rect(const CssRect& r, float x, float y, float w, float h) {
    CHECK(r.x == doctest::Approx(x));
    CHECK(r.y == doctest::Approx(y));
    CHECK(r.w == doctest::Approx(w));
    CHECK(r.h == doctest::Approx(h));
}

}  // namespace

TEST_CASE("a canvas filling the window: ImGui's rectangles are already page CSS pixels") {
    // The third row at 1400x900: the same numbers whatever the backbuffer (1400, 2800 or 4200
    // device pixels wide at DPR 1, 2, 3), which the conversion does not take.
    check_rect(imgui_to_page_css({8, 192, 1384, 20}, full_window(1400, 900)), 8, 192, 1384, 20);
    // A phone at 390x844 (DPR 3): a 44 px touch target stays 44 CSS px.
    check_rect(imgui_to_page_css({0, 800, 390, 44}, full_window(390, 844)), 0, 800, 390, 44);
}

TEST_CASE("a canvas placed elsewhere on the page is offset by its client rectangle") {
    CanvasGeometry c = full_window(800, 600);
    c.client.x = 120.5f;
    c.client.y = 40;
    check_rect(imgui_to_page_css({8, 192, 100, 20}, c), 128.5f, 232, 100, 20);
}

TEST_CASE("a resize not drawn yet: the last frame's space is stretched onto the canvas's new size") {
    CanvasGeometry c = full_window(1400, 900);
    c.display_w = 700;   // the last frame was laid out for 700x450; the canvas is 1400x900 now
    c.display_h = 450;
    check_rect(imgui_to_page_css({8, 192, 100, 20}, c), 16, 384, 200, 40);
}

TEST_CASE("before the first frame (no display size) or a hidden canvas: no division by zero") {
    CanvasGeometry c;
    c.client = {10, 20, 0, 0};
    check_rect(imgui_to_page_css({8, 192, 100, 20}, c), 18, 212, 100, 20);
    c = full_window(1400, 900);
    c.display_w = 0;
    c.display_h = 0;
    check_rect(imgui_to_page_css({8, 192, 100, 20}, c), 8, 192, 100, 20);
}
