// export_stream_test.cpp: GET /api/accounts/export/ (docs/api-export-stream.md) on the real
// accounts-server process: the stream equals the list's pages concatenated, reads one snapshot,
// shares the list's auth, CORS and 400s, compresses as it goes, answers 404 under --disable export,
// and a client that stops reading does not grow the server's memory.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/util/url.hpp"
#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

constexpr const char* kToken = "export-token";

std::string db_name(const std::string& stem) { return "export_" + stem + "_" + std::to_string(::getpid()) + ".db"; }

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

// A server on a fresh database with `demo` accounts; the database is removed at the end.
struct Served {
    std::string db;
    test::ServerProcess server;
    Served(const std::string& stem, int demo, std::vector<std::string> extra = {})
        : db((remove_db(db_name(stem)), db_name(stem))), server(args(db, demo, std::move(extra)), db + ".log") {}
    ~Served() {
        server.kill_hard();
        remove_db(db);
        std::remove((db + ".log").c_str());
    }
    static std::vector<std::string> args(const std::string& db, int demo, std::vector<std::string> extra) {
        std::vector<std::string> a = {"--db", db, "--demo", std::to_string(demo), "--token", kToken, "--quiet",
                                      "--cors-origin", "https://console.example"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server.port());
        c.set_read_timeout(60, 0);
        return c;
    }
};

httplib::Headers auth(httplib::Headers h = {}) {
    h.emplace("Authorization", std::string("Bearer ") + kToken);
    return h;
}

// Every list page of `params` (limit 100), concatenated: each item as JSON.
std::vector<json> list_all(const Served& s, const core::QueryParams& params) {
    httplib::Client c = s.client();
    std::vector<json> out;
    for (int page = 1;; ++page) {
        core::QueryParams p = params;
        p.emplace_back("limit", "100");
        p.emplace_back("page", std::to_string(page));
        auto res = c.Get("/api/accounts/?" + core::build_query(p), auth());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const json body = json::parse(res->body);
        for (const json& item : body["results"]) out.push_back(item);
        if (body["next"].is_null()) break;
    }
    return out;
}

struct Stream {
    int status = 0;
    std::string content_type, content_encoding;
    std::vector<json> items;
    json last;   // the last line
    std::string body;
};

Stream export_all(const Served& s, const core::QueryParams& params, httplib::Headers extra = {}) {
    httplib::Client c = s.client();
    auto res = c.Get("/api/accounts/export/?" + core::build_query(params), auth(std::move(extra)));
    REQUIRE(res);
    Stream out;
    out.status = res->status;
    out.content_type = res->get_header_value("Content-Type");
    out.content_encoding = res->get_header_value("Content-Encoding");
    out.body = res->body;
    if (res->status != 200) return out;
    size_t start = 0;
    while (start < res->body.size()) {
        size_t nl = res->body.find('\n', start);
        REQUIRE(nl != std::string::npos);   // every line ends with "\n"
        json line = json::parse(res->body.substr(start, nl - start));
        start = nl + 1;
        if (start < res->body.size()) out.items.push_back(std::move(line));
        else out.last = std::move(line);
    }
    return out;
}

// A line of /proc/PID/status in KiB: VmRSS (all resident memory, the database file's mapped pages
// included) or RssAnon (the heap: what a body built in memory would grow).
long status_kib(pid_t pid, const std::string& key) {
    const std::string status = test::read_text_file("/proc/" + std::to_string(pid) + "/status");
    const size_t at = status.find(key + ":");
    return at == std::string::npos ? -1 : std::atol(status.c_str() + at + key.size() + 1);
}

// Sends a raw GET on a socket with a small receive buffer; returns the socket (the caller closes it).
int raw_get(int port, const std::string& target, int rcvbuf) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken +
                            "\r\nConnection: close\r\n\r\n";
    REQUIRE(::send(fd, req.data(), req.size(), 0) == static_cast<ssize_t>(req.size()));
    return fd;
}

// Reads up to `n` bytes (less at the end of the stream or after 10 s without data).
std::string read_some(int fd, size_t n) {
    std::string out;
    char buf[4096];
    while (out.size() < n) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) <= 0) break;
        const ssize_t got = ::recv(fd, buf, std::min(sizeof buf, n - out.size()), 0);
        if (got <= 0) break;
        out.append(buf, static_cast<size_t>(got));
    }
    return out;
}

