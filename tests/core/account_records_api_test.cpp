// account_records_api_test.cpp: exact requests and tolerant parsing for one account, contacts, users.
#include <doctest/doctest.h>

#include "core/api/account_records_api.hpp"
#include "core/api/users_api.hpp"
#include "core/model/account_draft.hpp"

using namespace crm::core;
using nlohmann::json;

namespace {
const ApiConfig kApi{"https://api.test", "tok"};
}

TEST_CASE("detail, patch, delete and contacts requests have exact URLs and headers") {
    HttpRequest get = make_get_account_request(kApi, "acc_1");
    CHECK(get.method == "GET");
    CHECK(get.url == "https://api.test/api/accounts/acc_1/");
    CHECK(find_header(get.headers, "Authorization") == "Bearer tok");
    CHECK(find_header(get.headers, "Accept") == "application/json");

    HttpRequest odd = make_get_account_request(ApiConfig{"", "tok"}, "a/b c");
    CHECK(odd.url == "/api/accounts/a%2Fb%20c/");

    HttpRequest patch = make_patch_account_request(kApi, "acc_1", json{{"stage", "active"}}, "\"v7\"");
    CHECK(patch.method == "PATCH");
    CHECK(patch.url == "https://api.test/api/accounts/acc_1/");
    CHECK(patch.body == R"({"stage":"active"})");
    CHECK(find_header(patch.headers, "Content-Type").empty());   // the platform adds it once for any body
    CHECK(find_header(patch.headers, "If-Match") == "\"v7\"");
    CHECK(find_header(make_patch_account_request(kApi, "acc_1", json::object(), "").headers, "If-Match").empty());

    HttpRequest del = make_delete_account_request(kApi, "acc_1", "\"v7\"");
    CHECK(del.method == "DELETE");
    CHECK(del.url == "https://api.test/api/accounts/acc_1/");
    CHECK(del.body.empty());
    CHECK(find_header(del.headers, "If-Match") == "\"v7\"");

    HttpRequest post = make_create_account_request(kApi, json{{"name", "X"}});
    CHECK(post.method == "POST");
    CHECK(post.url == "https://api.test/api/accounts/");
    CHECK(post.body == R"({"name":"X"})");

    CHECK(make_list_contacts_request(kApi, "acc_1", 2).url == "https://api.test/api/accounts/acc_1/contacts/?page=2&limit=50");
    CHECK(make_user_directory_request(kApi).url == "https://api.test/api/users/");
}

TEST_CASE("a detail response gives the account and its ETag") {
    HttpResponse r{200, R"({"id":"acc_1","name":"Acme","openCaseCount":3,"assignedToName":"Ana","unknown":1})", {{"etag", "\"v1\""}}};
    auto d = parse_account_response(r);
    REQUIRE(d.ok());
    CHECK(d.value().account.name == "Acme");
    CHECK(d.value().account.open_case_count == 3);
    CHECK(d.value().account.assigned_to_name == "Ana");
    CHECK(d.value().etag == "\"v1\"");
    CHECK(parse_account_response(HttpResponse{201, R"({"id":"n"})", {}}).ok());
    CHECK(parse_account_response(HttpResponse{200, "<html>", {}}).error().code == "api.bad_json");
    CHECK(parse_account_response(HttpResponse{200, "[1]", {}}).error().code == "api.bad_shape");
    CHECK(parse_account_response(HttpResponse{404, R"({"detail":"Not found."})", {}}).error().message == "Not found.");
}

