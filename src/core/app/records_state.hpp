// records_state.hpp: the state of everything done to one account: detail, contacts, the create/edit
// form and its draft, conflicts, delete with undo, toasts, and requests to replay after a 401.
// Pure data: no I/O, no ImGui.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/api/account_records_api.hpp"
#include "core/model/account.hpp"
#include "core/model/account_draft.hpp"
#include "core/model/validation.hpp"
#include "core/util/result.hpp"

namespace crm::core {

enum class RecordsLoad { Idle, Loading, Loaded, Failed };
const char* to_string(RecordsLoad s);

enum class DetailTab { Overview, Contacts };

struct DetailState {
    std::string id;                          // the account shown ("" = none); follows selected_id
    RecordsLoad status = RecordsLoad::Idle;
    std::optional<Account> account;          // kept while reloading
    std::string etag;                        // "" when the server sends none
    std::optional<Error> error;
    uint64_t in_flight_seq = 0;
    DetailTab tab = DetailTab::Overview;
    RecordsLoad contacts_status = RecordsLoad::Idle;
    std::vector<Contact> contacts;           // every page loaded so far
    int64_t contacts_count = 0;
    int contacts_page = 0;                   // last page loaded (paginated form)
    bool contacts_has_more = false;
    std::optional<Error> contacts_error;
    uint64_t contacts_seq = 0;
    bool contacts_rechecked = false;         // a first page disagreed with contactCount once: the account was reloaded
    bool contacts_after_account = false;     // ask for the first page again when the reloaded account arrives
};

enum class FormMode { Create, Edit };
enum class ConflictChoice { Mine, Theirs };

struct ConflictState {
    bool open = false;
    AccountDraft theirs;                     // the server's current version
    std::string theirs_etag;
    std::string theirs_updated_at;
    std::vector<std::string> fields;         // fields where yours, theirs or the original differ
    std::map<std::string, ConflictChoice> choices;
};

struct FormState {
    bool open = false;
    FormMode mode = FormMode::Create;
    std::string account_id;                  // edit only
    AccountDraft original;                   // as loaded (edit) or blank (create)
    AccountDraft draft;                      // what the user typed; never dropped by a failure
    std::string etag;                        // version the edit started from ("" = none)
    std::string base_updated_at;             // used when the server sends no ETag
    FieldErrors client_errors;               // shared validators, recomputed on every edit
    FieldErrors server_errors;               // from the last 400, until that field changes
    bool show_all_errors = false;            // after a save attempt, untouched fields show errors too
    std::optional<Error> error;              // last save failure (network, 5xx, 401, 404...), with retry
    bool saving = false;
    uint64_t save_seq = 0;                   // PATCH/POST in flight
    uint64_t check_seq = 0;                  // fresh GET in flight (412 or updatedAt check)
    bool checking_before_save = false;       // that GET compares updatedAt before the PATCH
    bool confirm_discard = false;            // "discard your changes?" shown
    ConflictState conflict;
};

struct PendingDelete {
    std::string id;
    Account account;                         // what the confirmation showed; restored on undo/failure
    std::string etag;                        // If-Match for the DELETE ("" = none)
    size_t row_index = 0;                    // where the row was in the list
    bool sent = false;                       // DELETE sent (undo window over)
    uint64_t seq = 0;
};

struct DeleteState {
    bool confirm_open = false;
    Account target;                          // shown in the confirmation
    std::string etag;
    std::vector<PendingDelete> pending;      // in their undo window or in flight
};

struct Toast {
    uint64_t id = 0;
    bool error = false;
    std::string text;
    std::string undo_delete_id;              // "" unless it offers Undo for a pending delete
};

// What to do again once signed in after a 401.
enum class ReplayAction { LoadDetail, LoadContacts, Save, ConflictCheck, Delete, LoadUsers };
struct Replay {
    ReplayAction action;
    std::string id;                          // account id for Delete
    bool operator==(const Replay&) const = default;
};

// Previous/next through the list when it must cross a page: pick the first (+1) or last (-1)
// row of the page the list is loading.
struct PendingNav {
    int direction = 0;                       // 0 = none
    uint64_t list_seq = 0;
};

inline constexpr double kUndoSeconds = 5.0;   // delete undo window

struct RecordsState {
    DetailState detail;
    FormState form;
    DeleteState del;
    std::vector<Toast> toasts;
    uint64_t next_toast_id = 1;
    std::vector<Replay> replay;
    PendingNav nav;
    uint64_t verify_seq = 0;                 // the list request that checks a new token
    bool leave_guard = false;                // last SetLeaveGuard sent
    std::string edit_when_loaded;            // EditAccount on an account not loaded yet: edit once it is
};

bool form_dirty(const FormState& f);         // open and the draft differs from where it started (update_records.cpp)

}  // namespace crm::core
