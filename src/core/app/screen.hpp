// screen.hpp: what the platform needs to know about the screen, derived from the model or the
// viewport: the layout width class, the document title, and the next timer deadline. Pure.
#pragma once
#include <optional>
#include <string>

#include "core/app/model.hpp"

namespace crm::core {

// Layout width classes, in CSS pixels of the viewport. Views choose their layout from this
// (Narrow: the list, then the detail full screen; Wide: side by side).
enum class WidthClass { Narrow, Medium, Wide };
constexpr float kNarrowMaxWidth = 640.0f;    // phones (360-640 px)
constexpr float kMediumMaxWidth = 1024.0f;   // tablets, small windows
WidthClass width_class(float viewport_css_width);
const char* to_string(WidthClass c);

// document.title for the current screen, e.g. "Müller GmbH · Accounts Console".
std::string screen_title(const AppModel& model, const std::string& app_title);

// The earliest time (ms, on the clock update() receives) at which update() has work to do with no
// input at all (a debounce, an undo window); nullopt = none. The browser loop sleeps until then.
// Each timed feature adds its deadline here.
std::optional<double> next_deadline_ms(const AppModel& model);

}  // namespace crm::core
