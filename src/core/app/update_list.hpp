// update_list.hpp: the accounts list's rules (loading, paging, selection, URL). Pure.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const UrlChanged& msg, Effects& fx);
void handle(AppModel& m, const SelectAccount& msg, Effects& fx);
void handle(AppModel& m, const ReloadAccounts& msg, Effects& fx);
void handle(AppModel& m, const SetPage& msg, Effects& fx);
void handle(AppModel& m, const AccountsLoaded& msg, Effects& fx);
void load_accounts(AppModel& m, Effects& fx);          // sends the list request for m.list.query

}  // namespace crm::core
