// contacts_users_hostile_test.cpp: the contacts tab and the users directory against hostile answers:
// another account's contacts, a total that disagrees with the account, repeated ids, broken bodies;
// each is a stable error code, never wrong data, and a retry recovers.
#include <doctest/doctest.h>

#include "core/api/contacts_check.hpp"
#include "core/app/model.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_records.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

bool has_request(const Effects& fx, RequestKind kind) { return find_request(fx, kind) != nullptr; }

HttpResponse ok(std::string body) { return HttpResponse{200, std::move(body), {}}; }

const char* kDetail = R"({"id":"acc_1","name":"Acme","contactCount":2,"updatedAt":"2025-01-01T00:00:00Z"})";

// Signed in, acc_1 open and loaded (contactCount 2), the contacts tab asked for: returns its seq.
uint64_t contacts_requested(AppModel& m) {
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_1"});
    update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), ok(kDetail)});
    REQUIRE(m.records.detail.status == RecordsLoad::Loaded);
    return seq_of(update(m, SetDetailTab{DetailTab::Contacts}), RequestKind::ListContacts);
}

}  // namespace

TEST_CASE("contacts: a paging link to another account's contacts is refused") {
    AppModel m;
    const uint64_t seq = contacts_requested(m);
    update(m, ContactsLoaded{seq, ok(R"({"count":2,"next":"http://h/api/accounts/acc_2/contacts/?page=2&limit=50",
        "previous":null,"results":[{"id":"c9"},{"id":"c8"}]})")});
    const DetailState& d = m.records.detail;
    CHECK(d.contacts_status == RecordsLoad::Failed);
    REQUIRE(d.contacts_error.has_value());
    CHECK(d.contacts_error->code == "api.id_mismatch");
    CHECK(d.contacts.empty());
    // A link to its own contacts (an encoded id) is fine.
    ContactsPage own;
    own.count = 2;
    own.next = "http://h/api/accounts/acc%201/contacts/?page=2";
    CHECK_FALSE(check_contacts_page(own, "acc 1", 2, true).has_value());
}

TEST_CASE("contacts: a total that disagrees with the account twice is refused; Retry reloads account and contacts") {
    AppModel m;
    const uint64_t seq = contacts_requested(m);
    const char* kFive = R"({"count":5,"next":null,"previous":null,
        "results":[{"id":"b1"},{"id":"b2"},{"id":"b3"},{"id":"b4"},{"id":"b5"}]})";
    // First disagreement: not shown; the account is reloaded, then the page asked again.
    Effects fx = update(m, ContactsLoaded{seq, ok(kFive)});
    CHECK(m.records.detail.contacts_status == RecordsLoad::Loading);
    CHECK(m.records.detail.contacts.empty());
    CHECK_FALSE(has_request(fx, RequestKind::ListContacts));
    fx = update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), ok(kDetail)});
    // Second disagreement: refused.
    update(m, ContactsLoaded{seq_of(fx, RequestKind::ListContacts), ok(kFive)});
    CHECK(m.records.detail.contacts_status == RecordsLoad::Failed);
    CHECK(m.records.detail.contacts_error->code == "api.contacts_mismatch");
    CHECK(m.records.detail.contacts.empty());
    // Retry (the tab again): both the account and its contacts are asked for.
    fx = update(m, SetDetailTab{DetailTab::Contacts});
    const uint64_t detail = seq_of(fx, RequestKind::GetAccount);
    const uint64_t contacts = seq_of(fx, RequestKind::ListContacts);
    update(m, DetailLoaded{detail, ok(kDetail)});
    update(m, ContactsLoaded{contacts, ok(R"({"count":2,"next":null,"previous":null,"results":[{"id":"c1"},{"id":"c2"}]})")});
    CHECK(m.records.detail.contacts_status == RecordsLoad::Loaded);
    CHECK(m.records.detail.contacts.size() == 2);
    CHECK_FALSE(m.records.detail.contacts_error.has_value());
}