// A chunked body's payload (the chunk framing removed).
std::string unchunk(const std::string& raw) {
    std::string out;
    size_t at = raw.find("\r\n\r\n");
    REQUIRE(at != std::string::npos);
    at += 4;
    while (at < raw.size()) {
        const size_t eol = raw.find("\r\n", at);
        if (eol == std::string::npos) break;
        const size_t len = std::stoul(raw.substr(at, eol - at), nullptr, 16);
        if (len == 0) break;
        out += raw.substr(eol + 2, len);
        at = eol + 2 + len + 2;
    }
    return out;
}

}  // namespace

TEST_CASE("the stream is the list's pages concatenated, for filters, search and orderings") {
    Served s("equal", 1500);
    const std::vector<core::QueryParams> queries = {
        {},
        {{"ordering", "name"}},
        {{"ordering", "-annualRevenue"}},
        {{"stage", "customer"}},
        {{"stage", "prospect"}, {"ordering", "-contactCount"}},
        {{"industry", "software"}, {"ordering", "industry"}},
        {{"search", "a"}},
        {{"search", "ac"}, {"ordering", "-name"}},
        {{"search", "tech"}},
        {{"assignedTo", "usr_01HX0000000000000000000001"}, {"ordering", "createdAt"}},
        {{"search", "zzzz-nothing"}},
    };
    for (const core::QueryParams& q : queries) {
        CAPTURE(core::build_query(q));
        const std::vector<json> pages = list_all(s, q);
        const Stream st = export_all(s, q);
        REQUIRE(st.status == 200);
        CHECK(st.content_type == "application/x-ndjson");
        CHECK(st.items == pages);
        CHECK(st.last == json{{"end", true}, {"count", pages.size()}});
    }
    // page and limit do not apply: the whole list, whatever they say.
    const Stream paged = export_all(s, {{"page", "3"}, {"limit", "10"}});
    CHECK(paged.items.size() == 1500);
}

TEST_CASE("compressed as it goes when the client accepts it: brotli, else gzip; same lines") {
    Served s("gzip", 800);
    const Stream plain = export_all(s, {{"ordering", "name"}});
    REQUIRE(plain.status == 200);
    CHECK(plain.content_encoding.empty());
    const Stream br = export_all(s, {{"ordering", "name"}}, {{"Accept-Encoding", "gzip, br"}});
    CHECK(br.content_encoding == "br");   // one encoding, not two (cpp-httplib's own left out)
    CHECK(br.body == plain.body);         // the client decoded it
    const Stream gz = export_all(s, {{"ordering", "name"}}, {{"Accept-Encoding", "gzip"}});
    CHECK(gz.content_encoding == "gzip");
    CHECK(gz.body == plain.body);
}

TEST_CASE("auth, CORS and bad parameters as on the list; 404 under --disable export") {
    Served s("auth", 50);
    httplib::Client c = s.client();
    auto none = c.Get("/api/accounts/export/");
    REQUIRE(none);
    CHECK(none->status == 401);
    CHECK(none->get_header_value("WWW-Authenticate") == "Bearer");
    auto wrong = c.Get("/api/accounts/export/", {{"Authorization", "Bearer nope"}});
    REQUIRE(wrong);
    CHECK(wrong->status == 401);

    auto cors = c.Get("/api/accounts/export/", auth({{"Origin", "https://console.example"}}));
    REQUIRE(cors);
    CHECK(cors->status == 200);
    CHECK(cors->get_header_value("Access-Control-Allow-Origin") == "https://console.example");
    auto preflight = c.Options("/api/accounts/export/", {{"Origin", "https://console.example"},
                                                         {"Access-Control-Request-Method", "GET"},
                                                         {"Access-Control-Request-Headers", "authorization"}});
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") == "https://console.example");
    auto stranger = c.Get("/api/accounts/export/", auth({{"Origin", "https://evil.example"}}));
    REQUIRE(stranger);
    CHECK(!stranger->has_header("Access-Control-Allow-Origin"));

    const Stream bad = export_all(s, {{"stage", "nonsense"}});
    CHECK(bad.status == 400);
    const Stream list_bad = [&] {
        auto r = c.Get("/api/accounts/?stage=nonsense", auth());
        REQUIRE(r);
        Stream out;
        out.status = r->status;
        out.body = r->body;
        return out;
    }();
    CHECK(list_bad.status == 400);
    CHECK(json::parse(bad.body) == json::parse(list_bad.body));

    Served off("off", 20, {"--disable", "export"});
    httplib::Client c2 = off.client();
    auto gone = c2.Get("/api/accounts/export/", auth());
    REQUIRE(gone);
    CHECK(gone->status == 404);
    auto unknown = c2.Get("/api/accounts/no-such-thing/", auth());
    REQUIRE(unknown);
    CHECK(gone->body == unknown->body);
    auto list = c2.Get("/api/accounts/?limit=1", auth());   // the rest of the API is unchanged
    REQUIRE(list);
    CHECK(list->status == 200);
}

