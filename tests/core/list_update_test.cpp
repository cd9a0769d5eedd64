// list_update_test.cpp: the accounts list screen's rules as pure update() behaviour: filters, sort,
// debounce, paging, cache, prefetch, stage counts, users fallback, keyboard cursor; exact URLs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/app/model.hpp"
#include "core/app/update_list.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

std::vector<const SendRequest*> requests(const Effects& fx, RequestKind kind) {
    std::vector<const SendRequest*> out;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == kind) out.push_back(p);
    }
    return out;
}

const SendRequest* list_request(const Effects& fx) {
    auto r = requests(fx, RequestKind::ListAccounts);
    return r.empty() ? nullptr : r.front();
}

// A list page of `n` rows named "<prefix>1".."<prefix>n" with a total of `count`.
std::string page_json(int n, int64_t count, const std::string& prefix, bool has_next) {
    std::string rows;
    for (int i = 1; i <= n; ++i) {
        if (i > 1) rows += ",";
        rows += R"({"id":")" + prefix + std::to_string(i) + R"(","name":"N)" + prefix + std::to_string(i) +
                R"(","industry":"Ind)" + std::to_string(i % 3) + R"("})";
    }
    return R"({"count":)" + std::to_string(count) + R"(,"next":)" +
           (has_next ? std::string(R"("http://x/api/accounts/?page=2")") : std::string("null")) +
           R"(,"previous":null,"results":[)" + rows + "]}";
}

HttpResponse ok(const std::string& body) { return HttpResponse{200, body, {}}; }

// A signed-in model whose first page (of 100 accounts, 25 a page) has loaded; returns the effects
// of that load (which include the prefetch of page 2).
Effects signed_in(AppModel& m, const std::string& hash = "") {
    Effects start = update(m, AppStarted{"https://api.test", "tok", hash});
    const SendRequest* req = list_request(start);
    REQUIRE(req != nullptr);
    return update(m, AccountsLoaded{req->seq, ok(page_json(25, 100, "a", true))});
}

}  // namespace

TEST_CASE("each query shape gives its exact request URL") {
    AccountQuery q;
    CHECK(make_list_accounts_request({}, q).url == "/api/accounts/?page=1&limit=25");
    q.page = 3;
    q.limit = 50;
    q.stage = "customer";
    q.industry = "Food & Drink";
    q.assigned_to = "usr_1";
    q.search = "acme co";
    q.ordering = "-name";
    CHECK(make_list_accounts_request({"https://api.test", "t"}, q).url ==
          "https://api.test/api/accounts/?page=3&limit=50&stage=customer&industry=Food%20%26%20Drink"
          "&assignedTo=usr_1&search=acme%20co&ordering=-name");
}

TEST_CASE("changing the stage filter goes back to page 1, pushes the URL and loads") {
    AppModel m;
    signed_in(m, "#/accounts?page=3");
    Effects fx = update(m, SetStageFilter{"customer"});
    CHECK(m.list.query.page == 1);
    CHECK(m.list.query.stage == "customer");
    const SendRequest* req = list_request(fx);
    REQUIRE(req != nullptr);
    CHECK(req->request.url == "https://api.test/api/accounts/?page=1&limit=25&stage=customer");
    const SetUrl* url = find_effect<SetUrl>(fx);
    REQUIRE(url != nullptr);
    CHECK(url->push);
    CHECK(url->hash == "#/accounts?stage=customer");
    CHECK(update(m, SetStageFilter{"not-a-stage"}).empty());
}

TEST_CASE("industry, assigned user, page size and sort changes all go back to page 1") {
    AppModel m;
    signed_in(m, "#/accounts?page=2");
    update(m, SetIndustryFilter{"Retail"});
    CHECK(m.list.query.page == 1);
    m.list.query.page = 4;
    update(m, SetAssignedFilter{"usr_2"});
    CHECK(m.list.query.page == 1);
    m.list.query.page = 4;
    Effects fx = update(m, SetPageSize{50});
    CHECK(m.list.query.page == 1);
    CHECK(m.list.query.limit == 50);
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url ==
          "https://api.test/api/accounts/?page=1&limit=50&industry=Retail&assignedTo=usr_2");
    m.list.query.page = 4;
    update(m, SortByColumn{"name"});
    CHECK(m.list.query.page == 1);
}

