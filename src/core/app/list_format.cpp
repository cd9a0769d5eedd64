// list_format.cpp: sort cycle, page window, range label. Pure: no I/O, no clock.
#include "core/app/list_format.hpp"

#include <algorithm>

#include "core/model/account_fields.hpp"

namespace crm::core {

bool is_sortable_field(std::string_view field) {
    const AccountField* f = find_account_field(field);
    return f && f->ordering && field == f->ordering;
}

std::string next_ordering(std::string_view current, std::string_view field) {
    if (current == field) return "-" + std::string(field);
    if (current.size() == field.size() + 1 && current.front() == '-' && current.substr(1) == field) return "";
    return std::string(field);
}

int last_page(int64_t count, int limit) {
    if (limit < 1 || count <= 0) return 1;
    const int64_t pages = (count + limit - 1) / limit;
    return pages > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(pages);
}

std::vector<int> page_window(int current, int last) {
    std::vector<int> out;
    if (last < 1) last = 1;
    current = std::clamp(current, 1, last);
    if (last <= 9) {
        for (int p = 1; p <= last; ++p) out.push_back(p);
        return out;
    }
    // Always first and last, the current page with one neighbour each side; fill to keep 9 slots.
    int lo = current - 1, hi = current + 1;
    if (current <= 4) lo = 2, hi = 6;
    if (current >= last - 3) lo = last - 5, hi = last - 1;
    out.push_back(1);
    if (lo > 2) out.push_back(0);
    else lo = 2;
    for (int p = lo; p <= hi; ++p) out.push_back(p);
    if (hi < last - 1) out.push_back(0);
    out.push_back(last);
    return out;
}

std::string range_label(int page, int limit, size_t rows, int64_t count) {
    if (rows == 0 || count <= 0) return "0 of " + format_count(count < 0 ? 0 : count);
    const int64_t first = static_cast<int64_t>(page - 1) * limit + 1;
    const int64_t last = first + static_cast<int64_t>(rows) - 1;
    return format_count(first) + "\xE2\x80\x93" + format_count(last) + " of " + format_count(count);
}

}  // namespace crm::core
