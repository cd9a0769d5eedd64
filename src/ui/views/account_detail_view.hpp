// account_detail_view.hpp: the open account: fields, metrics, copy buttons, Contacts tab,
// previous/next, edit and delete. Draws the model and emits messages; never does I/O.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct AccountDetailUi {
    core::DetailTab shown_tab = core::DetailTab::Overview;   // last tab drawn (syncs the tab bar)
};

// `narrow`: full screen with a Back button instead of Close.
void draw_account_detail(const core::AppModel& model, AccountDetailUi& ui, Dispatch& dispatch, bool narrow);

}  // namespace crm::ui