TEST_CASE("a page size outside 10/25/50/100 is ignored") {
    AppModel m;
    signed_in(m);
    CHECK(update(m, SetPageSize{33}).empty());
    CHECK(update(m, SetPageSize{25}).empty());
    CHECK(m.list.query.limit == 25);
}

TEST_CASE("clicking a header sorts asc, then desc, then back to the server's order") {
    AppModel m;
    signed_in(m);
    Effects fx = update(m, SortByColumn{"name"});
    CHECK(m.list.query.ordering == "name");
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "https://api.test/api/accounts/?page=1&limit=25&ordering=name");
    update(m, SortByColumn{"name"});
    CHECK(m.list.query.ordering == "-name");
    update(m, SortByColumn{"name"});
    CHECK(m.list.query.ordering == "");
    update(m, SortByColumn{"name"});
    update(m, SortByColumn{"updatedAt"});
    CHECK(m.list.query.ordering == "updatedAt");
    CHECK(update(m, SortByColumn{"website"}).empty());   // not an API ordering field
    CHECK(m.list.query.ordering == "updatedAt");
}

// One frame: its time, the messages of its input, then the timers.
Effects frame(AppModel& m, double now_ms, std::vector<Msg> input = {}) {
    update(m, Tick{now_ms, 0});
    for (const Msg& msg : input) update(m, msg);
    return update(m, InputHandled{});
}

TEST_CASE("typing in the search box waits 300 ms after the last key before searching") {
    AppModel m;
    signed_in(m);
    CHECK(frame(m, 1000, {EditSearch{"ac"}}).empty());
    CHECK(frame(m, 1200, {EditSearch{"acm"}}).empty());    // restarts the wait
    CHECK(list_request(frame(m, 1450)) == nullptr);
    CHECK(m.list.query.search == "");
    Effects fx = frame(m, 1500);
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "https://api.test/api/accounts/?page=1&limit=25&search=acm");
    CHECK(m.list.query.search == "acm");
    CHECK(m.list.search_due_ms == 0);
    CHECK(frame(m, 2000).empty());                          // nothing pending any more
}

TEST_CASE("a key that waited behind a slow frame restarts the debounce before it can fire") {
    AppModel m;
    signed_in(m);
    CHECK(frame(m, 1000, {EditSearch{"he"}}).empty());
    // The next frame comes 400 ms later (the machine was busy) with the third key in its input:
    // no request for "he", the wait starts again from this frame.
    CHECK(list_request(frame(m, 1400, {EditSearch{"hel"}})) == nullptr);
    CHECK(m.list.query.search == "");
    CHECK(list_request(frame(m, 1650)) == nullptr);
    Effects fx = frame(m, 1700);
    REQUIRE(list_request(fx) != nullptr);
    CHECK(m.list.query.search == "hel");
}

TEST_CASE("Enter applies the typed search at once; typing back the current search cancels the wait") {
    AppModel m;
    signed_in(m, "#/accounts?page=2");
    update(m, EditSearch{"glo"});
    Effects fx = update(m, SubmitSearch{});
    REQUIRE(list_request(fx) != nullptr);
    CHECK(m.list.query.search == "glo");
    CHECK(m.list.query.page == 1);
    update(m, EditSearch{"glob"});
    update(m, EditSearch{"glo"});
    CHECK(m.list.search_due_ms == 0);
}

TEST_CASE("clear filters drops stage, industry, user and search, keeps sort and page size") {
    AppModel m;
    signed_in(m, "#/accounts?page=2&limit=50&stage=active&industry=Retail&assignedTo=u1&search=x&ordering=-name");
    Effects fx = update(m, ClearFilters{});
    CHECK(m.list.query == AccountQuery{1, 50, "", "", "", "", "-name"});
    CHECK(m.list.search_draft == "");
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "https://api.test/api/accounts/?page=1&limit=50&ordering=-name");
    CHECK(find_effect<SetUrl>(fx)->hash == "#/accounts?limit=50&ordering=-name");
    CHECK(update(m, ClearFilters{}).empty());
}

