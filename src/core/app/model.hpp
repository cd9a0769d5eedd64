// model.hpp: the app's state, its messages and effects (Elm-style). Pure: no I/O, no ImGui.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/accounts_api.hpp"
#include "core/api/http.hpp"
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
};

struct AppModel {
    ApiConfig api;
    AuthStatus auth = AuthStatus::SignedOut;
    std::string auth_message;           // why the sign-in form is shown ("" on first visit)
    AccountsListState list;
    std::string selected_id;            // "" = none
    uint64_t next_seq = 1;              // request sequence numbers, never reused
};

// ---- Messages: commands in the imperative, completions in the past tense -----------------------
// Each feature declares its handlers in its own update_<feature>.hpp (see update.cpp).
struct AppStarted { std::string api_base_url; std::string token; std::string hash; };  // token "" -> ask
struct UrlChanged { std::string hash; };                          // back/forward or an edited URL
struct SignIn { std::string token; };
struct SignOut {};
struct SelectAccount { std::string id; };
struct ReloadAccounts {};
struct SetPage { int page; };
struct AccountsLoaded { uint64_t seq; HttpResponse response; };

using Msg = std::variant<AppStarted, UrlChanged, SignIn, SignOut, SelectAccount, ReloadAccounts, SetPage,
                         AccountsLoaded>;

// ---- Effects: what update() asks the platform to do --------------------------------------------
enum class RequestKind { ListAccounts };

struct SendRequest { uint64_t seq = 0; RequestKind kind = RequestKind::ListAccounts; HttpRequest request; };
struct ShowSignIn { std::string message; };
struct HideSignIn {};
struct StoreToken { std::string token; };                        // "" -> forget it
struct SetUrl { std::string hash; bool push = false; };                // push: a new history entry; else replace

using Effect = std::variant<SendRequest, ShowSignIn, HideSignIn, StoreToken, SetUrl>;
using Effects = std::vector<Effect>;

Effects update(AppModel& model, const Msg& msg);                  // pure: all I/O goes through Effects
Route current_route(const AppModel& model);                       // what the URL should show now
Msg completion_msg(RequestKind kind, uint64_t seq, HttpResponse response);  // platform -> message

nlohmann::json model_to_json(const AppModel& model);              // snapshot for the test bridge; no token

}  // namespace crm::core
