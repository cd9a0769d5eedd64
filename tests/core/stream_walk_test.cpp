// stream_walk_test.cpp: the export stream (docs/api-export-stream.md) in update(): local mode, CSV
// export and "select all" read it when the server has it (one streamed request, lines in pieces of
// any size), fall back to the page walker on 404/405 and remember that per API base, fail with the
// server's message on an error line or an incomplete body, and abort the transfer on Cancel. The
// results are the page walker's, row for row.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/app/model.hpp"
#include "core/app/page_walk.hpp"
#include "core/app/walk_pacing.hpp"
#include "core/model/account_json.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

Account make_account(int i) {
    Account a;
    a.id = "acc" + std::to_string(i);
    a.name = "Account " + std::to_string(100000 + i) + (i % 7 == 0 ? " \xC3\x9C, \"quoted\"" : "");
    a.website = "https://" + std::to_string(i) + ".example.test";
    a.stage = i % 3 ? "prospect" : "customer";
    a.industry = i % 2 ? "Retail" : "Software";
    a.contact_count = i % 5;
    a.updated_at = "2026-01-01T00:00:00Z";
    return a;
}

// A server with `n` accounts: the list's pages, and the export stream unless `has_stream` is false.
struct Server {
    std::vector<Account> accounts;
    bool has_stream = true;
    int stream_requests = 0, page_requests = 0;

    static int param(const std::string& url, const std::string& name, int fallback) {
        const auto at = url.find(name + "=");
        return at == std::string::npos ? fallback : std::stoi(url.substr(at + name.size() + 1));
    }
    static bool is_stream(const HttpRequest& r) { return r.url.find("/api/accounts/export/") != std::string::npos; }
    std::string ndjson(bool end = true) const {
        std::string body;
        for (const Account& a : accounts) body += account_summary_to_json(a).dump() + "\n";
        if (end) body += R"({"end": true, "count": )" + std::to_string(accounts.size()) + "}\n";
        return body;
    }
    HttpResponse page(const HttpRequest& r) {
        ++page_requests;
        const int page = param(r.url, "page", 1), limit = param(r.url, "limit", 25);
        const size_t first = static_cast<size_t>(page - 1) * static_cast<size_t>(limit);
        if (page > 1 && first >= accounts.size()) return HttpResponse{404, R"({"detail":"Invalid page."})", {}};
        nlohmann::json results = nlohmann::json::array();
        for (size_t i = first; i < std::min(accounts.size(), first + static_cast<size_t>(limit)); ++i)
            results.push_back(account_summary_to_json(accounts[i]));
        return HttpResponse{200, nlohmann::json{{"count", accounts.size()}, {"results", results}}.dump(), {}};
    }
};

Server server(int n) {
    Server s;
    for (int i = 1; i <= n; ++i) s.accounts.push_back(make_account(i));
    return s;
}

AppModel signed_in() {
    AppModel m;
    update(m, AppStarted{"https://api.test", "tok", ""});
    m.auth = AuthStatus::SignedIn;
    update(m, Tick{1000, 1795701720});
    return m;
}

bool is_walk(RequestKind k) { return k == RequestKind::WalkPage || k == RequestKind::SelectAllPage; }

Msg answer_msg(RequestKind kind, uint64_t seq, HttpResponse r) {
    if (kind == RequestKind::SelectAllPage) return SelectAllPageLoaded{seq, std::move(r)};
    return WalkPageLoaded{seq, std::move(r)};
}

// Serves every walk request of `fx` (and those they lead to): a stream in pieces of `piece` bytes, then
// its completion; pages one by one. Returns every other effect.
Effects serve(AppModel& m, Server& api, Effects fx, size_t piece = 977) {
    Effects rest;
    std::vector<SendRequest> pending;
    auto sort = [&](Effects& from) {
        for (auto& e : from) {
            if (auto* r = std::get_if<SendRequest>(&e); r && is_walk(r->kind)) pending.push_back(*r);
            else rest.push_back(e);
        }
    };
    sort(fx);
    while (!pending.empty()) {
        SendRequest r = pending.back();
        pending.pop_back();
        Effects more;
        if (Server::is_stream(r.request)) {
            ++api.stream_requests;
            CHECK(r.request.stream);
            if (!api.has_stream) {
                more = update(m, answer_msg(r.kind, r.seq, HttpResponse{404, R"({"detail":"Not found."})", {}}));
            } else {
                const std::string body = api.ndjson();
                for (size_t at = 0; at < body.size(); at += piece) {
                    Effects e = update(m, StreamChunk{r.seq, body.substr(at, piece)});
                    sort(e);
                }
                more = update(m, answer_msg(r.kind, r.seq, HttpResponse{200, "", {}}));
            }
        } else {
            more = update(m, answer_msg(r.kind, r.seq, api.page(r.request)));
        }
        sort(more);
    }
    return rest;
}