TEST_CASE("a response for an older query never overwrites the newer one") {
    AppModel m;
    signed_in(m);
    const uint64_t older = list_request(update(m, SetStageFilter{"active"}))->seq;
    const uint64_t newer = list_request(update(m, SetStageFilter{"churned"}))->seq;
    update(m, AccountsLoaded{newer, ok(page_json(2, 2, "churned", false))});
    update(m, AccountsLoaded{older, ok(page_json(7, 7, "active", false))});
    CHECK(m.list.page.results.size() == 2);
    CHECK(m.list.page.results[0].id == "churned1");
    CHECK(m.list.status == LoadStatus::Loaded);
}

TEST_CASE("loading a page prefetches the next one into the cache, without touching the rows") {
    AppModel m;
    Effects fx = signed_in(m);
    auto pre = requests(fx, RequestKind::PrefetchAccounts);
    REQUIRE(pre.size() == 1);
    CHECK(pre[0]->request.url == "https://api.test/api/accounts/?page=2&limit=25");
    update(m, PrefetchLoaded{pre[0]->seq, ok(page_json(25, 100, "b", true))});
    CHECK(m.list.page.results[0].id == "a1");
    CHECK(m.list.cache.size() == 2);

    // Page 2 is then shown at once from the cache and revalidated.
    Effects next = update(m, SetPage{2});
    CHECK(m.list.from_cache);
    CHECK(m.list.status == LoadStatus::Loading);
    CHECK(m.list.page.results[0].id == "b1");
    REQUIRE(list_request(next) != nullptr);
    CHECK(list_request(next)->request.url == "https://api.test/api/accounts/?page=2&limit=25");
}

TEST_CASE("no prefetch on the last page, nor of a page already cached") {
    AppModel m;
    Effects start = update(m, AppStarted{"", "tok", ""});
    Effects fx = update(m, AccountsLoaded{list_request(start)->seq, ok(page_json(3, 3, "a", false))});
    CHECK(requests(fx, RequestKind::PrefetchAccounts).empty());

    AppModel m2;
    Effects f1 = signed_in(m2);
    update(m2, PrefetchLoaded{requests(f1, RequestKind::PrefetchAccounts)[0]->seq, ok(page_json(25, 100, "b", true))});
    Effects again = update(m2, ReloadAccounts{});
    Effects reloaded = update(m2, AccountsLoaded{list_request(again)->seq, ok(page_json(25, 100, "a", true))});
    CHECK(requests(reloaded, RequestKind::PrefetchAccounts).empty());
}

TEST_CASE("a visited page comes back from the cache at once and the fresh answer replaces it") {
    AppModel m;
    signed_in(m);
    const uint64_t s2 = list_request(update(m, SetPage{2}))->seq;
    CHECK_FALSE(m.list.from_cache);                       // not prefetched in this test: nothing cached yet
    update(m, AccountsLoaded{s2, ok(page_json(25, 100, "b", true))});
    const uint64_t back = list_request(update(m, SetPage{1}))->seq;
    CHECK(m.list.from_cache);
    CHECK(m.list.page.results[0].id == "a1");
    update(m, AccountsLoaded{back, ok(page_json(25, 100, "fresh", true))});
    CHECK_FALSE(m.list.from_cache);
    CHECK(m.list.status == LoadStatus::Loaded);
    CHECK(m.list.page.results[0].id == "fresh1");
}

TEST_CASE("a failed revalidation keeps the cached rows, shows the error, and Retry asks again") {
    AppModel m;
    signed_in(m);
    const uint64_t s2 = list_request(update(m, SetPage{2}))->seq;
    update(m, AccountsLoaded{s2, HttpResponse{500, R"({"detail":"db down"})", {}}});
    CHECK(m.list.status == LoadStatus::Failed);
    CHECK(m.list.error->message == "db down");
    CHECK(m.list.page.results[0].id == "a1");            // last good rows stay on screen
    CHECK(list_request(update(m, ReloadAccounts{})) != nullptr);
}

