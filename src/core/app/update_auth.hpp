// update_auth.hpp: start-up, sign-in and sign-out rules. Pure.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const AppStarted& msg, Effects& fx);
void handle(AppModel& m, const SignIn& msg, Effects& fx);
void handle(AppModel& m, const SignOut& msg, Effects& fx);
void sign_out_with(AppModel& m, Effects& fx, std::string message);   // e.g. after a 401

}  // namespace crm::core
