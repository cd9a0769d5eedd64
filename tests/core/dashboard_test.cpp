// dashboard_test.cpp: the dashboard's data planning as pure update() behaviour, against an in-memory
// API (with and without the facets extension): the probe, requests bounded in flight, every number
// equal to a recount, cache keys, stale answers, refresh; and the pure helpers (shares that sum to
// 100 %, top N + "Other", months, the "updated" label).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/dashboard.hpp"
#include "core/app/model.hpp"
#include "core/app/route.hpp"
#include "core/app/update_dashboard.hpp"
#include "core/app/update_list.hpp"
#include "core/util/text.hpp"
#include "core/util/url.hpp"
#include "effects_probe.hpp"

using namespace crm::core;

namespace {

struct Row {
    std::string id, stage, industry, assigned, size, created;
};

// 60 accounts: stages, industries (two spellings of one), owners (some unassigned), sizes, months.
std::vector<Row> dataset() {
    const char* stages[] = {"prospect", "active", "customer", "partner", "churned"};
    const char* industries[] = {"Software", "software", "Retail", "Finance", "", "Health"};
    const char* users[] = {"usr_1", "usr_2", "usr_3", ""};
    const char* sizes[] = {"1-10", "11-50", "51-200", ""};
    std::vector<Row> rows;
    for (int i = 0; i < 60; ++i) {
        const int mo = 1 + i % 12;
        const std::string month = std::string("2026-") + (mo < 10 ? "0" : "") + std::to_string(mo) + "-03T10:00:00Z";
        rows.push_back({"acc_" + std::to_string(i), stages[(i * 7) % 5], industries[i % 6], users[(i / 2) % 4],
                        sizes[(i / 3) % 4], month});
    }
    return rows;
}

// An in-memory Accounts API answering the console's own requests.
struct FakeApi {
    std::vector<Row> rows = dataset();
    bool facets = true;       // the extension
    bool users = true;        // /api/users/
    bool by_stage = true;     // buckets carry "byStage" (as the reference server's do)
    int max_in_flight_seen = 0;

    bool matches(const Row& r, const QueryParams& p) const {
        for (const auto& [k, v] : p) {
            if (k == "stage" && r.stage != v) return false;
            if (k == "industry" && ascii_lower(r.industry) != ascii_lower(v)) return false;
            if (k == "assignedTo" && r.assigned != v) return false;
            if (k == "search" && r.id.find(v) == std::string::npos) return false;
        }
        return true;
    }
    HttpResponse answer(const HttpRequest& req) const {
        const size_t q = req.url.find('?');
        const std::string path = req.url.substr(0, q);
        const QueryParams p = parse_query(q == std::string::npos ? "" : req.url.substr(q + 1));
        std::vector<const Row*> hit;
        for (const Row& r : rows) {
            if (matches(r, p)) hit.push_back(&r);
        }
        if (path.ends_with("/api/accounts/facets/")) {
            if (!facets) return HttpResponse{404, R"({"detail":"Not found."})", {}, false, req.url};
            std::string fields;
            for (const auto& [k, v] : p) {
                if (k == "fields") fields = v;
            }
            json out = {{"count", hit.size()}, {"facets", json::object()}, {"sums", {{"contactCount", 2 * hit.size()}, {"openOpportunityCount", hit.size()}}}};
            for (const std::string f : {"stage", "industry", "assignedTo", "companySize", "createdMonth"}) {
                if (("," + fields + ",").find("," + f + ",") == std::string::npos) continue;
                std::map<std::string, int64_t> groups;
                std::map<std::string, std::map<std::string, int64_t>> stages;
                for (const Row* r : hit) {
                    const std::string v = f == "stage" ? r->stage : f == "industry" ? r->industry : f == "assignedTo" ? r->assigned
                                        : f == "companySize" ? r->size : r->created.substr(0, 7);
                    ++groups[v];
                    ++stages[v][r->stage];
                }
                json buckets = json::array();
                for (const auto& [v, n] : groups) {
                    json b = {{"value", v.empty() ? json(nullptr) : json(v)}, {"count", n}};
                    if (by_stage) b["byStage"] = stages[v];
                    buckets.push_back(b);
                }
                out["facets"][f] = buckets;
            }
            return HttpResponse{200, out.dump(), {}, false, req.url};
        }
        int limit = 25;
        for (const auto& [k, v] : p) {
            if (k == "limit") limit = std::stoi(v);
        }
        json results = json::array();
        for (size_t i = 0; i < hit.size() && static_cast<int>(i) < limit; ++i) {
            results.push_back({{"id", hit[i]->id}, {"name", "N" + hit[i]->id}, {"stage", hit[i]->stage}, {"industry", hit[i]->industry},
                               {"assignedTo", hit[i]->assigned.empty() ? json(nullptr) : json(hit[i]->assigned)},
                               {"updatedAt", "2026-03-01T00:00:00Z"}});
        }
        return HttpResponse{200, json{{"count", hit.size()}, {"next", nullptr}, {"previous", nullptr}, {"results", results}}.dump(), {}, false, req.url};
    }
    int64_t count(const std::string& stage, const std::string& industry, const std::string& assigned) const {
        int64_t n = 0;
        for (const Row& r : rows) {
            if ((stage.empty() || r.stage == stage) && (industry.empty() || ascii_lower(r.industry) == ascii_lower(industry)) &&
                (assigned.empty() || r.assigned == assigned))
                ++n;
        }
        return n;
    }
};

AppModel signed_in(bool users_loaded = true) {
    AppModel m;
    m.api.base_url = "http://api";
    m.api.token = "t";
    m.auth = AuthStatus::SignedIn;
    if (users_loaded) {
        m.users.status = UsersStatus::Loaded;
        m.users.users = {User{"usr_1", "Ann", ""}, User{"usr_2", "Bob", ""}, User{"usr_3", "Cy", ""}};
    } else {
        m.users.status = UsersStatus::Unavailable;
    }
    return m;
}

std::vector<SendRequest> dashboard_requests(const Effects& fx) {
    std::vector<SendRequest> out;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::Dashboard) out.push_back(*p);
    }
    return out;
}

