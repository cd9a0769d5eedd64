// text.cpp: small text helpers. Pure: no I/O.
#include "core/util/text.hpp"

namespace crm::core {

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

}  // namespace crm::core
