// local_update_test.cpp: local mode and CSV export as pure update() behaviour against a fake API:
// loading (limited concurrency, progress), cap, cancel (stale answers), refresh, sorting (stable,
// case-folded), filtering, client-side pages, the export's walk and file; a timed 100k sort.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>

#include "core/app/model.hpp"
#include "core/app/update_local.hpp"
#include "core/io/csv_writer.hpp"
#include "core/model/account_json.hpp"
#include "core/util/case_fold.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

// An API holding `accounts` (in its order), answering list pages from the request's URL.
struct FakeApi {
    std::vector<Account> accounts;
    int requests = 0;

    static int param(const std::string& url, const std::string& name, int fallback) {
        const auto at = url.find(name + "=");
        if (at == std::string::npos) return fallback;
        return std::stoi(url.substr(at + name.size() + 1));
    }
    HttpResponse answer(const HttpRequest& r) {
        ++requests;
        const int page = param(r.url, "page", 1);
        const int limit = param(r.url, "limit", 25);
        const size_t first = static_cast<size_t>(page - 1) * static_cast<size_t>(limit);
        if (page > 1 && first >= accounts.size()) return HttpResponse{404, R"({"detail":"Invalid page."})", {}};
        nlohmann::json results = nlohmann::json::array();
        for (size_t i = first; i < std::min(accounts.size(), first + static_cast<size_t>(limit)); ++i) {
            results.push_back(account_summary_to_json(accounts[i]));
        }
        nlohmann::json body = {{"count", accounts.size()}, {"next", nullptr}, {"previous", nullptr}, {"results", results}};
        return HttpResponse{200, body.dump(), {}};
    }
};

std::vector<SendRequest> walk_requests(const Effects& fx) {
    std::vector<SendRequest> out;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::WalkPage) out.push_back(*p);
    }
    return out;
}

// Answers every walk request (and the ones they lead to), newest first; returns the other effects.
Effects serve(AppModel& m, FakeApi& api, Effects fx, int* max_in_flight = nullptr) {
    Effects rest;
    std::vector<SendRequest> pending = walk_requests(fx);
    for (auto& e : fx) {
        if (!std::holds_alternative<SendRequest>(e) || std::get<SendRequest>(e).kind != RequestKind::WalkPage) {
            rest.push_back(e);
        }
    }
    while (!pending.empty()) {
        if (max_in_flight) *max_in_flight = std::max(*max_in_flight, static_cast<int>(pending.size()));
        SendRequest r = pending.back();   // out of order on purpose
        pending.pop_back();
        Effects more = update(m, WalkPageLoaded{r.seq, api.answer(r.request)});
        for (auto& s : walk_requests(more)) pending.push_back(s);
        for (auto& e : more) {
            if (!std::holds_alternative<SendRequest>(e)) rest.push_back(e);
        }
    }
    return rest;
}

Account make_account(int i, const std::string& name, const std::string& stage = "prospect", int contacts = 0) {
    Account a;
    a.id = "acc" + std::to_string(i);
    a.name = name;
    a.website = "https://" + std::to_string(i) + ".example.test";
    a.stage = stage;
    a.industry = i % 2 ? "Retail" : "software";
    a.contact_count = contacts;
    a.open_opportunity_count = i % 3;
    a.updated_at = "2026-01-" + std::string(i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "T00:00:00Z";
    return a;
}

FakeApi numbered(int n) {
    FakeApi api;
    for (int i = 1; i <= n; ++i) api.accounts.push_back(make_account(i, "Account " + std::to_string(100000 + i)));
    return api;
}

AppModel signed_in() {
    AppModel m;
    update(m, AppStarted{"https://api.test", "tok", ""});
    m.no_export_stream.insert("https://api.test");   // the page walker (the stream: stream_walk_test.cpp)
    m.auth = AuthStatus::SignedIn;
    update(m, Tick{1000, 1795701720});
    return m;
}

std::vector<std::string> view_names(const AppModel& m) {
    std::vector<std::string> out;
    for (size_t i = 0; i < m.local.store.view().size(); ++i) out.push_back(m.local.store.at_view(i).name);
    return out;
}

}  // namespace

