// account_write_test.cpp: detail, create, update and delete over real HTTP: status codes, bodies,
// ETag/If-Match, DRF-shaped errors and validation parity with the core validator.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/model/validation.hpp"
#include "test_server.hpp"

using namespace crm;
using nlohmann::json;

namespace {

using test::body_of;

std::string first_id(test::TestServer& s) {
    return body_of(s.get("/api/accounts/?limit=1"))["results"][0]["id"].get<std::string>();
}

const std::string kUser = "usr_01HX0000000000000000000003";

}  // namespace

TEST_CASE("GET detail returns every field of the reference with an ETag; unknown id is 404") {
    test::TestServer s(10);
    const std::string id = first_id(s);
    auto r = s.get("/api/accounts/" + id + "/");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("ETag") == "\"1\"");
    json a = body_of(r);
    for (const char* k : {"id", "name", "website", "industry", "companySize", "annualRevenue", "stage", "phone",
                          "billingAddress", "assignedTo", "assignedToName", "tags", "description", "contactCount",
                          "openOpportunityCount", "openCaseCount", "createdAt", "updatedAt"}) {
        CHECK_MESSAGE(a.contains(k), k);
    }
    CHECK(a["id"] == id);
    if (!a["assignedTo"].is_null()) CHECK(a["assignedToName"].is_string());

    auto missing = s.get("/api/accounts/acc_nope/");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(body_of(missing) == json{{"detail", "Not found."}});
}

TEST_CASE("POST creates: 201, Location, ETag, trimmed values, read-only and unknown fields ignored") {
    test::TestServer s(5);
    json in = {{"name", "  Łódź Logistics  "}, {"website", "https://lodz.example.pl"}, {"industry", "Logistics"},
               {"companySize", "51-200"}, {"annualRevenue", 1500000}, {"phone", "+48421234567"},
               {"billingAddress", {{"street", "ul. Piotrkowska 1"}, {"city", "Łódź"}, {"country", "PL"}}},
               {"assignedTo", kUser}, {"tags", {"enterprise", "saas"}}, {"description", "Warehouses."},
               {"id", "acc_mine"}, {"contactCount", 99}, {"createdAt", "2000-01-01T00:00:00Z"}, {"color", "red"}};
    auto r = s.send("POST", "/api/accounts/", in.dump());
    REQUIRE(r);
    CHECK(r->status == 201);
    json a = body_of(r);
    CHECK(a["name"] == "Łódź Logistics");
    CHECK(a["stage"] == "prospect");
    CHECK(a["id"] != "acc_mine");
    CHECK(a["contactCount"] == 0);
    CHECK(a["createdAt"] != "2000-01-01T00:00:00Z");
    CHECK_FALSE(a.contains("color"));
    CHECK(a["assignedToName"] == "Wei Chen");
    CHECK(a["billingAddress"]["city"] == "Łódź");
    CHECK(a["billingAddress"]["state"] == "");
    CHECK(a["tags"] == json{"enterprise", "saas"});
    CHECK(a["annualRevenue"] == 1500000.0);
    CHECK(r->get_header_value("ETag") == "\"1\"");
    CHECK(r->get_header_value("Location") == s.origin() + "/api/accounts/" + a["id"].get<std::string>() + "/");

    auto back = s.get("/api/accounts/" + a["id"].get<std::string>() + "/");
    CHECK(body_of(back) == a);
    CHECK(body_of(s.get("/api/accounts/?limit=1"))["count"] == 6);
}

TEST_CASE("validation errors: the server answers exactly what the core validator says, DRF-shaped") {
    test::TestServer s(3);
    const std::vector<std::pair<std::string, core::WriteMode>> bodies = {
        {R"({"website": "ftp://x", "billingAddress": {"country": "XX", "city": 3}, "tags": ["", "ok"]})",
         core::WriteMode::Create},
        {R"({"name": "   ", "phone": "12345", "stage": "lead", "annualRevenue": -5})", core::WriteMode::Create},
        {R"({"name": null, "tags": "enterprise"})", core::WriteMode::Create},
        {R"({"name": 42, "billingAddress": "Main St"})", core::WriteMode::Create},
        {R"({"annualRevenue": "lots", "assignedTo": 7})", core::WriteMode::Patch},
    };
    const std::string id = first_id(s);
    for (const auto& [text, mode] : bodies) {
        json expected = core::field_errors_to_drf(core::validate_account_write(json::parse(text), mode));
        REQUIRE(!expected.empty());
        auto r = mode == core::WriteMode::Create ? s.send("POST", "/api/accounts/", text)
                                                 : s.send("PATCH", "/api/accounts/" + id + "/", text);
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK_MESSAGE(body_of(r) == expected, text);
    }
    // The nested shape for billingAddress, as DRF sends it.
    auto r = s.send("POST", "/api/accounts/", R"({"name": "X", "billingAddress": {"country": "XX"}})");
    CHECK(body_of(r) == json::parse(R"({"billingAddress": {"country": [
        "Enter a valid ISO 3166-1 alpha-2 country code, e.g. US."]}})"));
    // Nothing was written.
    CHECK(body_of(s.get("/api/accounts/"))["count"] == 3);
}

