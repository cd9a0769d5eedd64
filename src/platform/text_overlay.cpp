// text_overlay.cpp: the native text field over the active ImGui text field (see the header).
// DOM -> ImGui: an `input` event (or the end of an IME composition) marks the value pending; the next
// frame, right after ImGui::NewFrame() and before any InputText runs, writes it (filtered like typed
// characters, clamped to the field's buffer at a code point) into ImGuiInputTextState: ImGui 1.90.1
// then copies it into the field's buffer like a typed edit (InputTextEx's apply_new_text).
// ImGui -> DOM: on activation (text and selection), and when ImGui's text differs from what the
// field holds with no typing pending (a filter or the buffer size cut it, the app replaced it).
#include "platform/text_overlay.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "platform/wake.hpp"

// clang-format off
EM_JS(void, js_overlay_install, (const char* canvas_selector), {
  var canvas = document.querySelector(UTF8ToString(canvas_selector));
  var make = function(tag, id) {
    var el = document.createElement(tag);
    if (tag === 'input') el.type = 'text';
    el.id = id; el.tabIndex = -1;
    el.setAttribute('autocomplete', 'off'); el.setAttribute('autocorrect', 'off');
    el.setAttribute('autocapitalize', 'off'); el.setAttribute('spellcheck', 'false');
    // Visible, over the canvas; ImGui draws the frame's border and focus ring around it.
    el.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;margin:0;border:0;outline:none;' +
      'box-sizing:border-box;z-index:1;display:none;resize:none;border-radius:0;box-shadow:none;' +
      'appearance:none;-webkit-appearance:none;min-width:0;min-height:0;max-width:none;max-height:none;' +
      'text-align:start;unicode-bidi:plaintext;' +
      'font-kerning:none;font-variant-ligatures:none';   // as ImGui draws: unkerned
    el.dir = 'auto';
    document.body.appendChild(el);
    return el;
  };
  var input = make('input', 'crm-text-input');
  var area = make('textarea', 'crm-text-area');
  area.setAttribute('wrap', 'off');   // ImGui's multiline fields scroll sideways, they do not wrap
  area.style.whiteSpace = 'pre'; area.style.overflow = 'auto';
  // The selection colour is the theme's (a constructed sheet: no inline <style> under the CSP).
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('#crm-text-input::selection,#crm-text-area::selection{background:var(--crm-selection,Highlight)}');
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } catch (e) {}
  var mirror = document.getElementById('a11y-mirror');
  var o = {
    input: input, area: area, el: null, id: 0, composing: false, pending: false, pendingId: 0,
    imguiEmpty: true, bg: 'transparent', shownBg: "", key: "", family: 'system-ui, sans-serif'
  };
  var owns = function(el) { return !!el && (el === input || el === area); };
  var inApp = function(el) { return !!el && (el === canvas || owns(el) || (!!mirror && mirror.contains(el))); };
  var u16ToCp = function(s, u) { return Array.from(s.slice(0, u)).length; };
  var cpToU16 = function(s, cp) {
    var i = 0, n = 0;
    while (i < s.length && n < cp) {
      var c = s.charCodeAt(i);
      i += (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00) ? 2 : 1;
      n++;
    }
    return i;
  };
  // Empty (and not composing): see-through, so ImGui's hint shows; opaque once there is text.
  var updateLook = function() {
    var el = o.el; if (!el) return;
    var clear = el.value === "" && o.imguiEmpty && !o.composing;
    var bg = clear ? 'transparent' : o.bg;
    if (o.shownBg !== bg) { o.shownBg = bg; el.style.backgroundColor = bg; }
  };
  var markPending = function() { o.pending = true; o.pendingId = o.id; updateLook(); _crm_html5_wake(); };
  [input, area].forEach(function(el) {
    el.addEventListener('input', function(e) {
      if (e.isComposing || o.composing) { updateLook(); return; }   // committed at compositionend
      markPending();
    });
    el.addEventListener('compositionstart', function() { o.composing = true; updateLook(); });
    el.addEventListener('compositionend', function() { o.composing = false; markPending(); });
    // Focus moved to something else on the page (not the canvas, its mirror, a window switch):
    // the field is left, as a click elsewhere would.
    el.addEventListener('focusout', function(e) { if (e.relatedTarget && !inApp(e.relatedTarget)) _crm_text_overlay_blurred(); });
    // The wheel scrolls what is under the field (the dialog, the list) unless a textarea scrolls itself.
    el.addEventListener('wheel', function(e) {
      if (e.ctrlKey) return;   // the browser's zoom
      if (el === area) {
        var dy = e.deltaY;
        if ((dy < 0 && el.scrollTop > 0) || (dy > 0 && el.scrollTop + el.clientHeight < el.scrollHeight - 1) ||
            (e.deltaX !== 0 && el.scrollWidth > el.clientWidth)) return;
      }
      e.preventDefault();
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: e.deltaX, deltaY: e.deltaY, deltaZ: e.deltaZ,
        deltaMode: e.deltaMode, clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY,
        shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey, bubbles: true, cancelable: true }));
    }, { passive: false });
  });
  var hex = function(c) { return '#' + ('000000' + (c >>> 0).toString(16)).slice(-6); };
  Module.crmTextOverlay = {
    input: input, area: area, owns: owns, inApp: inApp,
    setFont: function(family) { o.family = family; o.key = ""; },   // the shell registers ui.ttf (FontFace)
    show: function(multiline, id, x, y, w, h, cl, ct, cr, cb, fontPx, linePx, padX, padY, bg, fg, sel, flags, label, imguiEmpty) {
      var el = multiline ? area : input;
      if (o.el !== el) {
        var prev = o.el; o.el = el; o.key = ""; o.shownBg = "";
        el.style.display = 'block';
        if (prev) {
          var had = document.activeElement === prev;
          if (had) el.focus({ preventScroll: true });
          prev.style.display = 'none'; prev.value = "";
        }
      }
      if (o.id !== (id >>> 0)) { o.id = id >>> 0; o.pending = false; }
      o.imguiEmpty = !!imguiEmpty;
      var r = canvas.getBoundingClientRect();
      var left = r.left + x, top = r.top + y;
      var lab = UTF8ToString(label);
      var key = [left, top, w, h, cl, ct, cr, cb, fontPx, linePx, padX, padY, bg, fg, sel, flags, lab, o.family].join('|');
      if (key !== o.key) {
        o.key = key;
        var s = el.style;
        s.display = 'block';
        s.left = left + 'px'; s.top = top + 'px'; s.width = w + 'px'; s.height = h + 'px';
        // The part the field's window shows (scrolled partly or wholly out: clipped, still focused).
        var it = Math.max(0, ct - y), ir = Math.max(0, x + w - cr), ib = Math.max(0, y + h - cb), il = Math.max(0, cl - x);
        s.clipPath = (it || ir || ib || il) ? 'inset(' + it + 'px ' + ir + 'px ' + ib + 'px ' + il + 'px)' : 'none';
        s.font = fontPx + 'px/' + linePx + 'px ' + o.family;
        s.padding = multiline ? (padY + 'px ' + padX + 'px') : ('0 ' + padX + 'px');
        o.bg = hex(bg);
        s.color = hex(fg); s.caretColor = hex(fg);
        s.setProperty('--crm-selection', hex(sel));
        el.spellcheck = (flags & 1) !== 0;
        el.readOnly = (flags & 2) !== 0;
        el.inputMode = (flags & 4) !== 0 ? 'decimal' : 'text';
        if (el === input) el.type = (flags & 8) !== 0 ? 'password' : 'text';
        el.setAttribute('aria-label', lab);
      }
      updateLook();
    },
    // ImGui's text and selection (code points) into the field; refused while an IME composes.
    setValue: function(p, a, b, backward) {
      var el = o.el; if (!el || o.composing) return 0;
      var v = UTF8ToString(p);
      if (el.value !== v) el.value = v;
      try { el.setSelectionRange(cpToU16(v, a), cpToU16(v, b), backward ? 'backward' : 'forward'); } catch (e) {}
      o.pending = false;
      updateLook();
      return 1;
    },
    pending: function() { return o.pending || o.composing; },
    // The value typed since the last frame, if it belongs to the active field: UTF-8 (malloc'd),
    // and the selection in code points at out[0..2] (start, end, backward).
    take: function(activeId, out) {
      if (!o.pending) return 0;
      o.pending = false;
      var el = o.el;
      if (!el || o.pendingId !== (activeId >>> 0) || o.id !== o.pendingId) return 0;
      var v = el.value;
      HEAP32[out >> 2] = u16ToCp(v, el.selectionStart || 0);
      HEAP32[(out >> 2) + 1] = u16ToCp(v, el.selectionEnd || 0);
      HEAP32[(out >> 2) + 2] = el.selectionDirection === 'backward' ? 1 : 0;
      var n = lengthBytesUTF8(v) + 1; var q = _malloc(n); stringToUTF8(v, q, n); return q;
    },
    focus: function(force) {
      var el = o.el; if (!el) return;
      var a = document.activeElement;
      if (a !== el && (force || inApp(a))) el.focus({ preventScroll: true });
    },
    hide: function() {
      var el = o.el; if (!el) return;
      o.el = null; o.id = 0; o.pending = false; o.composing = false; o.key = ""; o.shownBg = "";
      if (document.activeElement === el) canvas.focus({ preventScroll: true });   // before it goes: no app blur
      el.style.display = 'none'; el.value = "";
      if (el === input) el.type = 'text';
    },
  };
});
EM_JS(void, js_overlay_set_font, (const char* family), { Module.crmTextOverlay.setFont(UTF8ToString(family)); });
EM_JS(void, js_overlay_show, (int multiline, unsigned id, float x, float y, float w, float h, float cl, float ct, float cr,
                              float cb, float font_px, float line_px, float pad_x, float pad_y, unsigned bg, unsigned fg,
                              unsigned sel, int flags, const char* label, int imgui_empty), {
  Module.crmTextOverlay.show(multiline, id, x, y, w, h, cl, ct, cr, cb, font_px, line_px, pad_x, pad_y, bg, fg, sel, flags,
                             label, imgui_empty);
});
EM_JS(int, js_overlay_set_value, (const char* text, int a, int b, int backward), {
  return Module.crmTextOverlay.setValue(text, a, b, backward);
});
EM_JS(int, js_overlay_pending, (), { return Module.crmTextOverlay.pending() ? 1 : 0; });
EM_JS(char*, js_overlay_take, (unsigned active_id, int* out), { return Module.crmTextOverlay.take(active_id, out); });
EM_JS(void, js_overlay_focus, (int force), { Module.crmTextOverlay.focus(force); });
EM_JS(void, js_overlay_hide, (), { Module.crmTextOverlay.hide(); });
// clang-format on

