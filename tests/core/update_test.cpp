// update_test.cpp: the app's rules, as pure update() behaviour.
#include <doctest/doctest.h>

#include "core/app/model.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;

namespace {

// The sequence number of the one request an update sent.
uint64_t sent_seq(const Effects& fx) {
    const SendRequest* req = find_effect<SendRequest>(fx);
    REQUIRE(req != nullptr);
    return req->seq;
}

const char* kOnePage = R"({"count":1,"next":null,"previous":null,"results":[{"id":"acc_1","name":"Acme"}]})";

}  // namespace

TEST_CASE("starting without a token asks for one and sends nothing") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", ""});
    CHECK(m.auth == AuthStatus::SignedOut);
    CHECK(find_effect<ShowSignIn>(fx) != nullptr);
    CHECK(find_effect<SendRequest>(fx) == nullptr);
}

TEST_CASE("starting with a token loads the first page with that token") {
    AppModel m;
    Effects fx = update(m, AppStarted{"https://api.test", "tok"});
    CHECK(m.list.status == LoadStatus::Loading);
    const SendRequest* req = find_effect<SendRequest>(fx);
    REQUIRE(req != nullptr);
    CHECK(req->kind == RequestKind::ListAccounts);
    CHECK(req->request.url == "https://api.test/api/accounts/?page=1&limit=25");
    CHECK(find_header(req->request.headers, "Authorization") == "Bearer tok");
}

TEST_CASE("a loaded page is shown and the loading state ends") {
    AppModel m;
    uint64_t seq = sent_seq(update(m, AppStarted{"", "tok"}));
    update(m, AccountsLoaded{seq, HttpResponse{200, kOnePage, {}}});
    CHECK(m.list.status == LoadStatus::Loaded);
    REQUIRE(m.list.page.results.size() == 1);
    CHECK(m.list.page.results[0].name == "Acme");
    CHECK_FALSE(m.list.error.has_value());
}

TEST_CASE("a response older than the current query is dropped") {
    AppModel m;
    uint64_t first = sent_seq(update(m, AppStarted{"", "tok"}));
    update(m, AccountsLoaded{first, HttpResponse{200, kOnePage, {}}});
    m.list.page.next = "/api/accounts/?page=2";
    m.list.page.count = 100;   // SetPage is clamped to the last page
    uint64_t second = sent_seq(update(m, SetPage{2}));
    uint64_t third = sent_seq(update(m, SetPage{3}));
    CHECK(second != third);
    update(m, AccountsLoaded{second, HttpResponse{200, R"({"count":1,"results":[{"id":"old","name":"Old"}]})", {}}});
    CHECK(m.list.status == LoadStatus::Loading);
    CHECK(m.list.page.results.at(0).id == "acc_1");
    update(m, AccountsLoaded{third, HttpResponse{200, R"({"count":1,"results":[{"id":"new","name":"New"}]})", {}}});
    CHECK(m.list.page.results.at(0).id == "new");
}

TEST_CASE("a failed load keeps the rows already shown and records a retryable error") {
    AppModel m;
    uint64_t seq = sent_seq(update(m, AppStarted{"", "tok"}));
    update(m, AccountsLoaded{seq, HttpResponse{200, kOnePage, {}}});
    uint64_t again = sent_seq(update(m, ReloadAccounts{}));
    update(m, AccountsLoaded{again, HttpResponse{503, "", {}}});
    CHECK(m.list.status == LoadStatus::Failed);
    REQUIRE(m.list.error.has_value());
    CHECK(m.list.error->code == "api.http_503");
    CHECK(m.list.page.results.size() == 1);
    CHECK(find_effect<SendRequest>(update(m, ReloadAccounts{})) != nullptr);
}

TEST_CASE("a 401 signs out, forgets the token and shows the server's message") {
    AppModel m;
    uint64_t seq = sent_seq(update(m, AppStarted{"", "bad"}));
    Effects fx = update(m, AccountsLoaded{seq, HttpResponse{401, R"({"detail":"Invalid token."})", {}}});
    CHECK(m.auth == AuthStatus::SignedOut);
    CHECK(m.api.token.empty());
    const ShowSignIn* show = find_effect<ShowSignIn>(fx);
    REQUIRE(show != nullptr);
    CHECK(show->message == "Invalid token.");
    const StoreToken* store = find_effect<StoreToken>(fx);
    REQUIRE(store != nullptr);
    CHECK(store->token.empty());
}

TEST_CASE("signing in checks the token with the list request, then stores it and hides the form") {
    AppModel m;
    update(m, AppStarted{"", ""});
    Effects fx = update(m, SignIn{"good"});
    CHECK(m.auth == AuthStatus::SignedOut);
    CHECK(find_effect<HideSignIn>(fx) == nullptr);
    uint64_t seq = sent_seq(fx);
    fx = update(m, AccountsLoaded{seq, HttpResponse{200, kOnePage, {}}});
    CHECK(m.auth == AuthStatus::SignedIn);
    CHECK(find_effect<HideSignIn>(fx) != nullptr);
    REQUIRE(find_effect<StoreToken>(fx) != nullptr);
    CHECK(find_effect<StoreToken>(fx)->token == "good");
}

TEST_CASE("selecting a row records its id") {
    AppModel m;
    update(m, SelectAccount{"acc_9"});
    CHECK(m.selected_id == "acc_9");
    CHECK(model_to_json(m)["selectedId"] == "acc_9");
}

TEST_CASE("the model snapshot never contains the token") {
    AppModel m;
    update(m, AppStarted{"", "secret-token"});
    CHECK(model_to_json(m).dump().find("secret-token") == std::string::npos);
}

TEST_CASE("the start-up URL sets the list's query and the open account") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_7?page=3&stage=customer"});
    CHECK(m.list.query.page == 3);
    CHECK(m.list.query.stage == "customer");
    CHECK(m.selected_id == "acc_7");
    const SendRequest* req = find_effect<SendRequest>(fx);
    REQUIRE(req != nullptr);
    CHECK(req->request.url == "/api/accounts/?page=3&limit=25&stage=customer");
}

TEST_CASE("turning the page pushes a history entry; going back restores the earlier page") {
    AppModel m;
    uint64_t seq = sent_seq(update(m, AppStarted{"", "tok", ""}));
    update(m, AccountsLoaded{seq, HttpResponse{200, kOnePage, {}}});
    m.list.page.count = 100;   // SetPage is clamped to the last page
    Effects fx = update(m, SetPage{2});
    const SetUrl* url = find_effect<SetUrl>(fx);
    REQUIRE(url != nullptr);
    CHECK(url->push);
    CHECK(url->hash == "#/accounts?page=2");
    Effects back = update(m, UrlChanged{"#/accounts"});
    CHECK(m.list.query.page == 1);
    CHECK(find_effect<SendRequest>(back) != nullptr);
    CHECK(find_effect<SendRequest>(update(m, UrlChanged{"#/accounts"})) == nullptr);
}
