// walk_pacing_test.cpp: which answers of a page walk wake frames (core/app/walk_pacing.hpp): the
// start (total known), the end (done, failed) and anything that is not a walk page; not progress.
#include <doctest/doctest.h>

#include <string>

#include "core/app/model.hpp"
#include "core/app/walk_pacing.hpp"

using namespace crm::core;

namespace {

std::string page_json(int first, int n, int64_t count) {
    std::string rows;
    for (int i = first; i < first + n; ++i) {
        if (!rows.empty()) rows += ",";
        rows += R"({"id":"a)" + std::to_string(i) + R"(","name":"N)" + std::to_string(i) + "\"}";
    }
    return R"({"count":)" + std::to_string(count) + R"(,"next":null,"previous":null,"results":[)" + rows + "]}";
}

std::vector<SendRequest> walk_requests(const Effects& fx) {
    std::vector<SendRequest> out;
    for (const Effect& e : fx) {
        if (const auto* r = std::get_if<SendRequest>(&e); r && r->kind == RequestKind::WalkPage) out.push_back(*r);
    }
    return out;
}

// Handles a walk answer as the runtime does; returns whether it asked for a frame.
bool answer(AppModel& m, uint64_t seq, HttpResponse r, Effects* fx = nullptr) {
    const Msg msg = WalkPageLoaded{seq, std::move(r)};
    const WalkMarks before = walk_marks(m);
    Effects out = update(m, msg);
    if (fx) *fx = out;
    return answer_needs_frame(msg, before, m);
}

}  // namespace

TEST_CASE("walk pacing: an export's page answers wake frames at the start and the end, not for progress") {
    AppModel m;
    m.auth = AuthStatus::SignedIn;
    m.api.base_url = "https://api.test";
    m.no_export_stream.insert(m.api.base_url);   // the page walker's answers (the stream: stream_walk_test.cpp)
    auto sent = walk_requests(update(m, StartExport{}));
    REQUIRE(sent.size() == 1);                     // no count known: page 1 alone
    Effects fx;
    CHECK(answer(m, sent[0].seq, HttpResponse{200, page_json(1, 100, 450), {}}, &fx));   // the total is known now
    auto pages = walk_requests(fx);
    REQUIRE(pages.size() == 4);
    CHECK_FALSE(answer(m, pages[2].seq, HttpResponse{200, page_json(301, 100, 450), {}}));   // progress only
    CHECK_FALSE(answer(m, pages[0].seq, HttpResponse{200, page_json(101, 100, 450), {}}));
    CHECK_FALSE(answer(m, pages[3].seq, HttpResponse{200, page_json(401, 50, 450), {}}));
    CHECK(m.csv_export.walk.running());
    CHECK(answer(m, pages[1].seq, HttpResponse{200, page_json(201, 100, 450), {}}, &fx));   // done: the file
    CHECK(m.csv_export.last_rows == 450);
    bool downloaded = false;
    for (const Effect& e : fx) downloaded = downloaded || std::holds_alternative<DownloadFile>(e);
    CHECK(downloaded);
}

TEST_CASE("walk pacing: a failure mid-walk wakes a frame (the message is shown); late answers after it do not") {
    AppModel m;
    m.auth = AuthStatus::SignedIn;
    m.api.base_url = "https://api.test";
    m.no_export_stream.insert(m.api.base_url);   // the page walker's answers (the stream: stream_walk_test.cpp)
    auto sent = walk_requests(update(m, StartExport{}));
    Effects fx;
    answer(m, sent[0].seq, HttpResponse{200, page_json(1, 100, 450), {}}, &fx);
    auto pages = walk_requests(fx);
    REQUIRE(pages.size() == 4);
    CHECK(answer(m, pages[0].seq, HttpResponse{200, "{\"count\": 450, \"results\": [{]", {}}));   // malformed
    REQUIRE(m.csv_export.error);
    CHECK(m.csv_export.error->code == "api.bad_json");
    CHECK_FALSE(answer(m, pages[1].seq, HttpResponse{200, page_json(201, 100, 450), {}}));   // stale
    CHECK(m.csv_export.error);
}

TEST_CASE("walk pacing: cancel stops the walk; its late answers wake nothing; other answers always do") {
    AppModel m;
    m.auth = AuthStatus::SignedIn;
    m.api.base_url = "https://api.test";
    m.no_export_stream.insert(m.api.base_url);   // the page walker's answers (the stream: stream_walk_test.cpp)
    auto sent = walk_requests(update(m, StartExport{}));
    Effects fx;
    answer(m, sent[0].seq, HttpResponse{200, page_json(1, 100, 450), {}}, &fx);
    auto pages = walk_requests(fx);
    update(m, CancelExport{});
    CHECK(std::string(to_string(m.csv_export.walk.status())) == "cancelled");
    CHECK_FALSE(answer(m, pages[0].seq, HttpResponse{200, page_json(101, 100, 450), {}}));
    CHECK(m.csv_export.last_rows == -1);           // nothing exported
    const WalkMarks marks = walk_marks(m);
    CHECK(answer_needs_frame(AccountsLoaded{1, HttpResponse{200, page_json(1, 10, 10), {}}}, marks, m));
    CHECK(answer_needs_frame(Tick{0, 0}, marks, m));
}
