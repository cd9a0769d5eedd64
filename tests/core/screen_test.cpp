// screen_test.cpp: width classes, document titles and deadlines derived from the model.
#include <doctest/doctest.h>

#include <string>

#include "core/app/screen.hpp"

using namespace crm::core;

TEST_CASE("width classes: 360 px phones are narrow, tablets medium, desktops wide") {
    CHECK(width_class(360) == WidthClass::Narrow);
    CHECK(width_class(639.5f) == WidthClass::Narrow);
    CHECK(width_class(640) == WidthClass::Medium);
    CHECK(width_class(1023) == WidthClass::Medium);
    CHECK(width_class(1024) == WidthClass::Wide);
    CHECK(std::string(to_string(WidthClass::Narrow)) == "narrow");
    CHECK(std::string(to_string(WidthClass::Wide)) == "wide");
}

TEST_CASE("the title follows the screen") {
    AppModel m;
    CHECK(screen_title(m, "Console") == "Sign in \u00b7 Console");
    m.auth = AuthStatus::SignedIn;
    CHECK(screen_title(m, "Console") == "Accounts \u00b7 Console");
    m.list.query.page = 3;
    CHECK(screen_title(m, "Console") == "Accounts (page 3) \u00b7 Console");
    Account a;
    a.id = "acc_1";
    a.name = "\u0141\u00f3d\u017a Logistics";
    m.list.page.results.push_back(a);
    m.selected_id = "acc_1";
    CHECK(screen_title(m, "Console") == "\u0141\u00f3d\u017a Logistics \u00b7 Console");
    m.selected_id = "acc_unknown";
    CHECK(screen_title(m, "Console") == "Account \u00b7 Console");
}

TEST_CASE("no timed feature: no deadline") {
    CHECK_FALSE(next_deadline_ms(AppModel{}).has_value());
}
