// format.hpp: numbers and times as people read them (list cells, CSV names, badges). Pure: no I/O,
// no clock (the time is passed in).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::core {

std::string format_count(int64_t n);                 // 1234567 -> "1,234,567"
std::string format_thousands(double value);          // 15000000 -> "15,000,000"; 12.5 -> "12.5" (2 decimals at most)
std::string format_decimal(double value);            // the plain number: 15000000 -> "15000000", 12.5 -> "12.5"
                                                     // (15 significant digits; not finite -> "")
std::optional<int64_t> parse_rfc3339(std::string_view s);   // -> Unix seconds; offsets and fractions accepted
std::string relative_time(std::string_view rfc3339, int64_t now_unix);
                                   // "just now", "5 min ago", "3 h ago", "2 days ago", "4 mo ago", "2 y ago";
                                   // future -> "in the future"; unparsable -> the raw text

}  // namespace crm::core