TEST_CASE("assignedTo must be a known user (the one check the server adds)") {
    test::TestServer s(2);
    auto r = s.send("POST", "/api/accounts/", R"({"name": "X", "assignedTo": "usr_ghost"})");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(body_of(r) == json{{"assignedTo", {"Invalid pk \"usr_ghost\" - object does not exist."}}});
    auto p = s.send("PATCH", "/api/accounts/" + first_id(s) + "/", R"({"assignedTo": "usr_ghost"})");
    REQUIRE(p);
    CHECK(p->status == 400);
    auto ok = s.send("PATCH", "/api/accounts/" + first_id(s) + "/", json{{"assignedTo", kUser}}.dump());
    CHECK(ok->status == 200);
    CHECK(body_of(ok)["assignedToName"] == "Wei Chen");
    auto cleared = s.send("PATCH", "/api/accounts/" + first_id(s) + "/", R"({"assignedTo": null})");
    CHECK(body_of(cleared)["assignedTo"].is_null());
    CHECK(body_of(cleared)["assignedToName"].is_null());
}

TEST_CASE("bad bodies: not JSON, not an object, invalid UTF-8, wrong content type, over 1 MiB") {
    test::TestServer s(2);
    const std::string id = first_id(s);
    for (const std::string& path : {std::string("/api/accounts/"), "/api/accounts/" + id + "/"}) {
        const std::string method = path == "/api/accounts/" ? "POST" : "PATCH";
        auto not_json = s.send(method, path, "{\"name\": ");
        CHECK(not_json->status == 400);
        CHECK(body_of(not_json)["detail"].is_string());
        auto list = s.send(method, path, "[1, 2]");
        CHECK(list->status == 400);
        CHECK(body_of(list) == json{{"detail", "Invalid data. Expected a dictionary, but got list."}});
        auto bad_utf8 = s.send(method, path, "{\"name\": \"M\xFCller\"}");
        CHECK(bad_utf8->status == 400);
        CHECK(body_of(bad_utf8)["detail"].is_string());
        auto text = s.send(method, path, "{\"name\": \"X\"}", {}, "text/plain");
        CHECK(text->status == 415);
        CHECK(body_of(text)["detail"].get<std::string>().find("text/plain") != std::string::npos);
        auto big = s.send(method, path, "{\"name\": \"" + std::string(2 * 1024 * 1024, 'a') + "\"}");
        REQUIRE(big);
        CHECK(big->status == 413);
        CHECK(body_of(big)["detail"].is_string());
    }
    // Content type with a charset parameter is JSON too.
    auto charset = s.send("POST", "/api/accounts/", R"({"name": "Charset AG"})", {}, "application/json; charset=utf-8");
    CHECK(charset->status == 201);
}

TEST_CASE("SQL metacharacters are data, not SQL") {
    test::TestServer s(3);
    const std::string nasty = "Robert'); DROP TABLE accounts;-- %_\\\"";
    auto r = s.send("POST", "/api/accounts/", json{{"name", nasty}}.dump());
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["name"] == nasty);
    auto found = body_of(s.get("/api/accounts/?search=%27%29%3B%20DROP"));
    CHECK(found["count"] == 1);
    auto pct = body_of(s.get("/api/accounts/?search=%25_"));   // "%_" literally, not a LIKE wildcard
    CHECK(pct["count"] == 1);
    CHECK(body_of(s.get("/api/accounts/"))["count"] == 4);
}

