// route.hpp: the app's location <-> URL hash ("#/accounts?page=2&stage=customer", "#/accounts/<id>",
// "#/dashboard?stage=customer": the dashboard carries the list's filters only).
// Pure: no I/O. The platform layer reads/writes location.hash; update() decides what to push.
#pragma once
#include <string>
#include <string_view>

#include "core/api/account_query.hpp"

namespace crm::core {

enum class Screen { List, Dashboard };

struct Route {
    AccountQuery query;            // the list's query (defaults omitted from the hash); dashboard: filters only
    std::string account_id;        // "" = no account open (the list's)
    Screen screen = Screen::List;
    bool operator==(const Route&) const = default;
};

std::string route_to_hash(const Route& r);            // "#/accounts..." or "#/dashboard..."
Route parse_hash(std::string_view hash);              // tolerant: unknown parts ignored, bad numbers -> defaults

}  // namespace crm::core
