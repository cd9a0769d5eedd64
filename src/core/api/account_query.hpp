// account_query.hpp: the accounts list's query (page, limit, filters, ordering) and its one mapping
// to and from query parameters, used by the console's URL hash (core/app/route), its list request
// (core/api/accounts_api) and the reference server's parser and count cache (server/api_server,
// server/search). Pure: no I/O.
//
//   AccountQuery ............ what the list asks for
//   kAccountFilters ......... every filter: parameter, member, how it matches, the server's column
//   account_query_params .... AccountQuery -> parameters (request: all; route: defaults omitted)
//   parse_account_query ..... parameters -> AccountQuery (tolerant; reports a bad page)
//
// Adding a filter: a member in AccountQuery and a row in kAccountFilters (plus the server's index
// for it in a migration, and the filter bar's widget).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/account.hpp"
#include "core/util/url.hpp"

namespace crm::core {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;          // the API clamps above this
inline constexpr int64_t kMaxPage = 1'000'000'000;

// What the list shows: the API's query parameters, nothing else.
struct AccountQuery {
    int page = 1;                  // 1-based
    int limit = kDefaultPageSize;
    std::string stage;             // "" = all
    std::string industry;
    std::string assigned_to;
    std::string search;
    std::string ordering;          // extension: "name", "-updatedAt", ... ; "" = server default
    bool operator==(const AccountQuery&) const = default;
};

// How the API matches a filter's value against an account (api-contract.md).
enum class FilterMatch {
    Exact,        // the account's field equals the value
    IgnoreCase,   // equals it, ASCII letters compared case-insensitively (SQLite's NOCASE)
    Search,       // the trimmed value is a case-folded substring of the name or the website
};

struct AccountFilter {
    const char* param;                   // query parameter and URL hash key, e.g. "assignedTo"
    std::string AccountQuery::*member;   // where the query keeps its value ("" = not filtered)
    FilterMatch match;
    std::string Account::*field;         // the account's field an Exact/IgnoreCase filter tests
    const char* sql_column;              // the server's column for Exact/IgnoreCase ("a.industry")
    const char* sql_index;               // the server's index on it in the default order (search: none)
};

// Every filter, in the order of the parameters. The ordering is not a filter (it changes no count).
inline constexpr AccountFilter kAccountFilters[] = {
    {"stage", &AccountQuery::stage, FilterMatch::Exact, &Account::stage, "a.stage", "accounts_stage"},
    {"industry", &AccountQuery::industry, FilterMatch::IgnoreCase, &Account::industry, "a.industry",
     "accounts_industry"},
    {"assignedTo", &AccountQuery::assigned_to, FilterMatch::Exact, &Account::assigned_to, "a.assigned_to",
     "accounts_assigned"},
    {"search", &AccountQuery::search, FilterMatch::Search, nullptr, nullptr, nullptr},
};
inline constexpr const char* kOrderingParam = "ordering";

const AccountFilter* find_filter(std::string_view param);          // nullptr for an unknown name
bool filter_set(const AccountFilter& f, const AccountQuery& q);       // a search of spaces is not set
bool has_filters(const AccountQuery& q);                              // any filter set
void clear_filters(AccountQuery& q);                                  // every filter; page, limit, ordering kept
// True when no filter but those named in `allowed` is set (e.g. only_filters(q, {"stage"})).
bool only_filters(const AccountQuery& q, std::initializer_list<std::string_view> allowed);
// The value as the server matches it: search trimmed and case-folded, IgnoreCase ASCII-lowered.
std::string filter_match_value(const AccountFilter& f, const AccountQuery& q);
std::string search_term(const AccountQuery& q);                       // filter_match_value of "search"
// Whether `a` surely matches every filter set in `q` (only Exact filters can be judged here: a set
// IgnoreCase or Search filter gives false, as the server's folding is not repeated).
bool surely_matches(const AccountQuery& q, const Account& a);

enum class QueryDefaults { Include, Omit };
// page and limit (Omit: only when not the defaults), then every filter set, then the ordering; values
// as they are (build_query encodes them).
QueryParams account_query_params(const AccountQuery& q, QueryDefaults defaults = QueryDefaults::Include);

struct ParsedAccountQuery {
    AccountQuery query;
    bool page_invalid = false;   // "page" given but not a whole number in [1, kMaxPage]
};
// Tolerant: unknown names are ignored and a repeated name keeps its first value. page: a positive
// integer, clamped to kMaxPage (anything else keeps 1); limit: a positive integer clamped to
// kMaxPageSize, anything else `default_limit`; text values as given.
ParsedAccountQuery parse_account_query(const QueryParams& params, int default_limit);

std::optional<int64_t> parse_positive_int(std::string_view s);   // "12" -> 12; "0", "-1", "1x", "" -> nullopt

}  // namespace crm::core
