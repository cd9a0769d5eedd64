// static_site.hpp: how the reference server serves the built console: MIME types, precompressed
// .br/.gz variants chosen by Accept-Encoding, cache policy and security headers. No sockets here:
// the HTTP layer copies a StaticResponse onto its response.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace crm::server {

struct StaticResponse {
    int status = 404;                                          // 200 or 404
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;  // Content-Encoding, Cache-Control, CSP, ...
};

// The Content-Security-Policy of the site: the page's own scripts and WASM, nothing inline (the
// shell sets every handler from shell.js).
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// Whether an Accept-Encoding header allows `coding` ("br", "gzip"), q-values honoured.
bool accepts(const std::string& accept_encoding, const char* coding);
std::string mime_type_for(const std::string& path);      // by extension; unknown -> application/octet-stream
std::string cache_control_for(const std::string& path);  // HTML/config no-cache; content-hashed names immutable
// `url_path` is the decoded request path ("/" -> index.html); paths with ".." are refused (404).
StaticResponse serve_static(const std::string& root, const std::string& url_path, const std::string& accept_encoding);

}  // namespace crm::server
