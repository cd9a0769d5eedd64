// update_list.cpp: the accounts list's rules. Pure: no I/O, no ImGui.
#include "core/app/update_list.hpp"

#include "core/app/update_auth.hpp"

namespace crm::core {

void load_accounts(AppModel& m, Effects& fx) {
    uint64_t seq = m.next_seq++;
    m.list.in_flight_seq = seq;        // any older in-flight response becomes stale
    m.list.status = LoadStatus::Loading;
    fx.push_back(SendRequest{seq, RequestKind::ListAccounts, make_list_accounts_request(m.api, m.list.query)});
}

void handle(AppModel& m, const UrlChanged& msg, Effects& fx) {
    Route r = parse_hash(msg.hash);
    m.selected_id = r.account_id;
    if (r.query == m.list.query) return;
    m.list.query = r.query;
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
}

void handle(AppModel& m, const SelectAccount& msg, Effects& fx) {
    if (m.selected_id == msg.id) return;
    m.selected_id = msg.id;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), true});
}

void handle(AppModel& m, const ReloadAccounts&, Effects& fx) {
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
}

void handle(AppModel& m, const SetPage& msg, Effects& fx) {
    int page = msg.page < 1 ? 1 : msg.page;
    if (page == m.list.query.page && m.list.status != LoadStatus::Failed) return;
    m.list.query.page = page;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), true});
    load_accounts(m, fx);
}

void handle(AppModel& m, const AccountsLoaded& msg, Effects& fx) {
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
        fx.push_back(StoreToken{""});
        sign_out_with(m, fx, page.error().message);
        return;
    }
    m.list.status = LoadStatus::Failed;
    m.list.error = page.error();
}

}  // namespace crm::core
