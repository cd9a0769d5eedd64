// imgui_impl_html5.cpp: Dear ImGui platform backend on emscripten/html5.h (see the header).
// Coordinates: ImGui works in CSS pixels; the backbuffer is CSS size x devicePixelRatio and
// io.DisplayFramebufferScale carries the ratio, so text is rasterised at device resolution.
// Must not: capture keys outside the canvas and the overlay's text field, or draw frames nobody asked for.
#include "platform/imgui_impl_html5.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "platform/input_map.hpp"
#include "platform/text_overlay.hpp"
#include "platform/wake.hpp"

// ---- JavaScript side: focus tracking, clipboard events ------------------------------------------
// clang-format off
EM_JS(void, js_html5_install, (const char* canvas_selector), {
  var canvas = document.querySelector(UTF8ToString(canvas_selector));
  // Text is edited in the native field laid over the active ImGui text field (text_overlay.cpp);
  // it takes typed text, IME composition, paste and mobile keyboards itself.
  var overlay = Module.crmTextOverlay;
  // Focus of the app = the canvas or the overlay's field; moving between them is not a blur.
  // The screen-reader mirror (#a11y-mirror, app/a11y_mirror.cpp) is part of the app too: its
  // elements take DOM focus for ImGui's focused item, and their keys reach ImGui like the canvas's.
  var mirror = document.getElementById('a11y-mirror');
  var inApp = function(el) { return !!el && (el === canvas || overlay.owns(el) || (!!mirror && mirror.contains(el))); };
  var onFocusIn = function(e) { if (!inApp(e.relatedTarget)) _crm_html5_on_focus(1); };
  var onFocusOut = function(e) { if (!inApp(e.relatedTarget)) _crm_html5_on_focus(0); };
  [canvas, overlay.input, overlay.area].forEach(function(el) {
    el.addEventListener('focusin', onFocusIn); el.addEventListener('focusout', onFocusOut);
  });
  if (mirror) { mirror.addEventListener('focusin', onFocusIn); mirror.addEventListener('focusout', onFocusOut); }
  // Clipboard: copy/cut take what ImGui just copied (the shortcut ran a frame synchronously);
  // paste hands the system clipboard to ImGui before the frame that handles Ctrl/Cmd+V. In the
  // overlay's field they are the browser's own.
  var onCopy = function(e) {
    if (!inApp(document.activeElement) || overlay.owns(document.activeElement)) return;
    var p = _crm_html5_take_copy(); if (!p) return;
    e.clipboardData.setData('text/plain', UTF8ToString(p)); e.preventDefault();
  };
  document.addEventListener('copy', onCopy); document.addEventListener('cut', onCopy);
  var pasteSeen = false;
  document.addEventListener('paste', function(e) {
    if (!inApp(document.activeElement) || overlay.owns(document.activeElement)) return;
    pasteSeen = true;
    var s = (e.clipboardData && e.clipboardData.getData('text/plain')) || "";
    var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n);
    _crm_html5_on_paste(p); _free(p); e.preventDefault();
  });
  // Wake the loop when the page becomes visible again, and when the DPR changes without a resize
  // (a window moved to another screen).
  document.addEventListener('visibilitychange', function() { if (!document.hidden) _crm_html5_wake(); });
  var watchDpr = function() {
    if (!window.matchMedia) return;
    var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
    var onChange = function() { mq.removeEventListener('change', onChange); _crm_html5_wake(); watchDpr(); };
    mq.addEventListener('change', onChange);
  };
  watchDpr();
  Module.crmHtml5 = {
    canvas: canvas,
    state: function() { var a = document.activeElement; return (inApp(a) ? 1 : 0) | (overlay.owns(a) ? 2 : 0); },
    isApple: function() {
      var p = navigator.platform || "", ua = navigator.userAgent || "";
      return /^(Mac|iP)/.test(p) || /iPhone|iPad/.test(ua);
    },
    // Ctrl/Cmd+V: ImGui gets the key only once the text is here: from the paste event that
    // follows the keydown, or else (no native paste for this chord) from navigator.clipboard.
    awaitPaste: function() {
      pasteSeen = false;
      setTimeout(function() {
        if (pasteSeen || !navigator.clipboard || !navigator.clipboard.readText) { _crm_html5_paste_shortcut(); return; }
        navigator.clipboard.readText().then(function(s) {
          var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n);
          _crm_html5_on_paste(p); _free(p); _crm_html5_paste_shortcut();
        }, function() { _crm_html5_paste_shortcut(); });
      }, 0);
    },
    writeClipboard: function(s) {
      try { if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function() {}); } catch (e) {}
    },
  };
});
EM_JS(int, js_html5_is_apple, (), { return Module.crmHtml5.isApple() ? 1 : 0; });
EM_JS(int, js_html5_focus_state, (), { return Module.crmHtml5.state(); });
EM_JS(void, js_html5_await_paste, (), { Module.crmHtml5.awaitPaste(); });
EM_JS(void, js_html5_write_clipboard, (const char* text), { Module.crmHtml5.writeClipboard(UTF8ToString(text)); });
EM_JS(void, js_set_cursor, (const char* selector, const char* css), {
  var c = document.querySelector(UTF8ToString(selector)); if (c) c.style.cursor = UTF8ToString(css);
});
// clang-format on

