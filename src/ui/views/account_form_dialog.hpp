// account_form_dialog.hpp: the create/edit dialog (every writable field, inline errors, save with
// busy state and retry, discard confirmation) and its conflict view. Draws the model's draft and
// emits EditDraft/SaveDraft/CancelForm...; never does I/O.
#pragma once
#include <string>

#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct AccountFormUi {
    std::string new_tag;          // the tag being typed before Enter adds it as a chip
    std::string country_filter;   // filter inside the country picker
    bool focus_name = false;      // the dialog just appeared: the Name field takes the keyboard
};

void draw_account_form_dialog(const core::AppModel& model, AccountFormUi& ui, Dispatch& dispatch, bool narrow);

}  // namespace crm::ui
