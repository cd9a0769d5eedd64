// abuse_test.cpp: hostile clients against a real server process: a bad-token flood must not slow good
// requests, oversized headers/bodies are refused before the body is read, static-file traversal is
// refused, and neither request ids nor the access log ever contain the token.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kToken = "abuse-good-token-5c1e7d";
const httplib::Headers kAuth = {{"Authorization", "Bearer " + kToken}};

struct RawReply {
    std::string text;     // what the server sent before closing (or before the timeout)
    double ms = 0;        // until the first byte of the reply
    bool closed = false;  // the server closed the connection
    int status() const { return text.size() > 12 ? std::atoi(text.c_str() + 9) : 0; }
};

// Sends `request` bytes on a fresh connection (without ever sending more), reads the reply.
RawReply raw_exchange(int port, const std::string& request, int timeout_ms = 5000) {
    RawReply out;
    const int fd = test::connect_loopback(port);
    if (fd < 0) return out;
    const auto t0 = Clock::now();
    size_t sent = 0;
    while (sent < request.size()) {
        ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;   // the server may refuse and close while we are still sending
        sent += static_cast<size_t>(n);
    }
    char buf[8192];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        const int left = timeout_ms - static_cast<int>(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            out.closed = true;
            break;
        }
        if (out.text.empty()) out.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        out.text.append(buf, static_cast<size_t>(n));
        // A complete reply with Content-Length: stop waiting unless we want to see the close.
        const size_t end = out.text.find("\r\n\r\n");
        const size_t cl = out.text.find("Content-Length: ");
        if (end != std::string::npos && cl != std::string::npos && cl < end &&
            out.text.size() >= end + 4 + std::stoul(out.text.substr(cl + 16)) &&
            out.text.find("Connection: close") == std::string::npos) {
            break;
        }
    }
    ::close(fd);
    return out;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

struct AbuseServer {
    std::string db_path = "abuse_" + std::to_string(::getpid()) + ".db";
    std::string log_path = db_path + ".log";
    std::unique_ptr<test::ServerProcess> server;
    explicit AbuseServer(std::vector<std::string> extra = {}) {
        remove_db();
        std::vector<std::string> args = {"--db", db_path, "--token", kToken, "--demo", "300", "--threads", "8"};
        args.insert(args.end(), extra.begin(), extra.end());
        server = std::make_unique<test::ServerProcess>(args, log_path);
    }
    ~AbuseServer() {
        server.reset();
        remove_db();
        std::remove(log_path.c_str());
    }
    void remove_db() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db_path + suffix).c_str());
    }
    int port() const { return server->port(); }
};

// Latencies (ms) of `n` good list requests on one keep-alive connection.
std::vector<double> good_latencies(int port, int n) {
    httplib::Client c("127.0.0.1", port);
    c.set_keep_alive(true);
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        auto r = c.Get("/api/accounts/?limit=50&page=" + std::to_string(1 + i % 6), kAuth);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        REQUIRE(r);
        REQUIRE(r->status == 200);
    }
    return ms;
}

}  // namespace

TEST_CASE("1,000 bad-token requests are refused while good ones keep being answered") {
    AbuseServer s({"--quiet"});
    good_latencies(s.port(), 20);   // warm up
    const std::vector<double> calm = good_latencies(s.port(), 150);

    std::atomic<int> bad_sent{0}, bad_401{0};
    std::atomic<bool> flooding{true};
    std::vector<std::thread> flood;
    for (int t = 0; t < 4; ++t) {
        flood.emplace_back([&, t] {
            httplib::Client c("127.0.0.1", s.port());
            c.set_keep_alive(t % 2 == 0);   // half reuse a connection, half open one per request
            for (int i = 0; i < 250; ++i) {
                auto r = c.Get("/api/accounts/?limit=50", {{"Authorization", "Bearer wrong-" + std::to_string(i)}});
                ++bad_sent;
                if (r && r->status == 401) ++bad_401;
            }
        });
    }
    std::vector<double> flooded;
    std::thread good([&] {
        while (bad_sent < 1000) {
            std::vector<double> batch = good_latencies(s.port(), 10);
            flooded.insert(flooded.end(), batch.begin(), batch.end());
        }
    });
    for (auto& t : flood) t.join();
    flooding = false;
    good.join();
    CHECK(bad_401 == 1000);
    const double calm_p50 = percentile(calm, 0.5), calm_p99 = percentile(calm, 0.99);
    const double flood_p50 = percentile(flooded, 0.5), flood_p99 = percentile(flooded, 0.99);
    MESSAGE("good list requests: calm p50 " << calm_p50 << " ms p99 " << calm_p99 << " ms (" << calm.size()
                                           << "); during 1,000 bad-token requests p50 " << flood_p50 << " ms p99 "
                                           << flood_p99 << " ms (" << flooded.size() << ")");
    // Every good request made during the flood was answered 200 (good_latencies requires it): bad tokens
    // do not starve the worker pool. The latencies above are printed, not asserted (shared machines).
    REQUIRE(flooded.size() >= 10);
}

