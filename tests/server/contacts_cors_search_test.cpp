// contacts_cors_search_test.cpp: contacts and users endpoints, delete detaching related records,
// Unicode search, list filters and ordering, and CORS preflights, over real HTTP on loopback.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/model/contact_json.hpp"
#include "test_server.hpp"

using namespace crm;
using nlohmann::json;

namespace {

using test::body_of;

// The id of an account with at least `min_contacts` contacts.
std::string account_with_contacts(test::TestServer& s, int min_contacts) {
    json page = body_of(s.get("/api/accounts/?limit=100&ordering=-contactCount"));
    REQUIRE(page["results"][0]["contactCount"].get<int>() >= min_contacts);
    return page["results"][0]["id"].get<std::string>();
}

std::string create(test::TestServer& s, const json& body) {
    auto r = s.send("POST", "/api/accounts/", body.dump());
    REQUIRE(r);
    REQUIRE(r->status == 201);
    return body_of(r)["id"].get<std::string>();
}

}  // namespace

TEST_CASE("contacts: all of them by default; page/limit add next/previous; parsed by the core mapping") {
    test::TestServer s(60);
    const std::string id = account_with_contacts(s, 5);
    const int64_t expected = body_of(s.get("/api/accounts/" + id + "/"))["contactCount"].get<int64_t>();
    json all = body_of(s.get("/api/accounts/" + id + "/contacts/"));
    CHECK(all["count"] == expected);
    CHECK(all["results"].size() == static_cast<size_t>(expected));
    CHECK_FALSE(all.contains("next"));
    auto parsed = core::contact_page_from_json(all);
    REQUIRE(parsed.ok());
    for (const auto& c : parsed.value().results) {
        CHECK(c.id.rfind("cnt_", 0) == 0);
        CHECK_FALSE(c.first_name.empty());
        CHECK(c.email.find('@') != std::string::npos);
    }

    json p1 = body_of(s.get("/api/accounts/" + id + "/contacts/?limit=2"));
    CHECK(p1["count"] == expected);
    CHECK(p1["results"].size() == 2);
    CHECK(p1["previous"].is_null());
    CHECK(p1["next"] == s.origin() + "/api/accounts/" + id + "/contacts/?limit=2&page=2");
    json p2 = body_of(s.get("/api/accounts/" + id + "/contacts/?limit=2&page=2"));
    CHECK(p2["previous"] == s.origin() + "/api/accounts/" + id + "/contacts/?limit=2&page=1");
    CHECK(p2["results"][0]["id"] != p1["results"][0]["id"]);
    CHECK(s.get("/api/accounts/" + id + "/contacts/?limit=2&page=99")->status == 404);
    CHECK(s.get("/api/accounts/acc_nope/contacts/")->status == 404);

    json none = body_of(s.get("/api/accounts/" + create(s, {{"name", "Empty Ltd"}}) + "/contacts/"));
    CHECK(none == json{{"count", 0}, {"results", json::array()}});
}

TEST_CASE("deleting an account detaches contacts, opportunities and cases in one transaction") {
    test::TestServer s(40);
    const std::string id = account_with_contacts(s, 1);
    auto& store = s.store();
    const int64_t total_before = store.count_accounts();
    REQUIRE(s.send("DELETE", "/api/accounts/" + id + "/")->status == 204);
    CHECK(s.get("/api/accounts/" + id + "/")->status == 404);
    CHECK(s.get("/api/accounts/" + id + "/contacts/")->status == 404);
    CHECK(s.send("DELETE", "/api/accounts/" + id + "/")->status == 404);
    CHECK(store.count_accounts() == total_before - 1);
    CHECK(body_of(s.get("/api/accounts/"))["count"] == total_before - 1);
    // The linked records remain, without an account.
    CHECK(store.count_detached() > 0);
    CHECK(store.count_linked_to(id) == 0);
}

TEST_CASE("GET /api/users/ lists every user with id, name and email") {
    test::TestServer s(3);
    json users = body_of(s.get("/api/users/"));
    REQUIRE(users["count"].get<int>() >= 5);
    CHECK(users["results"].size() == users["count"].get<size_t>());
    auto parsed = core::users_from_json(users);
    REQUIRE(parsed.ok());
    std::set<std::string> names;
    for (const auto& u : parsed.value()) names.insert(u.name);
    CHECK(names.count("Wei Chen") == 1);
    CHECK(names.count("Zofia Łukasiewicz") == 1);
}

