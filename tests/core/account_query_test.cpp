// account_query_test.cpp: the one AccountQuery <-> parameters mapping: every filter round-trips through
// the URL hash and the list request (decoded as the console decodes a query), hostile values included.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/api/account_query.hpp"
#include "core/api/accounts_api.hpp"
#include "core/app/route.hpp"
#include "core/util/url.hpp"

using namespace crm::core;

namespace {

// Values that break a hand-written query string: separators, escapes, spaces, non-ASCII, empty, long.
std::vector<std::string> hostile_values() {
    return {"a&b=c", "x=y", "#fragment", "100%", "%41%zz", "a+b", "  spaced  out  ", "M\xC3\xBCller \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC",
            "", "?page=9&limit=1", std::string(5000, 'w') + "&=#%+ \xC3\xBC"};
}

AccountQuery query_with(const AccountFilter& f, const std::string& value) {
    AccountQuery q;
    q.page = 3;
    q.limit = 50;
    q.ordering = "-name";
    q.*f.member = value;
    return q;
}

}  // namespace

TEST_CASE("every filter round-trips through the URL hash, with hostile values") {
    for (const AccountFilter& f : kAccountFilters) {
        for (const std::string& v : hostile_values()) {
            CAPTURE(f.param);
            CAPTURE(v.substr(0, 40));
            Route r{query_with(f, v), "acc #1/&"};
            CHECK(parse_hash(route_to_hash(r)) == r);
        }
    }
}

TEST_CASE("every filter round-trips through the list request's URL, with hostile values") {
    for (const AccountFilter& f : kAccountFilters) {
        for (const std::string& v : hostile_values()) {
            CAPTURE(f.param);
            CAPTURE(v.substr(0, 40));
            const AccountQuery q = query_with(f, v);
            const std::string url = make_list_accounts_request(ApiConfig{"https://api.example.com", "t"}, q).url;
            const std::string query = url.substr(url.find('?') + 1);
            CHECK(query.find_first_of("# ") == std::string::npos);   // nothing left unescaped
            CHECK(parse_account_query(parse_query(query), kDefaultPageSize).query == q);
        }
    }
}

TEST_CASE("the route omits defaults; the request always sends page and limit") {
    CHECK(account_query_params(AccountQuery{}, QueryDefaults::Omit).empty());
    const QueryParams sent = account_query_params(AccountQuery{});
    REQUIRE(sent.size() == 2);
    CHECK(sent[0] == std::pair<std::string, std::string>("page", "1"));
    CHECK(sent[1] == std::pair<std::string, std::string>("limit", std::to_string(kDefaultPageSize)));
}

TEST_CASE("parsing is tolerant: bad numbers fall back, a bad page is reported, the first value wins") {
    ParsedAccountQuery p = parse_account_query({{"page", "-3"}, {"limit", "abc"}, {"bogus", "1"}}, 50);
    CHECK(p.page_invalid);
    CHECK(p.query.page == 1);
    CHECK(p.query.limit == 50);
    p = parse_account_query({{"page", "99999999999"}, {"limit", "1000"}}, 25);
    CHECK(p.page_invalid);
    CHECK(p.query.page == kMaxPage);
    CHECK(p.query.limit == kMaxPageSize);
    p = parse_account_query({{"stage", "customer"}, {"stage", "partner"}, {"page", "2"}}, 25);
    CHECK_FALSE(p.page_invalid);
    CHECK(p.query.page == 2);
    CHECK(p.query.stage == "customer");
}

TEST_CASE("the filter table answers which filters are set, as the server matches them") {
    AccountQuery q;
    CHECK_FALSE(has_filters(q));
    q.search = "   ";
    CHECK(has_filters(q));                      // the list shows the typed text as a filter
    CHECK(only_filters(q, {}));                 // the server ignores a blank search
    q.stage = "customer";
    q.industry = "Software";
    CHECK(only_filters(q, {"stage", "industry"}));
    CHECK_FALSE(only_filters(q, {"stage"}));
    q.search = "  ÄBC ";
    CHECK(search_term(q) == "äbc");
    CHECK(filter_match_value(*find_filter("industry"), q) == "software");
    clear_filters(q);
    CHECK_FALSE(has_filters(q));
    for (const AccountFilter& f : kAccountFilters) {
        CHECK(find_filter(f.param) == &f);
        CHECK((f.match == FilterMatch::Search) == (f.sql_column == nullptr));
        CHECK((f.match == FilterMatch::Search) == (f.field == nullptr));
    }
}

TEST_CASE("an account surely matches only Exact filters it equals") {
    Account a;
    a.stage = "customer";
    a.assigned_to = "u1";
    a.industry = "Software";
    AccountQuery q;
    CHECK(surely_matches(q, a));
    q.stage = "customer";
    q.assigned_to = "u1";
    CHECK(surely_matches(q, a));
    q.assigned_to = "u2";
    CHECK_FALSE(surely_matches(q, a));
    q.assigned_to.clear();
    q.industry = "Software";   // case-insensitive on the server: not judged here
    CHECK_FALSE(surely_matches(q, a));
}
