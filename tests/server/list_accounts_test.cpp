// list_accounts_test.cpp: GET /api/accounts/ over real HTTP on loopback, read back through the
// console's own request builder, native HttpClient and response parser.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <cctype>
#include <set>

#include "core/api/accounts_api.hpp"
#include "platform/http_client.hpp"
#include "test_server.hpp"

using namespace crm;
using nlohmann::json;

namespace {

core::Result<core::Page<core::Account>> fetch_list(test::TestServer& s, const core::AccountQuery& q,
                                                   const std::string& token = test::kTestToken) {
    platform::HttpClient http;
    http.send(1, core::make_list_accounts_request(core::ApiConfig{s.origin(), token}, q));
    auto done = http.take_completions();
    REQUIRE(done.size() == 1);
    return core::parse_list_accounts_response(done[0].response);
}

}  // namespace

TEST_CASE("the console's list request against the reference server returns the seeded accounts") {
    test::TestServer s(30);
    core::AccountQuery q;
    q.limit = 25;
    auto page = fetch_list(s, q);
    REQUIRE(page.ok());
    CHECK(page.value().count == 30);
    CHECK(page.value().results.size() == 25);
    CHECK(page.value().previous.empty());
    CHECK(page.value().next == s.origin() + "/api/accounts/?limit=25&page=2");
    for (const auto& a : page.value().results) {
        CHECK(a.id.rfind("acc_", 0) == 0);
        CHECK_FALSE(a.name.empty());
        CHECK(core::find_stage(a.stage) != nullptr);
        CHECK(a.contact_count.has_value());
    }
}

TEST_CASE("pages are disjoint, ordered by -updatedAt then id, and cover every account") {
    test::TestServer s(23);
    std::set<std::string> seen;
    std::string last_updated = "9999";
    for (int p = 1; p <= 3; ++p) {
        core::AccountQuery q;
        q.page = p;
        q.limit = 10;
        auto page = fetch_list(s, q);
        REQUIRE(page.ok());
        CHECK(page.value().results.size() == (p < 3 ? 10u : 3u));
        for (const auto& a : page.value().results) {
            CHECK(seen.insert(a.id).second);
            CHECK(a.updated_at <= last_updated);
            last_updated = a.updated_at;
        }
    }
    CHECK(seen.size() == 23);
}

TEST_CASE("stage filter and search narrow the list and the count") {
    test::TestServer s(60);
    core::AccountQuery q;
    q.stage = "customer";
    q.limit = 100;
    auto page = fetch_list(s, q);
    REQUIRE(page.ok());
    CHECK(page.value().count > 0);
    CHECK(page.value().count < 60);
    CHECK(page.value().count == static_cast<int64_t>(page.value().results.size()));
    for (const auto& a : page.value().results) CHECK(a.stage == "customer");

    // Search with the first word of an existing name, upper-cased: case-insensitive substring.
    const std::string word = page.value().results.at(0).name.substr(0, page.value().results.at(0).name.find(' '));
    std::string upper, lower;
    for (char c : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    core::AccountQuery search;
    search.search = upper;
    search.limit = 100;
    auto found = fetch_list(s, search);
    REQUIRE(found.ok());
    CHECK(found.value().count > 0);
    CHECK(found.value().count < 60);
    for (const auto& a : found.value().results) {
        bool matches = a.name.find(word) != std::string::npos || a.website.find(lower) != std::string::npos;
        CHECK(matches);
    }
}

TEST_CASE("a missing or wrong token gets 401 with WWW-Authenticate and a detail") {
    test::TestServer s(3);
    auto none = s.get("/api/accounts/", "");
    REQUIRE(none);
    CHECK(none->status == 401);
    CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
    CHECK(json::parse(none->body)["detail"] == "Authentication credentials were not provided.");
    auto page = fetch_list(s, core::AccountQuery{}, "wrong");
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().code == "api.unauthorized");
}

TEST_CASE("limit is clamped to 100, bad limits fall back to 50, bad pages are 404") {
    test::TestServer s(120);
    auto big = s.get("/api/accounts/?limit=500");
    REQUIRE(big);
    CHECK(json::parse(big->body)["results"].size() == 100);
    auto bad = s.get("/api/accounts/?limit=abc");
    REQUIRE(bad);
    CHECK(json::parse(bad->body)["results"].size() == 50);
    for (const char* p : {"/api/accounts/?page=0", "/api/accounts/?page=x", "/api/accounts/?page=99"}) {
        auto r = s.get(p);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(json::parse(r->body)["detail"] == "Invalid page.");
    }
}

TEST_CASE("an invalid stage is a 400 in DRF's field-error shape") {
    test::TestServer s(3);
    auto r = s.get("/api/accounts/?stage=lead");
    REQUIRE(r);
    CHECK(r->status == 400);
    json body = json::parse(r->body);
    REQUIRE(body["stage"].is_array());
    CHECK(body["stage"][0].get<std::string>().find("lead") != std::string::npos);
}

TEST_CASE("an unknown API path is a JSON 404") {
    test::TestServer s(1);
    auto r = s.get("/api/nothing-here/");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(json::parse(r->body)["detail"] == "Not found.");
}
