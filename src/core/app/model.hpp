// model.hpp: the app's state, its messages and effects (Elm-style). Pure: no I/O, no ImGui.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/accounts_api.hpp"
#include "core/api/http.hpp"
#include "core/api/users_api.hpp"
#include "core/app/bulk_state.hpp"
#include "core/app/dashboard.hpp"
#include "core/app/page_cache.hpp"
#include "core/app/palette.hpp"
#include "core/app/local_state.hpp"
#include "core/app/records_state.hpp"
#include "core/app/route.hpp"
#include "core/model/account.hpp"
#include "core/util/result.hpp"

namespace crm::core {

enum class LoadStatus { Idle, Loading, Loaded, Failed };
const char* to_string(LoadStatus s);

enum class AuthStatus { SignedOut, SignedIn };

struct AccountsListState {
    AccountQuery query;
    LoadStatus status = LoadStatus::Idle;
    Page<Account> page;                 // last page shown (kept while reloading)
    std::optional<Error> error;         // last failure, shown with a retry
    uint64_t in_flight_seq = 0;         // the only response that may update the list; 0 = none
    bool from_cache = false;            // rows came from the page cache and are being revalidated
    PageCache cache;                    // visited and prefetched pages, by exact query
    uint64_t prefetch_seq = 0;          // the prefetch in flight (0 = none) and the page it asks for
    std::string prefetch_key;
    std::string search_draft;           // what is typed in the search box; applied after the debounce
    double search_due_ms = 0;           // when the draft becomes the query's search (0 = nothing pending)
    std::string cursor_id;              // keyboard cursor (j/k, arrows); Enter opens it
    std::set<std::string> industries_seen;   // industry suggestions, from every page received
};

inline constexpr double kSearchDebounceMs = 300;
inline constexpr int kPageSizes[] = {10, 25, 50, 100};

// Accounts per stage for the current filters other than stage (index 0 = all, then kStages order).
// There is no counts endpoint: each is a `limit=1` list request's `count`.
struct StageCounts {
    std::string filter_key;                              // query they were asked for (stage/page/ordering stripped)
    std::array<std::optional<int64_t>, 6> counts;        // nullopt = not known (yet)
    std::map<uint64_t, std::pair<std::string, int>> pending;   // seq -> (filter key, index)
    std::map<std::string, std::array<std::optional<int64_t>, 6>> cache;   // by filter key
};

// /api/users/ (extension). Unavailable: the server answered 404, so ids are shown instead of names.
enum class UsersStatus { Idle, Loading, Loaded, Unavailable, Failed };

struct UsersState {
    UsersStatus status = UsersStatus::Idle;
    std::vector<User> users;
    uint64_t seq = 0;
    std::optional<Error> error;         // why the last load failed (Failed only)
};

struct AppModel {
    ApiConfig api;
    AuthStatus auth = AuthStatus::SignedOut;
    std::string auth_message;           // why the sign-in form is shown ("" on first visit)
    AccountsListState list;
    std::string selected_id;            // "" = none
    uint64_t next_seq = 1;              // request sequence numbers, never reused
    StageCounts stage_counts;           // for the stage chips and the overview strip
    UsersState users;                   // names for assignedTo; the assigned-user filter
    double clock_ms = 0;                // monotonic time of the last Tick (debounce)
    int64_t now_unix = 0;               // wall clock of the last Tick (relative times); 0 = unknown
    RecordsState records;               // detail, forms, delete, toasts (update_records.*)
    SelectionState selection;           // rows picked for bulk actions (update_bulk.*)
    BulkState bulk;                     // a bulk change of stage or delete and its results (update_bulk.*)
    LocalState local;                   // local mode (update_local.*)
    ExportState csv_export;             // CSV export (update_local.*)
    DisplayPrefs display;               // theme and UI scale (update_display.*)
    Screen screen = Screen::List;       // the list (with the detail) or the dashboard
    DashboardState dashboard;           // the dashboard's answers and requests (update_dashboard.*)
    // API bases whose export stream (docs/api-export-stream.md) answered 404 or 405: their walks use
    // the pages. Every other base is tried with the stream first (probed by its first walk).
    std::set<std::string> no_export_stream;
};

// ---- Messages: commands in the imperative, completions in the past tense -----------------------
// Each feature declares its handlers in its own update_<feature>.hpp (see update.cpp).
struct AppStarted {                 // token "" -> ask; display: as stored
    std::string api_base_url; std::string token; std::string hash; DisplayPrefs display = {};
    int request_timeout_ms = kDefaultRequestTimeoutMs;   // config.json requestTimeoutSeconds, clamped
};
struct UrlChanged { std::string hash; };                          // back/forward or an edited URL
struct SignIn { std::string token; std::optional<std::string> api_base_url = std::nullopt; };  // url: when overridable
struct SignOut {};
struct SelectAccount { std::string id; };
struct ReloadAccounts {};
struct SetPage { int page; };
struct AccountsLoaded { uint64_t seq; HttpResponse response; };
struct Tick { double now_ms = 0; int64_t now_unix = 0; };          // every frame, first: the frame's time
// Every frame, after the messages of the frame's input: runs the timers that are due (the search
// debounce). After, not at the Tick: a key that waited behind a slow frame restarts the debounce
// before it can fire on the keys typed so far.
struct InputHandled {};
struct SortByColumn { std::string field; };                       // header click: asc -> desc -> off
struct SetStageFilter { std::string stage; };                     // "" = all
struct SetIndustryFilter { std::string industry; };
struct SetAssignedFilter { std::string user_id; };
struct EditSearch { std::string text; };                          // typed; applied after kSearchDebounceMs
struct SubmitSearch {};                                           // Enter: apply the typed search now
struct SetPageSize { int limit; };
struct ClearFilters {};                                           // stage, industry, assigned user, search
struct MoveCursor { int delta; };                                 // j/k, arrows
struct OpenCursor {};                                             // Enter: open the row under the cursor
struct OpenWebsite { std::string url; };                          // new tab; only http(s)
struct PrefetchLoaded { uint64_t seq; HttpResponse response; };
struct StageCountLoaded { uint64_t seq; HttpResponse response; };
struct UserDirectoryLoaded { uint64_t seq; HttpResponse response; };

// Records (update_records.hpp): detail, contacts, create/edit, conflicts, delete, toasts.
struct ReloadDetail {};
struct SetDetailTab { DetailTab tab; };
struct LoadMoreContacts {};
struct DetailLoaded { uint64_t seq; HttpResponse response; };
struct ContactsLoaded { uint64_t seq; HttpResponse response; };
struct StepAccount { int direction; };                              // +1 next, -1 previous (keys ] and [)
struct OpenCreateForm {};
struct OpenEditForm {};                                           // edits the detail's account
struct EditAccount { std::string id; };                           // `e` / menu: opens it if needed, then edits
struct EditDraft { AccountDraft draft; };                         // the form's whole draft after a change
struct SaveDraft {};                                              // also the retry after a failure
struct CancelForm {};                                             // asks first when the draft is dirty
struct ConfirmDiscard { bool discard; };
struct SaveCompleted { uint64_t seq; HttpResponse response; };
struct FreshVersionLoaded { uint64_t seq; HttpResponse response; };  // GET after a 412 or before a PATCH
struct ChooseConflictValue { std::string field; ConflictChoice choice; };
struct ApplyConflictChoices {};                                   // saves the merged draft
struct CancelConflict {};                                         // back to the form, draft intact
struct RequestDelete { std::string id; };
struct ConfirmDelete {};
struct CancelDelete {};
struct UndoDelete { std::string id; };
struct CommitDelete { std::string id; };                          // the undo window is over
struct DeleteCompleted { uint64_t seq; HttpResponse response; };
struct DismissToast { uint64_t id; };

// Selection and bulk actions (update_bulk.hpp).
struct ToggleSelect { std::string id; };                          // Ctrl+click or the row's checkbox
struct ExtendSelect { std::string id; };                          // Shift+click: the range from the anchor
struct SelectPage { bool select = true; };                        // every row of this page, or none of them
struct SelectAllMatching {};                                      // walks the filters' pages for their ids
struct ClearSelection {};                                         // also stops "select all matching"
struct SelectAllPageLoaded { uint64_t seq; HttpResponse response; };
struct RequestBulkStage { std::string stage; };                   // asks for confirmation first
struct RequestBulkDelete {};                                      // asks for confirmation first
struct ConfirmBulk {};
struct CancelBulk {};                                             // confirming: closes; running: sends no more
struct BulkItemCompleted { uint64_t seq; HttpResponse response; };
struct RetryBulkFailed {};                                        // runs again over the failed ids only
struct CloseBulk {};                                              // dismisses the results
// Export CSV and local mode (update_local.hpp).
struct WalkPageLoaded { uint64_t seq; HttpResponse response; };   // a page of a PageWalk (or its stream's end)
// A piece of a walk's export stream (export, local mode or "select all"), as it arrives; the
// request's completion (WalkPageLoaded or SelectAllPageLoaded) follows the last piece.
struct StreamChunk { uint64_t seq; std::string bytes; };
struct StartExport {};
struct CancelExport {};
struct EnterLocalMode {};
struct RefreshLocal {};
struct CancelLocalLoad {};
struct ExitLocalMode {};
struct SortLocal { LocalColumn column = LocalColumn::None; bool descending = false; };
struct EditLocalFilter { std::string text; };
struct SetLocalStageFilter { std::string stage; };
struct SetLocalPageSize { int size = 0; };                         // 0 = one scroll
struct SetLocalPage { int page = 1; };
// Dashboard (update_dashboard.hpp).
struct ShowDashboard {};                                          // top bar, key d; keeps the list's filters
struct ShowList {};                                               // top bar, key l
struct OpenListWith { std::string param; std::string value; };    // Ctrl+click: the list with the filters + this one
struct OpenDashboardAccount { std::string id; };                  // a recently updated account: the list with it open
struct RefreshDashboard {};                                       // asks every answer again (the old ones stay shown)
struct DashboardLoaded { uint64_t seq; HttpResponse response; };
// Display preferences (update_display.hpp).
struct SetTheme { ThemeChoice theme = ThemeChoice::System; };
struct SetUiScale { int percent = 100; };                         // clamped to kMinUiScale..kMaxUiScale

using Msg = std::variant<AppStarted, UrlChanged, SignIn, SignOut, SelectAccount, ReloadAccounts, SetPage,
                         AccountsLoaded,
                         // list (update_list.hpp)
                         Tick, InputHandled, SortByColumn, SetStageFilter, SetIndustryFilter, SetAssignedFilter, EditSearch,
                         SubmitSearch, SetPageSize, ClearFilters, MoveCursor, OpenCursor, OpenWebsite,
                         PrefetchLoaded, StageCountLoaded, UserDirectoryLoaded,
                         // records (update_records.hpp)
                         ReloadDetail, SetDetailTab, LoadMoreContacts, DetailLoaded, ContactsLoaded,
                         StepAccount, OpenCreateForm, OpenEditForm, EditAccount, EditDraft, SaveDraft, CancelForm,
                         ConfirmDiscard, SaveCompleted, FreshVersionLoaded, ChooseConflictValue, ApplyConflictChoices,
                         CancelConflict, RequestDelete, ConfirmDelete, CancelDelete, UndoDelete, CommitDelete,
                         DeleteCompleted, DismissToast,
                         // selection and bulk actions (update_bulk.hpp)
                         ToggleSelect, ExtendSelect, SelectPage, SelectAllMatching, ClearSelection,
                         SelectAllPageLoaded, RequestBulkStage, RequestBulkDelete, ConfirmBulk, CancelBulk,
                         BulkItemCompleted, RetryBulkFailed, CloseBulk,
                         // export and local mode (update_local.hpp)
                         WalkPageLoaded, StreamChunk, StartExport, CancelExport, EnterLocalMode, RefreshLocal, CancelLocalLoad,
                         ExitLocalMode, SortLocal, EditLocalFilter, SetLocalStageFilter, SetLocalPageSize, SetLocalPage,
                         // dashboard (update_dashboard.hpp)
                         ShowDashboard, ShowList, OpenListWith, OpenDashboardAccount, RefreshDashboard, DashboardLoaded,
                         // display preferences (update_display.hpp)
                         SetTheme, SetUiScale>;

// ---- Effects: what update() asks the platform to do --------------------------------------------
enum class RequestKind { ListAccounts,
                         PrefetchAccounts, StageCount, UserDirectory,                               // list
                         GetAccount, ListContacts, SaveAccount, FreshAccount, DeleteAccount,      // records
                         SelectAllPage, BulkItem,                                                   // bulk
                         WalkPage,                                                                  // page walks
                         Dashboard };                                                               // dashboard

struct SendRequest { uint64_t seq = 0; RequestKind kind = RequestKind::ListAccounts; HttpRequest request; };
struct ShowSignIn { std::string message; };
struct HideSignIn {};
struct StoreToken { std::string token; };                        // "" -> forget it
struct SetUrl { std::string hash; bool push = false; };                // push: a new history entry; else replace
struct OpenUrl { std::string url; };                               // a new browser tab (http/https only)

struct SetLeaveGuard { bool active = false; std::string message; };   // beforeunload prompt on/off
struct DownloadFile { std::string file_name; std::string mime; std::string bytes; };   // save as a file
struct StoreDisplayPrefs { DisplayPrefs prefs; };                   // remember them for the next visit
struct AbortRequest { uint64_t seq = 0; };                          // stop a request in flight (a stream)


using Effect = std::variant<SendRequest, ShowSignIn, HideSignIn, StoreToken, SetUrl, OpenUrl, SetLeaveGuard,
                            DownloadFile, StoreDisplayPrefs, AbortRequest>;
using Effects = std::vector<Effect>;

Effects update(AppModel& model, const Msg& msg);                  // pure: all I/O goes through Effects
Route current_route(const AppModel& model);                       // what the URL should show now
Msg completion_msg(RequestKind kind, uint64_t seq, HttpResponse response);  // platform -> message

nlohmann::json model_to_json(const AppModel& model);              // snapshot for the test bridge; no token

}  // namespace crm::core