TEST_CASE("local mode: loads every page of the list's filters, kWalkMaxInFlight at a time, then shows the copy") {
    AppModel m = signed_in();
    FakeApi api = numbered(1234);
    update(m, SetStageFilter{"prospect"});
    Effects fx = update(m, EnterLocalMode{});
    auto first = walk_requests(fx);
    REQUIRE(first.size() == 1);
    CHECK(first[0].request.url == "https://api.test/api/accounts/?page=1&limit=100&stage=prospect");
    CHECK(first[0].request.headers.size() == 2);   // Accept and the bearer token
    CHECK(m.local.active);
    CHECK_FALSE(m.local.loaded);
    auto j = model_to_json(m)["local"];
    CHECK(j["walk"] == "running");
    CHECK(j["total"] == -1);

    // Page 1: the count sizes the walk, kWalkMaxInFlight more pages go out.
    Effects more = update(m, WalkPageLoaded{first[0].seq, api.answer(first[0].request)});
    CHECK(walk_requests(more).size() == static_cast<size_t>(kWalkMaxInFlight));
    CHECK(m.local.walk.done() == 100);
    CHECK(m.local.walk.total() == 1234);
    int max_in_flight = 0;
    serve(m, api, more, &max_in_flight);
    CHECK(max_in_flight == kWalkMaxInFlight);
    REQUIRE(m.local.loaded);
    CHECK(m.local.store.size() == 1234);
    CHECK(m.local.loaded_unix == 1795701720);
    CHECK(m.local.matched == 1234);
    CHECK_FALSE(m.local.capped);
    CHECK(m.local.store.at_view(0).id == "acc1");
    CHECK(m.local.store.at_view(1233).id == "acc1234");
    CHECK(m.local.source.stage == "prospect");
    j = model_to_json(m)["local"];
    CHECK(j["count"] == 1234);
    CHECK(j["viewCount"] == 1234);
    CHECK(j["viewIds"][0] == "acc1");
    CHECK(j["walk"] == "done");
    // The server list's own state is untouched (server mode stays as it was).
    CHECK(m.list.query.stage == "prospect");
}

TEST_CASE("local mode: the cap keeps the first N accounts and says more matched") {
    AppModel m = signed_in();
    FakeApi api = numbered(950);
    m.local.cap = 420;
    serve(m, api, update(m, EnterLocalMode{}));
    REQUIRE(m.local.loaded);
    CHECK(m.local.store.size() == 420);
    CHECK(m.local.capped);
    CHECK(m.local.matched == 950);
    CHECK(api.requests == 5);   // pages 1-5 of 100, not 10
    CHECK(m.local.store.accounts().back().id == "acc420");
}

TEST_CASE("local mode: cancelling the first load goes back to server mode; late answers are ignored") {
    AppModel m = signed_in();
    FakeApi api = numbered(800);
    auto first = walk_requests(update(m, EnterLocalMode{}));
    auto more = walk_requests(update(m, WalkPageLoaded{first[0].seq, api.answer(first[0].request)}));
    REQUIRE(more.size() == static_cast<size_t>(kWalkMaxInFlight));
    update(m, CancelLocalLoad{});
    CHECK_FALSE(m.local.active);
    CHECK(model_to_json(m)["local"]["walk"] == "cancelled");
    for (auto& r : more) {
        Effects late = update(m, WalkPageLoaded{r.seq, api.answer(r.request)});
        CHECK(walk_requests(late).empty());
    }
    CHECK_FALSE(m.local.loaded);
    CHECK(m.local.store.size() == 0);
}

