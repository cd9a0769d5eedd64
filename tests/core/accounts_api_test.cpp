// accounts_api_test.cpp: exact requests and the parsing of every kind of response.
#include <doctest/doctest.h>

#include "core/api/accounts_api.hpp"

using namespace crm::core;

TEST_CASE("the list request carries page, limit, filters and the bearer token") {
    ApiConfig cfg{"https://crm.example.com", "tok123"};
    AccountQuery q;
    q.page = 3;
    q.limit = 50;
    q.stage = "customer";
    q.search = "acme & co";
    HttpRequest r = make_list_accounts_request(cfg, q);
    CHECK(r.method == "GET");
    CHECK(r.url == "https://crm.example.com/api/accounts/?page=3&limit=50&stage=customer&search=acme%20%26%20co");
    CHECK(find_header(r.headers, "authorization") == "Bearer tok123");
    CHECK(find_header(r.headers, "Accept") == "application/json");
    CHECK(r.body.empty());
}

TEST_CASE("the list request on the page's own origin is a relative URL with defaults only") {
    HttpRequest r = make_list_accounts_request(ApiConfig{"", "t"}, AccountQuery{});
    CHECK(r.url == "/api/accounts/?page=1&limit=25");
}

TEST_CASE("a 200 with a page parses; other statuses map to stable error codes") {
    HttpResponse ok{200, R"({"count":1,"next":null,"previous":null,"results":[{"id":"a","name":"A"}]})", {}};
    auto page = parse_list_accounts_response(ok);
    REQUIRE(page.ok());
    CHECK(page.value().results.at(0).name == "A");

    CHECK(parse_list_accounts_response({200, "<html>oops</html>", {}}).error().code == "api.bad_json");
    CHECK(parse_list_accounts_response({200, "null", {}}).error().code == "api.bad_shape");
    CHECK(parse_list_accounts_response({200, "", {}}).error().code == "api.bad_json");
    auto unauthorized = parse_list_accounts_response({401, R"({"detail":"Invalid token."})", {}});
    CHECK(unauthorized.error().code == "api.unauthorized");
    CHECK(unauthorized.error().message == "Invalid token.");
    CHECK(parse_list_accounts_response({404, R"({"detail":"Invalid page."})", {}}).error().code == "api.http_404");
    auto server_error = parse_list_accounts_response({500, "<h1>Internal Server Error</h1>", {}});
    CHECK(server_error.error().code == "api.http_500");
    CHECK(server_error.error().http_status == 500);
    CHECK(parse_list_accounts_response({0, "", {}}).error().code == "api.network");
    HttpResponse timeout;
    timeout.timed_out = true;
    CHECK(parse_list_accounts_response(timeout).error().code == "api.timeout");
}

TEST_CASE("a network failure names the API's origin when it is another origin") {
    HttpResponse unreachable;
    unreachable.url = "https://crm.example.com:8443/api/accounts/?page=1&limit=25";
    Error e = error_from_response(unreachable);
    CHECK(e.code == "api.network");
    CHECK(e.message.rfind("Cannot reach the API at https://crm.example.com:8443 (", 0) == 0);
    CHECK(e.message.find("page=") == std::string::npos);

    unreachable.timed_out = true;
    CHECK(error_from_response(unreachable).code == "api.timeout");
    CHECK(error_from_response(unreachable).message == "The API at https://crm.example.com:8443 did not answer in time.");

    HttpResponse same_origin;
    same_origin.url = "/api/accounts/";
    CHECK(error_from_response(same_origin).message == "Cannot reach the API (network error or blocked by CORS).");
}

TEST_CASE("DRF field errors are flattened, nested objects with dotted paths") {
    HttpResponse r{400, R"({"stage":["Not a valid choice."],"billingAddress":{"country":["Use a 2-letter code."]}})", {}};
    Error e = error_from_response(r);
    CHECK(e.code == "api.validation");
    CHECK(e.field_errors.at("stage") == std::vector<std::string>{"Not a valid choice."});
    CHECK(e.field_errors.at("billingAddress.country") == std::vector<std::string>{"Use a 2-letter code."});
}
