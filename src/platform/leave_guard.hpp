// leave_guard.hpp: asks the browser to confirm before the tab closes or reloads (beforeunload)
// while something would be lost (a dirty draft, a delete in its undo window). Web build only.
#pragma once
#include <string>

namespace crm::platform {

void set_leave_guard(bool active, const std::string& message);   // message: for logs; browsers show their own text

}  // namespace crm::platform