TEST_CASE("local mode: refresh reloads the copy's query, keeps the old copy meanwhile and on cancel") {
    AppModel m = signed_in();
    FakeApi api = numbered(300);
    update(m, SetIndustryFilter{"Retail"});
    serve(m, api, update(m, EnterLocalMode{}));
    REQUIRE(m.local.store.size() == 300);
    update(m, SetIndustryFilter{""});                     // the server list moved on; the copy did not
    api.accounts.push_back(make_account(301, "New one"));
    update(m, Tick{2000, 1795705320});
    Effects fx = update(m, RefreshLocal{});
    auto r = walk_requests(fx);
    REQUIRE(r.size() == 3);                               // the copy's count (300): pages 1-3 at once
    CHECK(r[0].request.url.find("page=1&") != std::string::npos);
    CHECK(r[0].request.url.find("industry=Retail") != std::string::npos);
    CHECK(r[2].request.url.find("page=3&") != std::string::npos);
    CHECK(m.local.store.size() == 300);                   // old copy still shown
    update(m, CancelLocalLoad{});
    CHECK(m.local.active);
    CHECK(m.local.loaded);
    CHECK(m.local.store.size() == 300);
    serve(m, api, update(m, RefreshLocal{}));
    CHECK(m.local.store.size() == 301);
    CHECK(m.local.loaded_unix == 1795705320);
    update(m, ExitLocalMode{});
    CHECK_FALSE(m.local.active);
    CHECK(m.local.store.size() == 0);
}

TEST_CASE("local mode: a failed page keeps the copy (refresh) or shows the error (first load)") {
    AppModel m = signed_in();
    auto first = walk_requests(update(m, EnterLocalMode{}));
    update(m, WalkPageLoaded{first[0].seq, HttpResponse{401, R"({"detail":"Invalid token."})", {}}});
    CHECK(m.local.active);
    CHECK_FALSE(m.local.loaded);
    REQUIRE(m.local.error.has_value());
    CHECK(m.local.error->code == "api.unauthorized");
    CHECK(model_to_json(m)["local"]["error"]["code"] == "api.unauthorized");
    FakeApi api = numbered(10);
    serve(m, api, update(m, RefreshLocal{}));   // Retry
    CHECK(m.local.loaded);
    CHECK_FALSE(m.local.error.has_value());
}

TEST_CASE("local mode: sorting is stable, case-folded, and flips direction; None is load order") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "beta", "customer", 5), make_account(2, "Émile", "prospect", 2),
                    make_account(3, "alpha", "churned", 5), make_account(4, "BETA", "active", 0),
                    make_account(5, "Zed", "prospect", 9), make_account(6, "émile", "partner", 2)};
    api.accounts[0].annual_revenue = 2.5e6;   // a decimal column (optional in the list): unknown first
    api.accounts[2].annual_revenue = 10.25;
    api.accounts[3].annual_revenue = 10.5;
    api.accounts[5].annual_revenue = 2.5e6;
    serve(m, api, update(m, EnterLocalMode{}));
    update(m, SortLocal{local_column_from_string("name"), false});
    CHECK(view_names(m) == std::vector<std::string>{"alpha", "beta", "BETA", "Zed", "Émile", "émile"});
    update(m, SortLocal{local_column_from_string("name"), true});
    // Descending by key, ties still in load order (stable).
    CHECK(view_names(m) == std::vector<std::string>{"Émile", "émile", "Zed", "beta", "BETA", "alpha"});
    update(m, SortLocal{local_column_from_string("contactCount"), true});
    CHECK(view_names(m) == std::vector<std::string>{"Zed", "beta", "alpha", "Émile", "émile", "BETA"});
    update(m, SortLocal{local_column_from_string("stage"), false});   // pipeline order
    CHECK(view_names(m) == std::vector<std::string>{"Émile", "Zed", "BETA", "beta", "émile", "alpha"});
    update(m, SortLocal{LocalColumn::None, false});
    CHECK(view_names(m) == std::vector<std::string>{"beta", "Émile", "alpha", "BETA", "Zed", "émile"});
    CHECK(model_to_json(m)["local"]["sortColumn"] == "");
    update(m, SortLocal{local_column_from_string("annualRevenue"), false});
    CHECK(view_names(m) == std::vector<std::string>{"Émile", "Zed", "alpha", "BETA", "beta", "émile"});
    update(m, SortLocal{local_column_from_string("annualRevenue"), true});
    CHECK(view_names(m) == std::vector<std::string>{"beta", "émile", "BETA", "alpha", "Émile", "Zed"});
    update(m, SortLocal{local_column_from_string("industry"), false});   // "Retail" vs "software", case-folded
    CHECK(view_names(m) == std::vector<std::string>{"beta", "alpha", "Zed", "Émile", "BETA", "émile"});
    CHECK(model_to_json(m)["local"]["sortColumn"] == "industry");
    // Precomputing the other columns on idle ticks does not change what is shown.
    for (int i = 0; i < 12; ++i) update(m, Tick{3000.0 + i, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"beta", "alpha", "Zed", "Émile", "BETA", "émile"});
    CHECK_FALSE(m.local.store.prepare_next_column());
}

