// route.cpp: URL hash <-> Route. Pure: no I/O.
#include "core/app/route.hpp"

#include "core/util/url.hpp"

namespace crm::core {

std::string route_to_hash(const Route& r) {
    if (r.screen == Screen::Dashboard) {
        std::string out = "#/dashboard";
        AccountQuery filters;
        for (const AccountFilter& f : kAccountFilters) filters.*f.member = r.query.*f.member;
        const QueryParams p = account_query_params(filters, QueryDefaults::Omit);
        if (!p.empty()) out += "?" + build_query(p);
        return out;
    }
    std::string out = "#/accounts";
    if (!r.account_id.empty()) out += "/" + url_encode(r.account_id);
    const QueryParams p = account_query_params(r.query, QueryDefaults::Omit);
    if (!p.empty()) out += "?" + build_query(p);
    return out;
}

Route parse_hash(std::string_view hash) {
    Route r;
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    std::string_view path = hash.substr(0, hash.find('?'));
    std::string_view query = hash.size() > path.size() ? hash.substr(path.size() + 1) : std::string_view();
    std::string_view bare = path;
    while (!bare.empty() && bare.back() == '/') bare.remove_suffix(1);
    if (bare == "/dashboard") {
        r.screen = Screen::Dashboard;
        const AccountQuery parsed = parse_account_query(parse_query(query), kDefaultPageSize).query;
        for (const AccountFilter& f : kAccountFilters) r.query.*f.member = parsed.*f.member;   // filters only
        return r;
    }
    constexpr std::string_view kPrefix = "/accounts/";
    if (path.size() > kPrefix.size() && path.substr(0, kPrefix.size()) == kPrefix) {
        std::string_view id = path.substr(kPrefix.size());
        while (!id.empty() && id.back() == '/') id.remove_suffix(1);
        r.account_id = url_decode(id);
    }
    r.query = parse_account_query(parse_query(query), kDefaultPageSize).query;   // a bad page: page 1
    return r;
}

}  // namespace crm::core
