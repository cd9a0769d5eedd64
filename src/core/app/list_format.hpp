// list_format.hpp: the list screen's small pure rules: sort cycle, page window with ellipsis, range
// label. (Counts with separators and relative times: core/util/format.hpp.) Pure: no I/O, no ImGui, no clock (time is passed in).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/format.hpp"   // format_count, relative_time (cells share them)

namespace crm::core {

// Fields the API's `ordering` extension accepts (api-contract.md): the registry's ordering keys.
bool is_sortable_field(std::string_view field);
std::string next_ordering(std::string_view current, std::string_view field);
                                   // same field: asc -> desc -> off (""); another field: asc
int last_page(int64_t count, int limit);            // >= 1 (an empty list still has page 1)
std::vector<int> page_window(int current, int last); // e.g. 1 0 4 5 6 0 20 (0 = ellipsis); at most 9 entries
std::string range_label(int page, int limit, size_t rows, int64_t count);
                                   // "26–50 of 1,234"; "0 of 0" when empty

}  // namespace crm::core