std::vector<std::string> local_ids(const AppModel& m) {
    std::vector<std::string> out;
    for (const Account& a : m.local.store.accounts()) out.push_back(a.id);
    return out;
}

}  // namespace

TEST_CASE("local mode reads the export stream when the server has it: one request, identical copy") {
    Server api = server(1234);
    AppModel m = signed_in();
    update(m, SetIndustryFilter{"Retail"});
    Effects fx = update(m, EnterLocalMode{});
    const SendRequest* r = find_request(fx, RequestKind::WalkPage);
    REQUIRE(r != nullptr);
    CHECK(r->request.stream);
    CHECK(r->request.timeout_ms == 0);
    CHECK(r->request.url == "https://api.test/api/accounts/export/?industry=Retail");
    serve(m, api, fx);
    CHECK(api.stream_requests == 1);
    CHECK(api.page_requests == 0);
    REQUIRE(m.local.loaded);
    CHECK(m.local.matched == 1234);

    // The same through the page walker (a server without the stream): the same accounts, in order.
    Server plain = server(1234);
    plain.has_stream = false;
    AppModel w = signed_in();
    serve(w, plain, update(w, EnterLocalMode{}));
    CHECK(plain.stream_requests == 1);   // the probe
    CHECK(plain.page_requests == 13);
    REQUIRE(w.local.loaded);
    CHECK(local_ids(m) == local_ids(w));
    CHECK(m.local.store.accounts()[6].name == w.local.store.accounts()[6].name);
    CHECK(m.local.store.accounts()[6].name.find("\"quoted\"") != std::string::npos);
}

TEST_CASE("progress counts rows as lines arrive, against the list's count") {
    Server api = server(500);
    AppModel m = signed_in();
    Effects fx = update(m, EnterLocalMode{});
    const uint64_t seq = seq_of(fx, RequestKind::WalkPage);
    const std::string body = api.ndjson();
    const size_t half = body.size() / 2;
    update(m, StreamChunk{seq, body.substr(0, half)});
    const int64_t done = m.local.walk.done();
    CHECK(done > 200);
    CHECK(done < 300);
    CHECK(m.local.walk.running());
    update(m, StreamChunk{seq, body.substr(half)});
    update(m, WalkPageLoaded{seq, HttpResponse{200, "", {}}});
    CHECK(m.local.loaded);
    CHECK(m.local.store.size() == 500);
}

TEST_CASE("a 404 or 405 from the stream falls back to the pages, and the API base is not asked again") {
    for (int status : {404, 405}) {
        CAPTURE(status);
        Server api = server(250);
        AppModel m = signed_in();
        Effects fx = update(m, EnterLocalMode{});
        const uint64_t seq = seq_of(fx, RequestKind::WalkPage);
        Effects pages = update(m, WalkPageLoaded{seq, HttpResponse{status, R"({"detail":"Not found."})", {}}});
        const SendRequest* p = find_request(pages, RequestKind::WalkPage);
        REQUIRE(p != nullptr);
        CHECK_FALSE(p->request.stream);
        CHECK(p->request.url.find("/api/accounts/?page=1&limit=100") != std::string::npos);
        CHECK(m.no_export_stream.count("https://api.test") == 1);
        serve(m, api, pages);
        REQUIRE(m.local.loaded);
        CHECK(m.local.store.size() == 250);

        // Export and select-all go straight to the pages now.
        update(m, ExitLocalMode{});
        Effects ex = update(m, StartExport{});
        const SendRequest* e = find_request(ex, RequestKind::WalkPage);
        REQUIRE(e != nullptr);
        CHECK_FALSE(e->request.stream);
    }
}

TEST_CASE("CSV export through the stream writes the same file as through the pages") {
    Server api = server(321);
    AppModel m = signed_in();
    Effects with = serve(m, api, update(m, StartExport{}));
    const DownloadFile* a = find_effect<DownloadFile>(with);
    REQUIRE(a != nullptr);
    CHECK(api.stream_requests == 1);
    CHECK(api.page_requests == 0);

    Server plain = server(321);
    plain.has_stream = false;
    AppModel w = signed_in();
    Effects without = serve(w, plain, update(w, StartExport{}));
    const DownloadFile* b = find_effect<DownloadFile>(without);
    REQUIRE(b != nullptr);
    CHECK(a->bytes == b->bytes);
    CHECK(m.csv_export.last_rows == 321);
}

