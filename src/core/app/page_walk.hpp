// page_walk.hpp: walks every page of one accounts list query (limited concurrency, progress, cancel,
// cap, retries, out-of-order answers, de-duplication by id). Pure state machine: no I/O, no clock.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/api/accounts_api.hpp"
#include "core/api/http.hpp"
#include "core/api/ndjson_stream.hpp"
#include "core/model/account.hpp"
#include "core/util/result.hpp"

namespace crm::core {

// Page requests a walk keeps in flight: a browser opens at most 6 connections to one host over
// HTTP/1.1 (Chromium, Firefox and Safari alike), so a 7th request would only wait in the browser's
// queue, and 6 is what any page of the site may ask of the API at once (react-admin's export sends all
// of its requests together: the browser runs them 6 at a time). The API allows `limit` up to 100
// (kMaxPageSize), which every walk uses. docs/performance.md has the measurements.
inline constexpr int kWalkMaxInFlight = 6;

// How to walk. The defaults are what the console uses for export, local mode and "select all".
struct PageWalkOptions {
    int max_in_flight = kWalkMaxInFlight;   // requests outstanding at once (1..kWalkMaxInFlight)
    int64_t cap = 100000;           // stop after this many accounts (>= 0); `capped()` tells if more matched
    int page_size = kMaxPageSize;   // `limit` of every request (1..kMaxPageSize)
    int max_retries = 2;            // per page, for network errors, timeouts, 429 and 5xx
    int64_t expected_count = -1;    // the count the caller already knows for this query (the list's), or
                                    // -1: then pages 2.. leave with page 1 instead of after it (one round
                                    // trip less); page 1's own count still sizes the walk
    bool stream = false;            // first try the export stream (one request for every account,
                                    // docs/api-export-stream.md); 404 or 405: the pages, as without it
};

// One request the caller must send (e.g. SendRequest{seq, kind, make_list_accounts_request(api, query)})
// and whose answer it must hand back to on_response(seq, ...).
struct PageFetch {
    uint64_t seq = 0;
    AccountQuery query;             // the walk's query with page and limit set
    bool stream = false;            // the export stream instead of a page: make_walk_request sends it
                                    // streamed, and its pieces go to on_chunk before its on_response
};

// The request of a fetch: a list page, or the export stream.
HttpRequest make_walk_request(const ApiConfig& api, const PageFetch& f);

enum class PageWalkStatus { Idle, Running, Done, Cancelled, Failed };
const char* to_string(PageWalkStatus s);   // "idle", "running", "done", "cancelled", "failed"

// Usage: fetches = walk.start(query, m.next_seq); send them; for each answer whose seq
// walk.owns(), send walk.on_response(seq, response, m.next_seq); when status() is Done, read items().
// Page 1 goes first (its `count` sizes the walk), then up to max_in_flight pages at a time; with an
// expected_count, the pages it implies go with page 1 (up to max_in_flight in all), and page 1's
// count then corrects it (fewer pages: the extra ones answer 404, empty; more: the walk goes on). Answers
// may arrive in any order; items() is in page order (the query's ordering), first occurrence of an id
// kept (rows shift between pages when data changes during the walk), truncated to the cap. A page
// past the end answering 404 (accounts deleted meanwhile) counts as empty. A network error,
// timeout, 429 or 5xx is retried up to max_retries times per page; any other failure (401, 400,
// bad JSON) or a retry that also fails stops the walk: Failed, with the API's error.
//
// With options.stream, the walk first asks for the export stream (one request): its lines are read
// as they arrive (on_chunk: progress by rows; total() is expected_count until the end line says),
// the same items as the pages would give, in the same order. The stream answering 404 or 405 (no such
// extension: stream_refused()) starts the page walk above; an error line, a bad line or a body
// without its end line fails the walk (the copy would be incomplete). Cancel, or a failure while the
// stream is in flight, leaves its seq in take_abort(): the caller aborts that request.
class PageWalk {
public:
    std::vector<PageFetch> start(const AccountQuery& query, uint64_t& next_seq, PageWalkOptions options = {});
                                                    // (re)starts; earlier answers become stale; page/limit ignored
    std::vector<PageFetch> on_response(uint64_t seq, const HttpResponse& response, uint64_t& next_seq);
                                                    // more pages to send; {} and no change if !owns(seq)
    bool owns(uint64_t seq) const;                  // an in-flight request of this walk (false once stopped)
    void cancel();                                  // Running -> Cancelled; received rows dropped, answers ignored
    // A piece of the stream's body (seq: the stream's fetch). Returns false when it failed the walk.
    bool on_chunk(uint64_t seq, std::string_view bytes);
    uint64_t take_abort();                          // the stream request to abort (0: none); once
    bool streaming() const { return stream_seq_ != 0; }   // the stream is in flight
    bool stream_refused() const { return stream_refused_; }   // it answered 404/405: the pages were used

    PageWalkStatus status() const { return status_; }
    bool running() const { return status_ == PageWalkStatus::Running; }
    int64_t done() const;                           // accounts received so far (<= total()); kept ones once Done
    int64_t total() const { return total_; }        // min(count, cap); -1 until page 1 answered
    int64_t matched() const { return matched_; }    // the API's count (may exceed the cap); -1 until known
    bool capped() const { return matched_ > options_.cap; }
    int pages_done() const { return pages_done_; }
    int pages_total() const { return pages_total_; } // 0 until page 1 answered
    int in_flight() const { return static_cast<int>(in_flight_.size()); }
    const AccountQuery& query() const { return query_; }   // page 1 of the walk (limit = page size)
    const std::optional<Error>& error() const { return error_; }   // set when Failed
    const std::vector<Account>& items() const { return items_; }   // filled when Done
    std::vector<Account> take_items();              // moves items() out (the walk keeps its counters)

private:
    std::vector<PageFetch> fill(uint64_t& next_seq);
    PageFetch send(int page, uint64_t& next_seq);
    void fail(Error e);
    void finish();
    std::vector<PageFetch> on_stream_response(const HttpResponse& response, uint64_t& next_seq);
    bool read_stream();                             // lines parsed into rows; false: the stream failed

    PageWalkOptions options_;
    AccountQuery query_;
    PageWalkStatus status_ = PageWalkStatus::Idle;
    std::unordered_map<uint64_t, int> in_flight_;   // seq -> page
    std::map<int, std::vector<Account>> pages_;     // received pages, by number
    std::map<int, int> retries_;                    // page -> retries used
    int next_page_ = 2;                             // next page to request after page 1
    int pages_total_ = 0;
    int pages_expected_ = 0;                        // from options.expected_count, until page 1 answers
    int pages_done_ = 0;
    int64_t rows_received_ = 0;
    int64_t total_ = -1;
    int64_t matched_ = -1;
    int64_t unique_ = 0;                            // accounts kept, once Done
    std::optional<Error> error_;
    std::vector<Account> items_;
    uint64_t stream_seq_ = 0;                       // the stream's request, while in flight
    uint64_t abort_seq_ = 0;                        // a stream request to abort (take_abort)
    bool stream_refused_ = false;
    NdjsonStream stream_;
    std::vector<nlohmann::json> lines_;             // one piece's items, reused
};

}  // namespace crm::core
