// delete_account_dialog.hpp: the delete confirmation (what will be detached) and the toasts with
// their undo countdown. Draws the model and emits messages; never does I/O.
#pragma once
#include <cstdint>
#include <map>

#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct ToastsUi {
    std::map<uint64_t, double> first_seen;   // toast id -> steady-clock seconds when it appeared (undo window, auto-dismiss)
};

void draw_delete_account_dialog(const core::AppModel& model, Dispatch& dispatch);
void draw_toasts(const core::AppModel& model, ToastsUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
