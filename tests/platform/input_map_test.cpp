// input_map_test.cpp: browser input mapping tables: keys, buttons, cursors, wheel, touch gestures.
#include <doctest/doctest.h>

#include <string>

#include "platform/input_map.hpp"

using namespace crm::platform;

TEST_CASE("KeyboardEvent.code maps to ImGui keys, layout-independent") {
    CHECK(key_from_code("KeyA") == ImGuiKey_A);
    CHECK(key_from_code("KeyZ") == ImGuiKey_Z);
    CHECK(key_from_code("Digit0") == ImGuiKey_0);
    CHECK(key_from_code("Digit9") == ImGuiKey_9);
    CHECK(key_from_code("Enter") == ImGuiKey_Enter);
    CHECK(key_from_code("NumpadEnter") == ImGuiKey_KeypadEnter);
    CHECK(key_from_code("MetaLeft") == ImGuiKey_LeftSuper);
    CHECK(key_from_code("OSRight") == ImGuiKey_RightSuper);   // older Firefox
    CHECK(key_from_code("F12") == ImGuiKey_F12);
    CHECK(key_from_code("Numpad7") == ImGuiKey_Keypad7);
    CHECK(key_from_code("Keya") == ImGuiKey_None);
    CHECK(key_from_code("KeyAB") == ImGuiKey_None);
    CHECK(key_from_code("") == ImGuiKey_None);
    CHECK(key_from_code(nullptr) == ImGuiKey_None);
    CHECK(is_modifier_key(ImGuiKey_LeftSuper));
    CHECK(is_modifier_key(ImGuiKey_RightCtrl));
    CHECK_FALSE(is_modifier_key(ImGuiKey_C));
}

TEST_CASE("mouse buttons: DOM middle and right are swapped relative to ImGui") {
    CHECK(mouse_button_from_dom(0) == 0);
    CHECK(mouse_button_from_dom(1) == 2);
    CHECK(mouse_button_from_dom(2) == 1);
    CHECK(mouse_button_from_dom(7) == -1);
}

TEST_CASE("ImGui cursors map to CSS cursors") {
    CHECK(std::string(css_cursor(ImGuiMouseCursor_TextInput)) == "text");
    CHECK(std::string(css_cursor(ImGuiMouseCursor_ResizeEW)) == "ew-resize");
    CHECK(std::string(css_cursor(ImGuiMouseCursor_Hand)) == "pointer");
    CHECK(std::string(css_cursor(ImGuiMouseCursor_None)) == "none");
    CHECK(std::string(css_cursor(ImGuiMouseCursor_Arrow)) == "default");
    CHECK(std::string(css_cursor(static_cast<ImGuiMouseCursor>(99))) == "default");
}

TEST_CASE("Apple platforms use Cmd") {
    CHECK(is_apple_platform("MacIntel", ""));
    CHECK(is_apple_platform("iPhone", ""));
    CHECK(is_apple_platform("", "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)"));
    CHECK_FALSE(is_apple_platform("Linux x86_64", "Mozilla/5.0 (X11; Linux x86_64)"));
    CHECK_FALSE(is_apple_platform("Win32", nullptr));
}

TEST_CASE("printable keys are one code point") {
    CHECK(is_single_character("a"));
    CHECK(is_single_character("\xc3\xbc"));           // ü
    CHECK(is_single_character("\xe2\x82\xac"));       // €
    CHECK_FALSE(is_single_character("Enter"));
    CHECK_FALSE(is_single_character("Dead"));
    CHECK_FALSE(is_single_character(""));
    CHECK_FALSE(is_single_character("\x7f"));
}

TEST_CASE("a wheel notch scrolls the same in every deltaMode") {
    CHECK(wheel_units(100, 0) == doctest::Approx(-1.0));   // Chrome: 100 px down = one notch
    CHECK(wheel_units(3, 1) == doctest::Approx(-1.0));     // Firefox: 3 lines down = one notch
    CHECK(wheel_units(-3, 1) == doctest::Approx(1.0));     // up
    CHECK(wheel_units(1, 2) == doctest::Approx(-3.0));     // one page = three notches
    CHECK(wheel_units(0, 0) == doctest::Approx(0.0));
}

TEST_CASE("touch: a short move is a tap, a longer one a drag that scrolls and never taps") {
    TouchGesture g;
    float wx = 0, wy = 0;
    g.begin(7, 100, 100);
    g.move(104, 103, &wx, &wy);
    CHECK(wx == 0);
    CHECK(wy == 0);
    CHECK_FALSE(g.dragging());
    CHECK(g.end());                                   // tap at the start point
    CHECK_FALSE(g.active());

    g.begin(8, 100, 200);
    g.move(100, 180, &wx, &wy);                        // finger up 20 px
    CHECK(g.dragging());
    CHECK(wy == doctest::Approx(-20.0f / TouchGesture::kPixelsPerWheelUnit));  // content scrolls down
    g.move(100, 100, &wx, &wy);
    CHECK(wy == doctest::Approx(-80.0f / TouchGesture::kPixelsPerWheelUnit));
    g.move(100, 110, &wx, &wy);                        // back within the slop: still a drag
    CHECK(wy == doctest::Approx(10.0f / TouchGesture::kPixelsPerWheelUnit));
    CHECK_FALSE(g.end());

    g.begin(9, 0, 0);
    g.cancel();
    CHECK_FALSE(g.end());
}
