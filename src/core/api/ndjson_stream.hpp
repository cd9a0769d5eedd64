// ndjson_stream.hpp: the export stream's body (docs/api-export-stream.md), read as it arrives: bytes
// in chunks of any size, complete lines out. Pure: no I/O, no clock.
//
// The body is one JSON object per line ("\n" or "\r\n"; empty lines are skipped): the items, then
// either the end line {"end": true, "count": N} (N = the items sent) or the error line
// {"error": "..."} (the server failed midway). A body that stops without one of them is incomplete.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/result.hpp"

namespace crm::core {

inline constexpr size_t kMaxNdjsonLineBytes = 1024 * 1024;   // a longer line fails the stream (bounded memory)

class NdjsonStream {
public:
    enum class State { Reading, Ended, Failed };

    void feed(std::string_view bytes);   // more of the body (ignored once Ended or Failed)
    void close();                        // no more bytes: a last line without "\n" is read too
    // Reads up to `max_lines` complete lines (slices between frames); each item's JSON object is
    // appended to `items`. Stops at the end line, the error line or a bad line. Returns the lines read.
    size_t take(std::vector<nlohmann::json>& items, size_t max_lines = static_cast<size_t>(-1));
    bool has_lines() const;              // take() would read something now

    State state() const { return state_; }
    int64_t items() const { return items_; }       // item lines read so far
    int64_t line_number() const { return line_; }  // lines read so far (empty ones included)
    int64_t end_count() const { return end_count_; }   // the end line's count; -1 before it
    // Failed: why. Codes: stream.bad_line (not a JSON object; the message names the line),
    // stream.server_error (the error line; its text), stream.incomplete (no end line),
    // stream.count_mismatch (the end line's count is not the items read), stream.line_too_long.
    const std::optional<Error>& error() const { return error_; }

private:
    void fail(std::string code, std::string message);
    void line(std::string_view text, std::vector<nlohmann::json>& items);

    std::string buf_;          // bytes not read yet, from pos_
    size_t pos_ = 0;
    size_t scanned_ = 0;       // buf_ has no "\n" in [pos_, scanned_)
    bool closed_ = false;
    State state_ = State::Reading;
    int64_t items_ = 0;
    int64_t line_ = 0;
    int64_t end_count_ = -1;
    std::optional<Error> error_;
};

}  // namespace crm::core
