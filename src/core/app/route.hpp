// route.hpp: the app's location <-> URL hash ("#/accounts?page=2&stage=customer", "#/accounts/<id>").
// Pure: no I/O. The platform layer reads/writes location.hash; update() decides what to push.
#pragma once
#include <string>
#include <string_view>

#include "core/api/account_query.hpp"

namespace crm::core {

struct Route {
    AccountQuery query;            // the list's query (defaults omitted from the hash)
    std::string account_id;        // "" = no account open
    bool operator==(const Route&) const = default;
};

std::string route_to_hash(const Route& r);            // always starts with "#/accounts"
Route parse_hash(std::string_view hash);              // tolerant: unknown parts ignored, bad numbers -> defaults

}  // namespace crm::core
