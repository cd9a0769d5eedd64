// update_auth.cpp: start-up, sign-in and sign-out rules. Pure: no I/O.
#include "core/app/update_auth.hpp"

#include "core/app/update_list.hpp"

namespace crm::core {

void sign_out_with(AppModel& m, Effects& fx, std::string message) {
    m.auth = AuthStatus::SignedOut;
    m.auth_message = message;
    m.api.token.clear();
    m.list.in_flight_seq = 0;
    if (m.list.status == LoadStatus::Loading) m.list.status = LoadStatus::Idle;
    fx.push_back(ShowSignIn{std::move(message)});
}

void handle(AppModel& m, const AppStarted& msg, Effects& fx) {
    m.api.base_url = msg.api_base_url;
    Route r = parse_hash(msg.hash);
    m.list.query = r.query;
    m.selected_id = r.account_id;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), false});
    if (msg.token.empty()) {
        sign_out_with(m, fx, "");
        return;
    }
    m.api.token = msg.token;
    m.auth = AuthStatus::SignedIn;
    load_accounts(m, fx);
}

void handle(AppModel& m, const SignIn& msg, Effects& fx) {
    m.api.token = msg.token;
    m.auth = AuthStatus::SignedIn;
    m.auth_message.clear();
    fx.push_back(HideSignIn{});
    fx.push_back(StoreToken{msg.token});
    load_accounts(m, fx);
}

void handle(AppModel& m, const SignOut&, Effects& fx) {
    fx.push_back(StoreToken{""});
    sign_out_with(m, fx, "");
}

}  // namespace crm::core
