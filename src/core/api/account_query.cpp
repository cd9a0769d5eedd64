// account_query.cpp: AccountQuery <-> query parameters, and the filter table's helpers. Pure: no I/O.
#include "core/api/account_query.hpp"

#include <algorithm>
#include <charconv>

#include "core/util/case_fold.hpp"
#include "core/util/text.hpp"

namespace crm::core {

std::optional<int64_t> parse_positive_int(std::string_view s) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1) return std::nullopt;
    return v;
}

const AccountFilter* find_filter(std::string_view param) {
    for (const AccountFilter& f : kAccountFilters) {
        if (param == f.param) return &f;
    }
    return nullptr;
}

bool filter_set(const AccountFilter& f, const AccountQuery& q) {
    const std::string& v = q.*f.member;
    return f.match == FilterMatch::Search ? !trim(v).empty() : !v.empty();
}

bool has_filters(const AccountQuery& q) {
    return std::any_of(std::begin(kAccountFilters), std::end(kAccountFilters),
                       [&](const AccountFilter& f) { return !(q.*f.member).empty(); });
}

void clear_filters(AccountQuery& q) {
    for (const AccountFilter& f : kAccountFilters) (q.*f.member).clear();
}

bool only_filters(const AccountQuery& q, std::initializer_list<std::string_view> allowed) {
    for (const AccountFilter& f : kAccountFilters) {
        if (filter_set(f, q) && std::find(allowed.begin(), allowed.end(), f.param) == allowed.end()) return false;
    }
    return true;
}

std::string filter_match_value(const AccountFilter& f, const AccountQuery& q) {
    const std::string& v = q.*f.member;
    switch (f.match) {
        case FilterMatch::Exact: return v;
        case FilterMatch::IgnoreCase: return ascii_lower(v);
        case FilterMatch::Search: return case_fold(trim(v));
    }
    return v;
}

std::string search_term(const AccountQuery& q) { return case_fold(trim(q.search)); }

bool surely_matches(const AccountQuery& q, const Account& a) {
    for (const AccountFilter& f : kAccountFilters) {
        const std::string& v = q.*f.member;
        if (v.empty()) continue;
        if (f.match != FilterMatch::Exact || a.*f.field != v) return false;
    }
    return true;
}

QueryParams account_query_params(const AccountQuery& q, QueryDefaults defaults) {
    QueryParams p;
    const AccountQuery def;
    const int page = q.page < 1 ? 1 : q.page;
    if (defaults == QueryDefaults::Include || page != def.page) p.emplace_back("page", std::to_string(page));
    if (defaults == QueryDefaults::Include || q.limit != def.limit) p.emplace_back("limit", std::to_string(q.limit));
    for (const AccountFilter& f : kAccountFilters) {
        if (!(q.*f.member).empty()) p.emplace_back(f.param, q.*f.member);
    }
    if (!q.ordering.empty()) p.emplace_back(kOrderingParam, q.ordering);
    return p;
}

ParsedAccountQuery parse_account_query(const QueryParams& params, int default_limit) {
    ParsedAccountQuery out;
    AccountQuery& q = out.query;
    q.limit = default_limit;
    std::vector<std::string_view> seen;
    for (const auto& [k, v] : params) {
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;   // the first value wins
        seen.push_back(k);
        if (k == "page") {
            const std::optional<int64_t> n = parse_positive_int(v);
            out.page_invalid = !n || *n > kMaxPage;
            if (n) q.page = static_cast<int>(std::min(*n, kMaxPage));
        } else if (k == "limit") {
            if (const std::optional<int64_t> n = parse_positive_int(v)) {
                q.limit = static_cast<int>(std::min<int64_t>(*n, kMaxPageSize));
            }
        } else if (k == kOrderingParam) {
            q.ordering = v;
        } else if (const AccountFilter* f = find_filter(k)) {
            q.*f->member = v;
        }
    }
    return out;
}

}  // namespace crm::core
