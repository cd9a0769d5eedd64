// http.cpp: header lookup. Pure: no I/O.
#include "core/api/http.hpp"

#include <cctype>

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

}  // namespace crm::core
