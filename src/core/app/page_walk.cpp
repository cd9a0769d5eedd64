// page_walk.cpp: the page walker's state machine. Pure: no I/O, no clock.
#include "core/app/page_walk.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "core/model/account_json.hpp"

namespace crm::core {

const char* to_string(PageWalkStatus s) {
    switch (s) {
        case PageWalkStatus::Idle: return "idle";
        case PageWalkStatus::Running: return "running";
        case PageWalkStatus::Done: return "done";
        case PageWalkStatus::Cancelled: return "cancelled";
        case PageWalkStatus::Failed: return "failed";
    }
    return "?";
}

namespace {

bool retryable(const HttpResponse& r) { return r.status == 0 || r.status == 429 || r.status >= 500; }

int pages_for(int64_t accounts, int page_size) {
    return std::max<int>(1, static_cast<int>((accounts + page_size - 1) / page_size));
}

}  // namespace

HttpRequest make_walk_request(const ApiConfig& api, const PageFetch& f) {
    return f.stream ? make_export_stream_request(api, f.query) : make_list_accounts_request(api, f.query);
}

std::vector<PageFetch> PageWalk::start(const AccountQuery& query, uint64_t& next_seq, PageWalkOptions options) {
    options.max_in_flight = std::clamp(options.max_in_flight, 1, kWalkMaxInFlight);
    options.cap = std::max<int64_t>(0, options.cap);
    options.page_size = std::clamp(options.page_size, 1, kMaxPageSize);
    options.max_retries = std::max(0, options.max_retries);
    const uint64_t abort = stream_seq_ != 0 ? stream_seq_ : abort_seq_;   // a stream still to abort stays so
    *this = PageWalk{};
    abort_seq_ = abort;
    options_ = options;
    query_ = query;
    query_.page = 1;
    query_.limit = options.page_size;
    status_ = PageWalkStatus::Running;
    if (options.stream) {
        PageFetch f{next_seq++, query_, true};
        stream_seq_ = f.seq;
        if (options.expected_count >= 0) total_ = std::min(options.expected_count, options.cap);
        return {f};
    }
    std::vector<PageFetch> out = {send(1, next_seq)};
    if (options.expected_count >= 0) {
        pages_expected_ = pages_for(std::min(options.expected_count, options.cap), options.page_size);
        for (PageFetch& f : fill(next_seq)) out.push_back(std::move(f));
    }
    return out;
}

PageFetch PageWalk::send(int page, uint64_t& next_seq) {
    PageFetch f{next_seq++, query_};
    f.query.page = page;
    in_flight_[f.seq] = page;
    return f;
}

bool PageWalk::owns(uint64_t seq) const {
    return status_ == PageWalkStatus::Running && ((seq != 0 && seq == stream_seq_) || in_flight_.count(seq) != 0);
}

int64_t PageWalk::done() const {
    if (status_ == PageWalkStatus::Done) return unique_;
    return total_ >= 0 ? std::min(rows_received_, total_) : rows_received_;
}

void PageWalk::cancel() {
    if (status_ != PageWalkStatus::Running) return;
    status_ = PageWalkStatus::Cancelled;
    in_flight_.clear();
    pages_.clear();
    abort_seq_ = std::exchange(stream_seq_, 0);
    stream_ = NdjsonStream{};
}

void PageWalk::fail(Error e) {
    status_ = PageWalkStatus::Failed;
    error_ = std::move(e);
    in_flight_.clear();
    pages_.clear();
    abort_seq_ = std::exchange(stream_seq_, 0);
    stream_ = NdjsonStream{};
}

uint64_t PageWalk::take_abort() { return std::exchange(abort_seq_, 0); }

bool PageWalk::read_stream() {
    std::vector<Account>& rows = pages_[1];
    if (rows.capacity() == 0 && total_ > 0) rows.reserve(static_cast<size_t>(total_));   // no regrowth copies
    while (stream_.has_lines()) {
        lines_.clear();
        stream_.take(lines_, 256);
        for (const nlohmann::json& j : lines_) {
            Result<Account> a = account_from_json(j);   // the list's item mapping
            if (!a) {
                fail(a.error());
                return false;
            }
            if (rows_received_ < options_.cap) rows.push_back(std::move(a.value()));
            ++rows_received_;
        }
    }
    lines_.clear();
    if (stream_.state() == NdjsonStream::State::Failed) {
        Error e = *stream_.error();
        e.message = "The export stream failed: " + e.message;
        fail(std::move(e));
        return false;
    }
    return true;
}

bool PageWalk::on_chunk(uint64_t seq, std::string_view bytes) {
    if (!owns(seq) || seq != stream_seq_) return status_ != PageWalkStatus::Failed;
    stream_.feed(bytes);
    return read_stream();
}

std::vector<PageFetch> PageWalk::on_stream_response(const HttpResponse& response, uint64_t& next_seq) {
    stream_seq_ = 0;
    if (response.status == 404 || response.status == 405) {
        // No export stream on this server: the pages, as a walk without it.
        stream_refused_ = true;
        const int64_t expected = total_;
        total_ = -1;
        pages_.clear();
        rows_received_ = 0;
        std::vector<PageFetch> out = {send(1, next_seq)};
        if (expected >= 0) {
            pages_expected_ = pages_for(expected, options_.page_size);
            for (PageFetch& f : fill(next_seq)) out.push_back(std::move(f));
        }
        return out;
    }
    if (response.status < 200 || response.status >= 300) {
        fail(error_from_response(response));
        return {};
    }
    stream_.feed(response.body);   // a client that had it all at once (native)
    stream_.close();
    if (!read_stream()) return {};
    matched_ = stream_.end_count();
    total_ = std::min(matched_, options_.cap);
    pages_total_ = 1;
    pages_done_ = 1;
    stream_ = NdjsonStream{};
    finish();
    return {};
}

std::vector<PageFetch> PageWalk::on_response(uint64_t seq, const HttpResponse& response, uint64_t& next_seq) {
    if (!owns(seq)) return {};
    if (seq == stream_seq_) return on_stream_response(response, next_seq);
    const int page = in_flight_[seq];
    in_flight_.erase(seq);

    std::vector<Account> rows;
    const bool past_end = response.status == 404 && page > 1;   // the data shrank during the walk
    if (!past_end) {
        if (response.status < 200 || response.status >= 300) {
            if (response.status != 401 && retryable(response) && retries_[page] < options_.max_retries) {
                ++retries_[page];
                return {send(page, next_seq)};
            }
            fail(error_from_response(response));
            return {};
        }
        auto parsed = parse_list_accounts_response(response);
        if (!parsed.ok()) {
            fail(parsed.error());
            return {};
        }
        if (page == 1) {
            matched_ = std::max<int64_t>(0, parsed.value().count);
            total_ = std::min(matched_, options_.cap);
            pages_total_ = pages_for(total_, options_.page_size);
        }
        rows = std::move(parsed.value().results);
    }
    rows_received_ += static_cast<int64_t>(rows.size());
    pages_[page] = std::move(rows);
    ++pages_done_;
    std::vector<PageFetch> more = fill(next_seq);
    if (in_flight_.empty() && next_page_ > pages_total_) finish();
    return more;
}

std::vector<PageFetch> PageWalk::fill(uint64_t& next_seq) {
    std::vector<PageFetch> out;
    const int last = total_ >= 0 ? pages_total_ : pages_expected_;   // page 1's count, once known
    while (static_cast<int>(in_flight_.size()) < options_.max_in_flight && next_page_ <= last) {
        out.push_back(send(next_page_++, next_seq));
    }
    return out;
}

void PageWalk::finish() {
    if (pages_.size() == 1) {
        // One page (the stream's rows, or a one-page walk): de-duplicated in place, no second array.
        std::vector<Account>& rows = pages_.begin()->second;
        std::unordered_set<std::string> seen;
        seen.reserve(rows.size());
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const Account& a) { return !seen.insert(a.id).second; }),
                   rows.end());
        if (static_cast<int64_t>(rows.size()) > options_.cap) rows.resize(static_cast<size_t>(options_.cap));
        items_ = std::move(rows);
        pages_.clear();
        unique_ = static_cast<int64_t>(items_.size());
        status_ = PageWalkStatus::Done;
        return;
    }
    items_.clear();
    items_.reserve(static_cast<size_t>(std::max<int64_t>(0, std::min(rows_received_, options_.cap))));
    std::unordered_set<std::string> seen;
    seen.reserve(items_.capacity());
    for (auto& [number, rows] : pages_) {
        for (Account& a : rows) {
            if (static_cast<int64_t>(items_.size()) >= options_.cap) break;
            if (seen.insert(a.id).second) items_.push_back(std::move(a));
        }
    }
    pages_.clear();
    unique_ = static_cast<int64_t>(items_.size());
    status_ = PageWalkStatus::Done;
}

std::vector<Account> PageWalk::take_items() { return std::exchange(items_, {}); }

}  // namespace crm::core
