// overview_strip.hpp: accounts per stage as a small horizontal bar chart (from the stage counts),
// clickable to filter. Draws the model and emits messages only.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

void draw_overview_strip(const core::AppModel& model, Dispatch& dispatch);

}  // namespace crm::ui