TEST_CASE("Headers over the limit get 431 and bodies over the limit 413, before the body is read") {
    AbuseServer s({"--quiet"});
    const std::string auth = "Authorization: Bearer " + kToken + "\r\n";

    SUBCASE("one huge header") {
        RawReply r = raw_exchange(s.port(), "GET /api/accounts/ HTTP/1.1\r\nHost: x\r\n" + auth + "X-Big: " +
                                                std::string(40 * 1024, 'a') + "\r\n\r\n");
        CHECK(r.status() == 431);
    }
    SUBCASE("many headers") {
        std::string h;
        for (int i = 0; i < 300; ++i) h += "X-H" + std::to_string(i) + ": " + std::string(60, 'b') + "\r\n";
        RawReply r = raw_exchange(s.port(), "GET /api/accounts/ HTTP/1.1\r\nHost: x\r\n" + auth + h + "\r\n");
        CHECK(r.status() == 431);
    }
    SUBCASE("a 100 MB Content-Length is refused without sending the body") {
        RawReply r = raw_exchange(s.port(), "POST /api/accounts/ HTTP/1.1\r\nHost: x\r\n" + auth +
                                                "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{\"na");
        CHECK(r.status() == 413);
        CHECK(r.closed);                 // the rest of the body is not awaited: the reply comes without it
        MESSAGE("413 after " << r.ms << " ms");
        CHECK(r.text.find("Connection: close") != std::string::npos);
    }
    SUBCASE("an oversized body from a client without a token is refused as early") {
        RawReply r = raw_exchange(s.port(), "POST /api/accounts/ HTTP/1.1\r\nHost: x\r\n"
                                            "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n");
        CHECK(r.status() == 413);
        CHECK(r.closed);
    }
    SUBCASE("bodies with a bad token: 401, the body is not taken for the next request, nothing is written") {
        httplib::Client c("127.0.0.1", s.port());
        c.set_keep_alive(true);
        const httplib::Headers bad = {{"Authorization", "Bearer nope"}};
        auto post = c.Post("/api/accounts/", bad, R"({"name": "Intruder"})", "application/json");
        REQUIRE(post);
        CHECK(post->status == 401);
        CHECK(post->get_header_value("WWW-Authenticate") == "Bearer");
        auto get_with_body = c.Get("/api/accounts/?limit=1", bad);   // and a plain one on the same connection
        REQUIRE(get_with_body);
        CHECK(get_with_body->status == 401);
        auto list = c.Get("/api/accounts/?search=Intruder", kAuth);
        REQUIRE(list);
        CHECK(list->status == 200);
        CHECK(nlohmann::json::parse(list->body)["count"] == 0);
        RawReply raw = raw_exchange(s.port(), "GET /api/users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n"
                                              "Content-Length: 2\r\n\r\n{}");
        CHECK(raw.status() == 401);
        CHECK(raw.text.find("usr_") == std::string::npos);
    }
    SUBCASE("a chunked body (size unknown up front) is refused") {
        RawReply r = raw_exchange(s.port(), "POST /api/accounts/ HTTP/1.1\r\nHost: x\r\n" + auth +
                                                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                "4\r\n{\"na\r\n");
        CHECK(r.status() == 411);
        CHECK(r.closed);
    }
    SUBCASE("a body a little over the limit: 413 on a connection that stays usable") {
        httplib::Client c("127.0.0.1", s.port());
        c.set_keep_alive(true);
        auto r = c.Post("/api/accounts/", kAuth, "{\"name\": \"" + std::string(3 * 1024 * 1024, 'a') + "\"}",
                        "application/json");
        REQUIRE(r);
        CHECK(r->status == 413);
        auto next = c.Get("/api/accounts/?limit=1", kAuth);
        REQUIRE(next);
        CHECK(next->status == 200);
    }
    SUBCASE("a body just under the limit is still read and validated") {
        json big = {{"name", "ok"}, {"description", std::string(900 * 1024, 'd')}};
        httplib::Client c("127.0.0.1", s.port());
        auto r = c.Post("/api/accounts/", kAuth, big.dump(), "application/json");
        REQUIRE(r);
        CHECK(r->status != 413);
    }
}

