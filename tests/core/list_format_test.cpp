// list_format_test.cpp: sort cycle, page window, range label, relative times.
#include <doctest/doctest.h>

#include <limits>

#include "core/app/list_format.hpp"

using namespace crm::core;

TEST_CASE("sort cycles asc, desc, off on one column; another column starts asc") {
    CHECK(next_ordering("", "name") == "name");
    CHECK(next_ordering("name", "name") == "-name");
    CHECK(next_ordering("-name", "name") == "");
    CHECK(next_ordering("-name", "stage") == "stage");
    CHECK(next_ordering("-names", "name") == "name");
    CHECK(is_sortable_field("openOpportunityCount"));
    CHECK_FALSE(is_sortable_field("website"));
}

TEST_CASE("last page of a count") {
    CHECK(last_page(0, 25) == 1);
    CHECK(last_page(25, 25) == 1);
    CHECK(last_page(26, 25) == 2);
    CHECK(last_page(1234, 25) == 50);
}

TEST_CASE("page numbers keep first, last and the current page's neighbours, with ellipses") {
    CHECK(page_window(1, 1) == std::vector<int>{1});
    CHECK(page_window(3, 9) == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(page_window(1, 50) == std::vector<int>{1, 2, 3, 4, 5, 6, 0, 50});
    CHECK(page_window(25, 50) == std::vector<int>{1, 0, 24, 25, 26, 0, 50});
    CHECK(page_window(50, 50) == std::vector<int>{1, 0, 45, 46, 47, 48, 49, 50});
    CHECK(page_window(5, 50) == std::vector<int>{1, 0, 4, 5, 6, 0, 50});
    CHECK(page_window(99, 50) == std::vector<int>{1, 0, 45, 46, 47, 48, 49, 50});
}

TEST_CASE("range label reads like 26–50 of 1,234") {
    CHECK(range_label(2, 25, 25, 1234) == "26\xE2\x80\x93" "50 of 1,234");
    CHECK(range_label(50, 25, 9, 1234) == "1,226\xE2\x80\x93" "1,234 of 1,234");
    CHECK(range_label(1, 25, 0, 0) == "0 of 0");
    CHECK(format_count(1234567) == "1,234,567");
    CHECK(format_count(999) == "999");
}

TEST_CASE("decimals: with separators as people read them, plain as a CSV carries them") {
    CHECK(format_thousands(15000000) == "15,000,000");
    CHECK(format_thousands(1234567.5) == "1,234,567.5");
    CHECK(format_thousands(0.25) == "0.25");
    CHECK(format_decimal(15000000) == "15000000");
    CHECK(format_decimal(1234567.5) == "1234567.5");
    CHECK(format_decimal(0) == "0");
    CHECK(format_decimal(0.1) == "0.1");
    CHECK(format_decimal(std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("RFC 3339 timestamps with Z, offsets and fractions") {
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("2025-03-15T14:00:00Z") == 1742047200);
    CHECK(parse_rfc3339("2025-03-15T16:00:00.123+02:00") == 1742047200);
    CHECK_FALSE(parse_rfc3339("2025-03-15").has_value());
    CHECK_FALSE(parse_rfc3339("2025-13-15T14:00:00Z").has_value());
    CHECK_FALSE(parse_rfc3339("2025-03-15T14:00:00").has_value());
}

TEST_CASE("relative times") {
    const int64_t t = 1742047200;
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 10) == "just now");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 300) == "5 min ago");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 7200) == "2 h ago");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 86400 + 5) == "yesterday");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 3 * 86400) == "3 days ago");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 90 * 86400) == "3 mo ago");
    CHECK(relative_time("2025-03-15T14:00:00Z", t + 800 * 86400) == "2 y ago");
    CHECK(relative_time("garbage", t) == "garbage");
}
