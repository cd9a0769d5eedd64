// update_display.hpp: display preferences (theme, UI scale): the model holds them, a change is
// stored by the platform. Pure.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const SetTheme& msg, Effects& fx);
void handle(AppModel& m, const SetUiScale& msg, Effects& fx);
nlohmann::json display_to_json(const AppModel& m);   // {"theme": "system", "scale": 100}

}  // namespace crm::core
