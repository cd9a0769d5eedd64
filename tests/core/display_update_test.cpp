// display_update_test.cpp: display preferences are model state, changed by messages and stored
// through an effect (never written back when only loaded).
#include <doctest/doctest.h>

#include "core/app/model.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

TEST_CASE("the stored display preferences arrive with AppStarted and are not stored again") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "", "", DisplayPrefs{ThemeChoice::HighContrast, 150}});
    CHECK(m.display.theme == ThemeChoice::HighContrast);
    CHECK(m.display.scale_percent == 150);
    CHECK(find_effect<StoreDisplayPrefs>(fx) == nullptr);
    // A stored scale out of range (an edited localStorage) is clamped.
    AppModel other;
    update(other, AppStarted{"", "", "", DisplayPrefs{ThemeChoice::Dark, 900}});
    CHECK(other.display.scale_percent == kMaxUiScale);
}

TEST_CASE("picking a theme changes the model and stores both preferences") {
    AppModel m;
    update(m, AppStarted{"", "", "", DisplayPrefs{ThemeChoice::System, 125}});
    Effects fx = update(m, SetTheme{ThemeChoice::Light});
    CHECK(m.display.theme == ThemeChoice::Light);
    const StoreDisplayPrefs* store = find_effect<StoreDisplayPrefs>(fx);
    REQUIRE(store != nullptr);
    CHECK(store->prefs == DisplayPrefs{ThemeChoice::Light, 125});
    CHECK(model_to_json(m)["display"] == nlohmann::json{{"theme", "light"}, {"scale", 125}});
}

TEST_CASE("picking a UI scale clamps it and stores it; the value in force stores nothing") {
    AppModel m;
    Effects fx = update(m, SetUiScale{175});
    CHECK(m.display.scale_percent == 175);
    REQUIRE(find_effect<StoreDisplayPrefs>(fx) != nullptr);
    CHECK(find_effect<StoreDisplayPrefs>(fx)->prefs.scale_percent == 175);
    fx = update(m, SetUiScale{10});
    CHECK(m.display.scale_percent == kMinUiScale);
    fx = update(m, SetUiScale{kMinUiScale});
    CHECK(find_effect<StoreDisplayPrefs>(fx) == nullptr);
    fx = update(m, SetTheme{ThemeChoice::System});
    CHECK(find_effect<StoreDisplayPrefs>(fx) == nullptr);
}

TEST_CASE("signing out keeps the display preferences") {
    AppModel m;
    update(m, AppStarted{"https://api.test", "tok", "", DisplayPrefs{ThemeChoice::Dark, 110}});
    update(m, SignOut{});
    CHECK(m.display == DisplayPrefs{ThemeChoice::Dark, 110});
}
