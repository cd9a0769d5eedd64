// test_bridge.cpp: window.consoleTest, fed by Dear ImGui's IMGUI_ENABLE_TEST_ENGINE item hooks.
// Compiled into test builds only (CRM_TEST_BRIDGE). Reads state; never changes the model.
#include "app/test_bridge.hpp"

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
    frameCount: function() { return _ct_frame_count(); }
  };
});
// clang-format on

namespace crm::app {

namespace {

struct Item {
    ImGuiID id = 0;
    std::string label;
    ImRect rect;
    ImGuiItemFlags item_flags = 0;
    ImGuiItemStatusFlags status = 0;
    bool has_label = false;
};

std::vector<Item> g_building;       // items of the frame being drawn
std::vector<Item> g_last;           // items of the last complete frame
const core::AppModel* g_model = nullptr;
int g_frames = 0;
std::string g_out;                  // keeps the returned C string alive until the next call

std::string strip_id_suffix(const char* label) {
    std::string s = label ? label : "";
    size_t pos = s.find("##");
    return pos == std::string::npos ? s : s.substr(0, pos);
}

}  // namespace

void test_bridge_install() {
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
    js_install_console_test();
}

void test_bridge_begin_frame() { g_building.clear(); }

void test_bridge_end_frame(const core::AppModel& model) {
    g_model = &model;
    g_last.swap(g_building);
    g_building.clear();
    ++g_frames;
}

}  // namespace crm::app

// ---- Dear ImGui test-engine hooks (declared in imgui_internal.h) --------------------------------
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* data) {
    if (id == 0) return;
    crm::app::Item item;
    item.id = id;
    item.rect = bb;
    item.item_flags = data ? data->InFlags : 0;
    crm::app::g_building.push_back(item);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    for (auto it = crm::app::g_building.rbegin(); it != crm::app::g_building.rend(); ++it) {
        if (it->id != id) continue;
        it->label = crm::app::strip_id_suffix(label);
        it->status = flags;
        it->has_label = true;
        return;
    }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

// ---- Exports read by window.consoleTest --------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* ct_model_json() {
    crm::app::g_out = crm::app::g_model ? crm::core::model_to_json(*crm::app::g_model).dump() : "null";
    return crm::app::g_out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ct_items_json() {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : crm::app::g_last) {
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

EMSCRIPTEN_KEEPALIVE int ct_frame_count() { return crm::app::g_frames; }

}  // extern "C"
