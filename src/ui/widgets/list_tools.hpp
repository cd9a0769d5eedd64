// list_tools.hpp: the list's "Export CSV" and "Local mode" controls and the export's progress bar
// with Cancel. Draws the model and emits messages; no I/O (the download is an effect).
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

void draw_list_tools(const core::AppModel& model, Dispatch& dispatch);      // buttons on the current line
void draw_export_status(const core::AppModel& model, Dispatch& dispatch);   // progress / result line, if any

}  // namespace crm::ui
