// update.cpp: update() dispatches each message to its feature's handler; model snapshot. Pure.
#include "core/app/model.hpp"

#include "core/app/update_auth.hpp"
#include "core/app/update_bulk.hpp"
#include "core/app/update_dashboard.hpp"
#include "core/app/update_display.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_local.hpp"
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
    bulk_after_update(m, msg, fx);
    local_after_update(m, msg, fx);
    dashboard_after_update(m, msg, fx);
    // A walk's stream that was cancelled or failed while in flight: the transfer stops too.
    for (PageWalk* w : {&m.csv_export.walk, &m.local.walk, &m.selection.walk}) {
        if (const uint64_t seq = w->take_abort()) fx.push_back(AbortRequest{seq});
    }
    return fx;
}

Route current_route(const AppModel& m) {
    if (m.screen == Screen::Dashboard) return Route{m.list.query, "", Screen::Dashboard};
    return Route{m.list.query, m.selected_id, Screen::List};
}

Msg completion_msg(RequestKind kind, uint64_t seq, HttpResponse response) {
    switch (kind) {
        case RequestKind::ListAccounts: return AccountsLoaded{seq, std::move(response)};
        case RequestKind::PrefetchAccounts: return PrefetchLoaded{seq, std::move(response)};
        case RequestKind::StageCount: return StageCountLoaded{seq, std::move(response)};
        case RequestKind::UserDirectory: return UserDirectoryLoaded{seq, std::move(response)};
        case RequestKind::GetAccount: return DetailLoaded{seq, std::move(response)};
        case RequestKind::ListContacts: return ContactsLoaded{seq, std::move(response)};
        case RequestKind::SaveAccount: return SaveCompleted{seq, std::move(response)};
        case RequestKind::FreshAccount: return FreshVersionLoaded{seq, std::move(response)};
        case RequestKind::DeleteAccount: return DeleteCompleted{seq, std::move(response)};
        case RequestKind::SelectAllPage: return SelectAllPageLoaded{seq, std::move(response)};
        case RequestKind::BulkItem: return BulkItemCompleted{seq, std::move(response)};
        case RequestKind::WalkPage: return WalkPageLoaded{seq, std::move(response)};
        case RequestKind::Dashboard: return DashboardLoaded{seq, std::move(response)};
    }
    return AccountsLoaded{seq, std::move(response)};
}

static nlohmann::json stage_counts_to_json(const AppModel& m) {
    nlohmann::json out = nlohmann::json::object();
    for (int i = 0; i < 6; ++i) {
        const auto& c = m.stage_counts.counts[static_cast<size_t>(i)];
        out[i == 0 ? "all" : kStages[i - 1].value] = c ? nlohmann::json(*c) : nlohmann::json(nullptr);
    }
    return out;
}

static nlohmann::json users_to_json(const AppModel& m) {
    static const char* const kStatus[] = {"idle", "loading", "loaded", "unavailable", "failed"};
    nlohmann::json out = {{"status", kStatus[static_cast<int>(m.users.status)]}, {"count", m.users.users.size()}};
    out["error"] = m.users.error ? nlohmann::json{{"code", m.users.error->code}, {"message", m.users.error->message}}
                                 : nlohmann::json(nullptr);
    return out;
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
    nlohmann::json query = {{"page", q.page}, {"limit", q.limit}, {"ordering", q.ordering}};
    for (const AccountFilter& f : kAccountFilters) query[f.param] = q.*f.member;
    return {
        {"auth", m.auth == AuthStatus::SignedIn ? "signedIn" : "signedOut"},
        {"authMessage", m.auth_message},
        {"apiBaseUrl", m.api.base_url},
        {"requestTimeoutMs", m.api.timeout_ms},
        {"list",
         {{"status", to_string(m.list.status)},
          {"query", query},
          {"count", m.list.page.count},
          {"rows", rows},
          {"error", error},
          {"fromCache", m.list.from_cache},
          {"cachedPages", m.list.cache.size()},
          {"prefetching", m.list.prefetch_seq != 0},
          {"searchDraft", m.list.search_draft},
          {"searchPending", m.list.search_due_ms != 0},
          {"cursorId", m.list.cursor_id},
          {"lastPage", list_last_page(m.list)},
          {"stageCounts", stage_counts_to_json(m)},
          {"users", users_to_json(m)}}},
        {"selectedId", m.selected_id},
        {"records", records_to_json(m)},
        {"selection", selection_to_json(m)},
        {"bulk", bulk_to_json(m)},
        {"local", local_to_json(m)},
        {"csvExport", export_to_json(m)},
        {"display", display_to_json(m)},
        {"screen", m.screen == Screen::Dashboard ? "dashboard" : "list"},
        {"dashboard", dashboard_to_json(m)},
    };
}

}  // namespace crm::core
