// list_query_test.cpp: the server's parse of GET /api/accounts/ parameters is the inverse of the
// console's request builder, for every filter and hostile values (decoded by cpp-httplib itself);
// and the count cache keeps every filter apart.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>
#include <vector>

#include "core/api/accounts_api.hpp"
#include "core/model/account_fields.hpp"
#include "server/api_server.hpp"
#include "server/demo_data.hpp"
#include "server/store.hpp"

using namespace crm;

namespace {

std::vector<std::string> hostile_values() {
    return {"a&b=c", "x=y", "#fragment", "100%", "%41%zz", "%u0041", "a+b", "  spaced  out  ",
            "M\xC3\xBCller \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC", "", std::string(5000, 'w') + "&=#%+ \xC3\xBC"};
}

// The parameters as the server gets them: the request's query string decoded by cpp-httplib.
core::QueryParams server_params(const core::AccountQuery& q) {
    const std::string url = core::make_list_accounts_request(core::ApiConfig{"http://127.0.0.1:1", "t"}, q).url;
    httplib::Params decoded;
    httplib::detail::parse_query_text(url.substr(url.find('?') + 1), decoded);
    return core::QueryParams(decoded.begin(), decoded.end());
}

}  // namespace

TEST_CASE("every filter the console sends is the filter the server parses, hostile values included") {
    for (const core::AccountFilter& f : core::kAccountFilters) {
        for (const std::string& v : hostile_values()) {
            CAPTURE(f.param);
            CAPTURE(v.substr(0, 40));
            core::AccountQuery q;
            q.page = 2;
            q.limit = 40;
            q.ordering = "-updatedAt";
            q.*f.member = v;
            server::ListQuery parsed = server::parse_list_query(server_params(q));
            if (f.member == &core::AccountQuery::stage && !v.empty()) {
                CHECK(parsed.error_status == 400);   // the stage is a choice
                CHECK(parsed.error_body["stage"][0] ==
                      "Select a valid choice. " + v + " is not one of the available choices.");
                continue;
            }
            CHECK(parsed.error_status == 0);
            CHECK(parsed.query == q);
        }
    }
    core::AccountQuery stage;
    for (const auto& s : core::kStages) {
        stage.stage = s.value;
        CHECK(server::parse_list_query(server_params(stage)).query == stage);
    }
}

TEST_CASE("the server's parse: its defaults, bad pages and invalid UTF-8") {
    server::ListQuery p = server::parse_list_query({});
    CHECK(p.error_status == 0);
    CHECK(p.query.limit == 50);
    CHECK(p.query.page == 1);
    CHECK(server::parse_list_query({{"page", "0"}}).error_status == 404);
    CHECK(server::parse_list_query({{"page", "1000000001"}}).error_body["detail"] == "Invalid page.");
    CHECK(server::parse_list_query({{"limit", "500"}}).query.limit == 100);
    CHECK(server::parse_list_query({{"search", "a\xC3"}}).query.search == "a\xEF\xBF\xBD");
}

TEST_CASE("counts keep every filter apart (the count cache's key holds them all)") {
    server::Store s(":memory:");
    server::seed_demo_data(s, 60);
    core::AccountQuery all;
    all.limit = 1;
    const core::Account a = s.list_accounts(all).rows.at(0);
    for (const core::AccountFilter& f : core::kAccountFilters) {
        CAPTURE(f.param);
        core::AccountQuery q;
        q.*f.member = f.field ? a.*f.field : a.name;
        REQUIRE_FALSE((q.*f.member).empty());
        const int64_t n = s.count_matching(q);
        CHECK(n >= 1);
        CHECK(s.count_matching(q) == n);   // again, from the cache
        q.*f.member += "-no-such-value";
        CHECK(s.count_matching(q) == 0);
        CHECK(s.list_accounts(q).rows.empty());
    }
}

TEST_CASE("the server orders by exactly the registry's ordering keys") {
    server::Store s(":memory:");
    server::seed_demo_data(s, 40);
    core::AccountQuery q;
    q.limit = 40;
    const std::vector<core::Account> by_default = s.list_accounts(q).rows;
    REQUIRE(by_default.size() == 40);
    auto lower = [](std::string v) {
        for (char& c : v) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        return v;
    };
    for (const core::AccountField& f : core::account_fields()) {
        CAPTURE(f.key);
        q.ordering = f.key;
        const std::vector<core::Account> rows = s.list_accounts(q).rows;
        REQUIRE(rows.size() == 40);
        if (!f.ordering) {
            // Not an ordering key: ignored, the default order (DRF behaviour).
            for (size_t i = 0; i < rows.size(); ++i) CHECK(rows[i].id == by_default[i].id);
            continue;
        }
        // Ascending by the field (case-insensitively where the registry says so), ties by id.
        for (size_t i = 1; i < rows.size(); ++i) {
            const core::Account& x = rows[i - 1];
            const core::Account& y = rows[i];
            if (f.count_member) {
                CHECK((x.*f.count_member <= y.*f.count_member));
                if (x.*f.count_member == y.*f.count_member) CHECK(x.id < y.id);
            } else if (f.number_member) {   // unknown (NULL) first, as SQLite orders it
                CHECK((x.*f.number_member <= y.*f.number_member));
                if (x.*f.number_member == y.*f.number_member) CHECK(x.id < y.id);
            } else {
                const std::string a = f.sql_nocase ? lower(x.*f.text_member) : x.*f.text_member;
                const std::string b = f.sql_nocase ? lower(y.*f.text_member) : y.*f.text_member;
                CHECK(a <= b);
                if (a == b) CHECK(x.id < y.id);
            }
        }
    }
}
