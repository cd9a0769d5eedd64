// api_server.hpp: the reference server's HTTP layer (cpp-httplib): routes, auth, CORS, errors,
// static site. Handlers only translate HTTP <-> Store calls; JSON mapping and validation come from
// the core library.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "server/store.hpp"

namespace httplib { class Server; }

namespace crm::server {

inline constexpr size_t kMaxBodyBytes = 1024 * 1024;   // larger bodies: 413
inline constexpr size_t kDiscardBodyBytes = 16 * 1024 * 1024;   // larger: 413 from the headers and the connection closed
inline constexpr size_t kMaxHeaderBytes = 32 * 1024;   // all request headers together; more: 431
inline constexpr size_t kMaxHeaderCount = 100;         // more headers: 431 (one line over 8 KiB: 431 too)

// Read-only extensions of the API beyond the contract, each switched off by `--disable NAME` (a disabled
// one answers 404 like an unknown path).
inline constexpr const char* kExtensionNames[] = {"facets", "export"};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0 = any free port (tests)
    std::vector<std::string> tokens;       // accepted bearer tokens; must not be empty
    std::string site_dir;                  // "" = serve no site
    std::vector<std::string> cors_origins; // allowed cross-origin callers ("*" = any); empty = none
    int threads = 32;                      // worker threads (each keep-alive connection holds one)
    bool access_log = false;               // one line per request on stdout
    bool trust_proxy = false;              // next/previous/Location use X-Forwarded-Proto/-Host
    std::set<std::string> disabled;        // extensions switched off (--disable NAME): their paths answer
                                           // 404 as unknown paths do (kExtensionNames)
    bool enabled(const std::string& extension) const { return disabled.count(extension) == 0; }
};

// GET /api/accounts/'s parameters (as cpp-httplib decoded them) -> the store's query, or the error
// to answer: 404 {"detail": "Invalid page."} or 400 {"stage": [...]}. Defaults: limit 50, page 1.
struct ListQuery {
    core::AccountQuery query;
    int error_status = 0;          // 0: no error
    nlohmann::json error_body;
};
ListQuery parse_list_query(const core::QueryParams& params);

// GET /api/accounts/facets/ (api_facets.cpp, docs/api-facets.md): its parameters -> status and body.
struct FacetsAnswer {
    int status = 200;
    nlohmann::json body;
};
FacetsAnswer facets_answer(Store& store, const core::QueryParams& params);

class ApiServer {
public:
    ApiServer(Store& store, ServerOptions options);
    ~ApiServer();
    int bind();                            // binds host:port; returns the port (or -1)
    void listen();                         // blocks until stop()
    void stop();

private:
    void install_routes();
    void install_account_routes();
    void install_facet_routes();   // before the account routes: /api/accounts/facets/ is not an account id
    void install_export_route();
    Store& store_;
    ServerOptions options_;
    std::unique_ptr<httplib::Server> http_;
};

}  // namespace crm::server