TEST_CASE("contacts parse in the unpaginated and the paginated form") {
    auto plain = parse_contacts_response(HttpResponse{
        200, R"({"count":2,"results":[{"id":"c1","firstName":"John","lastName":"Smith","email":"j@x.com","title":"VP","stage":"customer"},{"id":7}]})", {}});
    REQUIRE(plain.ok());
    CHECK(plain.value().count == 2);
    CHECK(plain.value().next.empty());
    CHECK(plain.value().results.at(0).email == "j@x.com");
    CHECK(plain.value().results.at(1).id == "7");

    auto paged = parse_contacts_response(HttpResponse{
        200, R"({"count":120,"next":"http://h/api/accounts/a/contacts/?page=2","previous":null,"results":[{"id":"c1"}]})", {}});
    REQUIRE(paged.ok());
    CHECK(paged.value().count == 120);
    CHECK_FALSE(paged.value().next.empty());

    CHECK(parse_contacts_response(HttpResponse{200, R"([{"id":"c1"}])", {}}).value().count == 1);
    CHECK(parse_contacts_response(HttpResponse{200, R"({"count":1})", {}}).error().code == "api.bad_shape");
}

TEST_CASE("users parse; a server without /api/users/ is an error the form falls back from") {
    auto u = parse_user_directory_response(HttpResponse{200, R"({"count":1,"results":[{"id":"usr_1","name":"Ana","email":"a@x"}]})", {}});
    REQUIRE(u.ok());
    CHECK(u.value().at(0).name == "Ana");
    CHECK(parse_user_directory_response(HttpResponse{404, R"({"detail":"Not found."})", {}}).error().code == "api.http_404");
}

TEST_CASE("delete: 204 is success, other statuses are errors with stable codes") {
    CHECK(parse_delete_response(HttpResponse{204, "", {}}).ok());
    CHECK(parse_delete_response(HttpResponse{412, R"({"detail":"Precondition failed."})", {}}).error().http_status == 412);
    CHECK(parse_delete_response(HttpResponse{0, "", {}, true}).error().code == "api.timeout");
}

TEST_CASE("drafts: revenue with thousands separators, bodies and the PATCH diff") {
    CHECK(format_thousands(15000000) == "15,000,000");
    CHECK(format_thousands(999) == "999");
    CHECK(format_thousands(1234.5) == "1,234.5");
    CHECK(revenue_to_json("15,000,000") == json(15000000));
    CHECK(revenue_to_json("") == json(nullptr));
    CHECK(revenue_to_json("12.25") == json(12.25));
    CHECK(revenue_to_json("lots") == json("lots"));

    Account a;
    a.id = "acc_1";
    a.name = "Acme";
    a.stage = "customer";
    a.annual_revenue = 2500000;
    a.billing_address = BillingAddress{"1 Main", "SF", "CA", "94107", "US"};
    a.tags = {"x"};
    AccountDraft original = draft_from_account(a);
    CHECK(original.annual_revenue == "2,500,000");
    AccountDraft d = original;
    CHECK(draft_patch_body(original, d) == json::object());
    d.stage = "active";
    d.annual_revenue = "2500000";   // same number, typed differently: not a change
    CHECK(draft_patch_body(original, d) == json{{"stage", "active"}});
    d.country = "DE";
    json body = draft_patch_body(original, d);
    CHECK(body.size() == 2);
    CHECK(body["billingAddress"]["country"] == "DE");
    CHECK(body["billingAddress"]["city"] == "SF");
    d.tags.push_back("y");
    CHECK(draft_patch_body(original, d)["tags"] == json{"x", "y"});

    AccountDraft n = new_account_draft();
    n.name = "New";
    CHECK(draft_to_create_body(n) == json{{"name", "New"}, {"stage", "prospect"}});
}

TEST_CASE("draft validation uses the shared rules with nested paths") {
    AccountDraft d = new_account_draft();
    FieldErrors e = validate_draft(d);
    CHECK(e.at("name").at(0) == "This field may not be blank.");
    d.name = "Ok";
    d.website = "acme";
    d.phone = "555";
    d.country = "XX";
    d.annual_revenue = "abc";
    d.tags = {"ok", ""};
    e = validate_draft(d);
    CHECK(e.count("name") == 0);
    CHECK(e.count("website") == 1);
    CHECK(e.count("phone") == 1);
    CHECK(e.count("billingAddress.country") == 1);
    CHECK(e.at("annualRevenue").at(0) == "A valid number is required.");
    CHECK(e.count("tags.1") == 1);
    d.annual_revenue = "-5";
    CHECK(validate_draft(d).count("annualRevenue") == 1);
}
