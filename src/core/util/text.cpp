// text.cpp: small text helpers. Pure: no I/O.
#include "core/util/text.hpp"

#include "core/util/format.hpp"

namespace crm::core {

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string plural(int64_t n, std::string_view one, std::string_view many) {
    std::string out = format_count(n) + " ";
    if (n == 1) return out.append(one);
    if (many.empty()) return out.append(one).append("s");
    return out.append(many);
}

}  // namespace crm::core