namespace crm::platform {

namespace {

struct State {
    const char* canvas = "#canvas";
    double last_time = 0;
    float dpr = 0;
    bool dpr_changed = false;
    ImGuiMouseCursor cursor = ImGuiMouseCursor_Arrow;
    FramePacer pacer;
    FrameDemand (*frame)() = nullptr;
    bool raf_pending = false;
    long timer_id = 0;
    double timer_at = 0;
    bool in_frame = false;
    bool at_refresh = true;                // the frame being drawn runs in an animation-frame callback
    bool last_want_text = false;           // io.WantTextInput after the last frame
    bool started = false;
    bool input_unsettled = false;          // the last frame left a key's effects incomplete (settle_key)
    std::string clipboard;                 // what ImGui copied last, or the last pasted text
    bool copy_pending = false;             // a copy/cut event may take `clipboard`
    ImGuiKey paste_mod = ImGuiMod_Ctrl;    // the shortcut modifier of a pending paste
    bool ctrl_down = false, meta_down = false;   // as last sent to ImGui
    TouchGesture touch;
    void (*on_lost)() = nullptr;
    void (*on_restored)() = nullptr;
    Html5Stats stats;
};
State g;

constexpr double kHoverSettleS = 1.0;      // a hovered item's timer matters to ImGui up to here
constexpr double kHoverPollUntilS = 0.5;   // before this, a frame every kHoverPollS (the 0.15-0.4 s delays)
constexpr double kHoverPollS = 0.16;

void schedule();

// Draws one frame if the pacer has budget: from the animation frame, or at once from an input
// handler. Never asks for an animation frame itself (schedule() does, at most one at a time).
void draw_frame(bool at_refresh) {
    if (!g.frame || !g.pacer.take_frame()) return;
    g.in_frame = true;
    g.at_refresh = at_refresh;
    double t0 = emscripten_get_now();
    ImGuiContext& c = *ImGui::GetCurrentContext();
    const ImGuiID active_before = c.ActiveId, nav_before = c.NavId;
    FrameDemand d = g.frame();
    const ImGuiIO& io = c.IO;
    bool mouse_held = false;
    for (bool down : io.MouseDown) mouse_held = mouse_held || down;
    d.settling = d.settling || c.InputEventsQueue.Size > 0 || mouse_held ||
                 (c.DimBgRatio > 0.0f && c.DimBgRatio < 1.0f) || c.NavWindowingTarget != nullptr;
    // Keyboard focus on its way (SetKeyboardFocusHere, Tab, an activation) completes over the next
    // frames, and typed text needs the text element focused once a field wants text: keep drawing.
    const bool focus_moving = c.NavMoveSubmitted || c.NavMoveScoringItems || c.NavInitRequest ||
                              c.NavNextActivateId != 0 || c.NavActivateId != 0 || c.ActiveIdIsJustActivated ||
                              c.ActiveId != c.ActiveIdPreviousFrame || io.WantTextInput != g.last_want_text;
    g.last_want_text = io.WantTextInput;
    d.settling = d.settling || focus_moving;
    // ImGui's caret blinks only where no overlay covers the active field (text_overlay.hpp).
    d.text_input = d.text_input || (io.WantTextInput && !text_overlay_shown());
    g.input_unsettled = d.input_pending || c.InputEventsQueue.Size > 0 || c.NavMoveSubmitted ||
                        c.NavMoveForwardToNextFrame || c.NavNextActivateId != 0 || c.NavInitRequest ||
                        c.ActiveId != active_before || c.NavId != nav_before;
    double t1 = emscripten_get_now();
    auto at_latest = [&d](double at) { d.deadline_ms = d.deadline_ms && *d.deadline_ms < at ? *d.deadline_ms : at; };
    // A resting pointer: ImGui's hover delays (stationary 0.15 s, tooltips 0.15 / 0.4 s) need frames
    // only when a delay can run out, not at every refresh (each frame costs a full canvas raster).
    if (c.HoveredId != 0 && c.HoveredIdTimer < kHoverSettleS) {
        const double left = c.HoveredIdTimer < kHoverPollUntilS ? kHoverPollS : kHoverSettleS - c.HoveredIdTimer;
        at_latest(t1 + left * 1000.0 + 1.0);
    }
    if (c.SettingsDirtyTimer > 0.0f) at_latest(t1 + c.SettingsDirtyTimer * 1000.0 + 1.0);   // ImGui saves its ini then
    g.pacer.frame_drawn(t1, d);
    if (!at_refresh) g.pacer.wake(1);   // its result is shown by a frame at the refresh
    g.stats.last_frame_ms = t1 - t0;
    ++g.stats.frames_drawn;
    g.in_frame = false;
    g.at_refresh = true;
}

EM_BOOL on_animation_frame(double, void*) {
    g.raf_pending = false;
    draw_frame(true);
    schedule();
    return EM_FALSE;   // one-shot: schedule() asks again when needed
}

void on_timer(void*) {
    g.timer_id = 0;
    g.pacer.wake(1);
    schedule();
}

// Asks for the next animation frame if the pacer has budget; otherwise sleeps until its timer.
void schedule() {
    if (!g.started || g.in_frame) return;
    if (g.pacer.wants_animation_frame()) {
        if (!g.raf_pending) {
            g.raf_pending = true;
            emscripten_request_animation_frame(on_animation_frame, nullptr);
        }
        return;
    }
    std::optional<double> at = g.pacer.next_timer_ms();
    if (g.timer_id != 0 && (!at || *at != g.timer_at)) {
        emscripten_clear_timeout(g.timer_id);
        g.timer_id = 0;
    }
    if (at && g.timer_id == 0) {
        g.timer_at = *at;
        double delay = *at - emscripten_get_now();
        g.timer_id = emscripten_set_timeout(on_timer, delay > 0 ? delay : 0, nullptr);
    }
}

void wake(int frames = FramePacer::kFramesPerWake) {
    ++g.stats.wakes;
    g.pacer.wake(frames);
    schedule();
}

// Draws frames now, inside the current event handler: a copy shortcut must have ImGui's text
// before the browser's copy event, and a tap must know whether it focused a text field while the
// browser still counts it as a user gesture (needed to open a virtual keyboard).
void run_frames_now(int frames) {
    if (!g.started || g.in_frame || !g.frame) return;
    for (int i = 0; i < frames; ++i) {
        g.pacer.wake(1);
        draw_frame(false);
    }
    g.pacer.wake();
    schedule();
}

// One frame now, from an input handler; the frames wake() asked for still follow at the refresh.
// The animation frame already requested stays the only one: a second request would draw a second,
// never-shown frame in the same refresh, and every frame drawn is a full canvas raster.
void draw_now() {
    if (!g.started || g.in_frame || !g.frame) return;
    g.pacer.wake(1);
    draw_frame(false);
    schedule();
}

// A key that is not text for the active field (a shortcut, Tab, Enter, Esc, an arrow) is carried
// through before the handler returns: frames are drawn now until it has settled (a field it focuses
// is active, a dialog it opens is up). The browser sends the next key as soon as this returns, to
// the element focused then; a character typed before its field is active would be lost, or taken
// as a list shortcut ("/" then "Årdal" gave "rdal").
void settle_key() {
    constexpr int kMaxFrames = 6;
    for (int i = 0; i < kMaxFrames; ++i) {
        draw_now();
        if (!g.input_unsettled) break;
    }
}

void update_modifiers(ImGuiIO& io, bool ctrl, bool shift, bool alt, bool meta) {
    g.ctrl_down = ctrl;
    g.meta_down = meta;
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

int g_overlay_input_tag = 1;   // user_data of the overlay's key callbacks
int g_overlay_area_tag = 2;

// Keys in the overlay's field that are ImGui's: leaving or moving between fields, submitting,
// cancelling; everything else (text, caret, selection, clipboard, undo) is the browser's there.
bool overlay_key_is_imgui(ImGuiKey key, bool multiline, bool ctrl_or_cmd) {
    switch (key) {
    case ImGuiKey_Tab:
    case ImGuiKey_Escape: return true;
    case ImGuiKey_Enter:
    case ImGuiKey_KeypadEnter: return !multiline || ctrl_or_cmd;   // Ctrl+Enter saves a form
    case ImGuiKey_UpArrow:
    case ImGuiKey_DownArrow: return !multiline;
    default: return false;
    }
}

// A key in the overlay's field: ImGui's keys take the canvas's path (settled before the next key);
// the others stay the browser's, and ImGui only hears their release (no key stays down in ImGui when
// focus moved into the field between a press and its release).
EM_BOOL on_overlay_key(int type, const EmscriptenKeyboardEvent* e, bool multiline) {
    if (e->keyCode == 229 || std::strcmp(e->key, "Process") == 0) return EM_FALSE;   // IME at work
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey key = key_from_code(e->code);
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    if (!down) {
        update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
        if (key != ImGuiKey_None && ImGui::GetKeyData(key)->Down) {
            io.AddKeyEvent(key, false);
            wake();
        }
        return EM_FALSE;
    }
    if (key == ImGuiKey_None || !overlay_key_is_imgui(key, multiline, e->ctrlKey || e->metaKey)) return EM_FALSE;
    wake();
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    io.AddKeyEvent(key, true);
    if (g.stats.apple && e->metaKey) io.AddKeyEvent(key, false);   // no keyup while Cmd is held
    settle_key();
    return EM_TRUE;   // Tab must not move DOM focus; Enter/Esc are the app's
}

// user_data: the overlay's tags (on_overlay_key); nullptr for the canvas and the mirror.
EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void* user_data) {
    if (user_data == &g_overlay_input_tag || user_data == &g_overlay_area_tag) {
        return on_overlay_key(type, e, user_data == &g_overlay_area_tag);
    }
    wake();
    if (e->keyCode == 229 || std::strcmp(e->key, "Process") == 0) return EM_FALSE;   // IME at work
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    const ImGuiKey key = key_from_code(e->code);
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    const bool shortcut = g.stats.apple ? e->metaKey : e->ctrlKey;
    if (down && shortcut && key == ImGuiKey_V) {
        g.paste_mod = g.stats.apple ? ImGuiMod_Super : ImGuiMod_Ctrl;
        js_html5_await_paste();   // the key goes to ImGui with the clipboard's text (crm_html5_paste_shortcut)
        return EM_FALSE;          // the browser's paste event must fire
    }
    if (key != ImGuiKey_None) {
        io.AddKeyEvent(key, down);
        // macOS sends no keyup for a key released while Cmd is held: release it at once.
        if (down && g.stats.apple && e->metaKey && !is_modifier_key(key)) io.AddKeyEvent(key, false);
    }
    if (!down) return EM_FALSE;
    EM_BOOL handled = EM_FALSE;
    if (e->ctrlKey || e->metaKey) {
        if (shortcut && (key == ImGuiKey_C || key == ImGuiKey_X)) {
            g.copy_pending = false;
            run_frames_now(2);    // ImGui copies now; the browser's copy event follows this handler
            return EM_FALSE;
        }
        // Paste, zoom, reload, tabs... stay the browser's.
    } else if (is_single_character(e->key)) {
        io.AddInputCharactersUTF8(e->key);
        handled = EM_TRUE;
    } else if (key == ImGuiKey_F5 || key == ImGuiKey_F11 || key == ImGuiKey_F12 || is_modifier_key(key)) {
        return EM_FALSE;
    } else {
        handled = key != ImGuiKey_None;   // Tab, arrows, Backspace, Enter: ImGui's, not the page's
    }
    settle_key();
    return handled;
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    wake();
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    if (type == EMSCRIPTEN_EVENT_MOUSELEAVE) {
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        return EM_FALSE;
    }
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    int b = mouse_button_from_dom(e->button);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && b >= 0) io.AddMouseButtonEvent(b, true);
    if (type == EMSCRIPTEN_EVENT_MOUSEUP && b >= 0) io.AddMouseButtonEvent(b, false);
    // A press or release is drawn at once rather than at the next animation frame: ImGui needs one
    // frame for the press and one for the release, so a click then reaches update() (and its
    // request leaves) up to two refresh intervals sooner. Moves still wait for the refresh.
    if ((type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP) && b >= 0) draw_now();
    return EM_FALSE;   // the browser still focuses the canvas on mousedown
}

EM_BOOL on_document_mouseup(int, const EmscriptenMouseEvent* e, void*) {
    // A drag that ends outside the canvas must still release the button.
    int b = mouse_button_from_dom(e->button);
    if (b >= 0 && ImGui::GetIO().MouseDown[b]) {
        ImGui::GetIO().AddMouseButtonEvent(b, false);
        wake();
    }
    return EM_FALSE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    if (e->mouse.ctrlKey) return EM_FALSE;   // Ctrl+wheel stays the browser's zoom (fonts follow the DPR)
    wake();
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    update_modifiers(io, e->mouse.ctrlKey, e->mouse.shiftKey, e->mouse.altKey, e->mouse.metaKey);
    io.AddMousePosEvent(static_cast<float>(e->mouse.targetX), static_cast<float>(e->mouse.targetY));
    io.AddMouseWheelEvent(wheel_units(e->deltaX, e->deltaMode), wheel_units(e->deltaY, e->deltaMode));
    return EM_TRUE;    // the page itself does not scroll
}

// One finger: tap = click where it went down, drag = scroll; the event's default is prevented so
// the browser sends no compatibility mouse events (no phantom clicks) and does not scroll the page.
EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    wake();
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        const float x = static_cast<float>(t.targetX), y = static_cast<float>(t.targetY);
        const int id = static_cast<int>(t.identifier);
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
            if (g.touch.active()) continue;        // a second finger is ignored
            g.touch.begin(id, x, y);
            io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
            io.AddMousePosEvent(x, y);
        } else if (!g.touch.active() || id != g.touch.id()) {
            continue;
        } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
            float wx = 0, wy = 0;
            g.touch.move(x, y, &wx, &wy);
            if (wx != 0 || wy != 0) {
                io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
                io.AddMousePosEvent(g.touch.start_x(), g.touch.start_y());
                io.AddMouseWheelEvent(wx, wy);
            }
        } else if (type == EMSCRIPTEN_EVENT_TOUCHEND) {
            const float sx = g.touch.start_x(), sy = g.touch.start_y();
            if (g.touch.end()) {
                io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
                io.AddMousePosEvent(sx, sy);
                io.AddMouseButtonEvent(0, true);
                io.AddMouseButtonEvent(0, false);
                run_frames_now(4);
                if (io.WantTextInput) text_overlay_focus();   // inside the gesture: the keyboard opens
            }
        } else {
            g.touch.cancel();
        }
    }
    return EM_TRUE;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    wake();
    return EM_FALSE;
}