TEST_CASE("local mode: assigned sorts by the user's name once the directory is known") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "a"), make_account(2, "b"), make_account(3, "c")};
    api.accounts[0].assigned_to = "u-z";
    api.accounts[1].assigned_to = "u-a";
    api.accounts[2].assigned_to = "u-m";
    serve(m, api, update(m, EnterLocalMode{}));
    update(m, SortLocal{local_column_from_string("assignedTo"), false});
    CHECK(view_names(m) == std::vector<std::string>{"b", "c", "a"});   // by id while unknown
    m.users.status = UsersStatus::Loaded;
    m.users.users = {{"u-z", "Aaron", ""}, {"u-a", "Zoe", ""}, {"u-m", "Mia", ""}};
    update(m, Tick{5000, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"a", "c", "b"});
}

TEST_CASE("local mode: filtering as you type (name or website, case-folded) and by stage; page 1") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "Müller GmbH", "customer"), make_account(2, "Acme", "prospect"),
                    make_account(3, "MUELLER & Co", "customer"), make_account(4, "Smith", "customer"),
                    make_account(5, "müllerei", "prospect")};
    api.accounts[3].website = "https://muller.example";
    serve(m, api, update(m, EnterLocalMode{}));
    update(m, SetLocalPageSize{100});
    update(m, EditLocalFilter{"M"});
    CHECK(view_names(m).size() == 5);   // every website has "example"
    update(m, EditLocalFilter{"MÜ"});
    CHECK(view_names(m) == std::vector<std::string>{"Müller GmbH", "müllerei"});
    update(m, EditLocalFilter{"MÜLLER G"});
    CHECK(view_names(m) == std::vector<std::string>{"Müller GmbH"});
    update(m, EditLocalFilter{"mu"});      // backspace and change: widens again
    CHECK(view_names(m) == std::vector<std::string>{"MUELLER & Co", "Smith"});   // Smith via its website
    update(m, SetLocalStageFilter{"customer"});
    CHECK(view_names(m) == std::vector<std::string>{"MUELLER & Co", "Smith"});
    update(m, EditLocalFilter{""});
    CHECK(view_names(m) == std::vector<std::string>{"Müller GmbH", "MUELLER & Co", "Smith"});
    update(m, SortLocal{local_column_from_string("name"), true});   // the filter stays while sorting
    CHECK(view_names(m) == std::vector<std::string>{"Smith", "Müller GmbH", "MUELLER & Co"});   // ü after u
    update(m, SetLocalStageFilter{""});
    CHECK(view_names(m).size() == 5);
    auto j = model_to_json(m)["local"];
    CHECK(j["filterText"] == "");
    CHECK(j["viewCount"] == 5);
    CHECK(j["page"] == 1);
}

