// update_list.hpp: the accounts list's rules (query, filters, sort, paging, cache, prefetch, stage
// counts, users, keyboard cursor, URL). Pure: no I/O, no ImGui, no clock (Tick brings the time).
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const UrlChanged& msg, Effects& fx);
void handle(AppModel& m, const SelectAccount& msg, Effects& fx);
void handle(AppModel& m, const ReloadAccounts& msg, Effects& fx);
void handle(AppModel& m, const SetPage& msg, Effects& fx);          // clamped to [1, last page] once the count is known
void handle(AppModel& m, const AccountsLoaded& msg, Effects& fx);
void handle(AppModel& m, const Tick& msg, Effects& fx);
void handle(AppModel& m, const InputHandled& msg, Effects& fx);   // fires the search debounce when due
void handle(AppModel& m, const SortByColumn& msg, Effects& fx);     // unsortable fields ignored
void handle(AppModel& m, const SetStageFilter& msg, Effects& fx);   // every filter change -> page 1
void handle(AppModel& m, const SetIndustryFilter& msg, Effects& fx);
void handle(AppModel& m, const SetAssignedFilter& msg, Effects& fx);
void handle(AppModel& m, const EditSearch& msg, Effects& fx);
void handle(AppModel& m, const SubmitSearch& msg, Effects& fx);
void handle(AppModel& m, const SetPageSize& msg, Effects& fx);      // only kPageSizes values
void handle(AppModel& m, const ClearFilters& msg, Effects& fx);     // keeps sort and page size
void handle(AppModel& m, const MoveCursor& msg, Effects& fx);
void handle(AppModel& m, const OpenCursor& msg, Effects& fx);
void handle(AppModel& m, const OpenWebsite& msg, Effects& fx);
void handle(AppModel& m, const PrefetchLoaded& msg, Effects& fx);
void handle(AppModel& m, const StageCountLoaded& msg, Effects& fx);
void handle(AppModel& m, const UserDirectoryLoaded& msg, Effects& fx);

void load_accounts(AppModel& m, Effects& fx);          // shows the cached page if any, sends the list request
void ensure_users(AppModel& m, Effects& fx);           // loads /api/users/ once (again after a failure); shared with records
                                                       // (+ stage counts and users when needed)
void invalidate_list_cache(AppModel& m);               // after a create/update/delete: drop pages and counts
bool list_has_filters(const AccountQuery& q);          // stage, industry, assigned user or search set
std::string user_display_name(const AppModel& m, const std::string& user_id);   // name, else the id; "" -> ""
int list_last_page(const AccountsListState& list);     // from the last count; 1 before any load

}  // namespace crm::core
