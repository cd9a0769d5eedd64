// page_walk_test.cpp: the page walker against a fake in-memory API: concurrency limit, progress,
// out-of-order answers, de-duplication, cap, cancel (stale answers), retries, failures.
#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <string>

#include "core/app/page_walk.hpp"

using namespace crm::core;

namespace {

// `count` accounts "id1".."idN"; a page answers DRF-style like the reference server.
struct FakeApi {
    int64_t count = 0;
    std::string page_json(const AccountQuery& q, int64_t reported_count = -1) const {
        const int64_t first = static_cast<int64_t>(q.page - 1) * q.limit;
        std::string rows;
        for (int64_t i = first; i < std::min<int64_t>(count, first + q.limit); ++i) {
            if (!rows.empty()) rows += ",";
            rows += R"({"id":"id)" + std::to_string(i + 1) + R"(","name":"Name )" + std::to_string(i + 1) + "\"}";
        }
        const int64_t c = reported_count >= 0 ? reported_count : count;
        return R"({"count":)" + std::to_string(c) + R"(,"next":null,"previous":null,"results":[)" + rows + "]}";
    }
    HttpResponse answer(const AccountQuery& q) const {
        const int64_t first = static_cast<int64_t>(q.page - 1) * q.limit;
        if (q.page > 1 && first >= count) return HttpResponse{404, R"({"detail":"Invalid page."})", {}};
        return HttpResponse{200, page_json(q), {}};
    }
};

// Runs a walk to the end, answering the outstanding requests in the order `pick` chooses.
struct Driver {
    PageWalk walk;
    uint64_t next_seq = 1;
    std::deque<PageFetch> pending;
    int max_seen_in_flight = 0;

    void add(std::vector<PageFetch> fs) {
        for (auto& f : fs) pending.push_back(std::move(f));
        max_seen_in_flight = std::max(max_seen_in_flight, static_cast<int>(pending.size()));
        CHECK(walk.in_flight() == static_cast<int>(pending.size()));
    }
    PageFetch take(size_t index) {
        PageFetch f = pending[index];
        pending.erase(pending.begin() + static_cast<long>(index));
        return f;
    }
};

std::vector<std::string> ids(const std::vector<Account>& items) {
    std::vector<std::string> out;
    for (const auto& a : items) out.push_back(a.id);
    return out;
}

std::vector<std::string> expected_ids(int64_t n) {
    std::vector<std::string> out;
    for (int64_t i = 1; i <= n; ++i) out.push_back("id" + std::to_string(i));
    return out;
}

}  // namespace

