// stage_badge.hpp: a coloured pill with the stage's label. Draws only.
#pragma once
#include <string_view>

namespace crm::ui {

void stage_badge(std::string_view stage_value);   // unknown stages get a grey badge with the raw value

}  // namespace crm::ui
