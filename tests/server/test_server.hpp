// test_server.hpp: runs the reference server in-process on a free loopback port, over real HTTP.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "server/api_server.hpp"
#include "server/demo_data.hpp"
#include "server/store.hpp"

namespace crm::test {

inline constexpr const char* kTestToken = "test-token";

class TestServer {
public:
    explicit TestServer(int demo_accounts, std::string db_path = ":memory:")
        : store_(std::make_unique<server::Store>(db_path)) {
        server::seed_demo_data(*store_, demo_accounts);
        server::ServerOptions opts;
        opts.port = 0;
        opts.tokens = {kTestToken};
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
    httplib::Result get(const std::string& path, const std::string& token = kTestToken) {
        httplib::Client c("127.0.0.1", port_);
        httplib::Headers h;
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        return c.Get(path, h);
    }

private:
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::ApiServer> server_;
    std::thread thread_;
    int port_ = -1;
};

}  // namespace crm::test