TEST_CASE("search folds Unicode case: MÜLLER finds Müller GmbH, Cyrillic, Greek and ß as well") {
    test::TestServer s(0);
    const std::string muller = create(s, {{"name", "Müller GmbH"}, {"website", "https://mueller.example.de"}});
    const std::string moskva = create(s, {{"name", "Москва Трейдинг"}});
    const std::string greek = create(s, {{"name", "Ελληνική Ναυτιλία"}});
    const std::string strasse = create(s, {{"name", "Hauptstraße Bau"}});
    create(s, {{"name", "Mueller Unrelated"}, {"website", "https://other.example.com"}});
    auto ids_for = [&](const std::string& encoded_query) {
        std::set<std::string> ids;
        json page = body_of(s.get("/api/accounts/?search=" + encoded_query));
        for (const auto& a : page["results"]) ids.insert(a["id"].get<std::string>());
        CHECK(page["count"] == ids.size());
        return ids;
    };
    CHECK(ids_for("M%C3%9CLLER") == std::set<std::string>{muller});          // MÜLLER
    CHECK(ids_for("m%C3%BCller%20gmbh") == std::set<std::string>{muller});   // "müller gmbh" with a space
    CHECK(ids_for("%C3%BC") == std::set<std::string>{muller});               // one character: "ü"
    CHECK(ids_for("%D0%9C%D0%9E%D0%A1%D0%9A") == std::set<std::string>{moskva});   // МОСК
    CHECK(ids_for("%CE%95%CE%9B%CE%9B%CE%97%CE%9D") == std::set<std::string>{greek});   // ΕΛΛΗΝ
    CHECK(ids_for("STRASSE") == std::set<std::string>{strasse});
    CHECK(ids_for("mueller.example") == std::set<std::string>{muller});       // website
    CHECK(ids_for("https").empty());                                           // the scheme is not searched
    CHECK(ids_for("zzzz").empty());

    // After a rename the index follows.
    s.send("PATCH", "/api/accounts/" + muller + "/", R"({"name": "Schmidt AG"})");
    CHECK(ids_for("M%C3%9CLLER").empty());
    CHECK(ids_for("SCHMIDT") == std::set<std::string>{muller});
}

TEST_CASE("filters combine with search and keep exact counts across writes") {
    test::TestServer s(300);
    json all = body_of(s.get("/api/accounts/?search=labs&limit=100"));
    json customers = body_of(s.get("/api/accounts/?search=labs&stage=customer&limit=100"));
    REQUIRE(all["count"].get<int>() > 0);
    CHECK(customers["count"].get<int>() < all["count"].get<int>());
    int64_t expected = 0;
    for (int page = 1; page <= (all["count"].get<int>() + 99) / 100; ++page) {
        json p = body_of(s.get("/api/accounts/?search=labs&limit=100&page=" + std::to_string(page)));
        for (const auto& a : p["results"]) expected += a["stage"] == "customer";
    }
    CHECK(customers["count"] == expected);
    for (const auto& a : customers["results"]) CHECK(a["name"].get<std::string>().find("Labs") != std::string::npos);

    json industry = body_of(s.get("/api/accounts/?industry=software&stage=customer&limit=100"));
    for (const auto& a : industry["results"]) {
        CHECK(a["industry"] == "Software");
        CHECK(a["stage"] == "customer");
    }
    const std::string user = "usr_01HX0000000000000000000002";
    json assigned = body_of(s.get("/api/accounts/?assignedTo=" + user + "&limit=100"));
    for (const auto& a : assigned["results"]) CHECK(a["assignedTo"] == user);

    // A write invalidates the cached counts.
    const int64_t before = customers["count"].get<int64_t>();
    create(s, {{"name", "Fresh Labs"}, {"stage", "customer"}});
    CHECK(body_of(s.get("/api/accounts/?search=labs&stage=customer"))["count"] == before + 1);
    const std::string id = body_of(s.get("/api/accounts/?search=fresh%20labs"))["results"][0]["id"].get<std::string>();
    const int64_t stage_before = body_of(s.get("/api/accounts/?stage=churned"))["count"].get<int64_t>();
    s.send("PATCH", "/api/accounts/" + id + "/", R"({"stage": "churned"})");
    CHECK(body_of(s.get("/api/accounts/?search=labs&stage=customer"))["count"] == before);
    CHECK(body_of(s.get("/api/accounts/?stage=churned"))["count"] == stage_before + 1);
}