TEST_CASE("a page past the end (404 Invalid page) goes back to page 1") {
    AppModel m;
    Effects start = update(m, AppStarted{"", "tok", "#/accounts?page=99"});
    Effects fx = update(m, AccountsLoaded{list_request(start)->seq, HttpResponse{404, R"({"detail":"Invalid page."})", {}}});
    CHECK(m.list.query.page == 1);
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "/api/accounts/?page=1&limit=25");
    CHECK_FALSE(find_effect<SetUrl>(fx)->push);
}

TEST_CASE("jumping past the last page lands on the last page") {
    AppModel m;
    signed_in(m);                                        // 100 accounts, 25 a page
    update(m, SetPage{999});
    CHECK(m.list.query.page == 4);
    CHECK(list_last_page(m.list) == 4);
}

TEST_CASE("a 401 on the list signs out but keeps the query for after the new sign-in") {
    AppModel m;
    signed_in(m, "#/accounts?stage=active&search=ac");
    const uint64_t s = list_request(update(m, SetPage{2}))->seq;
    update(m, AccountsLoaded{s, HttpResponse{401, R"({"detail":"Token expired."})", {}}});
    CHECK(m.auth == AuthStatus::SignedOut);
    Effects fx = update(m, SignIn{"tok2"});
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "https://api.test/api/accounts/?page=2&limit=25&stage=active&search=ac");
}

TEST_CASE("stage counts: one limit=1 request per stage and for all, with the other filters") {
    AppModel m;
    Effects start = update(m, AppStarted{"", "tok", "#/accounts?stage=active&industry=Retail&page=2&ordering=name"});
    auto counts = requests(start, RequestKind::StageCount);
    REQUIRE(counts.size() == 6);
    CHECK(counts[0]->request.url == "/api/accounts/?page=1&limit=1&industry=Retail");
    CHECK(counts[1]->request.url == "/api/accounts/?page=1&limit=1&stage=prospect&industry=Retail");
    CHECK(counts[5]->request.url == "/api/accounts/?page=1&limit=1&stage=churned&industry=Retail");
    update(m, StageCountLoaded{counts[0]->seq, ok(R"({"count":1234,"results":[]})")});
    update(m, StageCountLoaded{counts[3]->seq, ok(R"({"count":7,"results":[]})")});
    update(m, StageCountLoaded{counts[4]->seq, HttpResponse{500, "", {}}});
    CHECK(m.stage_counts.counts[0] == 1234);
    CHECK(m.stage_counts.counts[3] == 7);
    CHECK_FALSE(m.stage_counts.counts[4].has_value());

    // Changing only the stage, the page or the sort does not ask again...
    CHECK(requests(update(m, SetStageFilter{"customer"}), RequestKind::StageCount).empty());
    CHECK(requests(update(m, SortByColumn{"name"}), RequestKind::StageCount).empty());
    // ...another filter does.
    CHECK(requests(update(m, SetIndustryFilter{"Food"}), RequestKind::StageCount).size() == 6);
    CHECK_FALSE(m.stage_counts.counts[0].has_value());
    // And coming back shows the counts known for those filters at once.
    update(m, SetIndustryFilter{"Retail"});
    CHECK(m.stage_counts.counts[0] == 1234);
}

TEST_CASE("an answer for stage counts of older filters does not show under the new filters") {
    AppModel m;
    Effects start = update(m, AppStarted{"", "tok", ""});
    auto counts = requests(start, RequestKind::StageCount);
    REQUIRE(counts.size() == 6);
    update(m, SetIndustryFilter{"Food"});
    update(m, StageCountLoaded{counts[0]->seq, ok(R"({"count":40,"results":[]})")});
    CHECK_FALSE(m.stage_counts.counts[0].has_value());
}

