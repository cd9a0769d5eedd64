// http.cpp: header lookup. Pure: no I/O.
#include "core/api/http.hpp"

#include <cctype>
#include <cmath>

namespace crm::core {

std::string find_header(const Headers& headers, std::string_view name) {
    for (const auto& [k, v] : headers) {
        if (k.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; i < k.size() && same; ++i) {
            same = std::tolower(static_cast<unsigned char>(k[i])) == std::tolower(static_cast<unsigned char>(name[i]));
        }
        if (same) return v;
    }
    return "";
}

int clamp_request_timeout_ms(double seconds) {
    if (!std::isfinite(seconds) || seconds <= 0) return kDefaultRequestTimeoutMs;
    double ms = std::round(seconds * 1000.0);
    if (ms < kMinRequestTimeoutMs) return kMinRequestTimeoutMs;
    if (ms > kMaxRequestTimeoutMs) return kMaxRequestTimeoutMs;
    return static_cast<int>(ms);
}

}  // namespace crm::core