TEST_CASE("ordering by each allowed field; pages past the end are 404") {
    test::TestServer s(50);
    for (const char* field : {"name", "industry", "stage", "companySize", "createdAt", "updatedAt", "contactCount",
                              "openOpportunityCount"}) {
        json asc = body_of(s.get(std::string("/api/accounts/?limit=100&ordering=") + field));
        json desc = body_of(s.get(std::string("/api/accounts/?limit=100&ordering=-") + field));
        REQUIRE(asc["results"].size() == 50);
        auto first = asc["results"][0][field], last = asc["results"][49][field];
        CHECK_MESSAGE(desc["results"][0][field] == last, field);
        CHECK_MESSAGE(desc["results"][49][field] == first, field);
    }
    CHECK(s.get("/api/accounts/?limit=10&page=5")->status == 200);
    CHECK(s.get("/api/accounts/?limit=10&page=6")->status == 404);
    CHECK(body_of(s.get("/api/accounts/?stage=customer&search=zzzz"))["count"] == 0);
    CHECK(s.get("/api/accounts/?search=zzzz&page=1")->status == 200);   // an empty first page is a page
    CHECK(s.get("/api/accounts/?search=zzzz&page=2")->status == 404);
}

TEST_CASE("CORS: allowed origins get preflight answers and exposed headers; others do not") {
    const std::string allowed = "https://console.example.com";
    test::TestServer s(2, ":memory:", {allowed});
    auto preflight = s.send("OPTIONS", "/api/accounts/acc_x/", "",
                            {{"Origin", allowed}, {"Access-Control-Request-Method", "PATCH"},
                             {"Access-Control-Request-Headers", "authorization, content-type, if-match"}},
                            "", "");   // browsers send no token with a preflight
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == allowed);
    CHECK(preflight->get_header_value("Access-Control-Allow-Methods") == "GET, POST, PATCH, DELETE, OPTIONS");
    CHECK(preflight->get_header_value("Access-Control-Allow-Headers") == "Authorization, Content-Type, If-Match");
    CHECK(preflight->get_header_value("Access-Control-Max-Age") == "600");

    auto get = s.send("GET", "/api/accounts/", "", {{"Origin", allowed}});
    CHECK(get->status == 200);
    CHECK(get->get_header_value("Access-Control-Allow-Origin") == allowed);
    CHECK(get->get_header_value("Access-Control-Expose-Headers") == "ETag, Location");
    CHECK(get->get_header_value("Vary") == "Origin");
    auto unauthorized = s.send("GET", "/api/accounts/", "", {{"Origin", allowed}}, "", "");
    CHECK(unauthorized->status == 401);   // readable by the console: it carries the CORS headers
    CHECK(unauthorized->get_header_value("Access-Control-Allow-Origin") == allowed);

    const std::string evil = "https://evil.example.com";
    auto denied = s.send("OPTIONS", "/api/accounts/acc_x/", "",
                         {{"Origin", evil}, {"Access-Control-Request-Method", "DELETE"}}, "", "");
    REQUIRE(denied);
    CHECK(denied->status == 403);
    CHECK_FALSE(denied->has_header("Access-Control-Allow-Origin"));
    CHECK_FALSE(denied->has_header("Access-Control-Allow-Methods"));
    auto evil_get = s.send("GET", "/api/accounts/", "", {{"Origin", evil}});
    CHECK(evil_get->status == 200);   // same-origin rules are the browser's job: no CORS headers
    CHECK_FALSE(evil_get->has_header("Access-Control-Allow-Origin"));

    test::TestServer none(1);   // no allow-list: no CORS headers at all
    auto p = none.send("OPTIONS", "/api/accounts/", "", {{"Origin", allowed}, {"Access-Control-Request-Method", "GET"}},
                       "", "");
    CHECK(p->status == 403);
    CHECK_FALSE(p->has_header("Access-Control-Allow-Origin"));
}
