// url.hpp: percent-encoding and query strings. Pure: no I/O.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::core {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

std::string url_encode(std::string_view s);                 // RFC 3986 unreserved kept, rest %XX
std::string url_decode(std::string_view s);                 // '+' -> ' '; bad escapes kept as-is
std::string build_query(const QueryParams& params);          // "a=1&b=x%20y" (no leading '?')
QueryParams parse_query(std::string_view query);             // accepts a leading '?'
std::string join_url(std::string_view base, std::string_view path);  // one '/' between them
std::string url_origin(std::string_view url);                // "https://h:8000" of an absolute http(s) URL; "" otherwise
std::string_view without_http_scheme(std::string_view url);  // "https://a.example/x" -> "a.example/x" (ASCII case-insensitive)

}  // namespace crm::core
