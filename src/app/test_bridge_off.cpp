// test_bridge_off.cpp: release builds carry no test bridge.
#include "app/test_bridge.hpp"

namespace crm::app {

void test_bridge_install() {}
void test_bridge_begin_frame() {}
void test_bridge_end_frame(const core::AppModel&) {}

}  // namespace crm::app
