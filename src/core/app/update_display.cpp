// update_display.cpp: display preferences. A real change is stored (StoreDisplayPrefs); picking the
// value already in force changes nothing and stores nothing.
#include "core/app/update_display.hpp"

namespace crm::core {

namespace {

void set_display(AppModel& m, DisplayPrefs next, Effects& fx) {
    if (next == m.display) return;
    m.display = next;
    fx.push_back(StoreDisplayPrefs{next});
}

}  // namespace

void handle(AppModel& m, const SetTheme& msg, Effects& fx) {
    DisplayPrefs next = m.display;
    next.theme = msg.theme;
    set_display(m, next, fx);
}

void handle(AppModel& m, const SetUiScale& msg, Effects& fx) {
    DisplayPrefs next = m.display;
    next.scale_percent = clamp_ui_scale(msg.percent);
    set_display(m, next, fx);
}

nlohmann::json display_to_json(const AppModel& m) {
    return {{"theme", theme_choice_key(m.display.theme)}, {"scale", m.display.scale_percent}};
}

}  // namespace crm::core
