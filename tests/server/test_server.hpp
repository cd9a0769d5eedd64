// test_server.hpp: runs the reference server in-process on a free loopback port, over real HTTP.
#pragma once
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/api_server.hpp"
#include "server/demo_data.hpp"
#include "server/store.hpp"

namespace crm::test {

inline constexpr const char* kTestToken = "test-token";

class TestServer {
public:
    explicit TestServer(int demo_accounts, std::string db_path = ":memory:", std::vector<std::string> cors_origins = {},
                        std::string site_dir = "")
        : store_(std::make_unique<server::Store>(db_path)) {
        server::seed_demo_data(*store_, demo_accounts);
        server::ServerOptions opts;
        opts.port = 0;
        opts.tokens = {kTestToken};
        opts.cors_origins = std::move(cors_origins);
        opts.threads = 8;
        opts.site_dir = std::move(site_dir);
        server_ = std::make_unique<server::ApiServer>(*store_, opts);
        port_ = server_->bind();
        thread_ = std::thread([this] { server_->listen(); });
    }
    ~TestServer() {
        server_->stop();
        thread_.join();
    }
    int port() const { return port_; }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
    server::Store& store() { return *store_; }

    // A raw client, for status codes and headers.
    httplib::Result get(const std::string& path, const std::string& token = kTestToken, httplib::Headers h = {}) {
        httplib::Client c("127.0.0.1", port_);
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        return c.Get(path, h);
    }

    // Any method with an optional body; `extra` headers are added to the bearer token.
    httplib::Result send(const std::string& method, const std::string& path, const std::string& body = "",
                         httplib::Headers extra = {}, const std::string& content_type = "application/json",
                         const std::string& token = kTestToken) {
        httplib::Client c("127.0.0.1", port_);
        if (!token.empty()) extra.emplace("Authorization", "Bearer " + token);
        if (method == "GET") return c.Get(path, extra);
        if (method == "POST") return c.Post(path, extra, body, content_type);
        if (method == "PATCH") return c.Patch(path, extra, body, content_type);
        if (method == "PUT") return c.Put(path, extra, body, content_type);
        if (method == "DELETE") return c.Delete(path, extra);
        return c.Options(path, extra);
    }

private:
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::ApiServer> server_;
    std::thread thread_;
    int port_ = -1;
};

// A SQLite file in the working directory, removed (with its WAL files) at the end of the scope.
class TempDbFile {
public:
    explicit TempDbFile(const std::string& name)
        : path_(name + "_" + std::to_string(::getpid()) + ".db") { remove_all(); }
    ~TempDbFile() { remove_all(); }
    const std::string& path() const { return path_; }

private:
    void remove_all() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    }
    std::string path_;
};

// The JSON body of a response that must have arrived and must be JSON (else the test stops, body shown).
inline nlohmann::json body_of(const httplib::Result& r) {
    REQUIRE(r);
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), r->body);
    return j;
}

}  // namespace crm::test