// Runs the dashboard to completion: answers every request in order of sending, checking the bound.
// Returns the number of requests sent.
int settle(AppModel& m, FakeApi& api, Effects fx) {
    std::vector<SendRequest> queue = dashboard_requests(fx);
    int sent = static_cast<int>(queue.size());
    while (!queue.empty()) {
        CHECK(static_cast<int>(m.dashboard.in_flight.size()) <= kDashMaxInFlight);
        api.max_in_flight_seen = std::max(api.max_in_flight_seen, static_cast<int>(m.dashboard.in_flight.size()));
        const SendRequest r = queue.front();
        queue.erase(queue.begin());
        const Effects more = update(m, DashboardLoaded{r.seq, api.answer(r.request)});
        for (const SendRequest& n : dashboard_requests(more)) {
            queue.push_back(n);
            ++sent;
        }
    }
    return sent;
}

const Chart& chart(const Dashboard& d, const std::string& id) {
    for (const Chart& c : d.charts) {
        if (c.id == id) return c;
    }
    FAIL("no chart " << id);
    return d.charts.front();
}

std::optional<int64_t> row_count(const Chart& c, const std::string& key) {
    for (const ChartRow& r : c.rows) {
        if (r.key == key) return r.count;
    }
    return std::nullopt;
}

std::optional<int64_t> tile(const Dashboard& d, const std::string& key) {
    for (const DashTile& t : d.tiles) {
        if (t.key == key) return t.count;
    }
    return std::nullopt;
}

// Every number the dashboard shows equals a recount of the data (the API's own counts).
void check_against(const Dashboard& d, const FakeApi& api, const AccountQuery& q, bool assigned_rows = true) {
    CHECK(tile(d, "total") == api.count(q.stage, q.industry, q.assigned_to));
    const Chart& stage = chart(d, "stage");
    for (const StageInfo& s : kStages) {
        CHECK(row_count(stage, s.value) == api.count(s.value, q.industry, q.assigned_to));   // its own filter ignored
        CHECK(tile(d, s.value) == api.count(s.value, q.industry, q.assigned_to));
    }
    const Chart& ind = chart(d, "industry");
    CHECK(ind.missing == 0);
    CHECK(ind.total == api.count(q.stage, "", q.assigned_to));
    for (const ChartRow& r : ind.rows) {
        if (r.key != kOtherKey && !r.key.empty()) CHECK(r.count == api.count(q.stage, r.key, q.assigned_to));
    }
    if (!assigned_rows) return;
    const Chart& as = chart(d, "assigned");
    CHECK(as.missing == 0);
    CHECK(as.total == api.count(q.stage, q.industry, ""));
    for (const std::string id : {"usr_1", "usr_2", "usr_3"}) CHECK(row_count(as, id) == api.count(q.stage, q.industry, id));
    int shares = 0;
    for (const ChartRow& r : as.rows) {
        shares += r.share;
        if (r.has_stages) {
            int64_t sum = 0;
            for (int64_t n : r.by_stage) sum += n;
            CHECK(sum == r.count.value_or(-1));
        }
    }
    if (as.total > 0) CHECK(shares == 100);
}

}  // namespace

