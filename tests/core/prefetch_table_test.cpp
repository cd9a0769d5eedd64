// prefetch_table_test.cpp: the table of answers the shell fetched before the app ran
// (core/api/prefetch_table.hpp), and the start-up requests the shell must build exactly as the
// core does (tests/fixtures/start_requests.json; the shell's side: tests/e2e/start_requests.test.js).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/api/accounts_api.hpp"
#include "core/api/prefetch_table.hpp"
#include "core/app/model.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

HttpRequest get(const std::string& url, const std::string& token) {
    HttpRequest r;
    r.url = url;
    r.headers.emplace_back("Accept", "application/json");
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    return r;
}

HttpResponse answer_of(int status, const std::string& body) {
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.url = "/api/accounts/?page=1&limit=25";
    return r;
}

constexpr const char* kList = "/api/accounts/?page=1&limit=25";
constexpr const char* kPage = R"({"count":1,"next":null,"previous":null,"results":[{"id":"a1","name":"Acme"}]})";

std::vector<const SendRequest*> sends(const Effects& fx) {
    std::vector<const SendRequest*> out;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e)) out.push_back(p);
    }
    return out;
}

}  // namespace

TEST_CASE("prefetch table: an answer that came first is taken by the matching request, once") {
    PrefetchTable t;
    const int h = t.add("GET", kList, "tok");
    HttpResponse a = answer_of(200, kPage);
    CHECK_FALSE(t.answer(h, a).has_value());   // nobody waits yet: kept
    HttpResponse out;
    CHECK(t.claim(7, get(kList, "tok"), out) == PrefetchTable::Claim::Answered);
    CHECK(out.status == 200);
    CHECK(out.body == kPage);
    CHECK(t.unused() == 0);
    HttpResponse again;
    CHECK(t.claim(8, get(kList, "tok"), again) == PrefetchTable::Claim::Miss);   // used once: sent for real
}

TEST_CASE("prefetch table: a request that comes first waits for the answer, which names it") {
    PrefetchTable t;
    const int h = t.add("GET", kList, "tok");
    HttpResponse out;
    CHECK(t.claim(42, get(kList, "tok"), out) == PrefetchTable::Claim::Waiting);
    CHECK(t.waiting() == 1);
    CHECK(t.unused() == 0);
    CHECK(t.claim(43, get(kList, "tok"), out) == PrefetchTable::Claim::Miss);    // taken: not twice
    HttpResponse a = answer_of(200, kPage);
    const auto id = t.answer(h, a);
    REQUIRE(id.has_value());
    CHECK(*id == 42);
    CHECK(a.body == kPage);                    // left for the caller to complete request 42 with
    CHECK(t.waiting() == 0);
    CHECK_FALSE(t.answer(h, a).has_value());   // a second answer to the same entry goes nowhere
}

TEST_CASE("prefetch table: misses: another URL, another method, a body, no entry") {
    PrefetchTable t;
    HttpResponse out;
    CHECK(t.claim(1, get(kList, "tok"), out) == PrefetchTable::Claim::Miss);   // empty table
    t.add("GET", kList, "tok");
    CHECK(t.claim(2, get("/api/accounts/?page=2&limit=25", "tok"), out) == PrefetchTable::Claim::Miss);
    HttpRequest del = get(kList, "tok");
    del.method = "DELETE";
    CHECK(t.claim(3, del, out) == PrefetchTable::Claim::Miss);
    HttpRequest with_body = get(kList, "tok");
    with_body.body = "{}";
    CHECK(t.claim(4, with_body, out) == PrefetchTable::Claim::Miss);
    CHECK(t.unused() == 1);
}

TEST_CASE("prefetch table: another token (signed in again) never takes an answer fetched with the old one") {
    PrefetchTable t;
    const int h = t.add("GET", kList, "old");
    HttpResponse a = answer_of(401, R"({"detail":"Invalid token."})");
    t.answer(h, a);
    HttpResponse out;
    CHECK(t.claim(1, get(kList, "new"), out) == PrefetchTable::Claim::Miss);
    CHECK(t.claim(2, get(kList, ""), out) == PrefetchTable::Claim::Miss);       // no token at all
    CHECK(t.unused() == 1);
    CHECK(bearer_token(get(kList, "new")) == "new");
    CHECK(bearer_token(get(kList, "")) == "");
}

