// text.hpp: small text helpers shared by the console and the server. Pure: no I/O.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace crm::core {

// Without leading and trailing spaces, tabs, CR and LF (what DRF's CharField strips).
std::string_view trim(std::string_view s);

std::string ascii_lower(std::string_view s);   // A-Z -> a-z; every other byte as it is (SQLite's NOCASE)

// A count and its noun: "1 contact", "0 contacts", "1,234 accounts". `many` defaults to `one` + "s"
// ("opportunity", "opportunities" needs it). Counts are written with thousands separators.
std::string plural(int64_t n, std::string_view one, std::string_view many = {});

}  // namespace crm::core
