// test_bridge.cpp: window.consoleTest, fed by the item registry (ui/item_registry: ImGui's item hooks).
// Compiled into test builds only (CRM_TEST_BRIDGE). Reads state; never changes the model.
#include "app/test_bridge.hpp"
#include "platform/browser_text.hpp"
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
  var bridgeScale = function() {
    var c = Module.canvas; var r = c.getBoundingClientRect();
    return { sx: r.width / (c.width || 1), sy: r.height / (c.height || 1), left: r.left, top: r.top };
  };
  window.consoleTest = {
    model: function() { return JSON.parse(UTF8ToString(_ct_model_json())); },
    items: function() {
      var items = JSON.parse(UTF8ToString(_ct_items_json()));
      var s = bridgeScale();
      return items.map(function(it) {
        it.x = s.left + it.x * s.sx; it.y = s.top + it.y * s.sy;
        it.w = it.w * s.sx; it.h = it.h * s.sy; return it;
      });
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

EMSCRIPTEN_KEEPALIVE const char* ct_items_json() {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : crm::ui::item_registry_items()) {
        nlohmann::json j = {{"id", it.id},
                            {"label", it.label},
                            {"x", it.rect.Min.x},
                            {"y", it.rect.Min.y},
                            {"w", it.rect.GetWidth()},
                            {"h", it.rect.GetHeight()},
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
