// a11y_mirror.hpp: the screen-reader mirror: an off-screen DOM copy of the current screen (buttons,
// labelled text fields with values, the accounts table, dialogs) built from the item registry, kept
// in sync with ImGui's keyboard focus both ways; toasts announced in an aria-live region.
// Updated by diff after drawn frames only: it never asks for frames of its own.
#pragma once
#include "core/app/model.hpp"

namespace crm::app {

void a11y_mirror_install();                             // after html5_init (needs #a11y-mirror, #a11y-live)
void a11y_mirror_apply_pending();                       // after ImGui::NewFrame(): DOM focus/click -> ImGui
void a11y_mirror_update(const core::AppModel& model);   // after the frame: diff -> DOM operations
int a11y_mirror_last_ops();                             // DOM operations sent by the last update (0: no change)

}  // namespace crm::app
