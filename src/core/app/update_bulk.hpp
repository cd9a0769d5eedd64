// update_bulk.hpp: rules of the list's multi-row selection (toggle, range, page, all matching) and of
// bulk change of stage and bulk delete (confirmation, limited concurrency, cancel, failures, retry of
// the failed ids). Pure: no I/O, no ImGui, no clock (Tick brings the time).
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const ToggleSelect& msg, Effects& fx);        // sets the anchor
void handle(AppModel& m, const ExtendSelect& msg, Effects& fx);        // anchor..id on this page (inclusive)
void handle(AppModel& m, const SelectPage& msg, Effects& fx);
void handle(AppModel& m, const SelectAllMatching& msg, Effects& fx);   // up to kSelectAllCap ids
void handle(AppModel& m, const ClearSelection& msg, Effects& fx);
void handle(AppModel& m, const SelectAllPageLoaded& msg, Effects& fx);
void select_all_walk_progressed(AppModel& m);   // the walk failed or finished: error or every id selected
void handle(AppModel& m, const RequestBulkStage& msg, Effects& fx);    // unknown stage or no selection: ignored
void handle(AppModel& m, const RequestBulkDelete& msg, Effects& fx);
void handle(AppModel& m, const ConfirmBulk& msg, Effects& fx);
void handle(AppModel& m, const CancelBulk& msg, Effects& fx);
void handle(AppModel& m, const BulkItemCompleted& msg, Effects& fx);
void handle(AppModel& m, const RetryBulkFailed& msg, Effects& fx);
void handle(AppModel& m, const CloseBulk& msg, Effects& fx);

// Runs after every message (see update()): a change of the filters or search clears the selection.
void bulk_after_update(AppModel& m, const Msg& msg, Effects& fx);

std::string selection_filter_key(const AccountQuery& q);   // the query without page, limit and ordering
size_t page_selected_count(const AppModel& m);             // rows of the shown page that are selected
bool page_fully_selected(const AppModel& m);               // the page has rows and all are selected
bool offers_select_all_matching(const AppModel& m);        // the Gmail-style "Select all N matching" link
nlohmann::json selection_to_json(const AppModel& m);       // the test bridge's "selection" member
nlohmann::json bulk_to_json(const AppModel& m);            // the test bridge's "bulk" member

}  // namespace crm::core