TEST_CASE("dashboard route: #/dashboard with the filters only, round trip") {
    Route r;
    r.screen = Screen::Dashboard;
    r.query.stage = "customer";
    r.query.industry = "Retail & Co";
    r.query.page = 3;               // not part of the dashboard's hash
    r.query.ordering = "-name";
    const std::string h = route_to_hash(r);
    CHECK(h == "#/dashboard?stage=customer&industry=Retail%20%26%20Co");
    const Route back = parse_hash(h);
    CHECK(back.screen == Screen::Dashboard);
    CHECK(back.query.stage == "customer");
    CHECK(back.query.industry == "Retail & Co");
    CHECK(back.query.page == 1);
    CHECK(back.query.ordering.empty());
    CHECK(parse_hash("#/dashboard").screen == Screen::Dashboard);
    CHECK(parse_hash("#/dashboard/").screen == Screen::Dashboard);
    CHECK(parse_hash("#/accounts?stage=x").screen == Screen::List);
    CHECK(route_to_hash(Route{}) == "#/accounts");
}

TEST_CASE("switching screens pushes the route; back (UrlChanged) restores screen and filters") {
    AppModel m = signed_in();
    m.list.query.stage = "active";
    m.list.query.ordering = "name";
    Effects fx = update(m, ShowDashboard{});
    const SetUrl* url = test::find_effect<SetUrl>(fx);
    REQUIRE(url);
    CHECK(url->hash == "#/dashboard?stage=active");
    CHECK(url->push);
    CHECK(m.screen == Screen::Dashboard);
    // A filter set on the dashboard goes into its URL, and loads no list page.
    fx = update(m, SetIndustryFilter{"Retail"});
    REQUIRE(test::find_effect<SetUrl>(fx));
    CHECK(test::find_effect<SetUrl>(fx)->hash == "#/dashboard?stage=active&industry=Retail");
    CHECK(test::find_request(fx, RequestKind::ListAccounts) == nullptr);
    // Back: the previous dashboard URL.
    update(m, UrlChanged{"#/dashboard?stage=active"});
    CHECK(m.list.query.industry.empty());
    CHECK(m.list.query.ordering == "name");   // the list's ordering is kept
    // Back again: the list, loaded.
    fx = update(m, UrlChanged{"#/accounts?stage=active&ordering=name"});
    CHECK(m.screen == Screen::List);
    CHECK(test::find_request(fx, RequestKind::ListAccounts) != nullptr);
}

TEST_CASE("with the extension: one probe, then one facets request per filter set (+ one per set filter, without it)") {
    FakeApi api;
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    std::vector<SendRequest> reqs = dashboard_requests(fx);
    REQUIRE(reqs.size() == 1);   // the probe, alone
    CHECK(reqs[0].request.url == "http://api/api/accounts/facets/?fields=stage%2Cindustry%2CassignedTo%2CcompanySize%2CcreatedMonth");
    CHECK(m.dashboard.facets_api == FacetsApi::Probing);
    fx = update(m, DashboardLoaded{reqs[0].seq, api.answer(reqs[0].request)});
    CHECK(m.dashboard.facets_api == FacetsApi::Present);
    const int sent = 1 + settle(m, api, fx);
    CHECK(sent == 1 + 1);   // the probe (the main facets request) and the recent accounts: stacks come as byStage
    Dashboard d = build_dashboard(m);
    check_against(d, api, m.list.query);
    CHECK(tile(d, "contacts") == 120);
    CHECK(tile(d, "opportunities") == 60);
    CHECK(tile(d, "unassigned") == api.count("", "", "") - api.count("", "", "usr_1") - api.count("", "", "usr_2") - api.count("", "", "usr_3"));
    // "Software" and "software" are one industry (the API matches it case-insensitively).
    CHECK(row_count(chart(d, "industry"), "Software") == api.count("", "software", ""));
    CHECK(chart(d, "size").unavailable.empty());
    CHECK(chart(d, "month").rows.size() == static_cast<size_t>(kDashMonths));
    CHECK(plan_dashboard(m).empty());

    // A stage filter: the funnel is asked without it (every bar stays), the rest with it.
    fx = update(m, SetStageFilter{"customer"});
    reqs = dashboard_requests(fx);
    std::vector<std::string> urls;
    for (const auto& r : reqs) urls.push_back(r.request.url);
    CHECK(std::find(urls.begin(), urls.end(),
                    "http://api/api/accounts/facets/?fields=industry%2CassignedTo%2CcompanySize%2CcreatedMonth&stage=customer") != urls.end());
    CHECK(std::find(urls.begin(), urls.end(), "http://api/api/accounts/facets/?fields=stage") != urls.end());   // the funnel: no stage filter
    CHECK(urls.size() == 3);   // + the recent accounts of the customers
    settle(m, api, fx);
    d = build_dashboard(m);
    check_against(d, api, m.list.query);
    for (const ChartRow& r : chart(d, "stage").rows) CHECK(r.selected == (r.key == "customer"));
    CHECK(plan_dashboard(m).empty());
}

