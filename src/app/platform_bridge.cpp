// platform_bridge.cpp: window.consoleTest.wake/platform/openProbe/probe (see the header).
// Test builds only. Reads platform state; the probe window holds its own state, not the model.
#include "app/platform_bridge.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <string>

#include "core/app/screen.hpp"
#include "platform/imgui_impl_html5.hpp"
#include "platform/wake.hpp"

// clang-format off
EM_JS(void, js_install_platform_bridge, (), {
  var t = window.consoleTest || (window.consoleTest = {});
  t.wake = function(n) { _ct_wake(n || 3); };
  t.platform = function() { return JSON.parse(UTF8ToString(_ct_platform_json())); };
  t.openProbe = function() { _ct_open_probe(1); };
  t.closeProbe = function() { _ct_open_probe(0); };
  t.probe = function() { return JSON.parse(UTF8ToString(_ct_probe_json())); };
});
// clang-format on

namespace crm::app {

namespace {

struct Probe {
    bool open = false;
    char text[512] = "";
    int clicks = 0;
    float scroll_y = 0, scroll_max_y = 0;
};
Probe g_probe;
std::string g_json;

}  // namespace

void platform_bridge_install() { js_install_platform_bridge(); }

void platform_bridge_draw() {
    if (!g_probe.open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w = vp->WorkSize.x < 420 ? vp->WorkSize.x : 420;
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - w, vp->WorkPos.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, 320), ImGuiCond_Always);
    ImGui::Begin("Platform probe", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Probe text").x - ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::InputText("Probe text", g_probe.text, sizeof g_probe.text);
    if (ImGui::Button("Probe tap")) ++g_probe.clicks;
    ImGui::SameLine();
    ImGui::Text("taps: %d", g_probe.clicks);
    ImGui::BeginChild("probe-scroll", ImVec2(0, 0), ImGuiChildFlags_Border);
    for (int i = 0; i < 200; ++i) ImGui::Text("Line %d  \u0141\u00f3d\u017a \u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ae \u041c\u043e\u0441\u043a\u0432\u0430", i);
    g_probe.scroll_y = ImGui::GetScrollY();
    g_probe.scroll_max_y = ImGui::GetScrollMaxY();
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace crm::app

extern "C" {

EMSCRIPTEN_KEEPALIVE void ct_wake(int frames) { crm::platform::request_frames(frames > 0 ? frames : 3); }

EMSCRIPTEN_KEEPALIVE void ct_open_probe(int open) {
    crm::app::g_probe.open = open != 0;
    crm::platform::request_frames();
}

EMSCRIPTEN_KEEPALIVE const char* ct_platform_json() {
    const crm::platform::Html5Stats& s = crm::platform::html5_stats();
    const ImGuiIO& io = ImGui::GetIO();
    const ImFontAtlas* atlas = io.Fonts;
    nlohmann::json fonts = nlohmann::json::array();
    for (const ImFontConfig& c : atlas->ConfigData) fonts.push_back({{"sizePx", c.SizePixels}, {"density", c.RasterizerDensity}});
    crm::app::g_json = nlohmann::json{
        {"dpr", s.dpr},
        {"fontDensity", atlas->ConfigData.empty() ? 0.0f : atlas->ConfigData[0].RasterizerDensity},
        {"fonts", fonts},
        {"fontAtlasWidth", atlas->TexWidth},
        {"fontAtlasHeight", atlas->TexHeight},
        {"canvasWidth", s.framebuffer_w},
        {"canvasHeight", s.framebuffer_h},
        {"cssWidth", s.css_w},
        {"cssHeight", s.css_h},
        {"displayWidth", io.DisplaySize.x},
        {"framebufferScale", io.DisplayFramebufferScale.x},
        {"widthClass", crm::core::to_string(crm::core::width_class(s.css_w))},
        {"framesDrawn", s.frames_drawn},
        {"wakes", s.wakes},
        {"lastFrameMs", s.last_frame_ms},
        {"apple", s.apple},
        {"macBehaviors", io.ConfigMacOSXBehaviors},
        {"appFocused", s.app_focused},
        {"textElementFocused", s.text_element_focused},
        {"wantTextInput", io.WantTextInput},
        {"keyCtrl", io.KeyCtrl}, {"keyShift", io.KeyShift}, {"keyAlt", io.KeyAlt}, {"keySuper", io.KeySuper},
        {"mouseCursor", ImGui::GetMouseCursor()},
        {"contextLost", s.context_lost},
    }.dump();
    return crm::app::g_json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ct_probe_json() {
    const crm::app::Probe& p = crm::app::g_probe;
    crm::app::g_json = nlohmann::json{{"open", p.open}, {"text", p.text}, {"clicks", p.clicks},
                                      {"scrollY", p.scroll_y}, {"scrollMaxY", p.scroll_max_y}}.dump();
    return crm::app::g_json.c_str();
}

}  // extern "C"
