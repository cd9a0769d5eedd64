// ndjson_stream.cpp: NdjsonStream, the export stream's line reader. Pure: no I/O, no clock.
#include "core/api/ndjson_stream.hpp"

#include <algorithm>

namespace crm::core {

using nlohmann::json;

void NdjsonStream::feed(std::string_view bytes) {
    if (state_ != State::Reading || closed_) return;
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {   // drop what was read: the buffer holds about one chunk
        buf_.erase(0, pos_);
        scanned_ -= pos_;
        pos_ = 0;
    }
    buf_.append(bytes.data(), bytes.size());
}

void NdjsonStream::close() { closed_ = true; }

bool NdjsonStream::has_lines() const {
    if (state_ != State::Reading) return false;
    if (closed_) return true;   // the last line, or the incomplete verdict
    return buf_.find('\n', scanned_) != std::string::npos || buf_.size() - pos_ > kMaxNdjsonLineBytes;
}

void NdjsonStream::fail(std::string code, std::string message) {
    state_ = State::Failed;
    error_ = make_error(std::move(code), std::move(message));
    buf_.clear();
    buf_.shrink_to_fit();
    pos_ = scanned_ = 0;
}

void NdjsonStream::line(std::string_view text, std::vector<json>& items) {
    ++line_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.empty()) return;
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
        return fail("stream.bad_line", "Line " + std::to_string(line_) + " of the export stream is not a JSON object.");
    }
    if (j.size() <= 2 && j.contains("end")) {
        const auto count = j.find("count");
        if (j["end"] != true || count == j.end() || !count->is_number_integer()) {
            return fail("stream.bad_line", "Line " + std::to_string(line_) + " of the export stream is a malformed end line.");
        }
        end_count_ = count->get<int64_t>();
        if (end_count_ != items_) {
            return fail("stream.count_mismatch", "The export stream ended after " + std::to_string(items_) +
                                                     " accounts but announced " + std::to_string(end_count_) + ".");
        }
        state_ = State::Ended;
        buf_.clear();
        buf_.shrink_to_fit();
        pos_ = scanned_ = 0;
        return;
    }
    if (j.size() == 1 && j.contains("error")) {
        const json& e = j["error"];
        return fail("stream.server_error", e.is_string() && !e.get_ref<const std::string&>().empty()
                                               ? e.get<std::string>()
                                               : "The server reported an error in the export stream.");
    }
    ++items_;
    items.push_back(std::move(j));
}

size_t NdjsonStream::take(std::vector<json>& items, size_t max_lines) {
    size_t n = 0;
    while (state_ == State::Reading && n < max_lines) {
        const size_t nl = buf_.find('\n', scanned_);
        if (nl == std::string::npos) {
            scanned_ = buf_.size();
            if (buf_.size() - pos_ > kMaxNdjsonLineBytes) {
                fail("stream.line_too_long", "Line " + std::to_string(line_ + 1) + " of the export stream is over " +
                                                 std::to_string(kMaxNdjsonLineBytes / 1024) + " KiB.");
                break;
            }
            if (!closed_) break;
            if (pos_ < buf_.size()) {   // the last line has no "\n"
                ++n;
                const std::string rest = buf_.substr(pos_);
                pos_ = scanned_ = buf_.size();
                line(rest, items);
                continue;
            }
            fail("stream.incomplete", "The export stream stopped after " + std::to_string(items_) +
                                          " accounts without its end line: the copy is incomplete.");
            break;
        }
        if (nl - pos_ > kMaxNdjsonLineBytes) {
            fail("stream.line_too_long", "Line " + std::to_string(line_ + 1) + " of the export stream is over " +
                                             std::to_string(kMaxNdjsonLineBytes / 1024) + " KiB.");
            break;
        }
        const std::string_view text(buf_.data() + pos_, nl - pos_);
        pos_ = scanned_ = nl + 1;
        ++n;
        line(text, items);
    }
    return n;
}

}  // namespace crm::core
