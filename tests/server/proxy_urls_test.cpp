// proxy_urls_test.cpp: next/previous/Location URLs follow the client's scheme and host: the Host header
// by default, X-Forwarded-Proto/-Host only with --trust-proxy; odd Host values never reach a URL.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

struct ProxyServer {
    std::string db_path;
    std::unique_ptr<test::ServerProcess> server;
    explicit ProxyServer(bool trust) : db_path("proxy_" + std::string(trust ? "t" : "f") + std::to_string(::getpid()) + ".db") {
        std::vector<std::string> args = {"--db", db_path, "--token", "proxy-token", "--demo", "5", "--quiet"};
        if (trust) args.push_back("--trust-proxy");
        server = std::make_unique<test::ServerProcess>(args, db_path + ".log");
    }
    ~ProxyServer() {
        server.reset();
        for (const char* suffix : {"", "-wal", "-shm", ".log"}) std::remove((db_path + suffix).c_str());
    }
    json page(const httplib::Headers& extra) {
        httplib::Client c("127.0.0.1", server->port());
        httplib::Headers h = extra;
        h.emplace("Authorization", "Bearer proxy-token");
        auto r = c.Get("/api/accounts/?limit=2&page=2", h);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        return json::parse(r->body);
    }
};

}  // namespace

TEST_CASE("Pagination URLs: Host header by default; forwarded headers ignored unless --trust-proxy") {
    ProxyServer plain(false);
    json p = plain.page({{"Host", "console.example:8443"}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "evil.example"}});
    CHECK(p["next"] == "http://console.example:8443/api/accounts/?limit=2&page=3");
    CHECK(p["previous"] == "http://console.example:8443/api/accounts/?limit=2&page=1");
    // A Host that could smuggle text into a URL is replaced by the bound address.
    json odd = plain.page({{"Host", "a\"b/<x>"}});
    CHECK(odd["next"] == "http://127.0.0.1:" + std::to_string(plain.server->port()) + "/api/accounts/?limit=2&page=3");

    ProxyServer proxied(true);
    json q = proxied.page({{"Host", "127.0.0.1"}, {"X-Forwarded-Proto", "https, http"}, {"X-Forwarded-Host", "crm.example.org"}});
    CHECK(q["next"] == "https://crm.example.org/api/accounts/?limit=2&page=3");
    CHECK(q["previous"] == "https://crm.example.org/api/accounts/?limit=2&page=1");
    json no_forward = proxied.page({{"Host", "backend:9000"}});
    CHECK(no_forward["next"] == "http://backend:9000/api/accounts/?limit=2&page=3");
    httplib::Client c("127.0.0.1", proxied.server->port());
    auto created = c.Post("/api/accounts/",
                          {{"Authorization", "Bearer proxy-token"}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "crm.example.org"}},
                          R"({"name": "Proxied"})", "application/json");
    REQUIRE(created);
    CHECK(created->get_header_value("Location").rfind("https://crm.example.org/api/accounts/", 0) == 0);
}