TEST_CASE("select all matching through the stream selects the same ids") {
    Server api = server(777);
    AppModel m = signed_in();
    update(m, AccountsLoaded{seq_of(update(m, ReloadAccounts{}), RequestKind::ListAccounts), api.page(HttpRequest{})});
    REQUIRE(m.list.status == LoadStatus::Loaded);
    Effects fx = update(m, SelectAllMatching{});
    const SendRequest* r = find_request(fx, RequestKind::SelectAllPage);
    REQUIRE(r != nullptr);
    CHECK(r->request.stream);
    serve(m, api, fx);
    CHECK(m.selection.all_matching);
    CHECK(m.selection.ids.size() == 777);
    CHECK(m.selection.ids.count("acc777") == 1);
    CHECK(m.selection.walk.status() == PageWalkStatus::Idle);
}

TEST_CASE("an error line fails the load with the server's message and aborts the transfer") {
    Server api = server(300);
    AppModel m = signed_in();
    const uint64_t seq = seq_of(update(m, EnterLocalMode{}), RequestKind::WalkPage);
    std::string body = api.ndjson(/*end=*/false);
    body = body.substr(0, body.size() / 2);
    body = body.substr(0, body.rfind('\n') + 1) + R"({"error": "The export failed on the server after 150 accounts; the copy is incomplete."})" "\n";
    Effects fx = update(m, StreamChunk{seq, body});
    const AbortRequest* abort = find_effect<AbortRequest>(fx);
    REQUIRE(abort != nullptr);
    CHECK(abort->seq == seq);
    CHECK_FALSE(m.local.loaded);
    REQUIRE(m.local.error);
    CHECK(m.local.error->code == "stream.server_error");
    CHECK(m.local.error->message.find("the copy is incomplete") != std::string::npos);
    // The aborted request's completion is stale.
    update(m, WalkPageLoaded{seq, HttpResponse{0, "", {}}});
    CHECK(m.local.error->code == "stream.server_error");
    CHECK(m.local.store.size() == 0);
}

TEST_CASE("a body without its end line is an incomplete copy: an error, never a loaded copy") {
    Server api = server(120);
    AppModel m = signed_in();
    Effects fx = update(m, StartExport{});
    const uint64_t seq = seq_of(fx, RequestKind::WalkPage);
    update(m, StreamChunk{seq, api.ndjson(/*end=*/false)});
    Effects end = update(m, WalkPageLoaded{seq, HttpResponse{200, "", {}}});
    CHECK(find_effect<DownloadFile>(end) == nullptr);
    REQUIRE(m.csv_export.error);
    CHECK(m.csv_export.error->code == "stream.incomplete");
}

TEST_CASE("Cancel mid-stream aborts the request; later pieces change nothing") {
    Server api = server(400);
    AppModel m = signed_in();
    const uint64_t seq = seq_of(update(m, EnterLocalMode{}), RequestKind::WalkPage);
    const std::string body = api.ndjson();
    update(m, StreamChunk{seq, body.substr(0, 5000)});
    CHECK(m.local.walk.done() > 0);
    Effects fx = update(m, CancelLocalLoad{});
    const AbortRequest* abort = find_effect<AbortRequest>(fx);
    REQUIRE(abort != nullptr);
    CHECK(abort->seq == seq);
    CHECK_FALSE(m.local.active);
    update(m, StreamChunk{seq, body.substr(5000)});
    update(m, WalkPageLoaded{seq, HttpResponse{0, "", {}}});
    CHECK_FALSE(m.local.loaded);
    CHECK(m.local.store.size() == 0);

    // The export's Cancel and Exit from local mode abort theirs too.
    const uint64_t ex = seq_of(update(m, StartExport{}), RequestKind::WalkPage);
    const Effects cancel_export = update(m, CancelExport{});
    const AbortRequest* ea = find_effect<AbortRequest>(cancel_export);
    REQUIRE(ea != nullptr);
    CHECK(ea->seq == ex);
    const uint64_t lm = seq_of(update(m, EnterLocalMode{}), RequestKind::WalkPage);
    const Effects exit_local = update(m, ExitLocalMode{});
    const AbortRequest* la = find_effect<AbortRequest>(exit_local);
    REQUIRE(la != nullptr);
    CHECK(la->seq == lm);
}

TEST_CASE("walk pacing: pieces of the stream that only add rows wake no frame; its failure does") {
    Server api = server(300);
    AppModel m = signed_in();
    const uint64_t seq = seq_of(update(m, EnterLocalMode{}), RequestKind::WalkPage);
    const std::string body = api.ndjson(/*end=*/false);
    auto piece = [&](std::string bytes) {
        const Msg msg = StreamChunk{seq, std::move(bytes)};
        const WalkMarks before = walk_marks(m);
        update(m, msg);
        return answer_needs_frame(msg, before, m);
    };
    CHECK_FALSE(piece(body.substr(0, 4000)));   // progress only
    CHECK_FALSE(piece(body.substr(4000, 4000)));
    CHECK(piece("not json\n"));                 // failed: the message must show
    REQUIRE(m.local.error);
    CHECK(m.local.error->code == "stream.bad_line");
}
