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
    m.api.timeout_ms = msg.request_timeout_ms;
    m.display = DisplayPrefs{msg.display.theme, clamp_ui_scale(msg.display.scale_percent)};   // as stored: no store back
    Route r = parse_hash(msg.hash);
    m.list.query = r.query;
    m.selected_id = r.account_id;
    m.screen = r.screen;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), false});
    if (msg.token.empty()) {
        sign_out_with(m, fx, "");
        return;
    }
    m.api.token = msg.token;
    m.auth = AuthStatus::SignedIn;
    load_accounts(m, fx);
}

// The token is checked with a real request (the list's) before the form goes away; the outcome is
// handled in records_after_update() (update_records.cpp): enter, or keep the form with the reason.
void handle(AppModel& m, const SignIn& msg, Effects& fx) {
    if (msg.api_base_url) m.api.base_url = *msg.api_base_url;
    m.api.token = msg.token;
    m.auth_message.clear();
    load_accounts(m, fx);
    m.records.verify_seq = m.list.in_flight_seq;
}

void handle(AppModel& m, const SignOut&, Effects& fx) {
    fx.push_back(StoreToken{""});
    sign_out_with(m, fx, "");
}

}  // namespace crm::core
