// update_records.hpp: rules for one account: detail and contacts, create/edit drafts and saving,
// conflicts, delete with undo, previous/next, toasts, 401 replay. Pure: no I/O.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const ReloadDetail& msg, Effects& fx);
void handle(AppModel& m, const SetDetailTab& msg, Effects& fx);
void handle(AppModel& m, const LoadMoreContacts& msg, Effects& fx);
void handle(AppModel& m, const DetailLoaded& msg, Effects& fx);
void handle(AppModel& m, const ContactsLoaded& msg, Effects& fx);
void handle(AppModel& m, const StepAccount& msg, Effects& fx);
void handle(AppModel& m, const OpenCreateForm& msg, Effects& fx);
void handle(AppModel& m, const OpenEditForm& msg, Effects& fx);
void handle(AppModel& m, const EditAccount& msg, Effects& fx);
void handle(AppModel& m, const EditDraft& msg, Effects& fx);
void handle(AppModel& m, const SaveDraft& msg, Effects& fx);
void handle(AppModel& m, const CancelForm& msg, Effects& fx);
void handle(AppModel& m, const ConfirmDiscard& msg, Effects& fx);
void handle(AppModel& m, const SaveCompleted& msg, Effects& fx);
void handle(AppModel& m, const FreshVersionLoaded& msg, Effects& fx);
void handle(AppModel& m, const ChooseConflictValue& msg, Effects& fx);
void handle(AppModel& m, const ApplyConflictChoices& msg, Effects& fx);
void handle(AppModel& m, const CancelConflict& msg, Effects& fx);
void handle(AppModel& m, const RequestDelete& msg, Effects& fx);
void handle(AppModel& m, const ConfirmDelete& msg, Effects& fx);
void handle(AppModel& m, const CancelDelete& msg, Effects& fx);
void handle(AppModel& m, const UndoDelete& msg, Effects& fx);
void handle(AppModel& m, const CommitDelete& msg, Effects& fx);
void handle(AppModel& m, const DeleteCompleted& msg, Effects& fx);
void handle(AppModel& m, const DismissToast& msg, Effects& fx);

// Runs after every message (see update()): the detail follows selected_id, previous/next picks a
// row once the list page it asked for arrives, and the beforeunload guard follows dirty state.
void records_after_update(AppModel& m, const Msg& msg, Effects& fx);

void replay_after_sign_in(AppModel& m, Effects& fx);   // re-sends what failed with a 401
nlohmann::json records_to_json(const AppModel& m);     // the test bridge's "records" member; no token

}  // namespace crm::core