TEST_CASE("local mode: client-side pages") {
    AppModel m = signed_in();
    FakeApi api = numbered(2500);
    serve(m, api, update(m, EnterLocalMode{}));
    CHECK(local_last_page(m.local) == 1);   // one scroll by default
    update(m, SetLocalPageSize{1000});
    CHECK(local_last_page(m.local) == 3);
    update(m, SetLocalPage{9});
    CHECK(m.local.page == 3);
    update(m, SetLocalPageSize{7});          // not offered: ignored
    CHECK(m.local.page_size == 1000);
    update(m, EditLocalFilter{"Account 1000"});   // 100001..100099 + ... -> fewer rows, back to page 1
    CHECK(m.local.page == 1);
    CHECK(local_last_page(m.local) == 1);
}

TEST_CASE("export: walks every page of the current query and downloads one CSV with every row") {
    AppModel m = signed_in();
    FakeApi api = numbered(1050);
    api.accounts[0].name = "=HYPERLINK(\"http://evil\")";
    api.accounts[0].assigned_to = "u1";
    m.users.status = UsersStatus::Loaded;
    m.users.users = {{"u1", "Ada Lovelace", ""}};
    update(m, SortByColumn{"name"});
    Effects fx = update(m, StartExport{});
    auto first = walk_requests(fx);
    REQUIRE(first.size() == 1);
    CHECK(first[0].request.url == "https://api.test/api/accounts/?page=1&limit=100&ordering=name");
    CHECK(model_to_json(m)["csvExport"]["walk"] == "running");
    CHECK(walk_requests(update(m, StartExport{})).empty());   // one export at a time
    Effects rest = serve(m, api, fx);
    const DownloadFile* file = find_effect<DownloadFile>(rest);
    REQUIRE(file != nullptr);
    CHECK(file->file_name == "accounts-2026-11-26-1402.csv");
    CHECK(file->mime == "text/csv;charset=utf-8");
    auto rows = csv_parse(file->bytes);
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == 1051);
    CHECK((*rows)[1][0] == "acc1");
    CHECK((*rows)[1][1] == "'=HYPERLINK(\"http://evil\")");
    CHECK((*rows)[1][6] == "Ada Lovelace");
    CHECK((*rows)[1050][0] == "acc1050");
    auto j = model_to_json(m)["csvExport"];
    CHECK(j["lastRows"] == 1050);
    CHECK(j["lastBytes"] == file->bytes.size());
    CHECK(j["walk"] == "done");
}

TEST_CASE("export: cancel downloads nothing; a failure is reported; in local mode the view is exported") {
    AppModel m = signed_in();
    FakeApi api = numbered(500);
    auto first = walk_requests(update(m, StartExport{}));
    auto more = walk_requests(update(m, WalkPageLoaded{first[0].seq, api.answer(first[0].request)}));
    update(m, CancelExport{});
    for (auto& r : more) CHECK(find_effect<DownloadFile>(update(m, WalkPageLoaded{r.seq, api.answer(r.request)})) == nullptr);
    CHECK(m.csv_export.last_rows == -1);

    first = walk_requests(update(m, StartExport{}));
    Effects fx = update(m, WalkPageLoaded{first[0].seq, HttpResponse{400, R"({"detail":"bad"})", {}}});
    CHECK(find_effect<DownloadFile>(fx) == nullptr);
    REQUIRE(m.csv_export.error.has_value());
    CHECK(model_to_json(m)["csvExport"]["error"]["code"] == "api.validation");

    serve(m, api, update(m, EnterLocalMode{}));
    update(m, EditLocalFilter{"Account 10049"});
    update(m, SortLocal{local_column_from_string("name"), true});
    fx = update(m, StartExport{});
    CHECK(walk_requests(fx).empty());
    const DownloadFile* file = find_effect<DownloadFile>(fx);
    REQUIRE(file != nullptr);
    auto rows = csv_parse(file->bytes);
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == 11);   // header and 100499 down to 100490
    CHECK((*rows)[1][1] == "Account 100499");
    CHECK((*rows)[10][1] == "Account 100490");
}

