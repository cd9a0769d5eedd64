// users_page_cache_test.cpp: /api/users/ parsing (with its fallbacks) and the LRU page cache.
#include <doctest/doctest.h>

#include "core/api/users_api.hpp"
#include "core/app/page_cache.hpp"

using namespace crm::core;

TEST_CASE("users: DRF page or bare array; missing names tolerated") {
    auto r = parse_user_directory_response({200, R"({"count":2,"results":[{"id":"u1","name":"Ann","email":"a@x"},{"id":"u2"}]})", {}});
    REQUIRE(r.ok());
    REQUIRE(r.value().size() == 2);
    CHECK(r.value()[0] == User{"u1", "Ann", "a@x"});
    CHECK(r.value()[1].name == "");
    CHECK(parse_user_directory_response({200, R"({"results":[{"name":"no id"}]})", {}}).error().code == "api.bad_shape");
    auto bare = parse_user_directory_response({200, R"([{"id":"u1","name":"Ann"}])", {}});
    REQUIRE(bare.ok());
    CHECK(bare.value().size() == 1);
}

TEST_CASE("users: errors have stable codes") {
    CHECK(parse_user_directory_response({404, R"({"detail":"Not found."})", {}}).error().code == "api.http_404");
    CHECK(parse_user_directory_response({200, "<html>", {}}).error().code == "api.bad_json");
    CHECK(parse_user_directory_response({200, R"({"count":1})", {}}).error().code == "api.bad_shape");
    CHECK(parse_user_directory_response({0, "", {}}).error().code == "api.network");
}

TEST_CASE("page cache: key is the exact request query; LRU eviction at capacity") {
    AccountQuery a;
    AccountQuery b = a;
    b.page = 2;
    CHECK(page_cache_key(a) == "page=1&limit=25");
    CHECK(page_cache_key(b) != page_cache_key(a));
    PageCache cache(2);
    Page<Account> p;
    p.count = 1;
    cache.put("k1", p);
    cache.put("k2", p);
    REQUIRE(cache.find("k1") != nullptr);   // k1 now more recent than k2
    cache.put("k3", p);
    CHECK(cache.size() == 2);
    CHECK(cache.contains("k1"));
    CHECK_FALSE(cache.contains("k2"));
    CHECK(cache.contains("k3"));
    cache.clear();
    CHECK(cache.find("k1") == nullptr);
}