EM_BOOL on_context_lost(int, const void*, void*) {
    g.stats.context_lost = true;
    if (g.on_lost) g.on_lost();
    return EM_TRUE;   // preventDefault: the browser may restore the context
}

EM_BOOL on_context_restored(int, const void*, void*) {
    g.stats.context_lost = false;
    if (g.on_restored) g.on_restored();
    wake();
    return EM_TRUE;
}

void set_clipboard_text(void*, const char* text) {
    g.clipboard = text ? text : "";
    g.copy_pending = true;
    js_html5_write_clipboard(g.clipboard.c_str());   // also for copies not made by a shortcut
}

const char* get_clipboard_text(void*) { return g.clipboard.c_str(); }

}  // namespace

void request_frames(int frames) { wake(frames); }

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

    text_overlay_install(g.canvas);   // before js_html5_install, which tracks its elements' focus
    js_html5_install(g.canvas);
    g.stats.apple = js_html5_is_apple() != 0;

    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "imgui_impl_html5";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.ConfigMacOSXBehaviors = g.stats.apple;   // Cmd shortcuts, Option word moves
    io.SetClipboardTextFn = set_clipboard_text;
    io.GetClipboardTextFn = get_clipboard_text;
    g.last_time = emscripten_get_now();

    emscripten_set_mousedown_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseup_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mousemove_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseleave_callback(g.canvas, nullptr, EM_TRUE, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, on_document_mouseup);
    emscripten_set_wheel_callback(g.canvas, nullptr, EM_TRUE, on_wheel);
    emscripten_set_touchstart_callback(g.canvas, nullptr, EM_TRUE, on_touch);
    emscripten_set_touchmove_callback(g.canvas, nullptr, EM_TRUE, on_touch);
    emscripten_set_touchend_callback(g.canvas, nullptr, EM_TRUE, on_touch);
    emscripten_set_touchcancel_callback(g.canvas, nullptr, EM_TRUE, on_touch);
    // Keys only while the canvas or the overlay's field has focus, so HTML inputs on the page work.
    emscripten_set_keydown_callback(g.canvas, nullptr, EM_TRUE, on_key);
    emscripten_set_keyup_callback(g.canvas, nullptr, EM_TRUE, on_key);
    emscripten_set_keydown_callback(kTextOverlayInputSelector, &g_overlay_input_tag, EM_TRUE, on_key);
    emscripten_set_keyup_callback(kTextOverlayInputSelector, &g_overlay_input_tag, EM_TRUE, on_key);
    emscripten_set_keydown_callback(kTextOverlayAreaSelector, &g_overlay_area_tag, EM_TRUE, on_key);
    emscripten_set_keyup_callback(kTextOverlayAreaSelector, &g_overlay_area_tag, EM_TRUE, on_key);
    emscripten_set_keydown_callback("#a11y-mirror", nullptr, EM_TRUE, on_key);   // focused mirror elements
    emscripten_set_keyup_callback("#a11y-mirror", nullptr, EM_TRUE, on_key);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    emscripten_set_webglcontextlost_callback(g.canvas, nullptr, EM_TRUE, on_context_lost);
    emscripten_set_webglcontextrestored_callback(g.canvas, nullptr, EM_TRUE, on_context_restored);
    return true;
}