TEST_CASE("local store: sorting 100,000 accounts (timed) gives a correct, stable order") {
    std::vector<Account> accounts;
    accounts.reserve(100000);
    uint32_t x = 12345;
    for (int i = 0; i < 100000; ++i) {
        x = x * 1103515245u + 12345u;
        Account a;
        a.id = "id" + std::to_string(i);
        a.name = (x % 3 == 0 ? "Ä" : x % 3 == 1 ? "a" : "B") + std::to_string((x >> 8) % 50000);
        a.contact_count = static_cast<int64_t>((x >> 4) % 40);
        a.stage = kStages[(x >> 12) % 5].value;
        accounts.push_back(std::move(a));
    }
    LocalStore s;
    s.load(accounts);
    auto t0 = std::chrono::steady_clock::now();
    s.sort(local_column_from_string("name"), false);
    auto t1 = std::chrono::steady_clock::now();
    s.sort(local_column_from_string("name"), true);
    auto t2 = std::chrono::steady_clock::now();
    s.sort(local_column_from_string("contactCount"), false);
    auto t3 = std::chrono::steady_clock::now();
    s.filter("ä12", "");
    auto t4 = std::chrono::steady_clock::now();
    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    MESSAGE("100k: first name sort " << ms(t0, t1) << " ms, flip " << ms(t1, t2) << " ms, contacts sort "
                                     << ms(t2, t3) << " ms, filter " << ms(t3, t4) << " ms");
    s.filter("", "");
    REQUIRE(s.view().size() == 100000);
    for (size_t i = 1; i < s.view().size(); ++i) {
        const Account& a = s.at_view(i - 1);
        const Account& b = s.at_view(i);
        REQUIRE(*a.contact_count <= *b.contact_count);
        if (*a.contact_count == *b.contact_count) REQUIRE(s.view()[i - 1] < s.view()[i]);   // stable
    }
    s.sort(local_column_from_string("name"), true);
    for (size_t i = 1; i < s.view().size(); ++i) {
        REQUIRE(case_fold(s.at_view(i - 1).name) >= case_fold(s.at_view(i).name));
    }
}

TEST_CASE("sign out drops the local copy and cancels a running export") {
    AppModel m = signed_in();
    FakeApi api = numbered(300);
    auto first = walk_requests(update(m, StartExport{}));   // still walking when local mode loads
    REQUIRE(first.size() == 1);
    serve(m, api, update(m, EnterLocalMode{}));
    REQUIRE(m.local.store.size() == 300);
    update(m, SignOut{});
    CHECK_FALSE(m.local.active);
    CHECK(m.local.store.size() == 0);
    CHECK(m.csv_export.walk.status() == PageWalkStatus::Cancelled);
    CHECK(find_effect<DownloadFile>(update(m, WalkPageLoaded{first[0].seq, api.answer(first[0].request)})) == nullptr);
}

