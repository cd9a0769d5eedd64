// url.cpp: percent-encoding and query strings. Pure: no I/O.
#include "core/util/url.hpp"

namespace crm::core {

std::string url_encode(std::string_view s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (unsigned char c : s) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string build_query(const QueryParams& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        out += url_encode(k);
        out += '=';
        out += url_encode(v);
    }
    return out;
}

QueryParams parse_query(std::string_view query) {
    QueryParams out;
    if (!query.empty() && query.front() == '?') query.remove_prefix(1);
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        if (!part.empty()) {
            size_t eq = part.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(url_decode(part), "");
            } else {
                out.emplace_back(url_decode(part.substr(0, eq)), url_decode(part.substr(eq + 1)));
            }
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

std::string join_url(std::string_view base, std::string_view path) {
    std::string out(base);
    while (!out.empty() && out.back() == '/') out.pop_back();
    if (!path.empty() && path.front() != '/') out += '/';
    out += path;
    return out;
}

std::string url_origin(std::string_view url) {
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return "";
    std::string_view scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return "";
    size_t host_end = url.find_first_of("/?#", scheme_end + 3);
    std::string_view origin = url.substr(0, host_end);
    size_t at = origin.find('@', scheme_end + 3);   // never show user:password@ of a URL
    if (at != std::string_view::npos) return std::string(scheme) + "://" + std::string(origin.substr(at + 1));
    return origin.size() > scheme_end + 3 ? std::string(origin) : "";
}

std::string_view without_http_scheme(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (url.size() < scheme.size()) continue;
        bool same = true;
        for (size_t i = 0; same && i < scheme.size(); ++i) {
            const char c = url[i];
            same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == scheme[i];
        }
        if (same) return url.substr(scheme.size());
    }
    return url;
}

}  // namespace crm::core
