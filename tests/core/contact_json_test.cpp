// contact_json_test.cpp: Contact/User JSON mapping (both forms of the contacts response, tolerant reader).
#include <doctest/doctest.h>

#include "core/model/contact_json.hpp"

using namespace crm::core;
using nlohmann::json;

TEST_CASE("contacts round-trip and both response forms parse") {
    Contact c{"cnt_1", "John", "Smith", "john@example.com", "VP of Engineering", "customer"};
    json j = contact_to_json(c);
    CHECK(j == json::parse(R"({"id":"cnt_1","firstName":"John","lastName":"Smith","email":"john@example.com",
                               "title":"VP of Engineering","stage":"customer"})"));
    auto back = contact_from_json(j);
    REQUIRE(back.ok());
    CHECK(back.value() == c);

    auto plain = contact_page_from_json(json{{"count", 1}, {"results", {j}}});
    REQUIRE(plain.ok());
    CHECK(plain.value().count == 1);
    CHECK(plain.value().next.empty());
    auto paged = contact_page_from_json(
        json{{"count", 3}, {"next", "http://x/api/accounts/a/contacts/?page=2"}, {"previous", nullptr}, {"results", {j}}});
    REQUIRE(paged.ok());
    CHECK(paged.value().count == 3);
    CHECK(paged.value().next == "http://x/api/accounts/a/contacts/?page=2");
}

TEST_CASE("contacts and users: tolerant of missing fields and numeric ids, strict about shape") {
    auto c = contact_from_json(json{{"id", 7}});
    REQUIRE(c.ok());
    CHECK(c.value().id == "7");
    CHECK(c.value().email.empty());
    CHECK(contact_from_json(json{{"firstName", "x"}}).error().code == "api.bad_shape");
    CHECK(contact_page_from_json(json{{"count", 1}}).error().code == "api.bad_shape");
    auto no_count = contact_page_from_json(json{{"results", json::array()}});
    REQUIRE(no_count.ok());
    CHECK(no_count.value().count == 0);

    User u{"usr_1", "Wei Chen", "wei@example.com"};
    CHECK(user_from_json(user_to_json(u)).value() == u);
    auto list = users_from_json(json{{"count", 1}, {"results", {user_to_json(u)}}});
    REQUIRE(list.ok());
    CHECK(list.value().size() == 1);
    auto bare = users_from_json(json::array({user_to_json(u)}));
    REQUIRE(bare.ok());
    CHECK(bare.value().at(0).name == "Wei Chen");
    CHECK(users_from_json(json{{"detail", "x"}}).error().code == "api.bad_shape");
    CHECK(users_from_json(json{{"results", {json{{"name", "no id"}}}}}).error().code == "api.bad_shape");
}
