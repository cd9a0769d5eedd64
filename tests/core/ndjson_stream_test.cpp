// ndjson_stream_test.cpp: NdjsonStream, the export stream's line reader: lines split across chunks,
// CRLF, empty lines, a bad line, the error line, the end line, a truncated stream.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/api/ndjson_stream.hpp"

using crm::core::NdjsonStream;
using nlohmann::json;

namespace {

// Feeds `body` in pieces of `step` bytes, reading after each; returns the items' ids.
std::vector<std::string> read_all(NdjsonStream& s, const std::string& body, size_t step, bool close = true) {
    std::vector<json> items;
    for (size_t i = 0; i < body.size(); i += step) {
        s.feed(std::string_view(body).substr(i, step));
        s.take(items);
    }
    if (close) {
        s.close();
        s.take(items);
    }
    std::vector<std::string> ids;
    for (const json& j : items) ids.push_back(j.value("id", std::string("?")));
    return ids;
}

const std::string kBody = "{\"id\":\"a1\",\"name\":\"Ä\"}\n{\"id\":\"a2\"}\n{\"id\":\"a3\"}\n{\"end\":true,\"count\":3}\n";

}  // namespace

TEST_CASE("complete lines whatever the chunking, one byte at a time included") {
    for (size_t step : {size_t{1}, size_t{2}, size_t{7}, size_t{1000}}) {
        CAPTURE(step);
        NdjsonStream s;
        CHECK(read_all(s, kBody, step) == std::vector<std::string>{"a1", "a2", "a3"});
        CHECK(s.state() == NdjsonStream::State::Ended);
        CHECK(s.end_count() == 3);
        CHECK(s.items() == 3);
        CHECK(!s.error());
    }
}

TEST_CASE("a line is only read once its newline arrived; take() reads in slices") {
    NdjsonStream s;
    std::vector<json> items;
    s.feed("{\"id\":\"a1\"}\n{\"id\":\"a");
    CHECK(s.take(items) == 1);
    CHECK(items.size() == 1);
    CHECK(!s.has_lines());
    s.feed("2\"}\n{\"id\":\"a3\"}\n{\"id\":\"a4\"}\n");
    CHECK(s.has_lines());
    CHECK(s.take(items, 2) == 2);   // a slice of two lines
    CHECK(items.size() == 3);
    CHECK(s.has_lines());
    s.take(items);
    CHECK(items.size() == 4);
    CHECK(items[1]["id"] == "a2");
    CHECK(s.state() == NdjsonStream::State::Reading);   // no end line yet
}

TEST_CASE("CRLF line ends and empty lines") {
    NdjsonStream s;
    const std::string body = "\r\n{\"id\":\"a1\"}\r\n\n\r\n{\"id\":\"a2\"}\r\n{\"end\":true,\"count\":2}\r\n";
    CHECK(read_all(s, body, 3) == std::vector<std::string>{"a1", "a2"});
    CHECK(s.state() == NdjsonStream::State::Ended);
    CHECK(s.line_number() == 6);
}

TEST_CASE("a bad line fails the stream and names its line number") {
    for (const char* bad : {"{\"id\": \"a2\"", "not json", "[1, 2]", "\"text\"", "{\"end\": false, \"count\": 1}"}) {
        CAPTURE(bad);
        NdjsonStream s;
        const std::string body = std::string("{\"id\":\"a1\"}\n\n") + bad + "\n{\"id\":\"a3\"}\n{\"end\":true,\"count\":2}\n";
        CHECK(read_all(s, body, 5) == std::vector<std::string>{"a1"});   // nothing after the bad line
        CHECK(s.state() == NdjsonStream::State::Failed);
        REQUIRE(s.error());
        CHECK(s.error()->code == "stream.bad_line");
        CHECK(s.error()->message.find("Line 3 ") != std::string::npos);
    }
}

TEST_CASE("the error line fails the stream with the server's message") {
    NdjsonStream s;
    const std::string body = "{\"id\":\"a1\"}\n{\"error\":\"disk I/O error\"}\n";
    CHECK(read_all(s, body, 4) == std::vector<std::string>{"a1"});
    CHECK(s.state() == NdjsonStream::State::Failed);
    REQUIRE(s.error());
    CHECK(s.error()->code == "stream.server_error");
    CHECK(s.error()->message == "disk I/O error");
}

TEST_CASE("the end line: its count must be the items read, and bytes after it are ignored") {
    NdjsonStream s;
    CHECK(read_all(s, "{\"id\":\"a1\"}\n{\"count\":1,\"end\":true}\n{\"id\":\"late\"}\n", 100).size() == 1);
    CHECK(s.state() == NdjsonStream::State::Ended);

    NdjsonStream wrong;
    read_all(wrong, "{\"id\":\"a1\"}\n{\"end\":true,\"count\":2}\n", 100);
    CHECK(wrong.state() == NdjsonStream::State::Failed);
    REQUIRE(wrong.error());
    CHECK(wrong.error()->code == "stream.count_mismatch");

    NdjsonStream unterminated;   // the end line without its newline, then the body ends: still read
    CHECK(read_all(unterminated, "{\"id\":\"a1\"}\n{\"end\":true,\"count\":1}", 4).size() == 1);
    CHECK(unterminated.state() == NdjsonStream::State::Ended);
}

TEST_CASE("a truncated stream (no end line) is incomplete, never Ended") {
    const std::string cut = kBody.substr(0, kBody.find("{\"end\""));
    for (size_t len : {size_t{0}, size_t{5}, cut.size(), cut.size() - 3}) {
        CAPTURE(len);
        NdjsonStream s;
        read_all(s, cut.substr(0, len), 4);
        CHECK(s.state() == NdjsonStream::State::Failed);
        REQUIRE(s.error());
        // A cut in the middle of a line reads as a bad last line; at a line's end, as incomplete.
        CHECK((s.error()->code == "stream.incomplete" || s.error()->code == "stream.bad_line"));
    }
    NdjsonStream open;   // not closed yet: still reading, nothing decided
    read_all(open, cut, 4, /*close=*/false);
    CHECK(open.state() == NdjsonStream::State::Reading);
}

TEST_CASE("a line over the limit fails the stream (memory stays bounded)") {
    NdjsonStream s;
    std::vector<json> items;
    const std::string chunk(64 * 1024, 'x');
    for (size_t fed = 0; fed <= crm::core::kMaxNdjsonLineBytes && s.state() == NdjsonStream::State::Reading; fed += chunk.size()) {
        s.feed(chunk);
        s.take(items);
    }
    CHECK(s.state() == NdjsonStream::State::Failed);
    REQUIRE(s.error());
    CHECK(s.error()->code == "stream.line_too_long");
}