TEST_CASE("with the extension but no byStage in its buckets: the owner stacks take one facets request per stage") {
    FakeApi api;
    api.by_stage = false;
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    const auto probe = dashboard_requests(fx);
    REQUIRE(probe.size() == 1);
    const int sent = 1 + settle(m, api, update(m, DashboardLoaded{probe[0].seq, api.answer(probe[0].request)}));
    CHECK(sent == 1 + 5 + 1);   // main, assignedTo per stage, recent
    check_against(build_dashboard(m), api, m.list.query);
    for (const ChartRow& r : chart(build_dashboard(m), "assigned").rows) CHECK(r.has_stages);
}

TEST_CASE("without the extension (404): limit=1 counts, at most 6 in flight, numbers equal the recount") {
    FakeApi api;
    api.facets = false;
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    std::vector<SendRequest> reqs = dashboard_requests(fx);
    REQUIRE(reqs.size() == 1);
    fx = update(m, DashboardLoaded{reqs[0].seq, api.answer(reqs[0].request)});
    CHECK(m.dashboard.facets_api == FacetsApi::Absent);
    reqs = dashboard_requests(fx);
    CHECK(reqs.size() == static_cast<size_t>(kDashMaxInFlight));
    for (const auto& r : reqs) {
        const bool count = r.request.url.find("limit=1&") != std::string::npos || r.request.url.ends_with("limit=1");
        const bool page = r.request.url.find("limit=100") != std::string::npos || r.request.url.find("limit=10&") != std::string::npos;
        CHECK((count || page));
        CHECK(r.request.url.find("/facets/") == std::string::npos);
    }
    const int sent = 1 + settle(m, api, fx);
    CHECK(api.max_in_flight_seen == kDashMaxInFlight);
    Dashboard d = build_dashboard(m);
    check_against(d, api, m.list.query);
    CHECK(chart(d, "size").unavailable == "needs the facets extension");
    CHECK(chart(d, "month").unavailable == "needs the facets extension");
    CHECK(!tile(d, "contacts").has_value());
    // Unassigned = total - every user's count (the directory names every user).
    CHECK(tile(d, "unassigned") == api.count("", "", "") - api.count("", "", "usr_1") - api.count("", "", "usr_2") - api.count("", "", "usr_3"));
    CHECK(plan_dashboard(m).empty());
    MESSAGE("fallback requests for one filter set: " << sent);

    // A cross-filter: only what is not cached is asked; the numbers follow.
    fx = update(m, SetAssignedFilter{"usr_2"});
    const int more = settle(m, api, fx);
    CHECK(more > 0);
    CHECK(more < sent);
    check_against(build_dashboard(m), api, m.list.query);
    // Back to no filter: everything cached, nothing asked.
    fx = update(m, SetAssignedFilter{""});
    CHECK(dashboard_requests(fx).empty());
}