TEST_CASE("page walk: page 1 first with the walk's query, then at most max_in_flight pages at a time (default kWalkMaxInFlight)") {
    FakeApi api{1050};
    Driver d;
    AccountQuery q;
    q.page = 7;
    q.limit = 25;
    q.stage = "customer";
    q.search = "müller";
    q.ordering = "-updatedAt";
    auto first = d.walk.start(q, d.next_seq);
    REQUIRE(first.size() == 1);
    CHECK(first[0].query.page == 1);
    CHECK(first[0].query.limit == 100);
    CHECK(first[0].query.stage == "customer");
    CHECK(first[0].query.search == "müller");
    CHECK(first[0].query.ordering == "-updatedAt");
    CHECK(d.walk.total() == -1);
    CHECK(d.walk.status() == PageWalkStatus::Running);
    d.add(first);

    auto more = d.walk.on_response(d.take(0).seq, api.answer(first[0].query), d.next_seq);
    CHECK(more.size() == static_cast<size_t>(kWalkMaxInFlight));
    CHECK(d.walk.total() == 1050);
    CHECK(d.walk.pages_total() == 11);
    CHECK(d.walk.done() == 100);
    d.add(more);
    std::vector<int> pages_sent = {1};
    for (auto& f : more) pages_sent.push_back(f.query.page);
    while (!d.pending.empty()) {
        PageFetch f = d.take(0);
        auto next = d.walk.on_response(f.seq, api.answer(f.query), d.next_seq);
        for (auto& n : next) pages_sent.push_back(n.query.page);
        d.add(next);
    }
    CHECK(d.max_seen_in_flight == kWalkMaxInFlight);
    std::sort(pages_sent.begin(), pages_sent.end());
    CHECK(pages_sent == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    CHECK(d.walk.status() == PageWalkStatus::Done);
    CHECK(d.walk.done() == 1050);
    CHECK(ids(d.walk.items()) == expected_ids(1050));
}

TEST_CASE("page walk: answers in random order still give every account once, in page order") {
    for (unsigned seed : {1u, 2u, 3u, 42u}) {
        FakeApi api{2345};
        Driver d;
        std::mt19937 rng(seed);
        d.add(d.walk.start(AccountQuery{}, d.next_seq, PageWalkOptions{3, 100000, 100, 2}));
        int64_t last_done = 0;
        while (!d.pending.empty()) {
            const size_t i = std::uniform_int_distribution<size_t>(0, d.pending.size() - 1)(rng);
            PageFetch f = d.take(i);
            d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
            CHECK(d.walk.done() >= last_done);   // progress never goes back
            last_done = d.walk.done();
        }
        CHECK(d.max_seen_in_flight == 3);
        REQUIRE(d.walk.status() == PageWalkStatus::Done);
        CHECK(ids(d.walk.items()) == expected_ids(2345));
    }
}

TEST_CASE("page walk: duplicates across pages (rows shifted by an insert) are kept once") {
    Driver d;
    auto first = d.walk.start(AccountQuery{}, d.next_seq, PageWalkOptions{4, 1000, 2, 0});
    d.add(first);
    // Page 1: id1 id2; page 2 (an account was inserted at the top meanwhile): id2 id3; page 3: id4.
    const std::string p1 = R"({"count":5,"next":null,"previous":null,"results":[{"id":"id1"},{"id":"id2"}]})";
    const std::string p2 = R"({"count":6,"next":null,"previous":null,"results":[{"id":"id2"},{"id":"id3"}]})";
    const std::string p3 = R"({"count":6,"next":null,"previous":null,"results":[{"id":"id4"},{"id":"id5"}]})";
    auto more = d.walk.on_response(d.take(0).seq, HttpResponse{200, p1, {}}, d.next_seq);
    REQUIRE(more.size() == 2);
    d.add(more);
    // Page 3 answers before page 2.
    d.walk.on_response(more[1].seq, HttpResponse{200, p3, {}}, d.next_seq);
    CHECK(d.walk.status() == PageWalkStatus::Running);
    d.walk.on_response(more[0].seq, HttpResponse{200, p2, {}}, d.next_seq);
    REQUIRE(d.walk.status() == PageWalkStatus::Done);
    CHECK(ids(d.walk.items()) == std::vector<std::string>{"id1", "id2", "id3", "id4", "id5"});
    CHECK(d.walk.done() == 5);
}

TEST_CASE("page walk: the cap limits the pages asked for and the accounts kept") {
    FakeApi api{5000};
    Driver d;
    d.add(d.walk.start(AccountQuery{}, d.next_seq, PageWalkOptions{4, 250, 100, 2}));
    while (!d.pending.empty()) {
        PageFetch f = d.take(0);
        CHECK(f.query.page <= 3);
        d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
    }
    REQUIRE(d.walk.status() == PageWalkStatus::Done);
    CHECK(d.walk.matched() == 5000);
    CHECK(d.walk.total() == 250);
    CHECK(d.walk.capped());
    CHECK(d.walk.pages_total() == 3);
    CHECK(ids(d.walk.items()) == expected_ids(250));
}

TEST_CASE("page walk: nothing matches -> done after page 1 with no items") {
    FakeApi api{0};
    Driver d;
    auto first = d.walk.start(AccountQuery{}, d.next_seq);
    auto more = d.walk.on_response(first[0].seq, api.answer(first[0].query), d.next_seq);
    CHECK(more.empty());
    CHECK(d.walk.status() == PageWalkStatus::Done);
    CHECK(d.walk.total() == 0);
    CHECK(d.walk.items().empty());
    CHECK_FALSE(d.walk.capped());
}

TEST_CASE("page walk: cancel ignores the answers still in flight; a new walk ignores the old one's") {
    FakeApi api{1000};
    Driver d;
    auto first = d.walk.start(AccountQuery{}, d.next_seq);
    auto more = d.walk.on_response(first[0].seq, api.answer(first[0].query), d.next_seq);
    REQUIRE(more.size() == static_cast<size_t>(kWalkMaxInFlight));
    d.walk.cancel();
    CHECK(d.walk.status() == PageWalkStatus::Cancelled);
    CHECK_FALSE(d.walk.owns(more[0].seq));
    CHECK(d.walk.on_response(more[0].seq, api.answer(more[0].query), d.next_seq).empty());
    CHECK(d.walk.status() == PageWalkStatus::Cancelled);
    CHECK(d.walk.items().empty());

    // Restart: the old walk's late answers are stale too.
    AccountQuery q2;
    q2.stage = "partner";
    auto again = d.walk.start(q2, d.next_seq);
    CHECK(d.walk.status() == PageWalkStatus::Running);
    CHECK(d.walk.done() == 0);
    CHECK(d.walk.on_response(more[1].seq, api.answer(more[1].query), d.next_seq).empty());
    CHECK(d.walk.total() == -1);
    CHECK(d.walk.owns(again[0].seq));
    CHECK(again[0].seq > more[3].seq);   // sequence numbers are never reused
}

TEST_CASE("page walk: network errors and 5xx are retried, then fail the walk with the API error") {
    FakeApi api{300};
    Driver d;
    auto first = d.walk.start(AccountQuery{}, d.next_seq, PageWalkOptions{4, 100000, 100, 1});
    auto retry = d.walk.on_response(first[0].seq, HttpResponse{0, "", {}, true}, d.next_seq);
    REQUIRE(retry.size() == 1);
    CHECK(retry[0].query.page == 1);
    CHECK(retry[0].seq != first[0].seq);
    auto more = d.walk.on_response(retry[0].seq, api.answer(retry[0].query), d.next_seq);
    REQUIRE(more.size() == 2);
    auto retry2 = d.walk.on_response(more[0].seq, HttpResponse{503, "busy", {}}, d.next_seq);
    REQUIRE(retry2.size() == 1);
    CHECK(retry2[0].query.page == more[0].query.page);
    CHECK(d.walk.on_response(retry2[0].seq, HttpResponse{500, "boom", {}}, d.next_seq).empty());
    CHECK(d.walk.status() == PageWalkStatus::Failed);
    REQUIRE(d.walk.error().has_value());
    CHECK(d.walk.error()->code == "api.http_500");
    CHECK_FALSE(d.walk.owns(more[1].seq));   // the rest is stale now
}

TEST_CASE("page walk: 401 and malformed pages fail at once; a 404 past the end counts as empty") {
    FakeApi api{250};
    {
        Driver d;
        auto first = d.walk.start(AccountQuery{}, d.next_seq);
        d.walk.on_response(first[0].seq, HttpResponse{401, R"({"detail":"no"})", {}}, d.next_seq);
        CHECK(d.walk.status() == PageWalkStatus::Failed);
        CHECK(d.walk.error()->code == "api.unauthorized");
    }
    {
        Driver d;
        auto first = d.walk.start(AccountQuery{}, d.next_seq);
        d.walk.on_response(first[0].seq, HttpResponse{200, "<html>", {}}, d.next_seq);
        CHECK(d.walk.status() == PageWalkStatus::Failed);
        CHECK(d.walk.error()->code == "api.bad_json");
    }
    {
        Driver d;
        auto first = d.walk.start(AccountQuery{}, d.next_seq);
        auto more = d.walk.on_response(first[0].seq, api.answer(first[0].query), d.next_seq);
        REQUIRE(more.size() == 2);
        d.walk.on_response(more[0].seq, api.answer(more[0].query), d.next_seq);
        // Accounts were deleted meanwhile: page 3 no longer exists.
        d.walk.on_response(more[1].seq, HttpResponse{404, R"({"detail":"Invalid page."})", {}}, d.next_seq);
        REQUIRE(d.walk.status() == PageWalkStatus::Done);
        CHECK(d.walk.items().size() == 200);
    }
}

TEST_CASE("page walk: take_items moves the accounts out and keeps the counters") {
    FakeApi api{150};
    Driver d;
    d.add(d.walk.start(AccountQuery{}, d.next_seq));
    while (!d.pending.empty()) {
        PageFetch f = d.take(0);
        d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
    }
    auto items = d.walk.take_items();
    CHECK(items.size() == 150);
    CHECK(d.walk.items().empty());
    CHECK(d.walk.done() == 150);
    CHECK(d.walk.total() == 150);
    CHECK(std::string(to_string(d.walk.status())) == "done");
}

TEST_CASE("page walk pacing: kWalkMaxInFlight (6) requests at most; more asked for are clamped") {
    FakeApi api{10000};
    Driver d;
    PageWalkOptions o;
    CHECK(o.max_in_flight == kWalkMaxInFlight);
    CHECK(kWalkMaxInFlight == 6);
    o.max_in_flight = 50;                       // beyond the browser's connections per host: clamped
    d.add(d.walk.start(AccountQuery{}, d.next_seq, o));
    while (!d.pending.empty()) {
        PageFetch f = d.take(d.pending.size() - 1);   // newest first: answers out of order
        CHECK(f.query.limit == kMaxPageSize);         // the API's largest page
        d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
    }
    CHECK(d.max_seen_in_flight == kWalkMaxInFlight);
    REQUIRE(d.walk.status() == PageWalkStatus::Done);
    CHECK(ids(d.walk.items()) == expected_ids(10000));   // rows in page order whatever the answers' order
}

TEST_CASE("page walk pacing: a known count sends the next pages with page 1; page 1's count still decides") {
    SUBCASE("the count is right: pages 1..6 at once, then one more per answer, rows in order") {
        FakeApi api{1050};
        Driver d;
        PageWalkOptions o;
        o.expected_count = 1050;
        auto first = d.walk.start(AccountQuery{}, d.next_seq, o);
        REQUIRE(first.size() == 6);
        for (size_t i = 0; i < first.size(); ++i) CHECK(first[i].query.page == static_cast<int>(i) + 1);
        CHECK(d.walk.total() == -1);                   // not known until page 1 answers
        d.add(first);
        // Page 3 answers first: one more page leaves (7), and progress counts its rows.
        auto more = d.walk.on_response(d.take(2).seq, api.answer(first[2].query), d.next_seq);
        REQUIRE(more.size() == 1);
        CHECK(more[0].query.page == 7);
        CHECK(d.walk.done() == 100);
        d.add(more);
        std::vector<int> sent = {1, 2, 3, 4, 5, 6, 7};
        while (!d.pending.empty()) {
            PageFetch f = d.take(d.pending.size() - 1);
            auto next = d.walk.on_response(f.seq, api.answer(f.query), d.next_seq);
            for (auto& n : next) sent.push_back(n.query.page);
            d.add(next);
        }
        CHECK(d.max_seen_in_flight == 6);
        std::sort(sent.begin(), sent.end());
        CHECK(sent == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});   // no page twice
        REQUIRE(d.walk.status() == PageWalkStatus::Done);
        CHECK(ids(d.walk.items()) == expected_ids(1050));
    }
    SUBCASE("fewer accounts than expected: the extra pages answer 404 and count as empty") {
        FakeApi api{150};
        Driver d;
        PageWalkOptions o;
        o.expected_count = 500;
        auto first = d.walk.start(AccountQuery{}, d.next_seq, o);
        REQUIRE(first.size() == 5);
        d.add(first);
        while (!d.pending.empty()) {
            PageFetch f = d.take(0);
            d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
        }
        REQUIRE(d.walk.status() == PageWalkStatus::Done);
        CHECK(d.walk.total() == 150);
        CHECK(ids(d.walk.items()) == expected_ids(150));
    }
    SUBCASE("more accounts than expected: the walk goes on to page 1's count") {
        FakeApi api{900};
        Driver d;
        PageWalkOptions o;
        o.expected_count = 200;
        auto first = d.walk.start(AccountQuery{}, d.next_seq, o);
        REQUIRE(first.size() == 2);
        d.add(first);
        auto more = d.walk.on_response(d.take(0).seq, api.answer(first[0].query), d.next_seq);
        CHECK(more.size() == 5);                       // pages 3..7: 6 in flight with page 2
        d.add(more);
        while (!d.pending.empty()) {
            PageFetch f = d.take(0);
            d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
        }
        REQUIRE(d.walk.status() == PageWalkStatus::Done);
        CHECK(ids(d.walk.items()) == expected_ids(900));
    }
    SUBCASE("the cap bounds what is sent at once") {
        Driver d;
        PageWalkOptions o;
        o.expected_count = 5000;
        o.cap = 150;
        auto first = d.walk.start(AccountQuery{}, d.next_seq, o);
        CHECK(first.size() == 2);
    }
}

