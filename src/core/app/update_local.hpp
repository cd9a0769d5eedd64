// update_local.hpp: rules of the CSV export and of local mode (load every matching account through
// a PageWalk, then sort, filter and page them client-side). Pure: no I/O, no ImGui, no clock.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const WalkPageLoaded& msg, Effects& fx);   // routed to whichever walk owns it
void handle(AppModel& m, const StreamChunk& msg, Effects& fx);      // the same: export, local mode or select all
// Options of a walk of the current API: the export stream first unless the base refused it.
PageWalkOptions walk_options(const AppModel& m);
// After a walk's answer: a refused stream is remembered for the API base.
void note_stream_refusal(AppModel& m, const PageWalk& walk);
void handle(AppModel& m, const StartExport& msg, Effects& fx);      // local mode: the local view at once;
                                                                     // else walks the list's query (no-op if running)
void handle(AppModel& m, const CancelExport& msg, Effects& fx);
void handle(AppModel& m, const EnterLocalMode& msg, Effects& fx);   // loads the list's query (no-op if active)
void handle(AppModel& m, const RefreshLocal& msg, Effects& fx);     // reloads the copy's query; old copy shown meanwhile
void handle(AppModel& m, const CancelLocalLoad& msg, Effects& fx);  // first load: back to server mode; refresh: keeps the copy
void handle(AppModel& m, const ExitLocalMode& msg, Effects& fx);    // drops the copy
void handle(AppModel& m, const SortLocal& msg, Effects& fx);
void handle(AppModel& m, const EditLocalFilter& msg, Effects& fx);  // applied at once (no debounce); page 1
void handle(AppModel& m, const SetLocalStageFilter& msg, Effects& fx);
void handle(AppModel& m, const SetLocalPageSize& msg, Effects& fx); // only kLocalPageSizes values
void handle(AppModel& m, const SetLocalPage& msg, Effects& fx);     // clamped to [1, last]

// The console's own writes applied to a loaded copy: a saved account replaces its row; a created one is
// added when it certainly matches the copy's query (no search or industry filter; stage and assigned
// user equal); a deleted one leaves. Anything else is seen after Refresh.
void local_account_saved(AppModel& m, const Account& a, bool created);
void local_account_deleted(AppModel& m, const std::string& id);
void local_after_update(AppModel& m, const Msg& msg, Effects& fx);   // user names -> store; edits settled and one column
                                                        // pre-sorted per Tick;
                                                        // SignOut drops the copy and cancels walks
int local_last_page(const LocalState& local);           // 1 when one scroll
nlohmann::json local_to_json(const AppModel& m);        // test bridge snapshot ("local")
nlohmann::json export_to_json(const AppModel& m);       // test bridge snapshot ("csvExport")

}  // namespace crm::core
