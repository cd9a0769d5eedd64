// test_bridge.hpp: window.consoleTest for browser tests (test builds only; no-ops otherwise).
// model(): JSON snapshot of the model; items(): every widget of the last frame
// {id, label, x, y, w, h, ...flags} in CSS pixels; frameCount(): frames drawn so far; navId(): the
// id of ImGui's keyboard-focused item (0: none).
#pragma once
#include "core/app/model.hpp"

namespace crm::app {

void test_bridge_install();                              // after ImGui::CreateContext()
void test_bridge_begin_frame();                          // before ImGui::NewFrame()
void test_bridge_end_frame(const core::AppModel& model); // after ImGui::Render()

}  // namespace crm::app
