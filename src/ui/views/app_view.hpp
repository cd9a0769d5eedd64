// app_view.hpp: the root view: header bar, the list, the open account (beside the list on wide
// screens, full screen on narrow ones), dialogs and toasts. Draws only.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"
#include "ui/views/account_detail_view.hpp"
#include "ui/views/account_form_dialog.hpp"
#include "ui/views/accounts_list_view.hpp"
#include "ui/views/bulk_dialog.hpp"
#include "ui/views/delete_account_dialog.hpp"

namespace crm::ui {

inline constexpr float kNarrowWidth = 700.0f;   // CSS pixels: below this the detail takes the whole screen

struct AppUi {
    AccountsListUi list;
    AccountDetailUi detail;
    AccountFormUi form;
    ToastsUi toasts;
};

void draw_app(const core::AppModel& model, AppUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
