// static_site_test.cpp: the reference server serving the built console: MIME types, precompressed
// variants, cache policy and security headers, over real HTTP on loopback.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "server/static_site.hpp"
#include "test_server.hpp"

using namespace crm;

namespace {

// A throwaway site folder with an index, a hashed WASM file and its .br/.gz variants.
struct SiteDir {
    std::string path = "static_site_test_" + std::to_string(::getpid());
    SiteDir() {
        ::mkdir(path.c_str(), 0755);
        write("index.html", "<!doctype html><title>t</title>");
        write("config.json", "{\"apiBaseUrl\": \"\"}");
        write("app.1a2b3c4d5e.wasm", std::string("\0asm", 4));
        write("app.1a2b3c4d5e.wasm.br", "BROTLI");
        write("app.1a2b3c4d5e.wasm.gz", "GZIP");
        write("shell.js", "console.log(1)");
        write("app.1a2b3c4d5e.js", "console.log(2)");
        write("app.1a2b3c4d5e.js.br", "BROTLI-JS");
    }
    ~SiteDir() {
        for (const char* f : {"index.html", "config.json", "app.1a2b3c4d5e.wasm", "app.1a2b3c4d5e.wasm.br",
                              "app.1a2b3c4d5e.wasm.gz", "shell.js", "app.1a2b3c4d5e.js", "app.1a2b3c4d5e.js.br"}) {
            std::remove((path + "/" + f).c_str());
        }
        ::rmdir(path.c_str());
    }
    void write(const std::string& name, const std::string& content) {
        std::ofstream(path + "/" + name, std::ios::binary) << content;
    }
};

}  // namespace

TEST_CASE("cache policy and MIME types are tables: HTML/config no-cache, hashed assets immutable") {
    CHECK(server::cache_control_for("/s/index.html") == "no-cache");
    CHECK(server::cache_control_for("/s/config.json") == "no-cache");
    CHECK(server::cache_control_for("/s/app.1a2b3c4d5e.wasm") == "public, max-age=31536000, immutable");
    CHECK(server::cache_control_for("/s/app.wasm") == "no-cache");
    CHECK(server::mime_type_for("a.wasm") == "application/wasm");
    CHECK(server::mime_type_for("a.js") == "text/javascript; charset=utf-8");
    CHECK(server::mime_type_for("a.unknown") == "application/octet-stream");
}

TEST_CASE("the site is served with precompressed variants, cache headers and security headers") {
    SiteDir site;
    test::TestServer s(1, ":memory:", {}, site.path);
    auto index = s.get("/", "");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(index->get_header_value("Cache-Control") == "no-cache");
    CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
    const std::string csp = index->get_header_value("Content-Security-Policy");
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("'wasm-unsafe-eval'") != std::string::npos);
    CHECK(csp.find("'unsafe-inline'") == std::string::npos);

    auto br = s.get("/app.1a2b3c4d5e.wasm", "", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(br);
    CHECK(br->status == 200);
    CHECK(br->get_header_value("Content-Type") == "application/wasm");
    CHECK(br->get_header_value("Content-Encoding") == "br");
    CHECK(br->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
    CHECK(br->get_header_value("Vary") == "Accept-Encoding");

    httplib::Client c("127.0.0.1", s.port());
    c.set_decompress(false);
    auto gz = c.Get("/app.1a2b3c4d5e.wasm", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body == "GZIP");
    auto plain = c.Get("/app.1a2b3c4d5e.wasm", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(plain->body == std::string("\0asm", 4));

    // A text file's precompressed variant is sent as it is, encoded once (the HTTP library would
    // otherwise compress a text body again).
    auto js = c.Get("/app.1a2b3c4d5e.js", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(js->headers.count("Content-Encoding") == 1);
    CHECK(js->get_header_value("Content-Encoding") == "br");
    CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(js->get_header_value("Content-Length") == "9");
    CHECK(js->body == "BROTLI-JS");
    auto js_plain = c.Get("/app.1a2b3c4d5e.js", {{"Accept-Encoding", "identity"}});
    REQUIRE(js_plain);
    CHECK_FALSE(js_plain->has_header("Content-Encoding"));
    CHECK(js_plain->body == "console.log(2)");

    CHECK(s.get("/config.json", "")->get_header_value("Cache-Control") == "no-cache");
    CHECK(s.get("/nope.js", "")->status == 404);
    CHECK(s.get("/../static_site_test.cpp", "")->status == 404);
    auto api404 = s.get("/api/nothing/");
    REQUIRE(api404);
    CHECK(api404->status == 404);
    CHECK(api404->body == "{\"detail\":\"Not found.\"}");
    CHECK(s.get("/api/accounts/")->status == 200);   // API routes still win
}

TEST_CASE("API answers are brotli-compressed once by the server (fast quality) when the client takes br") {
    test::TestServer s(60);
    httplib::Client raw("127.0.0.1", s.port());
    raw.set_decompress(false);
    const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + test::kTestToken}};
    auto with = [&](const char* accept) {
        httplib::Headers h = auth;
        h.emplace("Accept-Encoding", accept);
        return raw.Get("/api/accounts/?limit=50", h);
    };
    auto plain = with("identity");
    REQUIRE(plain);
    CHECK(plain->status == 200);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    const auto expected = nlohmann::json::parse(plain->body);
    CHECK(expected["results"].size() == 50);

    auto br = with("gzip, deflate, br");
    REQUIRE(br);
    CHECK(br->status == 200);
    CHECK(br->headers.count("Content-Encoding") == 1);
    CHECK(br->get_header_value("Content-Encoding") == "br");
    CHECK(br->get_header_value("Content-Type") == "application/json");
    CHECK(br->headers.count("Content-Type") == 1);
    CHECK(br->body.size() < plain->body.size() / 2);
    // Decoded (by the client library), the same JSON.
    httplib::Client decoding("127.0.0.1", s.port());
    httplib::Headers h = auth;
    h.emplace("Accept-Encoding", "br");
    auto decoded = decoding.Get("/api/accounts/?limit=50", h);
    REQUIRE(decoded);
    CHECK(nlohmann::json::parse(decoded->body) == expected);

    auto gz = with("gzip");
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
}
