// platform_bridge.hpp: test-build additions to window.consoleTest for the platform layer:
// wake(n), platform() (DPR, font density, canvas sizes, width class, frames drawn, focus) and a
// small probe window (a text field, a button, a scroll area) that browser tests type, tap and
// scroll into with real input events. Compiled into test builds only; never changes the model.
#pragma once

namespace crm::app {

void platform_bridge_install();   // after the backend is up and test_bridge_install() ran
void platform_bridge_draw();      // inside the frame, after the views: the probe window if opened

}  // namespace crm::app
