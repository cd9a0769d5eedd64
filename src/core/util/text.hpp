// text.hpp: small text helpers shared by the console and the server. Pure: no I/O.
#pragma once
#include <string>
#include <string_view>

namespace crm::core {

// Without leading and trailing spaces, tabs, CR and LF (what DRF's CharField strips).
std::string_view trim(std::string_view s);

}  // namespace crm::core