TEST_CASE("local mode: the console's own edits, creations and deletions reach the loaded copy") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "Delta", "customer"), make_account(2, "Bravo", "customer"),
                    make_account(3, "Echo", "prospect"), make_account(4, "Alpha", "customer")};
    serve(m, api, update(m, EnterLocalMode{}));
    update(m, SortLocal{local_column_from_string("name"), false});
    update(m, SetLocalStageFilter{"customer"});
    REQUIRE(view_names(m) == std::vector<std::string>{"Alpha", "Bravo", "Delta"});

    // A save (from the form or a bulk stage change) replaces the row; the next frame re-sorts it.
    Account renamed = api.accounts[0];
    renamed.name = "Aardvark";
    local_account_saved(m, renamed, false);
    update(m, Tick{2000, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Aardvark", "Alpha", "Bravo"});
    // A stage change out of the filter takes the row out of the view, not out of the copy.
    Account moved = api.accounts[1];
    moved.stage = "churned";
    local_account_saved(m, moved, false);
    update(m, Tick{2016, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Aardvark", "Alpha"});
    CHECK(m.local.store.size() == 4);

    // A deletion leaves at once, without a re-sort, and the rows after it stay right.
    local_account_deleted(m, "acc1");
    CHECK(view_names(m) == std::vector<std::string>{"Alpha"});
    CHECK(m.local.store.size() == 3);
    CHECK(m.local.matched == 3);
    update(m, SetLocalStageFilter{""});
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Bravo", "Echo"});

    // A created account joins a copy of the unfiltered list in its sorted place ...
    local_account_saved(m, make_account(9, "Charlie", "prospect"), true);
    update(m, Tick{2032, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Bravo", "Charlie", "Echo"});
    CHECK(m.local.matched == 4);
    // ... and unknown ids change nothing.
    local_account_deleted(m, "acc_unknown");
    local_account_saved(m, make_account(77, "Ghost"), false);
    update(m, Tick{2048, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Bravo", "Charlie", "Echo"});
}

TEST_CASE("local mode: a created account is added only when it certainly matches the copy's query") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "One", "customer"), make_account(2, "Two", "customer")};
    m.list.query.stage = "customer";
    serve(m, api, update(m, EnterLocalMode{}));
    REQUIRE(m.local.source.stage == "customer");
    local_account_saved(m, make_account(3, "Prospect Co", "prospect"), true);   // another stage: not in the copy
    local_account_saved(m, make_account(4, "Customer Co", "customer"), true);
    update(m, Tick{2000, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"One", "Two", "Customer Co"});
}

TEST_CASE("local mode: saving an account through the edit form updates the copy") {
    AppModel m = signed_in();
    FakeApi api;
    api.accounts = {make_account(1, "Kilo"), make_account(2, "Lima")};
    serve(m, api, update(m, EnterLocalMode{}));
    update(m, SortLocal{local_column_from_string("name"), true});
    REQUIRE(view_names(m) == std::vector<std::string>{"Lima", "Kilo"});
    Effects fx = update(m, SelectAccount{"acc1"});
    uint64_t seq = 0;
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::GetAccount) seq = p->seq;
    }
    REQUIRE(seq != 0);
    update(m, DetailLoaded{seq, HttpResponse{200, account_detail_to_json(api.accounts[0]).dump(), {{"etag", "\"v1\""}}}});
    update(m, OpenEditForm{});
    REQUIRE(m.records.form.open);
    AccountDraft d = m.records.form.draft;
    d.name = "Mike";
    update(m, EditDraft{d});
    const SendRequest* save = nullptr;
    Effects sent = update(m, SaveDraft{});
    for (const auto& e : sent) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::SaveAccount) save = p;
    }
    REQUIRE(save != nullptr);
    Account answer = api.accounts[0];
    answer.name = "Mike";
    update(m, SaveCompleted{save->seq, HttpResponse{200, account_detail_to_json(answer).dump(), {{"etag", "\"v2\""}}}});
    update(m, Tick{2000, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Mike", "Lima"});
}

namespace {

// Signed in with page 1 of the server list shown (rows to select) and a loaded local copy of `api`.
AppModel listed_with_local_copy(FakeApi& api) {
    AppModel m;
    Effects start = update(m, AppStarted{"https://api.test", "tok", ""});
    m.no_export_stream.insert("https://api.test");   // the page walker (the stream: stream_walk_test.cpp)
    const SendRequest* list = nullptr;
    for (const auto& e : start) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::ListAccounts) list = p;
    }
    REQUIRE(list != nullptr);
    update(m, AccountsLoaded{list->seq, api.answer(list->request)});
    REQUIRE(m.list.page.results.size() == api.accounts.size());
    update(m, Tick{1000, 1795701720});
    serve(m, api, update(m, EnterLocalMode{}));
    REQUIRE(m.local.loaded);
    return m;
}

// Selects `ids`, asks for `request` and confirms; answers every item request with `answer(id)`.
void run_bulk_answered(AppModel& m, const std::vector<std::string>& ids, const Msg& request,
                       const std::function<HttpResponse(const std::string&)>& answer) {
    for (const auto& id : ids) update(m, ToggleSelect{id});
    update(m, request);
    REQUIRE(m.bulk.phase == BulkPhase::Confirm);
    std::vector<std::pair<uint64_t, std::string>> pending;
    auto collect = [&](const Effects& fx) {
        for (const auto& e : fx) {
            if (auto p = std::get_if<SendRequest>(&e); p && p->kind == RequestKind::BulkItem) {
                const std::string& u = p->request.url;   // .../api/accounts/<id>/
                const size_t end = u.size() - 1;
                const size_t begin = u.rfind('/', end - 1) + 1;
                pending.emplace_back(p->seq, u.substr(begin, end - begin));
            }
        }
    };
    collect(update(m, ConfirmBulk{}));
    while (!pending.empty()) {
        auto [seq, id] = pending.back();
        pending.pop_back();
        collect(update(m, BulkItemCompleted{seq, answer(id)}));
    }
    REQUIRE(m.bulk.phase == BulkPhase::Done);
}

}  // namespace

