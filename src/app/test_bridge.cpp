// test_bridge.cpp: window.consoleTest, fed by the item registry (ui/item_registry: ImGui's item hooks).
// Compiled into test builds only (CRM_TEST_BRIDGE). Reads state; never changes the model.
#include "app/test_bridge.hpp"
#include "platform/browser_text.hpp"
#include "platform/css_geometry.hpp"
#include "platform/imgui_impl_html5.hpp"
#include "platform/wake.hpp"
#include "ui/item_registry.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <vector>

// clang-format off
EM_JS(void, js_install_console_test, (), {
  // Rectangles in the page's CSS pixels, at any devicePixelRatio and UI scale: the conversion is
  // platform/css_geometry.hpp's, fed the canvas's place on the page.
  window.consoleTest = {
    model: function() { return JSON.parse(UTF8ToString(_ct_model_json())); },
    items: function() {
      var r = Module.canvas.getBoundingClientRect();
      return JSON.parse(UTF8ToString(_ct_items_json(r.left, r.top, r.width, r.height)));
    },
    frameCount: function() { return _ct_frame_count(); },
    navId: function() { return _ct_nav_id() >>> 0; },  // ImGui's keyboard-focused item (0: none)
    // Text drawn by the browser (platform/browser_text.hpp): per-frame counts (fallbackGlyphs: code
    // points drawn as the atlas's "?"), cache sizes, and the CSS font it draws with.
    textStats: function() { return JSON.parse(UTF8ToString(_ct_text_stats_json())); },
    // Off: the atlas alone draws every string (as before browser text), to prove fallbackGlyphs can fail.
    setBrowserText: function(on) { _ct_set_browser_text(on ? 1 : 0); }
  };
});
// clang-format on

namespace crm::app {

namespace {

const core::AppModel* g_model = nullptr;
std::string g_out;                  // keeps the returned C string alive until the next call

}  // namespace

void test_bridge_install() { js_install_console_test(); }   // the item hooks: ui/item_registry

void test_bridge_begin_frame() {}

void test_bridge_end_frame(const core::AppModel& model) { g_model = &model; }

}  // namespace crm::app

// ---- Exports read by window.consoleTest --------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* ct_model_json() {
    crm::app::g_out = crm::app::g_model ? crm::core::model_to_json(*crm::app::g_model).dump() : "null";
    return crm::app::g_out.c_str();
}

// canvas_*: the canvas's getBoundingClientRect(), so the rectangles come out in page CSS pixels.
EMSCRIPTEN_KEEPALIVE const char* ct_items_json(float canvas_x, float canvas_y, float canvas_w, float canvas_h) {
    const crm::platform::Html5Stats& stats = crm::platform::html5_stats();
    crm::platform::CanvasGeometry canvas;
    canvas.client = {canvas_x, canvas_y, canvas_w, canvas_h};
    canvas.display_w = stats.css_w;   // io.DisplaySize of the last frame
    canvas.display_h = stats.css_h;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : crm::ui::item_registry_items()) {
        const crm::platform::CssRect r = crm::platform::imgui_to_page_css(
            {it.rect.Min.x, it.rect.Min.y, it.rect.GetWidth(), it.rect.GetHeight()}, canvas);
        nlohmann::json j = {{"id", it.id},
                            {"label", it.label},
                            {"x", r.x},
                            {"y", r.y},
                            {"w", r.w},
                            {"h", r.h},
                            {"disabled", (it.item_flags & ImGuiItemFlags_Disabled) != 0}};
        if (it.status & ImGuiItemStatusFlags_Checkable) j["checked"] = (it.status & ImGuiItemStatusFlags_Checked) != 0;
        if (it.status & ImGuiItemStatusFlags_Openable) j["open"] = (it.status & ImGuiItemStatusFlags_Opened) != 0;
        out.push_back(std::move(j));
    }
    crm::app::g_out = out.dump();
    return crm::app::g_out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ct_text_stats_json() {
    const crm::platform::BrowserTextStats& s = crm::platform::browser_text_stats();
    const nlohmann::json j = {{"enabled", s.enabled},
                              {"strings", s.strings_last_frame},
                              {"fallbackGlyphs", s.fallback_glyphs_last_frame},
                              {"fallbackGlyphsTotal", s.fallback_glyphs_total},
                              {"rasters", s.rasters},
                              {"measures", s.measures},
                              {"cachedStrings", s.cached_strings},
                              {"layouts", s.layouts},
                              {"pages", s.pages},
                              {"evictions", s.evictions},
                              {"textureBytes", s.texture_bytes},
                              {"cpuBytes", s.cpu_bytes},
                              {"emPx", s.em_px},
                              {"fontFamily", crm::platform::browser_text_font_family()},
                              {"dpr", crm::platform::html5_device_pixel_ratio()},
                              {"fontSize", ImGui::GetFontSize()}};
    crm::app::g_out = j.dump();
    return crm::app::g_out.c_str();
}

EMSCRIPTEN_KEEPALIVE void ct_set_browser_text(int on) {
    crm::platform::browser_text_set_enabled(on != 0);
    crm::platform::request_frames();
}

EMSCRIPTEN_KEEPALIVE int ct_frame_count() { return crm::ui::item_registry_frames(); }

EMSCRIPTEN_KEEPALIVE unsigned ct_nav_id() { return ImGui::GetCurrentContext()->NavId; }

}  // extern "C"
