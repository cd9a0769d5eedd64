// test_label.hpp: names the last item for the test bridge (window.consoleTest.items()), for Dear
// ImGui items that report no label of their own (table headers, combos), exactly as given (never cut
// at "##").
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include "ui/item_registry.hpp"

namespace crm::ui {

inline void label_last_item_for_tests(const char* label) {
    ImGuiContext& g = *GImGui;
    IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label, g.LastItemData.StatusFlags);
    item_label(label);
}

}  // namespace crm::ui