namespace crm::platform {

namespace {

struct Overlay {
    bool installed = false;
    bool shown = false;          // covering an active field
    ImGuiID field = 0;
    bool multiline = false;
    std::string dom;             // what the DOM field holds, as far as this side knows
    bool blurred = false;        // focus left for somewhere else on the page
    float em_per_size = 1.0f;    // CSS font-size / ImGui font size (see text_overlay_set_font)
};
Overlay g_o;

// What ImGui's InputText would keep of a typed character (InputTextFilterCharacter, without callbacks).
bool filter_char(unsigned& c, ImGuiInputTextFlags flags, const ImGuiIO& io) {
    if (c < 0x20) return (c == '\n' && (flags & ImGuiInputTextFlags_Multiline)) || (c == '\t' && (flags & ImGuiInputTextFlags_AllowTabInput));
    if (c == 127 || c > IM_UNICODE_CODEPOINT_MAX) return false;
    constexpr ImGuiInputTextFlags kNamed = ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsHexadecimal |
                                           ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank |
                                           ImGuiInputTextFlags_CharsScientific;
    if (!(flags & kNamed)) return true;
    const unsigned point = static_cast<unsigned>(io.PlatformLocaleDecimalPoint);
    const bool numeric = (flags & (ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsScientific)) != 0;
    if (numeric && (c == '.' || c == ',')) c = point;
    if ((flags & (ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsScientific | ImGuiInputTextFlags_CharsHexadecimal)) &&
        c >= 0xFF01 && c <= 0xFF5E) {
        c = c - 0xFF01 + 0x21;   // full-width digits (an IME's) -> ASCII
    }
    const bool digit = c >= '0' && c <= '9';
    const bool arith = c == point || c == '-' || c == '+' || c == '*' || c == '/';
    if ((flags & ImGuiInputTextFlags_CharsDecimal) && !digit && !arith) return false;
    if ((flags & ImGuiInputTextFlags_CharsScientific) && !digit && !arith && c != 'e' && c != 'E') return false;
    if ((flags & ImGuiInputTextFlags_CharsHexadecimal) && !digit && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) return false;
    if ((flags & ImGuiInputTextFlags_CharsUppercase) && c >= 'a' && c <= 'z') c += 'A' - 'a';
    if ((flags & ImGuiInputTextFlags_CharsNoBlank) && ImCharIsBlankW(c)) return false;
    return true;
}

int utf8_length(unsigned c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

std::string state_text(const ImGuiInputTextState& s) {
    std::string out(static_cast<size_t>(s.CurLenW) * 4 + 1, '\0');
    const int n = ImTextStrToUtf8(out.data(), static_cast<int>(out.size()), s.TextW.Data, s.TextW.Data + s.CurLenW);
    out.resize(static_cast<size_t>(n));
    return out;
}

// The DOM's value (typed since the last frame) into the active field's state.
void apply_input(ImGuiContext& g) {
    int sel[3] = {0, 0, 0};
    char* p = js_overlay_take(g.ActiveId, sel);
    if (!p) return;
    const std::string raw(p);
    std::free(p);
    g_o.dom = raw;
    ImGuiInputTextState* s = ImGui::GetInputTextState(g.ActiveId);
    if (!s || (s->Flags & ImGuiInputTextFlags_ReadOnly)) return;
    // Fixed char buffers hold BufCapacityA - 1 bytes; std::string fields (CallbackResize) grow.
    const bool resizable = (s->Flags & ImGuiInputTextFlags_CallbackResize) != 0;
    const int max_bytes = resizable ? INT_MAX : std::max(0, s->BufCapacityA - 1);
    std::vector<ImWchar> w;
    std::vector<int> kept_before;   // DOM code point index -> kept code points before it
    w.reserve(raw.size());
    kept_before.reserve(raw.size() + 1);
    int bytes = 0;
    bool full = false;
    const char* it = raw.c_str();
    const char* end = it + raw.size();
    while (it < end) {
        kept_before.push_back(static_cast<int>(w.size()));
        unsigned c = 0;
        const int len = ImTextCharFromUtf8(&c, it, end);
        it += len > 0 ? len : 1;
        if (full || !filter_char(c, s->Flags, g.IO)) continue;
        if (bytes + utf8_length(c) > max_bytes) {   // cut at a code point, never inside one
            full = true;
            continue;
        }
        bytes += utf8_length(c);
        w.push_back(static_cast<ImWchar>(c));
    }
    kept_before.push_back(static_cast<int>(w.size()));
    const int n = static_cast<int>(w.size());
    if (s->TextW.Size < n + 1) s->TextW.resize(n + 1);
    if (n > 0) std::memcpy(s->TextW.Data, w.data(), sizeof(ImWchar) * static_cast<size_t>(n));
    s->TextW[n] = 0;
    s->CurLenW = n;
    // TextA too: ImGui recomputes it from TextW in this frame's InputText, but a widget taking the
    // active id before that (InputTextDeactivateHook) reads it as the text to keep.
    s->TextA.resize(s->CurLenW * 4 + 1);
    s->CurLenA = ImTextStrToUtf8(s->TextA.Data, s->TextA.Size, s->TextW.Data, s->TextW.Data + n);
    s->TextAIsValid = true;
    auto map = [&](int cp) { return kept_before[static_cast<size_t>(std::clamp(cp, 0, static_cast<int>(kept_before.size()) - 1))]; };
    const int a = map(std::min(sel[0], sel[1])), b = map(std::max(sel[0], sel[1]));
    s->Stb.select_start = a;
    s->Stb.select_end = b;
    s->Stb.cursor = sel[2] ? a : b;
    s->Stb.has_preferred_x = 0;
    s->CursorClamp();
    s->CursorFollow = true;
}

// After ImGui::NewFrame(), before any widget: typed text in, a blur out.
void on_new_frame_post(ImGuiContext* ctx, ImGuiContextHook*) {
    ImGuiContext& g = *ctx;
    if (!g_o.shown || g.ActiveId == 0 || g.ActiveId != g_o.field) {
        g_o.blurred = false;
        return;
    }
    if (g_o.blurred) {
        g_o.blurred = false;
        apply_input(g);
        ImGui::ClearActiveID();   // the field reports IsItemDeactivated(AfterEdit) as for a click elsewhere
        return;
    }
    apply_input(g);
    // ImGui's own caret stays off under the overlay (it would show through an empty, see-through field).
    if (ImGuiInputTextState* s = ImGui::GetInputTextState(g.ActiveId)) s->CursorAnim = 1.0f - g.IO.DeltaTime;
}

unsigned rgb(const ImVec4& c) {
    auto ch = [](float v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return (ch(c.x) << 16) | (ch(c.y) << 8) | ch(c.z);
}

ImVec4 over(const ImVec4& top, const ImVec4& base) {
    const float a = top.w;
    return ImVec4(top.x * a + base.x * (1 - a), top.y * a + base.y * (1 - a), top.z * a + base.z * (1 - a), 1.0f);
}

void push_value(const ImGuiInputTextState& s, const std::string& text) {
    const int lo = std::min(s.Stb.select_start, s.Stb.select_end), hi = std::max(s.Stb.select_start, s.Stb.select_end);
    const bool selection = lo != hi;
    const int a = selection ? lo : s.Stb.cursor, b = selection ? hi : s.Stb.cursor;
    const bool backward = selection && s.Stb.cursor == lo;
    if (js_overlay_set_value(text.c_str(), a, b, backward ? 1 : 0)) g_o.dom = text;
}

}  // namespace

void text_overlay_install(const char* canvas_selector) {
    js_overlay_install(canvas_selector);
    ImGuiContextHook hook;
    hook.Type = ImGuiContextHookType_NewFramePost;
    hook.Callback = on_new_frame_post;
    ImGui::AddContextHook(ImGui::GetCurrentContext(), &hook);
    g_o.installed = true;
}

void text_overlay_set_font(float em_per_size, const char* family) {
    if (!g_o.installed || em_per_size <= 0) return;
    g_o.em_per_size = em_per_size;
    js_overlay_set_font(family);
}

void text_overlay_end_frame(const TextFieldView* f) {
    if (!g_o.installed) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiInputTextState* s = f ? ImGui::GetInputTextState(f->id) : nullptr;
    if (!f || !s || g.ActiveId != f->id) {
        if (g_o.shown) js_overlay_hide();
        g_o.shown = false;
        g_o.field = 0;
        g_o.dom.clear();
        return;
    }
    const bool multiline = (s->Flags & ImGuiInputTextFlags_Multiline) != 0;
    const bool activated = !g_o.shown || g_o.field != f->id || g.ActiveIdIsJustActivated || multiline != g_o.multiline;
    const ImGuiStyle& st = g.Style;
    ImGuiWindow* window = ImGui::FindWindowByID(f->window_id);
    ImRect clip(ImVec2(0, 0), g.IO.DisplaySize);
    if (window) clip.ClipWithFull(window->InnerClipRect);
    // Inside ImGui's frame border (high-contrast themes draw one): the overlay has none of its own.
    const float border = st.FrameBorderSize;
    ImRect r = f->frame;
    r.Expand(-border);
    const bool popup = window && (window->RootWindow->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip));
    const ImVec4 base = st.Colors[popup ? ImGuiCol_PopupBg : ImGuiCol_WindowBg];
    const ImVec4 bg = over(st.Colors[ImGuiCol_FrameBg], over(base, ImVec4(0, 0, 0, 1)));
    int flags = 0;
    if (f->spellcheck) flags |= 1;
    if ((s->Flags & ImGuiInputTextFlags_ReadOnly) || f->disabled) flags |= 2;
    if (s->Flags & (ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsScientific)) flags |= 4;
    if (s->Flags & ImGuiInputTextFlags_Password) flags |= 8;
    const std::string text = state_text(*s);
    const std::string label = f->label.empty() ? std::string("text field") : f->label;
    js_overlay_show(multiline ? 1 : 0, f->id, r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight(), clip.Min.x, clip.Min.y, clip.Max.x,
                    clip.Max.y, g.FontSize * g_o.em_per_size, g.FontSize, std::max(0.0f, st.FramePadding.x - border),
                    std::max(0.0f, st.FramePadding.y - border), rgb(bg), rgb(st.Colors[ImGuiCol_Text]),
                    rgb(over(st.Colors[ImGuiCol_TextSelectedBg], bg)), flags, label.c_str(), text.empty() ? 1 : 0);
    if (activated) {
        g_o.dom.clear();
        push_value(*s, text);
    } else if (text != g_o.dom && !js_overlay_pending()) {
        push_value(*s, text);   // cut to the buffer, filtered, or replaced by the app
    }
    js_overlay_focus(0);
    g_o.shown = true;
    g_o.field = f->id;
    g_o.multiline = multiline;
}

bool text_overlay_shown() { return g_o.shown; }

void text_overlay_focus() {
    if (g_o.shown) js_overlay_focus(1);
}

}  // namespace crm::platform

extern "C" {
// Focus went from the overlay to something else on the page: the next frame leaves the field.
EMSCRIPTEN_KEEPALIVE void crm_text_overlay_blurred() {
    crm::platform::g_o.blurred = true;
    crm::platform::request_frames(3);
}
}