TEST_CASE("without /api/users/: owners are the ids of a sample page; the rest is 'Other or unassigned'") {
    FakeApi api;
    api.facets = false;
    AppModel m = signed_in(false);
    Effects fx = update(m, ShowDashboard{});
    const auto probe = dashboard_requests(fx);
    fx = update(m, DashboardLoaded{probe[0].seq, api.answer(probe[0].request)});
    settle(m, api, fx);
    const Dashboard d = build_dashboard(m);
    const Chart& as = chart(d, "assigned");
    CHECK(row_count(as, "usr_1") == api.count("", "", "usr_1"));
    CHECK(row_count(as, kOtherKey) == api.count("", "", "") - api.count("", "", "usr_1") - api.count("", "", "usr_2") - api.count("", "", "usr_3"));
    for (const ChartRow& r : as.rows) {
        if (r.key == "usr_1") CHECK(r.label == "usr_1");   // shown by id
    }
}

TEST_CASE("cache keys: filters only; page, limit and ordering do not change a count") {
    AccountQuery a, b;
    a.stage = b.stage = "active";
    b.page = 4;
    b.limit = 100;
    b.ordering = "-name";
    CHECK(count_key(a) == count_key(b));
    CHECK(dashboard_filter_key(a) == dashboard_filter_key(b));
    b.industry = "x";
    CHECK(count_key(a) != count_key(b));
    CHECK(facets_request_key(a, {"stage"}) != facets_request_key(a, {"industry"}));
    CHECK(facets_request_key(a, {"stage"}) == "fields=stage&stage=active");
}

TEST_CASE("stale answers: a filter change keeps old answers out of the charts; a refresh drops answers asked before it") {
    FakeApi api;
    api.facets = false;
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    auto reqs = dashboard_requests(fx);
    fx = update(m, DashboardLoaded{reqs[0].seq, api.answer(reqs[0].request)});
    reqs = dashboard_requests(fx);   // 6 counts for the unfiltered set, in flight
    REQUIRE(!reqs.empty());
    update(m, SetStageFilter{"churned"});
    // The unfiltered answers arrive now: the charts show churned's numbers only.
    for (const auto& r : reqs) update(m, DashboardLoaded{r.seq, api.answer(r.request)});
    const Dashboard d = build_dashboard(m);
    if (tile(d, "total")) CHECK(tile(d, "total") == api.count("churned", "", ""));
    // A refresh (or an edit in the console): answers asked before it are dropped, the old values stay shown.
    settle(m, api, update(m, InputHandled{}));
    const std::optional<int64_t> before = tile(build_dashboard(m), "total");
    REQUIRE(before);
    fx = update(m, RefreshDashboard{});
    auto again = dashboard_requests(fx);
    REQUIRE(!again.empty());
    CHECK(tile(build_dashboard(m), "total") == before);   // never a blank chart
    // An answer from before the refresh (seq unknown now) changes nothing.
    api.rows.pop_back();
    for (const auto& r : reqs) update(m, DashboardLoaded{r.seq, api.answer(r.request)});
    CHECK(tile(build_dashboard(m), "total") == before);
    settle(m, api, fx);
    check_against(build_dashboard(m), api, m.list.query);
}

TEST_CASE("an edit in the console invalidates the counts: asked again with the dashboard shown") {
    FakeApi api;
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    auto probe = dashboard_requests(fx);
    settle(m, api, update(m, DashboardLoaded{probe[0].seq, api.answer(probe[0].request)}));
    CHECK(plan_dashboard(m).empty());
    const uint64_t gen = m.dashboard.generation;
    invalidate_list_cache(m);            // what creates, saves, deletes and bulk runs call
    CHECK(m.dashboard.generation == gen + 1);
    CHECK(!plan_dashboard(m).empty());
    api.rows[0].stage = api.rows[0].stage == "churned" ? "prospect" : "churned";
    settle(m, api, update(m, InputHandled{}));
    check_against(build_dashboard(m), api, m.list.query);
}

TEST_CASE("a failed probe is not retried in a loop; Refresh asks again") {
    AppModel m = signed_in();
    Effects fx = update(m, ShowDashboard{});
    auto reqs = dashboard_requests(fx);
    REQUIRE(reqs.size() == 1);
    fx = update(m, DashboardLoaded{reqs[0].seq, HttpResponse{500, "{}", {}, false, ""}});
    CHECK(dashboard_requests(fx).empty());
    CHECK(m.dashboard.facets_api == FacetsApi::Unknown);
    CHECK(dashboard_requests(update(m, InputHandled{})).empty());
    CHECK(dashboard_requests(update(m, RefreshDashboard{})).size() == 1);
}

