// update.cpp: the app's rules as a pure function of (model, message) -> effects. No I/O, no ImGui.
#include "core/app/model.hpp"

#include "core/model/account_json.hpp"

namespace crm::core {

namespace {

template <class... Ts>
struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Starts loading the current query; any older in-flight response becomes stale.
void load_accounts(AppModel& m, Effects& fx) {
    uint64_t seq = m.next_seq++;
    m.list.in_flight_seq = seq;
    m.list.status = LoadStatus::Loading;
    fx.push_back(SendRequest{seq, RequestKind::ListAccounts, make_list_accounts_request(m.api, m.list.query)});
}

void signed_out(AppModel& m, Effects& fx, std::string message) {
    m.auth = AuthStatus::SignedOut;
    m.auth_message = message;
    m.api.token.clear();
    m.list.in_flight_seq = 0;
    fx.push_back(ShowSignIn{std::move(message)});
}

void on_accounts_loaded(AppModel& m, const AccountsLoaded& msg, Effects& fx) {
    if (msg.seq != m.list.in_flight_seq) return;  // stale: an older query answered late
    m.list.in_flight_seq = 0;
    Result<Page<Account>> page = parse_list_accounts_response(msg.response);
    if (page) {
        m.list.page = std::move(page.value());
        m.list.status = LoadStatus::Loaded;
        m.list.error.reset();
        return;
    }
    if (page.error().code == "api.unauthorized") {
        m.list.status = LoadStatus::Idle;
        fx.push_back(StoreToken{""});
        signed_out(m, fx, page.error().message);
        return;
    }
    m.list.status = LoadStatus::Failed;
    m.list.error = page.error();
}

}  // namespace

const char* to_string(LoadStatus s) {
    switch (s) {
        case LoadStatus::Idle: return "idle";
        case LoadStatus::Loading: return "loading";
        case LoadStatus::Loaded: return "loaded";
        case LoadStatus::Failed: return "failed";
    }
    return "?";
}

Effects update(AppModel& m, const Msg& msg) {
    Effects fx;
    std::visit(Overloaded{
                   [&](const AppStarted& s) {
                       m.api.base_url = s.api_base_url;
                       if (s.token.empty()) {
                           signed_out(m, fx, "");
                       } else {
                           m.api.token = s.token;
                           m.auth = AuthStatus::SignedIn;
                           load_accounts(m, fx);
                       }
                   },
                   [&](const SignIn& s) {
                       m.api.token = s.token;
                       m.auth = AuthStatus::SignedIn;
                       m.auth_message.clear();
                       fx.push_back(HideSignIn{});
                       fx.push_back(StoreToken{s.token});
                       load_accounts(m, fx);
                   },
                   [&](const SignOut&) {
                       fx.push_back(StoreToken{""});
                       signed_out(m, fx, "");
                   },
                   [&](const SelectAccount& s) { m.selected_id = s.id; },
                   [&](const ReloadAccounts&) {
                       if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
                   },
                   [&](const SetPage& s) {
                       int page = s.page < 1 ? 1 : s.page;
                       if (page == m.list.query.page && m.list.status != LoadStatus::Failed) return;
                       m.list.query.page = page;
                       load_accounts(m, fx);
                   },
                   [&](const AccountsLoaded& l) { on_accounts_loaded(m, l, fx); },
               },
               msg);
    return fx;
}

Msg completion_msg(RequestKind kind, uint64_t seq, HttpResponse response) {
    switch (kind) {
        case RequestKind::ListAccounts: return AccountsLoaded{seq, std::move(response)};
    }
    return AccountsLoaded{seq, std::move(response)};
}

nlohmann::json model_to_json(const AppModel& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& a : m.list.page.results) rows.push_back(account_summary_to_json(a));
    nlohmann::json error = nullptr;
    if (m.list.error) {
        error = {{"code", m.list.error->code}, {"message", m.list.error->message},
                 {"httpStatus", m.list.error->http_status}};
    }
    const AccountQuery& q = m.list.query;
    return {
        {"auth", m.auth == AuthStatus::SignedIn ? "signedIn" : "signedOut"},
        {"authMessage", m.auth_message},
        {"apiBaseUrl", m.api.base_url},
        {"list",
         {{"status", to_string(m.list.status)},
          {"query",
           {{"page", q.page}, {"limit", q.limit}, {"stage", q.stage}, {"industry", q.industry},
            {"assignedTo", q.assigned_to}, {"search", q.search}, {"ordering", q.ordering}}},
          {"count", m.list.page.count},
          {"rows", rows},
          {"error", error}}},
        {"selectedId", m.selected_id},
    };
}

}  // namespace crm::core
