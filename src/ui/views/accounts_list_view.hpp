// accounts_list_view.hpp: the accounts table with its loading, error and pagination states.
// Draws the model and emits messages; never does I/O.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct AccountsListUi {};   // UI-only state of the list (grows with sorting, column layout, ...)

void draw_accounts_list(const core::AppModel& model, AccountsListUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
