// route_test.cpp: URL hash <-> Route.
#include <doctest/doctest.h>

#include "core/app/route.hpp"

using namespace crm::core;

TEST_CASE("the default route is a bare #/accounts") {
    CHECK(route_to_hash(Route{}) == "#/accounts");
    CHECK(parse_hash("") == Route{});
    CHECK(parse_hash("#/") == Route{});
}

TEST_CASE("query and open account round-trip through the hash, with escaping") {
    Route r;
    r.query.page = 4;
    r.query.limit = 50;
    r.query.stage = "partner";
    r.query.search = "Müller & Söhne";
    r.query.ordering = "-name";
    r.account_id = "acc/1 x";
    std::string h = route_to_hash(r);
    CHECK(h.rfind("#/accounts/acc%2F1%20x?", 0) == 0);
    CHECK(parse_hash(h) == r);
}

TEST_CASE("nonsense in the hash falls back to defaults") {
    Route r = parse_hash("#/accounts?page=-3&limit=abc&bogus=1");
    CHECK(r.query.page == 1);
    CHECK(r.query.limit == kDefaultPageSize);
    CHECK(parse_hash("#/accounts?limit=1000").query.limit == kMaxPageSize);
}