TEST_CASE("prefetch table: two identical requests take two entries, in order") {
    PrefetchTable t;
    const int h1 = t.add("GET", kList, "tok");
    const int h2 = t.add("GET", kList, "tok");
    HttpResponse a1 = answer_of(200, "first");
    HttpResponse a2 = answer_of(200, "second");
    t.answer(h2, a2);
    HttpResponse out;
    CHECK(t.claim(1, get(kList, "tok"), out) == PrefetchTable::Claim::Waiting);   // the first entry, not answered yet
    CHECK(t.claim(2, get(kList, "tok"), out) == PrefetchTable::Claim::Answered);
    CHECK(out.body == "second");
    const auto id = t.answer(h1, a1);
    REQUIRE(id.has_value());
    CHECK(*id == 1);
}

// The answer goes the way of any answer: update() with the completion message of the request's kind.
TEST_CASE("prefetch table: an error answer taken from the table is handled like any answer") {
    SUBCASE("401: signed out, the sign-in form shows why, the token is forgotten") {
        AppModel m;
        Effects fx = update(m, AppStarted{"", "stale", "#/accounts"});
        const SendRequest* list = find_request(fx, RequestKind::ListAccounts);
        REQUIRE(list != nullptr);
        PrefetchTable t;
        const int h = t.add("GET", list->request.url, "stale");
        HttpResponse a = answer_of(401, R"({"detail":"Invalid token."})");
        t.answer(h, a);
        HttpResponse out;
        REQUIRE(t.claim(list->seq, list->request, out) == PrefetchTable::Claim::Answered);
        Effects after = update(m, completion_msg(RequestKind::ListAccounts, list->seq, out));
        CHECK(m.auth == AuthStatus::SignedOut);
        const ShowSignIn* form = find_effect<ShowSignIn>(after);
        REQUIRE(form != nullptr);
        CHECK(form->message == "Invalid token.");
        const StoreToken* forget = find_effect<StoreToken>(after);
        REQUIRE(forget != nullptr);
        CHECK(forget->token.empty());
    }
    SUBCASE("500: the list fails with the usual message") {
        AppModel m;
        Effects fx = update(m, AppStarted{"", "tok", "#/accounts"});
        const SendRequest* list = find_request(fx, RequestKind::ListAccounts);
        REQUIRE(list != nullptr);
        PrefetchTable t;
        const int h = t.add("GET", list->request.url, "tok");
        HttpResponse out;
        REQUIRE(t.claim(list->seq, list->request, out) == PrefetchTable::Claim::Waiting);
        HttpResponse a = answer_of(500, "");
        const auto id = t.answer(h, a);
        REQUIRE(id.has_value());
        update(m, completion_msg(RequestKind::ListAccounts, *id, a));
        CHECK(m.list.status == LoadStatus::Failed);
        REQUIRE(m.list.error.has_value());
        CHECK(m.list.error->message == "The server failed (HTTP 500). Try again.");
        CHECK(m.auth == AuthStatus::SignedIn);
    }
}

TEST_CASE("start requests: the core sends exactly the URLs the shell prefetches (tests/fixtures/start_requests.json)") {
    std::ifstream in(std::string(CRM_FIXTURES_DIR) + "/start_requests.json");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json fixture = nlohmann::json::parse(text.str(), nullptr, false);
    REQUIRE_FALSE(fixture.is_discarded());
    REQUIRE(fixture["cases"].size() >= 10);
    for (const auto& c : fixture["cases"]) {
        const std::string hash = c["hash"].get<std::string>();
        CAPTURE(hash);
        AppModel m;
        Effects fx = update(m, AppStarted{c["apiBaseUrl"].get<std::string>(), "tok", hash});
        std::vector<std::string> urls;
        for (const SendRequest* s : sends(fx)) {
            // The list, its stage counts and the users: what the shell prefetches (an account in the
            // route also loads its detail, which the shell leaves to the app).
            if (s->kind != RequestKind::ListAccounts && s->kind != RequestKind::StageCount &&
                s->kind != RequestKind::UserDirectory) {
                continue;
            }
            CHECK(s->request.method == "GET");
            CHECK(s->request.body.empty());
            CHECK(bearer_token(s->request) == "tok");
            urls.push_back(s->request.url);
        }
        CHECK(urls == c["urls"].get<std::vector<std::string>>());
    }
}
