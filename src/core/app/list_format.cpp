// list_format.cpp: sort cycle, page window, range label, relative times. Pure: no I/O, no clock.
#include "core/app/list_format.hpp"

#include <algorithm>
#include <charconv>

namespace crm::core {

namespace {

constexpr std::string_view kSortableFields[] = {"name",      "industry",  "stage",        "companySize",
                                                "createdAt", "updatedAt", "contactCount", "openOpportunityCount"};

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace

bool is_sortable_field(std::string_view field) {
    return std::find(std::begin(kSortableFields), std::end(kSortableFields), field) != std::end(kSortableFields);
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

std::string format_count(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string range_label(int page, int limit, size_t rows, int64_t count) {
    if (rows == 0 || count <= 0) return "0 of " + format_count(count < 0 ? 0 : count);
    const int64_t first = static_cast<int64_t>(page - 1) * limit + 1;
    const int64_t last = first + static_cast<int64_t>(rows) - 1;
    return format_count(first) + "\xE2\x80\x93" + format_count(last) + " of " + format_count(count);
}

std::optional<int64_t> parse_rfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return std::nullopt;
    if (!read_int(s, 0, 4, y) || !read_int(s, 5, 2, mo) || !read_int(s, 8, 2, d) || !read_int(s, 11, 2, h) ||
        !read_int(s, 14, 2, mi) || !read_int(s, 17, 2, sec))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
    int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        if (s.size() < pos + 6 || s[pos + 3] != ':' || !read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om))
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string relative_time(std::string_view rfc3339, int64_t now_unix) {
    std::optional<int64_t> t = parse_rfc3339(rfc3339);
    if (!t) return std::string(rfc3339);
    const int64_t ago = now_unix - *t;
    if (ago < -60) return "in the future";
    if (ago < 60) return "just now";
    if (ago < 3600) return std::to_string(ago / 60) + " min ago";
    if (ago < 86400) return std::to_string(ago / 3600) + " h ago";
    const int64_t days = ago / 86400;
    if (days == 1) return "yesterday";
    if (days < 31) return std::to_string(days) + " days ago";
    if (days < 365) return std::to_string(days / 30) + " mo ago";
    return std::to_string(days / 365) + " y ago";
}

}  // namespace crm::core
