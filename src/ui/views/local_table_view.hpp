// local_table_view.hpp: local mode's screen (badge with refresh and exit, load progress and cancel,
// filter as you type, one virtualised table sorted client-side, client-side pages).
// Draws the model and emits messages; never does I/O.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct LocalTableUi {                   // UI-only state of local mode
    char filter[256] = {};              // the filter box's buffer
};

void draw_local_table(const core::AppModel& model, LocalTableUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
