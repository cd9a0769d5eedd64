// route.cpp: URL hash <-> Route. Pure: no I/O.
#include "core/app/route.hpp"

#include <charconv>

#include "core/util/url.hpp"

namespace crm::core {

namespace {

int parse_positive(const std::string& s, int fallback, int max) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1) return fallback;
    return v > max ? max : v;
}

}  // namespace

std::string route_to_hash(const Route& r) {
    std::string out = "#/accounts";
    if (!r.account_id.empty()) out += "/" + url_encode(r.account_id);
    QueryParams p;
    const AccountQuery def;
    if (r.query.page != def.page) p.emplace_back("page", std::to_string(r.query.page));
    if (r.query.limit != def.limit) p.emplace_back("limit", std::to_string(r.query.limit));
    if (!r.query.stage.empty()) p.emplace_back("stage", r.query.stage);
    if (!r.query.industry.empty()) p.emplace_back("industry", r.query.industry);
    if (!r.query.assigned_to.empty()) p.emplace_back("assignedTo", r.query.assigned_to);
    if (!r.query.search.empty()) p.emplace_back("search", r.query.search);
    if (!r.query.ordering.empty()) p.emplace_back("ordering", r.query.ordering);
    if (!p.empty()) out += "?" + build_query(p);
    return out;
}

Route parse_hash(std::string_view hash) {
    Route r;
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    std::string_view path = hash.substr(0, hash.find('?'));
    std::string_view query = hash.size() > path.size() ? hash.substr(path.size() + 1) : std::string_view();
    constexpr std::string_view kPrefix = "/accounts/";
    if (path.size() > kPrefix.size() && path.substr(0, kPrefix.size()) == kPrefix) {
        std::string_view id = path.substr(kPrefix.size());
        while (!id.empty() && id.back() == '/') id.remove_suffix(1);
        r.account_id = url_decode(id);
    }
    for (const auto& [k, v] : parse_query(query)) {
        if (k == "page") r.query.page = parse_positive(v, 1, 1'000'000'000);
        else if (k == "limit") r.query.limit = parse_positive(v, kDefaultPageSize, kMaxPageSize);
        else if (k == "stage") r.query.stage = v;
        else if (k == "industry") r.query.industry = v;
        else if (k == "assignedTo") r.query.assigned_to = v;
        else if (k == "search") r.query.search = v;
        else if (k == "ordering") r.query.ordering = v;
    }
    return r;
}

}  // namespace crm::core