TEST_CASE("contacts: a contact added since the account loaded is shown after one recheck, with the new count") {
    AppModel m;
    const uint64_t seq = contacts_requested(m);
    const char* kThree = R"({"count":3,"next":null,"previous":null,"results":[{"id":"c1"},{"id":"c2"},{"id":"c3"}]})";
    Effects fx = update(m, ContactsLoaded{seq, ok(kThree)});
    std::string now_three = kDetail;
    const size_t at = now_three.find("\"contactCount\":2");
    REQUIRE(at != std::string::npos);
    now_three.replace(at, 16, "\"contactCount\":3");
    fx = update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), ok(now_three)});
    CHECK(m.records.detail.account->contact_count == 3);
    update(m, ContactsLoaded{seq_of(fx, RequestKind::ListContacts), ok(kThree)});
    CHECK(m.records.detail.contacts_status == RecordsLoad::Loaded);
    CHECK(m.records.detail.contacts.size() == 3);
    CHECK_FALSE(m.records.detail.contacts_rechecked);
}

TEST_CASE("contacts: repeated ids within and across pages are shown once (the first copy)") {
    AppModel m;
    const uint64_t seq = contacts_requested(m);
    m.records.detail.account->contact_count = 4;
    update(m, ContactsLoaded{seq, ok(R"({"count":4,"next":"http://h/api/accounts/acc_1/contacts/?page=2&limit=50",
        "previous":null,"results":[{"id":"c1","firstName":"Ann"},{"id":"c1","firstName":"Impostor"},{"id":"c2"}]})")});
    REQUIRE(m.records.detail.contacts.size() == 2);
    CHECK(m.records.detail.contacts[0].first_name == "Ann");
    const uint64_t more = seq_of(update(m, LoadMoreContacts{}), RequestKind::ListContacts);
    update(m, ContactsLoaded{more, ok(R"({"count":4,"next":null,"previous":"http://h/api/accounts/acc_1/contacts/?page=1&limit=50",
        "results":[{"id":"c2","firstName":"Again"},{"id":"c3"}]})")});
    const DetailState& d = m.records.detail;
    CHECK(d.contacts_status == RecordsLoad::Loaded);
    REQUIRE(d.contacts.size() == 3);
    CHECK(d.contacts[2].id == "c3");
}

TEST_CASE("contacts: broken answers are stable error codes and keep nothing made up") {
    struct Case { HttpResponse response; const char* code; };
    const Case cases[] = {
        {ok(R"({"count":2,"results":[{"id":"c1"})"), "api.bad_json"},
        {ok(R"({"count":"two","results":{"id":"c1"}})"), "api.bad_shape"},
        {HttpResponse{500, R"({"detail":"boom"})", {}}, "api.http_500"},
        {HttpResponse{502, "<html><body>502 Bad Gateway</body></html>", {{"content-type", "text/html"}}}, "api.http_502"},
    };
    for (const Case& c : cases) {
        AppModel m;
        const uint64_t seq = contacts_requested(m);
        update(m, ContactsLoaded{seq, c.response});
        CAPTURE(c.code);
        CHECK(m.records.detail.contacts_status == RecordsLoad::Failed);
        REQUIRE(m.records.detail.contacts_error.has_value());
        CHECK(m.records.detail.contacts_error->code == c.code);
        CHECK(m.records.detail.contacts.empty());
    }
}

TEST_CASE("users: a failed directory keeps its error code; duplicates are dropped; a reload retries") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok"});
    update(m, UserDirectoryLoaded{seq_of(fx, RequestKind::UserDirectory), ok(R"({"count":1,"results":[{"id":"u1"})")});
    CHECK(m.users.status == UsersStatus::Failed);
    REQUIRE(m.users.error.has_value());
    CHECK(m.users.error->code == "api.bad_json");
    CHECK(model_to_json(m)["list"]["users"]["error"]["code"] == "api.bad_json");
    fx = update(m, ReloadAccounts{});
    update(m, UserDirectoryLoaded{seq_of(fx, RequestKind::UserDirectory),
                                  ok(R"({"count":3,"results":[{"id":"u1","name":"Ann"},{"id":"u1","name":"Impostor"},{"id":"u2","name":"Bo"}]})")});
    CHECK(m.users.status == UsersStatus::Loaded);
    CHECK_FALSE(m.users.error.has_value());
    REQUIRE(m.users.users.size() == 2);
    CHECK(m.users.users[0].name == "Ann");
    CHECK(model_to_json(m)["list"]["users"]["error"].is_null());
}
