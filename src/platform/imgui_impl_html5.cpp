// imgui_impl_html5.cpp: Dear ImGui platform backend on emscripten/html5.h (see the header).
// Coordinates: ImGui works in CSS pixels; the backbuffer is CSS size x devicePixelRatio and
// io.DisplayFramebufferScale carries the ratio, so text is rasterised at device resolution.
#include "platform/imgui_impl_html5.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

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
    {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma}, {"Minus", ImGuiKey_Minus},
    {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon},
    {"Equal", ImGuiKey_Equal}, {"BracketLeft", ImGuiKey_LeftBracket}, {"Backslash", ImGuiKey_Backslash},
    {"BracketRight", ImGuiKey_RightBracket}, {"Backquote", ImGuiKey_GraveAccent},
    {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2}, {"F3", ImGuiKey_F3}, {"F4", ImGuiKey_F4}, {"F5", ImGuiKey_F5},
    {"F6", ImGuiKey_F6}, {"F7", ImGuiKey_F7}, {"F8", ImGuiKey_F8}, {"F9", ImGuiKey_F9}, {"F10", ImGuiKey_F10},
    {"F11", ImGuiKey_F11}, {"F12", ImGuiKey_F12},
};

struct State {
    const char* canvas = "#canvas";
    double last_time = 0;
    float dpr = 0;
    bool dpr_changed = false;
    int fb_w = 0, fb_h = 0;
    ImGuiMouseCursor cursor = ImGuiMouseCursor_Arrow;
};
State g;

ImGuiKey key_from_code(const char* code) {
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

void update_modifiers(ImGuiIO& io, bool ctrl, bool shift, bool alt, bool meta) {
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

// One UTF-8 code point (KeyboardEvent.key of a printable key), e.g. "a", "ü", "€".
bool is_single_character(const char* key) {
    size_t n = std::strlen(key);
    if (n == 0 || n > 4) return false;
    unsigned char c = static_cast<unsigned char>(key[0]);
    size_t expect = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    return expect == n;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    ImGuiKey key = key_from_code(e->code);
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    if (key != ImGuiKey_None) io.AddKeyEvent(key, down);
    if (!down) return EM_FALSE;
    const bool shortcut = e->ctrlKey || e->metaKey;
    if (!shortcut && is_single_character(e->key)) {
        io.AddInputCharactersUTF8(e->key);
        return EM_TRUE;
    }
    // Keep the browser's own copy/paste/cut/zoom/reload shortcuts; take Tab, arrows, Backspace...
    if (shortcut) return EM_FALSE;
    return key != ImGuiKey_None && key != ImGuiKey_F5 && key != ImGuiKey_F11 && key != ImGuiKey_F12;
}

int mouse_button(unsigned short b) { return b == 0 ? 0 : b == 2 ? 1 : b == 1 ? 2 : -1; }

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    int b = mouse_button(e->button);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && b >= 0) io.AddMouseButtonEvent(b, true);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP && b >= 0) io.AddMouseButtonEvent(b, false);
    if (type == EMSCRIPTEN_EVENT_MOUSELEAVE) io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    return EM_FALSE;   // the browser still focuses the canvas on mousedown
}

EM_BOOL on_document_mouseup(int, const EmscriptenMouseEvent* e, void*) {
    // A drag that ends outside the canvas must still release the button.
    int b = mouse_button(e->button);
    if (b >= 0 && ImGui::GetIO().MouseDown[b]) ImGui::GetIO().AddMouseButtonEvent(b, false);
    return EM_FALSE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    // Same scale as Dear ImGui 1.90.1's Emscripten wheel handler, for every deltaMode.
    float k = e->deltaMode == DOM_DELTA_PIXEL ? 1.0f / 100.0f : e->deltaMode == DOM_DELTA_LINE ? 1.0f / 3.0f : 80.0f;
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(io, e->mouse.ctrlKey, e->mouse.shiftKey, e->mouse.altKey, e->mouse.metaKey);
    io.AddMouseWheelEvent(static_cast<float>(-e->deltaX) * k, static_cast<float>(-e->deltaY) * k);
    return EM_TRUE;    // the page itself does not scroll
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    return EM_FALSE;
}

// clang-format off
EM_JS(void, js_set_cursor, (const char* selector, const char* css), {
  var c = document.querySelector(UTF8ToString(selector)); if (c) c.style.cursor = UTF8ToString(css);
});
// clang-format on

const char* css_cursor(ImGuiMouseCursor c) {
    switch (c) {
        case ImGuiMouseCursor_None: return "none";
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_ResizeAll: return "move";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
        case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        default: return "default";
    }
}

}  // namespace

bool html5_init(const Html5BackendOptions& options) {
    g.canvas = options.canvas_selector;
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.preserveDrawingBuffer = options.preserve_drawing_buffer ? EM_TRUE : EM_FALSE;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context(g.canvas, &attrs);
    if (ctx <= 0) return false;
    emscripten_webgl_make_context_current(ctx);

    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "imgui_impl_html5";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    g.last_time = emscripten_get_now();

    emscripten_set_mousedown_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseup_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mousemove_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseleave_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, on_document_mouseup);
    emscripten_set_wheel_callback(g.canvas, nullptr, EM_TRUE, on_wheel);
    // Keys only while the canvas has focus, so HTML inputs on the page keep working.
    emscripten_set_keydown_callback(g.canvas, nullptr, EM_TRUE, on_key);
    emscripten_set_keyup_callback(g.canvas, nullptr, EM_TRUE, on_key);
    emscripten_set_focus_callback(g.canvas, nullptr, EM_TRUE, on_focus);
    emscripten_set_blur_callback(g.canvas, nullptr, EM_TRUE, on_focus);
    return true;
}

void html5_new_frame() {
    ImGuiIO& io = ImGui::GetIO();
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(g.canvas, &css_w, &css_h);
    float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (dpr <= 0) dpr = 1;
    if (dpr != g.dpr) {
        g.dpr_changed = true;
        g.dpr = dpr;
    }
    int fb_w = static_cast<int>(std::lround(css_w * dpr)), fb_h = static_cast<int>(std::lround(css_h * dpr));
    if (fb_w != g.fb_w || fb_h != g.fb_h) {
        emscripten_set_canvas_element_size(g.canvas, fb_w, fb_h);
        g.fb_w = fb_w;
        g.fb_h = fb_h;
    }
    io.DisplaySize = ImVec2(static_cast<float>(css_w), static_cast<float>(css_h));
    io.DisplayFramebufferScale = ImVec2(css_w > 0 ? fb_w / static_cast<float>(css_w) : dpr,
                                        css_h > 0 ? fb_h / static_cast<float>(css_h) : dpr);
    double now = emscripten_get_now();
    double dt = (now - g.last_time) / 1000.0;
    io.DeltaTime = static_cast<float>(dt > 0 ? (dt < 0.1 ? dt : 0.1) : 1.0 / 60.0);   // clamp after a hidden tab
    g.last_time = now;

    ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != g.cursor) {
        g.cursor = cursor;
        js_set_cursor(g.canvas, css_cursor(cursor));
    }
}

float html5_device_pixel_ratio() { return g.dpr > 0 ? g.dpr : 1.0f; }

bool html5_dpr_changed() {
    bool changed = g.dpr_changed;
    g.dpr_changed = false;
    return changed;
}

}  // namespace crm::platform
