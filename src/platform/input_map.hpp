// input_map.hpp: browser input -> Dear ImGui, as tables and pure functions (unit-tested natively).
// Only imgui.h's enums are used; no browser, no ImGui context.
#pragma once
#include <imgui.h>

namespace crm::platform {

ImGuiKey key_from_code(const char* code);          // KeyboardEvent.code -> ImGuiKey (None if unmapped)
bool is_modifier_key(ImGuiKey key);                // Ctrl/Shift/Alt/Super, left or right
int mouse_button_from_dom(int dom_button);         // MouseEvent.button -> ImGui button; -1 if none
const char* css_cursor(ImGuiMouseCursor cursor);   // ImGui cursor -> CSS `cursor` value
bool is_apple_platform(const char* platform, const char* user_agent);  // Cmd instead of Ctrl
bool is_single_character(const char* utf8);        // one code point (KeyboardEvent.key of a printable key)

// WheelEvent deltas -> ImGui wheel units (1 unit scrolls about 5 lines), for every deltaMode:
// pixels (Chrome, Safari: ~100 px a notch -> 1), lines (Firefox: 3 a notch -> 1), pages (1 -> 3).
float wheel_units(double delta, unsigned long delta_mode);

// One finger on the canvas: a tap is a click where the finger went down; a drag scrolls and never
// clicks. Coordinates in CSS pixels.
class TouchGesture {
public:
    static constexpr float kTapSlopPx = 10.0f;     // movement still counted as a tap
    static constexpr float kPixelsPerWheelUnit = 80.0f;

    void begin(int id, float x, float y);
    bool active() const { return id_ >= 0; }
    int id() const { return id_; }
    bool dragging() const { return dragging_; }
    // Finger moved: the wheel units to scroll now (0 while still within the tap slop).
    void move(float x, float y, float* wheel_x, float* wheel_y);
    bool end();                                      // true: it was a tap (click at start_x/start_y)
    void cancel() { id_ = -1; dragging_ = false; }
    float start_x() const { return start_x_; }
    float start_y() const { return start_y_; }

private:
    int id_ = -1;
    bool dragging_ = false;
    float start_x_ = 0, start_y_ = 0, last_x_ = 0, last_y_ = 0;
};

}  // namespace crm::platform