TEST_CASE("page walk pacing: an error mid-walk stops it and drops every page in flight; cancel likewise") {
    for (const bool cancel : {false, true}) {
        CAPTURE(cancel);
        FakeApi api{3000};
        Driver d;
        PageWalkOptions o;
        o.expected_count = 3000;
        o.max_retries = 0;
        d.add(d.walk.start(AccountQuery{}, d.next_seq, o));
        for (int i = 0; i < 3; ++i) {                // three pages in
            PageFetch f = d.take(0);
            d.add(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq));
        }
        REQUIRE(d.walk.in_flight() == 6);
        const std::deque<PageFetch> outstanding = d.pending;
        if (cancel) {
            d.walk.cancel();
            CHECK(d.walk.status() == PageWalkStatus::Cancelled);
        } else {
            PageFetch f = d.take(0);
            CHECK(d.walk.on_response(f.seq, HttpResponse{500, R"({"detail":"Server error."})", {}}, d.next_seq).empty());
            CHECK(d.walk.status() == PageWalkStatus::Failed);
            REQUIRE(d.walk.error());
            CHECK(d.walk.error()->code == "api.http_500");
            CHECK_FALSE(d.walk.error()->message.empty());
        }
        CHECK(d.walk.in_flight() == 0);
        for (const PageFetch& f : outstanding) {     // the rest answer late: ignored, nothing more sent
            CHECK_FALSE(d.walk.owns(f.seq));
            CHECK(d.walk.on_response(f.seq, api.answer(f.query), d.next_seq).empty());
        }
        CHECK(d.walk.items().empty());
    }
}