TEST_CASE("PATCH updates only the fields sent; ETag changes on every write; If-Match mismatch is 412") {
    test::TestServer s(4);
    const std::string id = first_id(s);
    const std::string path = "/api/accounts/" + id + "/";
    json before = body_of(s.get(path));
    auto p = s.send("PATCH", path, R"({"stage": "active", "industry": "FinTech", "updatedAt": "1999-01-01T00:00:00Z"})",
                    {{"If-Match", "\"1\""}});
    REQUIRE(p);
    CHECK(p->status == 200);
    CHECK(p->get_header_value("ETag") == "\"2\"");
    json after = body_of(p);
    CHECK(after["stage"] == "active");
    CHECK(after["industry"] == "FinTech");
    CHECK(after["name"] == before["name"]);
    CHECK(after["website"] == before["website"]);
    CHECK(after["updatedAt"] != "1999-01-01T00:00:00Z");
    CHECK(after["updatedAt"].get<std::string>() >= before["updatedAt"].get<std::string>());

    auto stale = s.send("PATCH", path, R"({"stage": "churned"})", {{"If-Match", "\"1\""}});
    REQUIRE(stale);
    CHECK(stale->status == 412);
    CHECK(body_of(stale)["detail"].is_string());
    CHECK(body_of(s.get(path))["stage"] == "active");   // nothing written

    CHECK(s.send("PATCH", path, R"({"stage": "churned"})", {{"If-Match", "W/\"2\""}})->status == 200);
    CHECK(s.send("PATCH", path, R"({"stage": "partner"})", {{"If-Match", "*"}})->status == 200);
    CHECK(s.send("PATCH", path, R"({"stage": "customer"})")->status == 200);   // no If-Match: goes through
    CHECK(s.get(path)->get_header_value("ETag") == "\"5\"");

    auto stale_delete = s.send("DELETE", path, "", {{"If-Match", "\"4\""}});
    CHECK(stale_delete->status == 412);
    CHECK(s.get(path)->status == 200);
    CHECK(s.send("DELETE", path, "", {{"If-Match", "\"5\""}})->status == 204);
    CHECK(s.get(path)->status == 404);

    CHECK(s.send("PATCH", "/api/accounts/acc_nope/", R"({"stage": "active"})")->status == 404);
    CHECK(s.send("PATCH", "/api/accounts/acc_nope/", R"({"stage": "bogus"})")->status == 404);
    CHECK(s.send("DELETE", "/api/accounts/acc_nope/")->status == 404);
}

TEST_CASE("PATCH with nulls clears nullable fields; billingAddress is replaced as a whole") {
    test::TestServer s(2);
    const std::string path = "/api/accounts/" + first_id(s) + "/";
    json a = body_of(s.send("PATCH", path, R"({"billingAddress": {"city": "Zürich", "country": "CH"}, "annualRevenue": 10.5, "tags": ["x"]})"));
    CHECK(a["billingAddress"] == json{{"street", ""}, {"city", "Zürich"}, {"state", ""}, {"postalCode", ""}, {"country", "CH"}});
    CHECK(a["annualRevenue"] == 10.5);
    a = body_of(s.send("PATCH", path, R"({"billingAddress": null, "annualRevenue": null, "tags": null, "website": ""})"));
    CHECK(a["billingAddress"].is_null());
    CHECK(a["annualRevenue"].is_null());
    CHECK(a["tags"] == json::array());
    CHECK(a["website"] == "");
}

TEST_CASE("405 with Allow for methods a path does not support; 401 before anything else") {
    test::TestServer s(1);
    const std::string id = first_id(s);
    auto put = s.send("PUT", "/api/accounts/" + id + "/", "{}");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(put->get_header_value("Allow") == "GET, PATCH, DELETE, OPTIONS");
    CHECK(body_of(put) == json{{"detail", "Method \"PUT\" not allowed."}});
    CHECK(s.send("DELETE", "/api/accounts/")->status == 405);
    CHECK(s.send("POST", "/api/accounts/" + id + "/contacts/", "{}")->status == 405);
    CHECK(s.send("POST", "/api/users/", "{}")->status == 405);
    for (const char* method : {"GET", "POST", "PATCH", "DELETE"}) {
        auto r = s.send(method, "/api/accounts/" + id + "/", "{}", {}, "application/json", "wrong-token");
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
        CHECK(body_of(r) == json{{"detail", "Invalid token."}});
    }
    // The token is never taken from the URL.
    auto in_url = s.send("GET", std::string("/api/accounts/?token=") + test::kTestToken, "", {}, "", "");
    CHECK(in_url->status == 401);
}

TEST_CASE("concurrent writers with If-Match retries lose no update (file database, read pool)") {
    test::TempDbFile file("concurrent_writers");
    test::TestServer s(3, file.path());
    const std::string path = "/api/accounts/" + first_id(s) + "/";
    s.send("PATCH", path, R"({"annualRevenue": 0})");
    constexpr int kThreads = 4, kIncrements = 10;
    std::atomic<int> conflicts{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kIncrements;) {
                auto r = s.get(path);
                if (!r || r->status != 200) continue;
                double revenue = json::parse(r->body)["annualRevenue"].get<double>();
                auto w = s.send("PATCH", path, json{{"annualRevenue", revenue + 1}}.dump(),
                                {{"If-Match", r->get_header_value("ETag")}});
                if (w && w->status == 200) ++i;
                else if (w && w->status == 412) ++conflicts;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(body_of(s.get(path))["annualRevenue"] == double(kThreads * kIncrements));
    MESSAGE("412 conflicts retried: " << conflicts.load());
}