TEST_CASE("users load once; names replace ids; a 404 falls back to ids without an error") {
    AppModel m;
    Effects start = update(m, AppStarted{"https://api.test", "tok", ""});
    auto users = requests(start, RequestKind::UserDirectory);
    REQUIRE(users.size() == 1);
    CHECK(users[0]->request.url == "https://api.test/api/users/");
    CHECK(find_header(users[0]->request.headers, "Authorization") == "Bearer tok");
    CHECK(requests(update(m, SetStageFilter{"active"}), RequestKind::UserDirectory).empty());
    update(m, UserDirectoryLoaded{users[0]->seq, ok(R"({"count":2,"results":[{"id":"u2","name":"Zoe"},{"id":"u1","name":"Ann"}]})")});
    CHECK(m.users.status == UsersStatus::Loaded);
    CHECK(m.users.users[0].name == "Ann");
    CHECK(user_display_name(m, "u2") == "Zoe");
    CHECK(user_display_name(m, "u9") == "u9");

    AppModel old;
    Effects s2 = update(old, AppStarted{"", "tok", ""});
    update(old, UserDirectoryLoaded{requests(s2, RequestKind::UserDirectory)[0]->seq, HttpResponse{404, R"({"detail":"Not found."})", {}}});
    CHECK(old.users.status == UsersStatus::Unavailable);
    CHECK(user_display_name(old, "u1") == "u1");
    CHECK(old.list.status == LoadStatus::Loading);   // the list is not affected
    CHECK(requests(update(old, ReloadAccounts{}), RequestKind::UserDirectory).empty());   // not asked again
}

TEST_CASE("the keyboard cursor moves within the rows and Enter opens the row under it") {
    AppModel m;
    signed_in(m);
    update(m, MoveCursor{1});
    CHECK(m.list.cursor_id == "a1");
    update(m, MoveCursor{1});
    update(m, MoveCursor{1});
    CHECK(m.list.cursor_id == "a3");
    update(m, MoveCursor{-5});
    CHECK(m.list.cursor_id == "a1");
    update(m, MoveCursor{100});
    CHECK(m.list.cursor_id == "a25");
    Effects fx = update(m, OpenCursor{});
    CHECK(m.selected_id == "a25");
    REQUIRE(find_effect<SetUrl>(fx) != nullptr);
    CHECK(find_effect<SetUrl>(fx)->hash == "#/accounts/a25");
}

TEST_CASE("only http and https websites open in a new tab") {
    AppModel m;
    Effects fx = update(m, OpenWebsite{"https://acme.example"});
    REQUIRE(find_effect<OpenUrl>(fx) != nullptr);
    CHECK(find_effect<OpenUrl>(fx)->url == "https://acme.example");
    CHECK(update(m, OpenWebsite{"javascript:alert(1)"}).empty());
    CHECK(update(m, OpenWebsite{"HTTP://"}).empty());
    CHECK(update(m, OpenWebsite{""}).empty());
}

TEST_CASE("back/forward restores the query and the search box text") {
    AppModel m;
    signed_in(m);
    update(m, EditSearch{"zz"});
    Effects fx = update(m, UrlChanged{"#/accounts?search=ab&stage=partner"});
    CHECK(m.list.query.search == "ab");
    CHECK(m.list.search_draft == "ab");
    CHECK(m.list.search_due_ms == 0);
    REQUIRE(list_request(fx) != nullptr);
    CHECK(list_request(fx)->request.url == "https://api.test/api/accounts/?page=1&limit=25&stage=partner&search=ab");
}

TEST_CASE("industries seen in pages become filter suggestions") {
    AppModel m;
    signed_in(m);
    CHECK(m.list.industries_seen == std::set<std::string>{"Ind0", "Ind1", "Ind2"});
}

TEST_CASE("the model snapshot carries the list's new state for the browser tests") {
    AppModel m;
    signed_in(m);
    auto j = model_to_json(m);
    CHECK(j["list"]["lastPage"] == 4);
    CHECK(j["list"]["prefetching"] == true);
    CHECK(j["list"]["stageCounts"]["all"] == 100);       // the shown page's count is the count for "all"
    CHECK(j["list"]["stageCounts"]["active"].is_null());
    CHECK(j["list"]["users"]["status"] == "loading");
}