TEST_CASE("local mode: a bulk stage change reaches the loaded copy through BulkItemCompleted") {
    FakeApi api;
    api.accounts = {make_account(1, "Delta", "prospect"), make_account(2, "Bravo", "prospect"),
                    make_account(3, "Echo", "customer"), make_account(4, "Alpha", "prospect")};
    AppModel m = listed_with_local_copy(api);
    update(m, SortLocal{local_column_from_string("name"), false});
    update(m, SetLocalStageFilter{"prospect"});
    REQUIRE(view_names(m) == std::vector<std::string>{"Alpha", "Bravo", "Delta"});

    // acc2 and acc4 become customers; acc2's answer fails, so only acc4 changes in the copy.
    run_bulk_answered(m, {"acc2", "acc4"}, RequestBulkStage{"customer"}, [&](const std::string& id) {
        if (id == "acc2") return HttpResponse{500, R"({"detail":"boom"})", {}};
        for (Account a : api.accounts) {
            if (a.id == id) {
                a.stage = "customer";
                return HttpResponse{200, account_detail_to_json(a).dump(), {}};
            }
        }
        return HttpResponse{404, R"({"detail":"Not found."})", {}};
    });
    CHECK(m.bulk.succeeded == 1);
    CHECK(m.bulk.failures.size() == 1);
    update(m, Tick{2000, 1795701720});   // the frame after the answers re-filters the copy
    CHECK(view_names(m) == std::vector<std::string>{"Bravo", "Delta"});
    CHECK(m.local.store.size() == 4);
    update(m, SetLocalStageFilter{"customer"});
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Echo"});
    CHECK(model_to_json(m)["local"]["viewIds"] == nlohmann::json::array({"acc4", "acc3"}));
}

TEST_CASE("local mode: a bulk delete takes the deleted accounts out of the loaded copy") {
    FakeApi api;
    api.accounts = {make_account(1, "Delta"), make_account(2, "Bravo"), make_account(3, "Echo"),
                    make_account(4, "Alpha")};
    AppModel m = listed_with_local_copy(api);
    update(m, SortLocal{local_column_from_string("name"), false});
    REQUIRE(m.local.matched == 4);

    // acc1 and acc3 are deleted (204); acc2's delete fails (500), so it stays in the copy.
    run_bulk_answered(m, {"acc1", "acc2", "acc3"}, RequestBulkDelete{}, [](const std::string& id) {
        return id == "acc2" ? HttpResponse{500, R"({"detail":"boom"})", {}} : HttpResponse{204, "", {}};
    });
    CHECK(m.bulk.succeeded == 2);
    CHECK(m.bulk.failures.size() == 1);
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Bravo"});
    CHECK(m.local.store.size() == 2);
    CHECK(m.local.matched == 2);
    update(m, Tick{2000, 1795701720});
    CHECK(view_names(m) == std::vector<std::string>{"Alpha", "Bravo"});
}