TEST_CASE("Static files: traversal is refused in every spelling") {
    namespace fs = std::filesystem;
    const fs::path base = fs::current_path() / ("abuse_site_" + std::to_string(::getpid()));
    fs::remove_all(base);
    fs::create_directories(base / "site" / "assets");
    { std::ofstream(base / "site" / "index.html") << "<!doctype html><title>ok</title>"; }
    { std::ofstream(base / "site" / "assets" / "app.js") << "console.log(1)"; }
    { std::ofstream(base / "secret.txt") << "TOP-SECRET-CONTENT"; }
    AbuseServer s({"--quiet", "--site", (base / "site").string()});
    CHECK(raw_exchange(s.port(), "GET /assets/app.js HTTP/1.1\r\nHost: x\r\n\r\n").status() == 200);   // the control
    const std::string secret_abs = (base / "secret.txt").string();
    const std::vector<std::string> attempts = {
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/" + secret_abs,
        "/%2f" + secret_abs.substr(1),
        secret_abs,
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/assets/app.js%00.html",
    };
    for (const std::string& path : attempts) {
        RawReply r = raw_exchange(s.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        INFO("path " << path << " -> " << r.text.substr(0, 40));
        CHECK(r.status() >= 400);
        CHECK(r.text.find("TOP-SECRET") == std::string::npos);
        CHECK(r.text.find("root:") == std::string::npos);
    }
    fs::remove_all(base);
}

TEST_CASE("Request ids and the access log never contain the token") {
    AbuseServer s;   // access log on
    httplib::Client c("127.0.0.1", s.port());
    std::vector<std::string> ids;
    auto keep_id = [&](const httplib::Result& r) {
        REQUIRE(r);
        const std::string id = r->get_header_value("X-Request-Id");
        CHECK_FALSE(id.empty());
        CHECK(id.find(kToken) == std::string::npos);
        ids.push_back(id);
    };
    keep_id(c.Get("/api/accounts/?limit=2&search=" + kToken, kAuth));   // the token as a query value
    keep_id(c.Get("/api/accounts/?limit=2", kAuth));
    keep_id(c.Get("/api/accounts/?limit=2", {{"Authorization", "Bearer " + kToken + "x"}}));   // nearly right: 401
    keep_id(c.Post("/api/accounts/", kAuth, json{{"name", "logged"}}.dump(), "application/json"));
    keep_id(c.Get("/api/accounts/nope/", kAuth));
    keep_id(c.Get("/api/accounts/?limit=2", {{"Authorization", kToken}}));   // no "Bearer "
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());   // distinct
    CHECK(s.server->terminate() == 0);   // graceful: the log is flushed
    const std::string log = test::read_text_file(s.log_path);
    CHECK(log.find("/api/accounts/") != std::string::npos);   // requests were logged at all
    CHECK(log.find(ids.front()) != std::string::npos);        // with their request id
    CHECK(log.find(kToken) == std::string::npos);
    CHECK(log.find("abuse-good") == std::string::npos);
}