TEST_CASE("one snapshot: accounts created and deleted while a slow reader reads are not in its stream") {
    Served s("snapshot", 6000);
    const core::QueryParams q = {{"ordering", "name"}};
    const std::vector<json> before = list_all(s, q);
    REQUIRE(before.size() == 6000);
    // A reader with a small buffer takes the first bytes: the server is then mid-stream (the body is
    // several MB, far more than the socket buffers hold).
    const int fd = raw_get(s.server.port(), "/api/accounts/export/?ordering=name", 4096);
    std::string raw = read_some(fd, 8192);
    REQUIRE(raw.find(" 200 ") != std::string::npos);

    httplib::Client c = s.client();
    // Deleted: the last accounts in the stream's order (not sent yet); created: one that sorts last.
    for (size_t i = before.size() - 3; i < before.size(); ++i) {
        auto del = c.Delete("/api/accounts/" + before[i]["id"].get<std::string>() + "/", auth());
        REQUIRE(del);
        CHECK(del->status == 204);
    }
    auto created = c.Post("/api/accounts/", auth(), R"({"name": "zzzz created during the stream"})", "application/json");
    REQUIRE(created);
    CHECK(created->status == 201);

    for (std::string more; !(more = read_some(fd, 1 << 20)).empty();) raw += more;
    ::close(fd);
    const std::string body = unchunk(raw);
    std::vector<json> items;
    json last;
    for (size_t start = 0; start < body.size();) {
        const size_t nl = body.find('\n', start);
        REQUIRE(nl != std::string::npos);
        json line = json::parse(body.substr(start, nl - start));
        start = nl + 1;
        if (start < body.size()) items.push_back(std::move(line));
        else last = std::move(line);
    }
    CHECK(items == before);   // the state at its start: the deleted ones in, the new one out
    CHECK(last == json{{"end", true}, {"count", 6000}});
    CHECK(list_all(s, q).size() == 6000 - 3 + 1);   // while the list sees the changes
}

TEST_CASE("a client that stops reading does not grow the server's memory (numbers printed, not timed)") {
    Served s("slow", 20000);
    const pid_t pid = s.server.pid();
    // Warm-up: one full export, so the caches a full read fills are counted in the baseline.
    REQUIRE(export_all(s, {}).items.size() == 20000);
    const long base = status_kib(pid, "RssAnon"), base_rss = status_kib(pid, "VmRSS");
    REQUIRE(base > 0);
    std::vector<int> readers;
    for (int i = 0; i < 4; ++i) {
        readers.push_back(raw_get(s.server.port(), "/api/accounts/export/", 4096));
        REQUIRE(read_some(readers.back(), 1024).find(" 200 ") != std::string::npos);
    }
    // The readers stop reading; the server's writes block on their full sockets. Samples over a second:
    long peak = base, peak_rss = base_rss;
    auto sample = [&] {
        peak = std::max(peak, status_kib(pid, "RssAnon"));
        peak_rss = std::max(peak_rss, status_kib(pid, "VmRSS"));
    };
    for (int i = 0; i < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        sample();
    }
    // A slow reader then takes a little at a time.
    size_t slow_bytes = 0;
    for (int i = 0; i < 20; ++i) {
        slow_bytes += read_some(readers[0], 16384).size();
        sample();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (int fd : readers) ::close(fd);
    std::printf("export slow readers: heap (RssAnon) %ld KiB before, peak %ld KiB with 4 stalled readers (one of "
                "them read %zu bytes slowly); VmRSS %ld -> peak %ld KiB; one 20,000-account body is about %zu KiB\n",
                base, peak, slow_bytes, base_rss, peak_rss, static_cast<size_t>(20000 * 420 / 1024));
    // The bodies are never built: four stalled readers grow the heap by less than one body (8 MiB).
    CHECK(peak - base < 8 * 1024);
    // The server is still fine.
    httplib::Client c = s.client();
    auto res = c.Get("/api/accounts/?limit=1", auth());
    REQUIRE(res);
    CHECK(res->status == 200);
}
