// leave_guard_emscripten.cpp: the beforeunload prompt through EM_JS. Touches nothing else in the page.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include "platform/leave_guard.hpp"

// clang-format off
EM_JS(void, js_set_leave_guard, (int active, const char* message), {
  var msg = UTF8ToString(message);
  if (!window.__crmLeaveGuard) {
    window.__crmLeaveGuard = { active: false, message: "" };
    window.addEventListener("beforeunload", function (ev) {
      if (!window.__crmLeaveGuard.active) return;
      console.warn("Leaving with unsaved work: " + window.__crmLeaveGuard.message);
      ev.preventDefault();
      ev.returnValue = window.__crmLeaveGuard.message;
      return window.__crmLeaveGuard.message;
    });
  }
  window.__crmLeaveGuard.active = !!active;
  window.__crmLeaveGuard.message = msg;
});
// clang-format on

namespace crm::platform {

void set_leave_guard(bool active, const std::string& message) { js_set_leave_guard(active ? 1 : 0, message.c_str()); }

}  // namespace crm::platform
