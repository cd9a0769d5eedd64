// validation_test.cpp: account write rules shared by console and server.
#include <doctest/doctest.h>

#include "core/model/validation.hpp"

using namespace crm::core;
using nlohmann::json;

TEST_CASE("creating requires a non-blank name of at most 255 characters") {
    CHECK(validate_account_write(json::object(), WriteMode::Create).at("name") ==
          std::vector<std::string>{"This field is required."});
    CHECK(validate_account_write(json{{"name", "   "}}, WriteMode::Create).at("name")[0] == "This field may not be blank.");
    CHECK(validate_account_write(json{{"name", std::string(256, 'x')}}, WriteMode::Create).count("name") == 1);
    CHECK(validate_account_write(json{{"name", std::string(255, 'x')}}, WriteMode::Create).empty());
    CHECK(validate_account_write(json{{"name", 5}}, WriteMode::Create).at("name")[0] == "Not a valid string.");
}

TEST_CASE("a patch checks only the fields it carries") {
    CHECK(validate_account_write(json{{"stage", "active"}}, WriteMode::Patch).empty());
    CHECK(validate_account_write(json{{"name", ""}}, WriteMode::Patch).count("name") == 1);
}

TEST_CASE("name length counts characters, not bytes") {
    std::string umlauts;
    for (int i = 0; i < 255; ++i) umlauts += "ü";
    CHECK_FALSE(validate_name(umlauts).has_value());
    CHECK(validate_name(umlauts + "ü").has_value());
}

TEST_CASE("website must be an absolute http(s) URL or empty") {
    CHECK_FALSE(validate_website("").has_value());
    CHECK_FALSE(validate_website("https://acme.com").has_value());
    CHECK_FALSE(validate_website("http://acme.co.uk/about?x=1").has_value());
    CHECK(validate_website("acme.com").value() == "Enter a valid URL.");
    CHECK(validate_website("ftp://acme.com").has_value());
    CHECK(validate_website("https://").has_value());
    CHECK(validate_website("https://ac me.com").has_value());
}

TEST_CASE("phone must be E.164 or empty") {
    CHECK_FALSE(validate_phone("").has_value());
    CHECK_FALSE(validate_phone("+15551234567").has_value());
    CHECK_FALSE(validate_phone("+49301234").has_value());
    CHECK(validate_phone("5551234567").has_value());
    CHECK(validate_phone("+1 555 123").has_value());
    CHECK(validate_phone("+1234567").has_value());
    CHECK(validate_phone("+1234567890123456").has_value());
}

TEST_CASE("stage, revenue, tags and country are checked with DRF-style messages") {
    FieldErrors e = validate_account_write(
        json{{"name", "A"}, {"stage", "lead"}, {"annualRevenue", -1}, {"tags", {"ok", "", std::string(51, 't')}},
             {"billingAddress", {{"country", "USA"}, {"city", "Paris"}}}},
        WriteMode::Create);
    CHECK(e.at("stage")[0] == "\"lead\" is not a valid choice.");
    CHECK(e.at("annualRevenue")[0] == "Ensure this value is greater than or equal to 0.");
    CHECK(e.count("tags.0") == 0);
    CHECK(e.at("tags.1")[0] == "This field may not be blank.");
    CHECK(e.at("tags.2")[0] == "Ensure this field has no more than 50 characters.");
    CHECK(e.count("billingAddress.country") == 1);
    CHECK(e.count("billingAddress.city") == 0);
    json tags = json::array();
    for (int i = 0; i < 21; ++i) tags.push_back("t" + std::to_string(i));
    CHECK(validate_account_write(json{{"tags", tags}}, WriteMode::Patch).count("tags") == 1);
    CHECK(validate_account_write(json{{"annualRevenue", nullptr}, {"assignedTo", nullptr}}, WriteMode::Patch).empty());
    CHECK(validate_account_write(json{{"annualRevenue", "12"}}, WriteMode::Patch).count("annualRevenue") == 1);
}

TEST_CASE("a body that is not an object is a non-field error") {
    CHECK(validate_account_write(json::array(), WriteMode::Create).count("non_field_errors") == 1);
}

TEST_CASE("country codes are ISO 3166-1 alpha-2") {
    CHECK(is_iso_country_code("US"));
    CHECK(is_iso_country_code("DE"));
    CHECK_FALSE(is_iso_country_code("us"));
    CHECK_FALSE(is_iso_country_code("XX"));
    CHECK(iso_country_codes().size() == 249);
}

TEST_CASE("dotted field errors nest into DRF's shape") {
    FieldErrors e{{"name", {"a"}}, {"billingAddress.country", {"b"}}, {"tags.1", {"c"}}};
    CHECK(field_errors_to_drf(e) ==
          json{{"name", {"a"}}, {"billingAddress", {{"country", {"b"}}}}, {"tags", {{"1", {"c"}}}}});
}