void html5_run(FrameDemand (*frame)()) {
    g.frame = frame;
    g.started = true;
    g.pacer.wake();
    // The first frame now, not at the next animation frame: it is on the start-up's critical path
    // (with answers the shell fetched before the app ran, it already draws the rows). Drawn outside
    // an animation-frame callback, it is still shown: the browser presents the canvas after this task.
    draw_frame(true);
    schedule();
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
    if (fb_w != g.stats.framebuffer_w || fb_h != g.stats.framebuffer_h) {
        emscripten_set_canvas_element_size(g.canvas, fb_w, fb_h);
        g.stats.framebuffer_w = fb_w;
        g.stats.framebuffer_h = fb_h;
    }
    g.stats.dpr = dpr;
    g.stats.css_w = static_cast<float>(css_w);
    g.stats.css_h = static_cast<float>(css_h);
    io.DisplaySize = ImVec2(static_cast<float>(css_w), static_cast<float>(css_h));
    io.DisplayFramebufferScale = ImVec2(css_w > 0 ? fb_w / static_cast<float>(css_w) : dpr,
                                        css_h > 0 ? fb_h / static_cast<float>(css_h) : dpr);
    double now = emscripten_get_now();
    double dt = (now - g.last_time) / 1000.0;
    // Real time since the last drawn frame, so ImGui's timers (caret blink, settings save) run on
    // the wall clock while idle; clamped after a long sleep or a hidden tab.
    io.DeltaTime = static_cast<float>(dt > 0 ? (dt < 5.0 ? dt : 5.0) : 1.0 / 60.0);
    g.last_time = now;

    ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != g.cursor) {
        g.cursor = cursor;
        js_set_cursor(g.canvas, css_cursor(cursor));
    }
}

