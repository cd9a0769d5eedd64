// api_server.hpp: the reference server's HTTP layer (cpp-httplib): routes, auth, errors, static site.
// Handlers only translate HTTP <-> Store calls; JSON mapping comes from the core library.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "server/store.hpp"

namespace httplib { class Server; }

namespace crm::server {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0 = any free port (tests)
    std::vector<std::string> tokens;       // accepted bearer tokens; must not be empty
    std::string site_dir;                  // "" = serve no site
};

class ApiServer {
public:
    ApiServer(Store& store, ServerOptions options);
    ~ApiServer();
    int bind();                            // binds host:port; returns the port (or -1)
    void listen();                         // blocks until stop()
    void stop();

private:
    void install_routes();
    Store& store_;
    ServerOptions options_;
    std::unique_ptr<httplib::Server> http_;
};

}  // namespace crm::server
