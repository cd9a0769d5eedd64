// bulk_update_test.cpp: selection and bulk actions as pure update() behaviour: toggle, range, page,
// all matching (page walk), cleared on a filter change; bulk progress, the concurrency limit, cancel,
// partial failure, retry of only the failed ids, 401. Exact requests.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/app/model.hpp"
#include "core/app/update_bulk.hpp"

using namespace crm::core;

namespace {

std::vector<SendRequest> requests(const Effects& fx, RequestKind kind) {
    std::vector<SendRequest> out;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == kind) out.push_back(*p);
    }
    return out;
}

template <class T>
bool has_effect(const Effects& fx) {
    for (const auto& e : fx) {
        if (std::get_if<T>(&e)) return true;
    }
    return false;
}

// A page of rows "<prefix><first>".."<prefix><first+n-1>" (names "N<id>") with a total of `count`.
std::string page_json(int first, int n, int64_t count, const std::string& prefix, bool has_next) {
    std::string rows;
    for (int i = first; i < first + n; ++i) {
        if (i > first) rows += ",";
        rows += R"({"id":")" + prefix + std::to_string(i) + R"(","name":"N)" + prefix + std::to_string(i) + R"("})";
    }
    return R"({"count":)" + std::to_string(count) + R"(,"next":)" +
           (has_next ? std::string(R"("http://x/api/accounts/?page=2")") : std::string("null")) +
           R"(,"previous":null,"results":[)" + rows + "]}";
}

HttpResponse status(int code, const std::string& body = "") { return HttpResponse{code, body, {}}; }

// Signed in; page 1 of `count` accounts (ids a1..a10, 10 a page) is shown.
void signed_in(AppModel& m, int64_t count = 40) {
    Effects start = update(m, AppStarted{"https://api.test", "tok", "#/accounts?limit=10"});
    m.no_export_stream.insert("https://api.test");   // "select all" walks pages here (the stream: stream_walk_test.cpp)
    auto list = requests(start, RequestKind::ListAccounts);
    REQUIRE(list.size() == 1);
    update(m, AccountsLoaded{list[0].seq, status(200, page_json(1, 10, count, "a", count > 10))});
    REQUIRE(m.list.page.results.size() == 10);
}

std::set<std::string> selected(const AppModel& m) {
    std::set<std::string> out;
    for (const auto& [id, name] : m.selection.ids) out.insert(id);
    return out;
}

// Selects a1..a<n> and confirms a bulk action; returns the first requests sent.
std::vector<SendRequest> run_bulk(AppModel& m, int n, const Msg& request) {
    for (int i = 1; i <= n; ++i) update(m, ToggleSelect{"a" + std::to_string(i)});
    update(m, request);
    REQUIRE(m.bulk.phase == BulkPhase::Confirm);
    return requests(update(m, ConfirmBulk{}), RequestKind::BulkItem);
}

std::string id_of(const SendRequest& r) {   // .../api/accounts/<id>/
    const std::string& u = r.request.url;
    const size_t end = u.size() - 1;
    const size_t start = u.rfind('/', end - 1) + 1;
    return u.substr(start, end - start);
}

}  // namespace

TEST_CASE("toggle selects and unselects a row and moves the anchor; unknown ids are ignored") {
    AppModel m;
    signed_in(m);
    update(m, ToggleSelect{"a3"});
    update(m, ToggleSelect{"a5"});
    CHECK(selected(m) == std::set<std::string>{"a3", "a5"});
    CHECK(m.selection.ids.at("a3") == "Na3");
    CHECK(m.selection.anchor_id == "a5");
    update(m, ToggleSelect{"a3"});
    CHECK(selected(m) == std::set<std::string>{"a5"});
    CHECK(m.selection.anchor_id == "a3");
    update(m, ToggleSelect{"zz"});
    CHECK(selected(m) == std::set<std::string>{"a5"});
    CHECK(m.selected_id.empty());   // selecting for bulk does not open the account
}

TEST_CASE("shift extends from the anchor in either direction; without an anchor it toggles") {
    AppModel m;
    signed_in(m);
    update(m, ExtendSelect{"a4"});
    CHECK(selected(m) == std::set<std::string>{"a4"});
    update(m, ExtendSelect{"a7"});
    CHECK(selected(m) == std::set<std::string>{"a4", "a5", "a6", "a7"});
    CHECK(m.selection.anchor_id == "a4");          // the anchor stays, like a file manager
    update(m, ExtendSelect{"a2"});
    CHECK(selected(m) == std::set<std::string>{"a2", "a3", "a4", "a5", "a6", "a7"});
    // A plain click (opening a row) moves the anchor: a click on a9, then Shift+click on a10.
    update(m, SelectAccount{"a9"});
    update(m, ExtendSelect{"a10"});
    CHECK(selected(m) == std::set<std::string>{"a2", "a3", "a4", "a5", "a6", "a7", "a9", "a10"});
}

TEST_CASE("select page, the Gmail offer, and deselect page") {
    AppModel m;
    signed_in(m, 40);
    CHECK_FALSE(offers_select_all_matching(m));
    update(m, SelectPage{true});
    CHECK(m.selection.ids.size() == 10);
    CHECK(page_fully_selected(m));
    CHECK(offers_select_all_matching(m));          // 10 of 40 matching
    update(m, SelectPage{false});
    CHECK(m.selection.ids.empty());
}

TEST_CASE("select all matching walks every page through PageWalk: the list's count sends pages 2.. with page 1") {
    AppModel m;
    signed_in(m, 450);
    update(m, SelectPage{true});
    Effects fx = update(m, SelectAllMatching{});
    auto sent = requests(fx, RequestKind::SelectAllPage);
    REQUIRE(sent.size() == 5);                      // 450 accounts: pages 1..5 of 100 at once (<= kWalkMaxInFlight)
    CHECK(sent[0].request.url == "https://api.test/api/accounts/?page=1&limit=100");
    CHECK(sent[1].request.url == "https://api.test/api/accounts/?page=2&limit=100");
    CHECK(sent[4].request.url == "https://api.test/api/accounts/?page=5&limit=100");
    CHECK(m.selection.walk.running());
    CHECK_FALSE(offers_select_all_matching(m));
    const std::vector<SendRequest> first = {sent[0]};
    const std::vector<SendRequest> pages(sent.begin() + 1, sent.end());
    fx = update(m, SelectAllPageLoaded{first[0].seq, status(200, page_json(1, 100, 450, "a", true))});
    CHECK(requests(fx, RequestKind::SelectAllPage).empty());   // page 1 confirms the count: nothing more to ask
    // Answers in any order; nothing is selected until every page came.
    update(m, SelectAllPageLoaded{pages[3].seq, status(200, page_json(401, 50, 450, "a", false))});
    update(m, SelectAllPageLoaded{pages[1].seq, status(200, page_json(201, 100, 450, "a", true))});
    update(m, SelectAllPageLoaded{pages[0].seq, status(200, page_json(101, 100, 450, "a", true))});
    CHECK(m.selection.ids.size() == 10);
    CHECK_FALSE(m.selection.all_matching);
    CHECK(selection_to_json(m)["collectPagesDone"] == 4);
    update(m, SelectAllPageLoaded{pages[2].seq, status(200, page_json(301, 100, 450, "a", true))});
    CHECK(m.selection.ids.size() == 450);
    CHECK(m.selection.all_matching);
    CHECK(m.selection.ids.at("a450") == "Na450");
    CHECK_FALSE(m.selection.walk.running());
    CHECK_FALSE(offers_select_all_matching(m));
    // Unselecting one row leaves "all matching".
    update(m, ToggleSelect{"a1"});
    CHECK(m.selection.ids.size() == 449);
    CHECK_FALSE(m.selection.all_matching);
}

TEST_CASE("select all matching: a failed page stops the walk with a message and keeps the page") {
    AppModel m;
    signed_in(m, 250);
    update(m, SelectPage{true});
    auto sent = requests(update(m, SelectAllMatching{}), RequestKind::SelectAllPage);
    REQUIRE(sent.size() == 3);                      // pages 1..3 together (the list's count: 250)
    const std::vector<SendRequest> pages(sent.begin() + 1, sent.end());
    CHECK(requests(update(m, SelectAllPageLoaded{sent[0].seq, status(200, page_json(1, 100, 250, "a", true))}),
                   RequestKind::SelectAllPage).empty());
    update(m, SelectAllPageLoaded{pages[0].seq, status(403, R"({"detail":"Forbidden."})")});   // not retried
    CHECK_FALSE(m.selection.walk.running());
    REQUIRE(m.selection.error);
    CHECK(m.selection.error->code == "api.forbidden");
    CHECK(m.selection.error->message == "Could not select every matching account: Forbidden.");
    CHECK(m.selection.ids.size() == 10);
    CHECK_FALSE(m.selection.all_matching);
    // Late answers of the stopped walk change nothing.
    update(m, SelectAllPageLoaded{pages[1].seq, status(200, page_json(201, 50, 250, "a", false))});
    CHECK(m.selection.ids.size() == 10);
}

TEST_CASE("select all matching when one page holds them all selects them at once") {
    AppModel m;
    signed_in(m, 10);
    Effects fx = update(m, SelectAllMatching{});
    CHECK(requests(fx, RequestKind::SelectAllPage).empty());
    CHECK(m.selection.ids.size() == 10);
    CHECK(m.selection.all_matching);
}

TEST_CASE("a change of filters or search clears the selection and stops a walk; page and sort do not") {
    AppModel m;
    signed_in(m, 40);
    update(m, ToggleSelect{"a1"});
    update(m, SetPage{2});
    CHECK(m.selection.ids.size() == 1);            // other pages keep it (Gmail-like)
    update(m, SortByColumn{"name"});
    CHECK(m.selection.ids.size() == 1);
    update(m, SetStageFilter{"customer"});
    CHECK(m.selection.ids.empty());
    CHECK(m.selection.anchor_id.empty());

    AppModel m2;
    signed_in(m2, 400);
    update(m2, SelectAllMatching{});
    CHECK(m2.selection.walk.running());
    update(m2, EditSearch{"acme"});
    update(m2, SubmitSearch{});
    CHECK_FALSE(m2.selection.walk.running());
    CHECK(m2.selection.ids.empty());
    update(m2, UrlChanged{"#/accounts?limit=10&industry=Food"});
    CHECK(m2.selection.ids.empty());
}

TEST_CASE("bulk stage change: confirmation first, then PATCH {stage} 4 at a time with progress") {
    AppModel m;
    signed_in(m);
    for (int i = 1; i <= 10; ++i) update(m, ToggleSelect{"a" + std::to_string(i)});
    Effects fx = update(m, RequestBulkStage{"customer"});
    CHECK(m.bulk.phase == BulkPhase::Confirm);
    CHECK(m.bulk.ids.size() == 10);
    CHECK(requests(fx, RequestKind::BulkItem).empty());   // nothing before the confirmation
    auto sent = requests(update(m, ConfirmBulk{}), RequestKind::BulkItem);
    REQUIRE(sent.size() == kBulkConcurrency);
    CHECK(sent[0].request.method == "PATCH");
    CHECK(sent[0].request.url == "https://api.test/api/accounts/a1/");
    CHECK(sent[0].request.body == R"({"stage":"customer"})");
    CHECK(m.bulk.phase == BulkPhase::Running);
    // Each answer lets exactly one more go; never more than 4 in flight.
    std::vector<SendRequest> queue(sent.begin(), sent.end());
    std::set<std::string> patched;
    while (!queue.empty()) {
        SendRequest r = queue.front();
        queue.erase(queue.begin());
        patched.insert(id_of(r));
        Effects next = update(m, BulkItemCompleted{r.seq, status(200, R"({"id":"x","name":"y"})")});
        for (auto& s : requests(next, RequestKind::BulkItem)) queue.push_back(s);
        CHECK(m.bulk.in_flight.size() <= kBulkConcurrency);
        CHECK(queue.size() == m.bulk.in_flight.size());
        if (!queue.empty()) CHECK(requests(next, RequestKind::ListAccounts).empty());   // no reload before the end
        else CHECK(requests(next, RequestKind::ListAccounts).size() == 1);              // list and counts asked again
    }
    CHECK(patched.size() == 10);
    CHECK(m.bulk.phase == BulkPhase::Done);
    CHECK(m.bulk.succeeded == 10);
    CHECK(m.bulk.max_in_flight == kBulkConcurrency);
    CHECK(m.bulk.failures.empty());
    CHECK(m.selection.ids.empty());                // done rows leave the selection
    update(m, CloseBulk{});
    CHECK(m.bulk.phase == BulkPhase::Idle);
}

TEST_CASE("unknown stage or empty selection asks nothing; cancelling the confirmation sends nothing") {
    AppModel m;
    signed_in(m);
    update(m, RequestBulkStage{"customer"});
    CHECK(m.bulk.phase == BulkPhase::Idle);
    update(m, ToggleSelect{"a1"});
    update(m, RequestBulkStage{"nonsense"});
    CHECK(m.bulk.phase == BulkPhase::Idle);
    update(m, RequestBulkDelete{});
    CHECK(m.bulk.phase == BulkPhase::Confirm);
    Effects fx = update(m, CancelBulk{});
    CHECK(requests(fx, RequestKind::BulkItem).empty());
    CHECK(m.bulk.phase == BulkPhase::Idle);
    CHECK(m.selection.ids.size() == 1);
}

TEST_CASE("selection cannot change while a bulk action is confirming or running") {
    AppModel m;
    signed_in(m);
    run_bulk(m, 2, RequestBulkDelete{});
    update(m, ToggleSelect{"a5"});
    update(m, SelectPage{true});
    update(m, ClearSelection{});
    CHECK(selected(m) == std::set<std::string>{"a1", "a2"});
}

TEST_CASE("bulk delete: partial failure (404 and 500) gives failure rows; retry sends only the failed ids") {
    AppModel m;
    signed_in(m);
    m.selected_id = "a2";                          // the open account is among them
    auto sent = run_bulk(m, 6, RequestBulkDelete{});
    REQUIRE(sent.size() == 4);
    CHECK(sent[0].request.method == "DELETE");
    CHECK(sent[0].request.body.empty());
    std::vector<SendRequest> queue(sent.begin(), sent.end());
    while (!queue.empty()) {
        SendRequest r = queue.front();
        queue.erase(queue.begin());
        const std::string id = id_of(r);
        HttpResponse resp = id == "a3" ? status(404, R"({"detail":"Not found."})")
                          : id == "a5" ? status(500, "oops")
                                       : status(204);
        Effects next = update(m, BulkItemCompleted{r.seq, resp});
        if (id == "a2") CHECK(has_effect<SetUrl>(next));
        for (auto& s : requests(next, RequestKind::BulkItem)) queue.push_back(s);
    }
    CHECK(m.selected_id.empty());                  // its detail closed
    CHECK(m.bulk.phase == BulkPhase::Done);
    CHECK(m.bulk.succeeded == 4);
    REQUIRE(m.bulk.failures.size() == 2);
    std::map<std::string, BulkFailure> byid;
    for (auto& f : m.bulk.failures) byid[f.id] = f;
    CHECK(byid.at("a3").name == "Na3");
    CHECK(byid.at("a3").error.code == "api.http_404");
    CHECK(byid.at("a3").error.message == "Not found: it was already deleted.");
    CHECK(byid.at("a5").error.code == "api.http_500");
    CHECK(selected(m) == std::set<std::string>{"a3", "a5"});   // the failures stay selected

    auto retry = requests(update(m, RetryBulkFailed{}), RequestKind::BulkItem);
    REQUIRE(retry.size() == 2);
    CHECK(std::set<std::string>{id_of(retry[0]), id_of(retry[1])} == std::set<std::string>{"a3", "a5"});
    CHECK(m.bulk.attempt == 2);
    CHECK(m.bulk.failures.empty());
    update(m, BulkItemCompleted{retry[0].seq, status(204)});
    update(m, BulkItemCompleted{retry[1].seq, status(404, R"({"detail":"Not found."})")});
    CHECK(m.bulk.phase == BulkPhase::Done);
    CHECK(m.bulk.succeeded == 1);
    CHECK(m.bulk.failures.size() == 1);
}

TEST_CASE("bulk stage change: a 404 reads as deleted meanwhile; a 400 keeps the server's message") {
    AppModel m;
    signed_in(m);
    auto sent = run_bulk(m, 2, RequestBulkStage{"churned"});
    update(m, BulkItemCompleted{sent[0].seq, status(404, R"({"detail":"Not found."})")});
    update(m, BulkItemCompleted{sent[1].seq, status(400, R"({"stage":["\"x\" is not a valid choice."]})")});
    REQUIRE(m.bulk.failures.size() == 2);
    CHECK(m.bulk.failures[0].error.message == "Not found: the account was deleted meanwhile.");
    CHECK(m.bulk.failures[1].error.code == "api.validation");
    CHECK(m.bulk.failures[1].error.message.find("not a valid choice") != std::string::npos);
    CHECK(m.bulk.succeeded == 0);
}

TEST_CASE("cancel stops sending; the in-flight requests finish and are counted") {
    AppModel m;
    signed_in(m);
    auto sent = run_bulk(m, 10, RequestBulkStage{"active"});
    REQUIRE(sent.size() == 4);
    update(m, CancelBulk{});
    CHECK(m.bulk.phase == BulkPhase::Running);     // still waiting for the 4 in flight
    for (size_t i = 0; i < sent.size(); ++i) {
        Effects fx = update(m, BulkItemCompleted{sent[i].seq, i == 1 ? status(0) : status(200, "{}")});
        CHECK(requests(fx, RequestKind::BulkItem).empty());
    }
    CHECK(m.bulk.phase == BulkPhase::Done);
    CHECK(m.bulk.cancelled);
    CHECK(m.bulk.succeeded == 3);
    CHECK(m.bulk.failures.size() == 1);
    CHECK(m.bulk.failures[0].error.code == "api.network");
    CHECK(bulk_to_json(m)["notSent"] == 6);
    CHECK(m.selection.ids.size() == 7);            // 6 never sent + 1 failed
    // Retry covers the failure only, not the ids never sent.
    auto retry = requests(update(m, RetryBulkFailed{}), RequestKind::BulkItem);
    REQUIRE(retry.size() == 1);
    CHECK(retry[0].seq != sent[1].seq);
    CHECK(id_of(retry[0]) == id_of(sent[1]));
}

TEST_CASE("an answer that comes twice is counted once") {
    AppModel m;
    signed_in(m);
    auto sent = run_bulk(m, 1, RequestBulkDelete{});
    update(m, BulkItemCompleted{sent[0].seq, status(204)});
    CHECK(m.bulk.phase == BulkPhase::Done);
    update(m, BulkItemCompleted{sent[0].seq, status(500)});   // duplicate/late: not counted
    CHECK(m.bulk.failures.empty());
    CHECK(m.bulk.succeeded == 1);
}

TEST_CASE("a 401 stops the run, signs out, and turns what was not sent into failures to retry") {
    AppModel m;
    signed_in(m);
    auto sent = run_bulk(m, 8, RequestBulkStage{"customer"});
    Effects fx = update(m, BulkItemCompleted{sent[0].seq, status(401, R"({"detail":"Invalid token."})")});
    CHECK(has_effect<ShowSignIn>(fx));
    CHECK(m.auth == AuthStatus::SignedOut);
    CHECK(requests(fx, RequestKind::BulkItem).empty());
    for (size_t i = 1; i < sent.size(); ++i) update(m, BulkItemCompleted{sent[i].seq, status(401)});
    CHECK(m.bulk.phase == BulkPhase::Done);
    CHECK(m.bulk.signed_out);
    CHECK(m.bulk.failures.size() == 8);            // 4 answered 401 + 4 never sent
    update(m, RetryBulkFailed{});
    CHECK(m.bulk.phase == BulkPhase::Done);        // not while signed out
}
