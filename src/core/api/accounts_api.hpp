// accounts_api.hpp: request builders and response parsers for /api/accounts/.
// Pure: no I/O, no ImGui. The platform layer sends the HttpRequest; update() parses the response.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/api/account_query.hpp"
#include "core/api/http.hpp"
#include "core/model/account.hpp"
#include "core/util/result.hpp"
#include "core/util/url.hpp"

namespace crm::core {

// Where the API lives and how to authenticate. `base_url` "" means the page's own origin.
struct ApiConfig {
    std::string base_url;          // e.g. "" or "https://crm.example.com"
    std::string token;             // bearer token
    int timeout_ms = kDefaultRequestTimeoutMs;   // every request's; config.json requestTimeoutSeconds
};

HttpRequest make_list_accounts_request(const ApiConfig& config, const AccountQuery& q);
// GET /api/accounts/export/ (the reference server's extension, docs/api-export-stream.md): every
// account of q's filters, search and ordering as NDJSON (page and limit left out); a streamed request
// with no timeout (the walk reading it aborts it on Cancel).
HttpRequest make_export_stream_request(const ApiConfig& config, const AccountQuery& q);
Result<Page<Account>> parse_list_accounts_response(const HttpResponse& r);

// Turns any non-2xx response (or a network failure) into an Error:
//   status 0 -> api.network (api.timeout if timed out), 401 -> api.unauthorized,
//   404 -> api.http_404, 400 -> api.validation (field_errors filled), else api.http_<status>.
Error error_from_response(const HttpResponse& r);

// A success body larger than this is refused unparsed (api.too_large): no list page, account or
// directory the API sends is near it, and parsing or drawing megabytes would freeze the console.
inline constexpr size_t kMaxResponseBytes = 4u << 20;
std::optional<Error> refuse_oversized(const HttpResponse& r);   // api.too_large when r.body is over the limit

}  // namespace crm::core
