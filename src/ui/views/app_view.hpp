// app_view.hpp: the root view: header bar and the current screen. Draws only.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"
#include "ui/views/accounts_list_view.hpp"

namespace crm::ui {

struct AppUi {
    AccountsListUi list;
};

void draw_app(const core::AppModel& model, AppUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
