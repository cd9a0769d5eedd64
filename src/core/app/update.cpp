// update.cpp: update() dispatches each message to its feature's handler; model snapshot. Pure.
#include "core/app/model.hpp"

#include "core/app/update_auth.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_records.hpp"
#include "core/model/account_json.hpp"

namespace crm::core {

const char* to_string(LoadStatus s) {
    switch (s) {
        case LoadStatus::Idle: return "idle";
        case LoadStatus::Loading: return "loading";
        case LoadStatus::Loaded: return "loaded";
        case LoadStatus::Failed: return "failed";
    }
    return "?";
}

// Every message type has a handle(AppModel&, const T&, Effects&) in one feature's update_*.hpp;
// a message without one does not compile.
Effects update(AppModel& m, const Msg& msg) {
    Effects fx;
    std::visit([&](const auto& x) { handle(m, x, fx); }, msg);
    records_after_update(m, msg, fx);
    return fx;
}

Route current_route(const AppModel& m) { return Route{m.list.query, m.selected_id}; }

Msg completion_msg(RequestKind kind, uint64_t seq, HttpResponse response) {
    switch (kind) {
        case RequestKind::ListAccounts: return AccountsLoaded{seq, std::move(response)};
        case RequestKind::GetAccount: return DetailLoaded{seq, std::move(response)};
        case RequestKind::ListContacts: return ContactsLoaded{seq, std::move(response)};
        case RequestKind::ListUsers: return UsersLoaded{seq, std::move(response)};
        case RequestKind::SaveAccount: return SaveCompleted{seq, std::move(response)};
        case RequestKind::FreshAccount: return FreshVersionLoaded{seq, std::move(response)};
        case RequestKind::DeleteAccount: return DeleteCompleted{seq, std::move(response)};
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
        {"records", records_to_json(m)},
    };
}

}  // namespace crm::core
