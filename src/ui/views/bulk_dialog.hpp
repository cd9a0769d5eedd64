// bulk_dialog.hpp: the bulk action dialog: confirmation (how many, what), progress with Cancel, and
// the results with a table of failures and "Retry failed". Draws the model and emits messages only.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

void draw_bulk_dialog(const core::AppModel& model, Dispatch& dispatch);

}  // namespace crm::ui