void html5_end_frame(const TextFieldView* active_text_field) {
    text_overlay_end_frame(active_text_field);
    int s = js_html5_focus_state();
    g.stats.app_focused = (s & 1) != 0;
    g.stats.text_element_focused = (s & 2) != 0;
}

bool html5_frame_at_refresh() { return g.at_refresh; }

float html5_device_pixel_ratio() { return g.dpr > 0 ? g.dpr : 1.0f; }

bool html5_dpr_changed() {
    bool changed = g.dpr_changed;
    g.dpr_changed = false;
    return changed;
}

const Html5Stats& html5_stats() { return g.stats; }

void html5_set_context_lost_handler(void (*lost)(), void (*restored)()) {
    g.on_lost = lost;
    g.on_restored = restored;
}

}  // namespace crm::platform

// ---- Called from the JavaScript side ------------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE void crm_html5_wake() { crm::platform::wake(); }
// A press from outside the canvas's own events (the screen-reader mirror's click) is carried
// through now, in its handler, like a key: the item activates and its request leaves before this
// returns, instead of over the next animation frames.
EMSCRIPTEN_KEEPALIVE void crm_html5_settle_now() {
    crm::platform::wake();
    crm::platform::settle_key();
}

EMSCRIPTEN_KEEPALIVE void crm_html5_on_focus(int focused) {
    ImGui::GetIO().AddFocusEvent(focused != 0);   // focus lost: ImGui releases every key (no stuck keys)
    crm::platform::wake();
}

EMSCRIPTEN_KEEPALIVE void crm_html5_on_paste(const char* utf8) {
    crm::platform::g.clipboard = utf8 ? utf8 : "";
    crm::platform::wake();
}

EMSCRIPTEN_KEEPALIVE void crm_html5_paste_shortcut() {
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey mod = crm::platform::g.paste_mod;
    const bool held = mod == ImGuiMod_Super ? crm::platform::g.meta_down : crm::platform::g.ctrl_down;
    io.AddKeyEvent(mod, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    if (!held) io.AddKeyEvent(mod, false);
    crm::platform::wake();
}

EMSCRIPTEN_KEEPALIVE const char* crm_html5_take_copy() {
    if (!crm::platform::g.copy_pending) return nullptr;
    crm::platform::g.copy_pending = false;
    return crm::platform::g.clipboard.c_str();
}

}  // extern "C"
