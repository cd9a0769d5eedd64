// hostile_response_test.cpp: what the core does with a hostile or broken API: another account's body,
// oversized bodies, duplicated ids, null and HTML answers. Pure: fake responses, no network.
#include <doctest/doctest.h>

#include "core/api/account_records_api.hpp"
#include "core/api/users_api.hpp"
#include "core/app/model.hpp"
#include "core/app/update_records.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;
using nlohmann::json;

namespace {

const char* kAcc1 = R"({"id":"acc_1","name":"Acme","stage":"customer","updatedAt":"2025-01-01T00:00:00Z"})";
const char* kAcc2 = R"({"id":"acc_2","name":"Other Corp","stage":"lead","updatedAt":"2025-01-01T00:00:00Z"})";

AppModel signed_in_with_acc1() {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_1"});
    update(m, AccountsLoaded{seq_of(fx, RequestKind::ListAccounts),
                             HttpResponse{200, R"({"count":1,"results":[{"id":"acc_1","name":"Acme"}]})", {}}});
    update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), HttpResponse{200, kAcc1, {{"etag", "\"v1\""}}}});
    REQUIRE(m.records.detail.status == RecordsLoad::Loaded);
    return m;
}

}  // namespace

TEST_CASE("a detail answer for another id is refused with api.id_mismatch") {
    CHECK(parse_account_response_for(HttpResponse{200, kAcc1, {}}, "acc_1").ok());
    auto other = parse_account_response_for(HttpResponse{200, kAcc2, {}}, "acc_1");
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == "api.id_mismatch");
    CHECK(other.error().message.find("different account") != std::string::npos);
    // Errors pass through unchanged.
    CHECK(parse_account_response_for(HttpResponse{200, "null", {}}, "acc_1").error().code == "api.bad_shape");

    AppModel m;
    update(m, AppStarted{"", "tok"});
    uint64_t s = seq_of(update(m, SelectAccount{"acc_1"}), RequestKind::GetAccount);
    update(m, DetailLoaded{s, HttpResponse{200, kAcc2, {}}});
    CHECK(m.records.detail.status == RecordsLoad::Failed);
    CHECK_FALSE(m.records.detail.account.has_value());
    CHECK(m.records.detail.error->code == "api.id_mismatch");
}

TEST_CASE("a save answered with another account's body keeps the draft and changes nothing else") {
    AppModel m = signed_in_with_acc1();
    update(m, OpenEditForm{});
    AccountDraft d = m.records.form.draft;
    d.name = "Acme renamed";
    update(m, EditDraft{d});
    uint64_t s = seq_of(update(m, SaveDraft{}), RequestKind::SaveAccount);
    update(m, SaveCompleted{s, HttpResponse{200, kAcc2, {{"etag", "\"x\""}}}});
    CHECK(m.records.form.open);
    CHECK(m.records.form.draft == d);
    CHECK(m.records.form.error->code == "api.id_mismatch");
    CHECK(m.records.detail.account->name == "Acme");
    CHECK(m.records.detail.etag == "\"v1\"");
    CHECK(m.list.page.results.at(0).name == "Acme");
}

TEST_CASE("a body over the limit is refused unparsed with api.too_large, in every parser") {
    HttpResponse big{200, std::string(kMaxResponseBytes + 1, ' '), {}};
    big.body.replace(0, 2, "[]");
    REQUIRE(refuse_oversized(big).has_value());
    CHECK(refuse_oversized(big)->message.find("4.0 MB") != std::string::npos);
    CHECK(parse_list_accounts_response(big).error().code == "api.too_large");
    CHECK(parse_account_response(big).error().code == "api.too_large");
    CHECK(parse_contacts_response(big).error().code == "api.too_large");
    CHECK(parse_user_directory_response(big).error().code == "api.too_large");
    CHECK_FALSE(refuse_oversized(HttpResponse{200, std::string(kMaxResponseBytes, ' '), {}}).has_value());
}

TEST_CASE("a row id repeated on one list page is shown once (the first)") {
    auto page = parse_list_accounts_response(HttpResponse{
        200, R"({"count":3,"results":[{"id":"a","name":"First"},{"id":"b"},{"id":"a","name":"Second"}]})", {}});
    REQUIRE(page.ok());
    REQUIRE(page.value().results.size() == 2);
    CHECK(page.value().results[0].name == "First");
    CHECK(page.value().results[1].id == "b");
}

TEST_CASE("null, HTML error pages, truncated JSON and wrong types give stable codes") {
    CHECK(parse_list_accounts_response(HttpResponse{200, "null", {}}).error().code == "api.bad_shape");
    CHECK(parse_account_response(HttpResponse{200, "null", {}}).error().code == "api.bad_shape");
    CHECK(parse_contacts_response(HttpResponse{200, "null", {}}).error().code == "api.bad_shape");
    CHECK(parse_list_accounts_response(HttpResponse{200, R"({"count":1,"results":[{"id":"a","na)", {}}).error().code ==
          "api.bad_json");
    Error gateway = parse_account_response(HttpResponse{502, "<html><h1>502 Bad Gateway</h1></html>", {}}).error();
    CHECK(gateway.code == "api.http_502");
    CHECK(gateway.message == "The server failed (HTTP 502). Try again.");
    CHECK(parse_list_accounts_response(HttpResponse{200, R"({"count":"x","results":{"id":"a"}})", {}}).error().code ==
          "api.bad_shape");
    // Wrong types inside an account are tolerated field by field, never a crash.
    auto odd = parse_account_response(HttpResponse{200, R"({"id":"a","name":5,"tags":"x","contactCount":1e300})", {}});
    REQUIRE(odd.ok());
    CHECK(odd.value().account.name.empty());
    CHECK_FALSE(odd.value().account.contact_count.has_value());
}