TEST_CASE("shares: whole percents that sum to 100 (largest remainder)") {
    CHECK(shares_percent({1, 1, 1}) == std::vector<int>{34, 33, 33});
    CHECK(shares_percent({0, 0}) == std::vector<int>{0, 0});
    CHECK(shares_percent({5}) == std::vector<int>{100});
    CHECK(shares_percent({1, 0, 999}) == std::vector<int>{0, 0, 100});   // 99.9 % has the larger remainder
    CHECK(shares_percent({1, 1, 4}) == std::vector<int>{17, 17, 66});   // 16.7, 16.7, 66.7: ties to the earlier row
    std::mt19937 rng(7);
    for (int t = 0; t < 500; ++t) {
        std::vector<int64_t> v(1 + rng() % 15);
        int64_t total = 0;
        for (auto& x : v) total += x = static_cast<int64_t>(rng() % (t % 2 ? 5 : 100000));
        const std::vector<int> s = shares_percent(v);
        int sum = 0;
        for (size_t i = 0; i < v.size(); ++i) {
            sum += s[i];
            const double exact = total ? 100.0 * static_cast<double>(v[i]) / static_cast<double>(total) : 0;
            CHECK(std::abs(s[i] - exact) < 1.0);   // each within one point of its exact share
        }
        CHECK(sum == (total ? 100 : 0));
    }
}

TEST_CASE("top 12 + Other: merged case-insensitively, ties by value, Other only with a rest") {
    std::vector<FacetBucket> b;
    for (int i = 0; i < 15; ++i) b.push_back({"v" + std::to_string(100 + i), 15 - i});
    std::vector<FacetBucket> top = top_with_other(b, 12);
    REQUIRE(top.size() == 13);
    CHECK(top[0] == FacetBucket{"v100", 15});
    CHECK(top[12] == FacetBucket{kOtherKey, 3 + 2 + 1});
    CHECK(top_with_other({{"a", 1}, {"b", 1}}, 12).size() == 2);
    const auto folded = top_with_other({{"Software", 2}, {"software", 3}, {"Retail", 4}}, 12, true);
    REQUIRE(folded.size() == 2);
    CHECK(folded[0] == FacetBucket{"Software", 5});
    CHECK(top_with_other({{"b", 2}, {"a", 2}}, 1) == std::vector<FacetBucket>{{"a", 2}, {kOtherKey, 2}});
}

TEST_CASE("months and the updated label") {
    const std::vector<std::string> months = last_months(1772539200);   // 2026-03-03
    REQUIRE(months.size() == 24);
    CHECK(months.front() == "2024-04");
    CHECK(months.back() == "2026-03");
    CHECK(updated_label(0, 5000).empty());
    CHECK(updated_label(1000, 1000) == "updated just now");
    CHECK(updated_label(1000, 26000) == "updated 20 s ago");
    CHECK(updated_label(1000, 1000 + 125000) == "updated 2 min ago");
    CHECK(updated_label_next_change_ms(1000, 26000) == 31000);
    CHECK(updated_label_next_change_ms(1000, 1000 + 4000000) == 0);   // over an hour: no more frames
}

TEST_CASE("facets parser: tolerant shapes, errors for malformed ones") {
    auto parse = [](const std::string& body, int status = 200) { return parse_facets_response(HttpResponse{status, body, {}, false, ""}); };
    auto a = parse(R"({"count": 3, "facets": {"stage": [{"value": "active", "count": 2}, {"value": null, "count": 1}]},
                     "sums": {"contactCount": 9.0, "openOpportunityCount": 4}})");
    REQUIRE(a);
    CHECK(a.value().count == 3);
    CHECK(a.value().facets["stage"] == std::vector<FacetBucket>{{"active", 2}, {"", 1}});
    CHECK(a.value().contact_sum == 9);
    auto b = parse(R"({"count": 2, "industry": {"Retail": 2}})");
    REQUIRE(b);
    CHECK(b.value().facets["industry"] == std::vector<FacetBucket>{{"Retail", 2}});
    CHECK(!parse(R"({"facets": {}})"));
    CHECK(!parse(R"({"count": 1, "facets": {"stage": [{"value": "x", "count": "many"}]}})"));
    CHECK(!parse("not json"));
    CHECK(facets_absent(HttpResponse{404, "", {}, false, ""}));
    CHECK(facets_absent(HttpResponse{405, "", {}, false, ""}));
    CHECK(!facets_absent(HttpResponse{500, "", {}, false, ""}));
}
