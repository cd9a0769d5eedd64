// http.hpp: requests and responses as plain data, so request builders and parsers are testable
// without a network. Pure: no I/O.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace crm::core {

// How long a request may wait for its answer unless the deployment's config.json says otherwise
// (`requestTimeoutSeconds`, kept within [kMinRequestTimeoutMs, kMaxRequestTimeoutMs]).
inline constexpr int kDefaultRequestTimeoutMs = 15000;
inline constexpr int kMinRequestTimeoutMs = 1000;
inline constexpr int kMaxRequestTimeoutMs = 600000;
int clamp_request_timeout_ms(double seconds);   // a config value in seconds -> ms; not a positive number: the default

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";   // uppercase: "GET", "POST", "PATCH", "DELETE"
    std::string url;              // absolute, or relative to the page's origin
    Headers headers;
    std::string body;
    int timeout_ms = kDefaultRequestTimeoutMs;   // 0: none (a stream, which the app aborts itself)
    bool stream = false;          // the body is handed over in pieces as it arrives (platform/http_client.hpp)
    bool operator==(const HttpRequest&) const = default;
};

struct HttpResponse {
    int status = 0;               // 0: network failure, CORS rejection or timeout
    std::string body;
    Headers headers;              // names lower-cased by the platform layer
    bool timed_out = false;
    std::string url{};            // the request's URL (platform layer), so errors can name the API
};

std::string find_header(const Headers& headers, std::string_view name);  // case-insensitive; "" if absent

}  // namespace crm::core
