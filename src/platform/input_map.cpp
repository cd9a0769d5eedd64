// input_map.cpp: browser input mapping tables (see the header). Pure.
#include "platform/input_map.hpp"

#include <cmath>
#include <cstring>

namespace crm::platform {

namespace {

struct KeyName {
    const char* code;   // KeyboardEvent.code
    ImGuiKey key;
};

// KeyboardEvent.code -> ImGuiKey for everything that is not a letter or digit (those are computed).
const KeyName kKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"Escape", ImGuiKey_Escape}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
    {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
    {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
    {"OSLeft", ImGuiKey_LeftSuper}, {"OSRight", ImGuiKey_RightSuper}, {"ContextMenu", ImGuiKey_Menu},
    {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma}, {"Minus", ImGuiKey_Minus},
    {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon},
    {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket}, {"Backslash", ImGuiKey_Backslash},
    {"BracketRight", ImGuiKey_RightBracket}, {"Backquote", ImGuiKey_GraveAccent},
    {"CapsLock", ImGuiKey_CapsLock}, {"ScrollLock", ImGuiKey_ScrollLock}, {"NumLock", ImGuiKey_NumLock},
    {"PrintScreen", ImGuiKey_PrintScreen}, {"Pause", ImGuiKey_Pause},
    {"Numpad0", ImGuiKey_Keypad0}, {"Numpad1", ImGuiKey_Keypad1}, {"Numpad2", ImGuiKey_Keypad2},
    {"Numpad3", ImGuiKey_Keypad3}, {"Numpad4", ImGuiKey_Keypad4}, {"Numpad5", ImGuiKey_Keypad5},
    {"Numpad6", ImGuiKey_Keypad6}, {"Numpad7", ImGuiKey_Keypad7}, {"Numpad8", ImGuiKey_Keypad8},
    {"Numpad9", ImGuiKey_Keypad9}, {"NumpadDecimal", ImGuiKey_KeypadDecimal},
    {"NumpadDivide", ImGuiKey_KeypadDivide}, {"NumpadMultiply", ImGuiKey_KeypadMultiply},
    {"NumpadSubtract", ImGuiKey_KeypadSubtract}, {"NumpadAdd", ImGuiKey_KeypadAdd},
    {"NumpadEqual", ImGuiKey_KeypadEqual},
    {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2}, {"F3", ImGuiKey_F3}, {"F4", ImGuiKey_F4}, {"F5", ImGuiKey_F5},
    {"F6", ImGuiKey_F6}, {"F7", ImGuiKey_F7}, {"F8", ImGuiKey_F8}, {"F9", ImGuiKey_F9}, {"F10", ImGuiKey_F10},
    {"F11", ImGuiKey_F11}, {"F12", ImGuiKey_F12},
};

struct CursorName {
    ImGuiMouseCursor cursor;
    const char* css;
};

const CursorName kCursors[] = {
    {ImGuiMouseCursor_None, "none"},           {ImGuiMouseCursor_Arrow, "default"},
    {ImGuiMouseCursor_TextInput, "text"},      {ImGuiMouseCursor_ResizeAll, "move"},
    {ImGuiMouseCursor_ResizeNS, "ns-resize"},  {ImGuiMouseCursor_ResizeEW, "ew-resize"},
    {ImGuiMouseCursor_ResizeNESW, "nesw-resize"}, {ImGuiMouseCursor_ResizeNWSE, "nwse-resize"},
    {ImGuiMouseCursor_Hand, "pointer"},        {ImGuiMouseCursor_NotAllowed, "not-allowed"},
};

}  // namespace

ImGuiKey key_from_code(const char* code) {
    if (!code) return ImGuiKey_None;
    if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && code[4] == 0) {
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    }
    if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && code[6] == 0) {
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    }
    for (const KeyName& k : kKeys) {
        if (std::strcmp(code, k.code) == 0) return k.key;
    }
    return ImGuiKey_None;
}

bool is_modifier_key(ImGuiKey key) {
    return key == ImGuiKey_LeftCtrl || key == ImGuiKey_RightCtrl || key == ImGuiKey_LeftShift ||
           key == ImGuiKey_RightShift || key == ImGuiKey_LeftAlt || key == ImGuiKey_RightAlt ||
           key == ImGuiKey_LeftSuper || key == ImGuiKey_RightSuper;
}

int mouse_button_from_dom(int b) { return b == 0 ? 0 : b == 2 ? 1 : b == 1 ? 2 : b == 3 ? 3 : b == 4 ? 4 : -1; }

const char* css_cursor(ImGuiMouseCursor cursor) {
    for (const CursorName& c : kCursors) {
        if (c.cursor == cursor) return c.css;
    }
    return "default";
}

bool is_apple_platform(const char* platform, const char* user_agent) {
    if (platform && (std::strncmp(platform, "Mac", 3) == 0 || std::strncmp(platform, "iP", 2) == 0)) return true;
    if (user_agent && (std::strstr(user_agent, "iPhone") || std::strstr(user_agent, "iPad"))) return true;
    return false;
}

bool is_single_character(const char* key) {
    if (!key) return false;
    size_t n = std::strlen(key);
    if (n == 0 || n > 4) return false;
    unsigned char c = static_cast<unsigned char>(key[0]);
    size_t expect = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    return expect == n && c >= 0x20 && c != 0x7f;
}

float wheel_units(double delta, unsigned long delta_mode) {
    constexpr unsigned long kPixel = 0, kLine = 1;  // WheelEvent.DOM_DELTA_*; anything else is pages
    double k = delta_mode == kPixel ? 1.0 / 100.0 : delta_mode == kLine ? 1.0 / 3.0 : 3.0;
    return static_cast<float>(-delta * k);          // DOM: positive = down/right; ImGui: positive = up/left
}

void TouchGesture::begin(int id, float x, float y) {
    id_ = id;
    dragging_ = false;
    start_x_ = last_x_ = x;
    start_y_ = last_y_ = y;
}

void TouchGesture::move(float x, float y, float* wheel_x, float* wheel_y) {
    *wheel_x = 0;
    *wheel_y = 0;
    if (!active()) return;
    if (!dragging_ && std::hypot(x - start_x_, y - start_y_) <= kTapSlopPx) return;
    dragging_ = true;
    // Content follows the finger: a finger moving up (dy < 0) scrolls down (ImGui wheel < 0).
    *wheel_x = (x - last_x_) / kPixelsPerWheelUnit;
    *wheel_y = (y - last_y_) / kPixelsPerWheelUnit;
    last_x_ = x;
    last_y_ = y;
}

bool TouchGesture::end() {
    bool tap = active() && !dragging_;
    cancel();
    return tap;
}

}  // namespace crm::platform
