// list_format.hpp: the list screen's small pure rules: sort cycle, page window with ellipsis, range
// label, counts with separators, relative times. Pure: no I/O, no ImGui, no clock (time is passed in).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// Fields the API's `ordering` extension accepts (api-contract.md); others are not sortable.
bool is_sortable_field(std::string_view field);
std::string next_ordering(std::string_view current, std::string_view field);
                                   // same field: asc -> desc -> off (""); another field: asc
int last_page(int64_t count, int limit);            // >= 1 (an empty list still has page 1)
std::vector<int> page_window(int current, int last); // e.g. 1 0 4 5 6 0 20 (0 = ellipsis); at most 9 entries
std::string format_count(int64_t n);                 // 1234567 -> "1,234,567"
std::string range_label(int page, int limit, size_t rows, int64_t count);
                                   // "26–50 of 1,234"; "0 of 0" when empty
std::optional<int64_t> parse_rfc3339(std::string_view s);   // -> Unix seconds; offsets and fractions accepted
std::string relative_time(std::string_view rfc3339, int64_t now_unix);
                                   // "just now", "5 min ago", "3 h ago", "2 days ago", "4 mo ago", "2 y ago";
                                   // future -> "in the future"; unparsable -> the raw text

}  // namespace crm::core
