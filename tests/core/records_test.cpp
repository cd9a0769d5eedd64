// records_test.cpp: update() rules for one account: detail, contacts, drafts that survive every
// failure, the PATCH diff, conflicts, delete with undo, previous/next across pages, 401 replay.
#include <doctest/doctest.h>

#include <functional>

#include "core/app/model.hpp"
#include "core/app/update_records.hpp"
#include "effects_probe.hpp"

using namespace crm::core;
using namespace crm::core::test;
using nlohmann::json;

namespace {

std::string page_json(int first, int n, bool has_next, int count) {
    json rows = json::array();
    for (int i = first; i < first + n; ++i) rows.push_back({{"id", "acc_" + std::to_string(i)}, {"name", "A" + std::to_string(i)}});
    return json{{"count", count}, {"next", has_next ? json("http://h/api/accounts/?page=2") : json(nullptr)},
                {"previous", nullptr}, {"results", rows}}
        .dump();
}

const char* kDetail =
    R"({"id":"acc_1","name":"Acme","website":"https://acme.com","stage":"customer","phone":"+15551234567",
        "annualRevenue":2500000,"billingAddress":{"street":"1 Main","city":"SF","state":"CA","postalCode":"94107","country":"US"},
        "tags":["a"],"contactCount":2,"openOpportunityCount":1,"openCaseCount":0,"updatedAt":"2025-01-01T00:00:00Z"})";

// Signed in, list page 1 of 2 (acc_1..acc_3), acc_1 open and loaded with ETag "v1".
AppModel signed_in_with_detail() {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_1"});
    update(m, AccountsLoaded{seq_of(fx, RequestKind::ListAccounts), HttpResponse{200, page_json(1, 3, true, 6), {}}});
    uint64_t d = seq_of(fx, RequestKind::GetAccount);
    update(m, DetailLoaded{d, HttpResponse{200, kDetail, {{"etag", "\"v1\""}}}});
    REQUIRE(m.records.detail.status == RecordsLoad::Loaded);
    return m;
}

AccountDraft edited(const AppModel& m) { return m.records.form.draft; }

// Opens the edit form of the open account and types `change` into its draft; returns the draft.
AccountDraft open_and_edit(AppModel& m, const std::function<void(AccountDraft&)>& change) {
    update(m, OpenEditForm{});
    AccountDraft d = edited(m);
    change(d);
    update(m, EditDraft{d});
    return d;
}

// Saves the form's draft; returns the PATCH's seq.
uint64_t save(AppModel& m) { return seq_of(update(m, SaveDraft{}), RequestKind::SaveAccount); }

}  // namespace

TEST_CASE("opening an account loads its detail; a 404 is a readable error") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok"});
    fx = update(m, SelectAccount{"acc_9"});
    const SendRequest* get = find_request(fx, RequestKind::GetAccount);
    REQUIRE(get != nullptr);
    CHECK(get->request.url == "/api/accounts/acc_9/");
    CHECK(m.records.detail.status == RecordsLoad::Loading);
    update(m, DetailLoaded{get->seq, HttpResponse{404, R"({"detail":"Not found."})", {}}});
    CHECK(m.records.detail.status == RecordsLoad::Failed);
    CHECK(m.records.detail.error->message.find("does not exist") != std::string::npos);
}

TEST_CASE("a detail answer for an account no longer open is dropped") {
    AppModel m;
    update(m, AppStarted{"", "tok"});
    uint64_t first = seq_of(update(m, SelectAccount{"acc_1"}), RequestKind::GetAccount);
    uint64_t second = seq_of(update(m, SelectAccount{"acc_2"}), RequestKind::GetAccount);
    update(m, DetailLoaded{first, HttpResponse{200, R"({"id":"acc_1","name":"Old"})", {}}});
    CHECK_FALSE(m.records.detail.account.has_value());
    update(m, DetailLoaded{second, HttpResponse{200, R"({"id":"acc_2","name":"New"})", {}}});
    CHECK(m.records.detail.account->name == "New");
}

TEST_CASE("the contacts tab loads pages and appends them") {
    AppModel m = signed_in_with_detail();
    m.records.detail.account->contact_count = 3;   // the pages' total must match the account's contactCount
    Effects fx = update(m, SetDetailTab{DetailTab::Contacts});
    const SendRequest* req = find_request(fx, RequestKind::ListContacts);
    REQUIRE(req != nullptr);
    CHECK(req->request.url == "/api/accounts/acc_1/contacts/?page=1&limit=50");
    update(m, ContactsLoaded{req->seq, HttpResponse{200, R"({"count":3,"next":"x","results":[{"id":"c1"},{"id":"c2"}]})", {}}});
    CHECK(m.records.detail.contacts.size() == 2);
    CHECK(m.records.detail.contacts_has_more);
    fx = update(m, LoadMoreContacts{});
    req = find_request(fx, RequestKind::ListContacts);
    REQUIRE(req != nullptr);
    CHECK(req->request.url == "/api/accounts/acc_1/contacts/?page=2&limit=50");
    update(m, ContactsLoaded{req->seq, HttpResponse{200, R"({"count":3,"next":null,"results":[{"id":"c3"}]})", {}}});
    CHECK(m.records.detail.contacts.size() == 3);
    CHECK_FALSE(m.records.detail.contacts_has_more);
    CHECK(update(m, LoadMoreContacts{}).empty());
}

TEST_CASE("edit sends only the changed fields, with If-Match, and updates list and detail") {
    AppModel m = signed_in_with_detail();
    update(m, OpenEditForm{});
    REQUIRE(m.records.form.open);
    CHECK_FALSE(form_dirty(m.records.form));
    AccountDraft d = edited(m);
    d.stage = "active";
    d.industry = "FinTech";
    update(m, EditDraft{d});
    CHECK(form_dirty(m.records.form));
    Effects fx = update(m, SaveDraft{});
    const SendRequest* req = find_request(fx, RequestKind::SaveAccount);
    REQUIRE(req != nullptr);
    CHECK(req->request.method == "PATCH");
    CHECK(req->request.url == "/api/accounts/acc_1/");
    CHECK(json::parse(req->request.body) == json{{"industry", "FinTech"}, {"stage", "active"}});
    CHECK(find_header(req->request.headers, "If-Match") == "\"v1\"");
    CHECK(m.records.form.saving);

    json saved = json::parse(kDetail);
    saved["stage"] = "active";
    saved["industry"] = "FinTech";
    update(m, SaveCompleted{req->seq, HttpResponse{200, saved.dump(), {{"etag", "\"v2\""}}}});
    CHECK_FALSE(m.records.form.open);
    CHECK(m.records.detail.account->stage == "active");
    CHECK(m.records.detail.etag == "\"v2\"");
    CHECK(m.list.page.results.at(0).industry == "FinTech");
    CHECK(m.records.toasts.back().text == "Saved Acme.");
}

TEST_CASE("saving with nothing changed sends nothing and closes") {
    AppModel m = signed_in_with_detail();
    update(m, OpenEditForm{});
    Effects fx = update(m, SaveDraft{});
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    CHECK_FALSE(m.records.form.open);
}

TEST_CASE("client validation blocks the save and shows every field's error") {
    AppModel m = signed_in_with_detail();
    update(m, OpenCreateForm{});
    AccountDraft d = edited(m);
    d.website = "acme";
    update(m, EditDraft{d});
    CHECK(m.records.form.client_errors.count("name") == 1);
    CHECK(m.records.form.client_errors.count("website") == 1);
    Effects fx = update(m, SaveDraft{});
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    CHECK(m.records.form.error->code == "form.invalid");
    CHECK(m.records.form.show_all_errors);
    d.name = "Fixed";
    d.website = "https://fixed.example";
    update(m, EditDraft{d});
    CHECK(m.records.form.client_errors.empty());
    CHECK_FALSE(m.records.form.error.has_value());
    fx = update(m, SaveDraft{});
    const SendRequest* post = find_request(fx, RequestKind::SaveAccount);
    REQUIRE(post != nullptr);
    CHECK(post->request.method == "POST");
    CHECK(json::parse(post->request.body) == json{{"name", "Fixed"}, {"website", "https://fixed.example"}, {"stage", "prospect"}});
}

TEST_CASE("a created account is inserted into the list and opened without another GET") {
    AppModel m = signed_in_with_detail();
    update(m, OpenCreateForm{});
    AccountDraft d = edited(m);
    d.name = "Newco";
    update(m, EditDraft{d});
    uint64_t s = save(m);
    Effects fx = update(m, SaveCompleted{s, HttpResponse{201, R"({"id":"acc_new","name":"Newco"})", {{"etag", "\"n1\""}}}});
    CHECK_FALSE(m.records.form.open);
    CHECK(m.list.page.results.front().id == "acc_new");
    CHECK(m.list.page.count == 7);
    CHECK(m.selected_id == "acc_new");
    CHECK(m.records.detail.account->name == "Newco");
    CHECK(find_request(fx, RequestKind::GetAccount) == nullptr);
    REQUIRE(find_effect<SetUrl>(fx) != nullptr);
    CHECK(find_effect<SetUrl>(fx)->hash == "#/accounts/acc_new");
}

TEST_CASE("the draft survives 400, 500, a timeout and a network failure, with retry") {
    AppModel m = signed_in_with_detail();
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.name = "Acme 2"; x.country = "DE"; });

    uint64_t s = save(m);
    update(m, SaveCompleted{s, HttpResponse{400, R"({"billingAddress":{"country":["Not allowed here."]},"name":["Taken."]})", {}}});
    CHECK(m.records.form.open);
    CHECK(m.records.form.draft == d);
    CHECK(m.records.form.server_errors.at("billingAddress.country").at(0) == "Not allowed here.");
    CHECK(m.records.form.server_errors.at("name").at(0) == "Taken.");
    CHECK(m.records.form.error->code == "api.validation");

    // Changing a field clears only that field's server error.
    d.name = "Acme 3";
    update(m, EditDraft{d});
    CHECK(m.records.form.server_errors.count("name") == 0);
    CHECK(m.records.form.server_errors.count("billingAddress.country") == 1);

    for (HttpResponse failure : {HttpResponse{500, "boom", {}}, HttpResponse{0, "", {}, true}, HttpResponse{0, "", {}}}) {
        s = seq_of(update(m, SaveDraft{}), RequestKind::SaveAccount);
        update(m, SaveCompleted{s, failure});
        CHECK(m.records.form.open);
        CHECK_FALSE(m.records.form.saving);
        CHECK(m.records.form.draft == d);
        REQUIRE(m.records.form.error.has_value());
    }
    CHECK(m.records.form.error->code == "api.network");
    // Retry = SaveDraft again; it sends the same diff.
    Effects retry_fx = update(m, SaveDraft{});
    const SendRequest* retry = find_request(retry_fx, RequestKind::SaveAccount);
    REQUIRE(retry != nullptr);
    CHECK(json::parse(retry->request.body) == json{{"billingAddress", {{"street", "1 Main"}, {"city", "SF"}, {"state", "CA"}, {"postalCode", "94107"}, {"country", "DE"}}}, {"name", "Acme 3"}});
}

TEST_CASE("a 401 while saving keeps the draft, shows sign-in, and the save is replayed after signing in") {
    AppModel m = signed_in_with_detail();
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.description = "typed before the token expired"; });
    uint64_t s = save(m);
    Effects fx = update(m, SaveCompleted{s, HttpResponse{401, R"({"detail":"Invalid token."})", {}}});
    CHECK(m.auth == AuthStatus::SignedOut);
    REQUIRE(find_effect<ShowSignIn>(fx) != nullptr);
    CHECK(find_effect<ShowSignIn>(fx)->message == "Invalid token.");
    CHECK(m.records.form.open);
    CHECK(m.records.form.draft == d);
    CHECK(m.records.replay.size() == 1);

    // Signing in checks the new token with the list request before anything is replayed.
    fx = update(m, SignIn{"new-token"});
    CHECK(find_effect<HideSignIn>(fx) == nullptr);
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    uint64_t check = seq_of(fx, RequestKind::ListAccounts);
    fx = update(m, AccountsLoaded{check, HttpResponse{200, page_json(1, 3, true, 6), {}}});
    CHECK(m.auth == AuthStatus::SignedIn);
    CHECK(find_effect<HideSignIn>(fx) != nullptr);
    CHECK(find_effect<StoreToken>(fx)->token == "new-token");
    const SendRequest* again = find_request(fx, RequestKind::SaveAccount);
    REQUIRE(again != nullptr);
    CHECK(find_header(again->request.headers, "Authorization") == "Bearer new-token");
    CHECK(json::parse(again->request.body) == json{{"description", "typed before the token expired"}});
    CHECK(m.records.replay.empty());
}

TEST_CASE("a wrong token at sign-in keeps the form up and replays nothing") {
    AppModel m = signed_in_with_detail();
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.name = "Kept"; });
    uint64_t s = save(m);
    update(m, SaveCompleted{s, HttpResponse{401, "{}", {}}});
    uint64_t check = seq_of(update(m, SignIn{"wrong"}), RequestKind::ListAccounts);
    Effects fx = update(m, AccountsLoaded{check, HttpResponse{401, R"({"detail":"Invalid token."})", {}}});
    CHECK(m.auth == AuthStatus::SignedOut);
    CHECK(find_effect<ShowSignIn>(fx) != nullptr);
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    CHECK(m.records.form.draft.name == "Kept");
    CHECK(m.records.replay.size() == 1);
}

TEST_CASE("an unreachable API at sign-in keeps the form with a reason") {
    AppModel m;
    update(m, AppStarted{"", ""});
    uint64_t check = seq_of(update(m, SignIn{"tok", std::string("http://nowhere.test")}), RequestKind::ListAccounts);
    CHECK(m.api.base_url == "http://nowhere.test");
    Effects fx = update(m, AccountsLoaded{check, HttpResponse{0, "", {}}});
    CHECK(m.auth == AuthStatus::SignedOut);
    REQUIRE(find_effect<ShowSignIn>(fx) != nullptr);
    CHECK(find_effect<ShowSignIn>(fx)->message.find("Cannot reach") != std::string::npos);
}

TEST_CASE("412: the server's version is fetched and each field is shown and chosen") {
    AppModel m = signed_in_with_detail();
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.name = "Mine"; x.phone = "+4930123456"; });
    uint64_t s = save(m);
    Effects fx = update(m, SaveCompleted{s, HttpResponse{412, R"({"detail":"Precondition failed."})", {}}});
    const SendRequest* get = find_request(fx, RequestKind::FreshAccount);
    REQUIRE(get != nullptr);
    json theirs = json::parse(kDetail);
    theirs["name"] = "Theirs";
    theirs["stage"] = "partner";
    theirs["updatedAt"] = "2025-02-01T00:00:00Z";
    update(m, FreshVersionLoaded{get->seq, HttpResponse{200, theirs.dump(), {{"etag", "\"v9\""}}}});
    const FormState& f = m.records.form;
    REQUIRE(f.conflict.open);
    CHECK(f.conflict.fields == std::vector<std::string>{"name", "stage", "phone"});
    CHECK(f.conflict.choices.at("name") == ConflictChoice::Mine);
    CHECK(f.conflict.choices.at("stage") == ConflictChoice::Theirs);
    CHECK(f.conflict.choices.at("phone") == ConflictChoice::Mine);
    CHECK(m.records.form.draft == d);   // nothing lost while deciding

    update(m, ChooseConflictValue{"name", ConflictChoice::Theirs});
    fx = update(m, ApplyConflictChoices{});
    const SendRequest* patch = find_request(fx, RequestKind::SaveAccount);
    REQUIRE(patch != nullptr);
    CHECK(find_header(patch->request.headers, "If-Match") == "\"v9\"");
    CHECK(json::parse(patch->request.body) == json{{"phone", "+4930123456"}});
    CHECK_FALSE(m.records.form.conflict.open);
    CHECK(m.records.form.draft.name == "Theirs");
    CHECK(m.records.form.draft.stage == "partner");
}

TEST_CASE("without an ETag, the save compares updatedAt with a fresh GET first") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_1"});
    update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), HttpResponse{200, kDetail, {}}});
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.name = "Changed"; });
    fx = update(m, SaveDraft{});
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    uint64_t g = seq_of(fx, RequestKind::FreshAccount);
    fx = update(m, FreshVersionLoaded{g, HttpResponse{200, kDetail, {}}});
    const SendRequest* patch = find_request(fx, RequestKind::SaveAccount);
    REQUIRE(patch != nullptr);
    CHECK(find_header(patch->request.headers, "If-Match").empty());
    CHECK(json::parse(patch->request.body) == json{{"name", "Changed"}});
}

TEST_CASE("without an ETag, a changed updatedAt opens the conflict instead of overwriting") {
    AppModel m;
    Effects fx = update(m, AppStarted{"", "tok", "#/accounts/acc_1"});
    update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), HttpResponse{200, kDetail, {}}});
    AccountDraft d = open_and_edit(m, [](AccountDraft& x) { x.name = "Changed"; });
    uint64_t g = seq_of(update(m, SaveDraft{}), RequestKind::FreshAccount);
    json theirs = json::parse(kDetail);
    theirs["updatedAt"] = "2025-06-01T00:00:00Z";
    fx = update(m, FreshVersionLoaded{g, HttpResponse{200, theirs.dump(), {}}});
    CHECK(find_request(fx, RequestKind::SaveAccount) == nullptr);
    CHECK(m.records.form.conflict.open);
}

TEST_CASE("a dirty form asks before closing; a clean one closes") {
    AppModel m = signed_in_with_detail();
    update(m, OpenEditForm{});
    update(m, CancelForm{});
    CHECK_FALSE(m.records.form.open);
    update(m, OpenEditForm{});
    AccountDraft d = edited(m);
    d.name = "x";
    Effects fx = update(m, EditDraft{d});
    REQUIRE(find_effect<SetLeaveGuard>(fx) != nullptr);
    CHECK(find_effect<SetLeaveGuard>(fx)->active);
    update(m, CancelForm{});
    CHECK(m.records.form.open);
    CHECK(m.records.form.confirm_discard);
    update(m, ConfirmDiscard{false});
    CHECK(m.records.form.draft.name == "x");
    update(m, CancelForm{});
    fx = update(m, ConfirmDiscard{true});
    CHECK_FALSE(m.records.form.open);
    REQUIRE(find_effect<SetLeaveGuard>(fx) != nullptr);
    CHECK_FALSE(find_effect<SetLeaveGuard>(fx)->active);
}

TEST_CASE("opening another form never replaces an open draft") {
    AppModel m = signed_in_with_detail();
    update(m, OpenCreateForm{});
    AccountDraft d = edited(m);
    d.name = "draft";
    update(m, EditDraft{d});
    update(m, OpenEditForm{});
    CHECK(m.records.form.mode == FormMode::Create);
    CHECK(m.records.form.draft.name == "draft");
}

TEST_CASE("delete: the row goes at once, undo restores it, and nothing is sent in the window") {
    AppModel m = signed_in_with_detail();
    update(m, RequestDelete{"acc_1"});
    CHECK(m.records.del.confirm_open);
    CHECK(m.records.del.target.contact_count == 2);
    Effects fx = update(m, ConfirmDelete{});
    CHECK(find_request(fx, RequestKind::DeleteAccount) == nullptr);
    CHECK(m.list.page.results.size() == 2);
    CHECK(m.list.page.count == 5);
    CHECK(m.selected_id.empty());
    CHECK(m.records.toasts.back().undo_delete_id == "acc_1");
    REQUIRE(find_effect<SetLeaveGuard>(fx) != nullptr);
    update(m, UndoDelete{"acc_1"});
    CHECK(m.list.page.results.size() == 3);
    CHECK(m.list.page.results.at(0).id == "acc_1");
    CHECK(m.list.page.count == 6);
    CHECK(m.records.del.pending.empty());
    // Undo after the window has no effect: commit, then undo.
    update(m, RequestDelete{"acc_2"});
    update(m, ConfirmDelete{});
    fx = update(m, CommitDelete{"acc_2"});
    const SendRequest* del = find_request(fx, RequestKind::DeleteAccount);
    REQUIRE(del != nullptr);
    CHECK(del->request.method == "DELETE");
    CHECK(del->request.url == "/api/accounts/acc_2/");
    update(m, UndoDelete{"acc_2"});
    CHECK(m.list.page.results.size() == 2);
    update(m, DeleteCompleted{del->seq, HttpResponse{204, "", {}}});
    CHECK(m.records.del.pending.empty());
    CHECK(m.records.toasts.back().text == "Deleted A2.");
}

TEST_CASE("delete sends If-Match from the detail; a failure restores the row and says why") {
    AppModel m = signed_in_with_detail();
    update(m, RequestDelete{"acc_1"});
    update(m, ConfirmDelete{});
    Effects commit = update(m, CommitDelete{"acc_1"});
    const SendRequest* del = find_request(commit, RequestKind::DeleteAccount);
    REQUIRE(del != nullptr);
    CHECK(find_header(del->request.headers, "If-Match") == "\"v1\"");
    update(m, DeleteCompleted{del->seq, HttpResponse{500, "", {}}});
    CHECK(m.list.page.results.at(0).id == "acc_1");
    CHECK(m.records.toasts.back().error);
    CHECK(m.records.toasts.back().text.find("Could not delete Acme") == 0);
}

TEST_CASE("a 401 on DELETE keeps it pending and sends it again after signing in") {
    AppModel m = signed_in_with_detail();
    update(m, RequestDelete{"acc_2"});
    update(m, ConfirmDelete{});
    uint64_t s = seq_of(update(m, CommitDelete{"acc_2"}), RequestKind::DeleteAccount);
    update(m, DeleteCompleted{s, HttpResponse{401, "{}", {}}});
    CHECK(m.records.del.pending.size() == 1);
    uint64_t check = seq_of(update(m, SignIn{"t2"}), RequestKind::ListAccounts);
    Effects fx = update(m, AccountsLoaded{check, HttpResponse{200, page_json(1, 3, true, 6), {}}});
    const SendRequest* again = find_request(fx, RequestKind::DeleteAccount);
    REQUIRE(again != nullptr);
    CHECK(again->request.url == "/api/accounts/acc_2/");
}

TEST_CASE("next/previous move through the list and cross page boundaries") {
    AppModel m = signed_in_with_detail();   // page 1: acc_1..acc_3, next page exists
    update(m, StepAccount{+1});
    CHECK(m.selected_id == "acc_2");
    update(m, StepAccount{+1});
    CHECK(m.selected_id == "acc_3");
    Effects fx = update(m, StepAccount{+1});
    CHECK(m.list.query.page == 2);
    uint64_t list = seq_of(fx, RequestKind::ListAccounts);
    fx = update(m, AccountsLoaded{list, HttpResponse{200, page_json(4, 3, false, 6), {}}});
    CHECK(m.selected_id == "acc_4");
    CHECK(find_request(fx, RequestKind::GetAccount) != nullptr);
    CHECK(find_effect<SetUrl>(fx)->hash == "#/accounts/acc_4?page=2");

    fx = update(m, StepAccount{-1});
    CHECK(m.list.query.page == 1);
    list = seq_of(fx, RequestKind::ListAccounts);
    update(m, AccountsLoaded{list, HttpResponse{200, page_json(1, 3, true, 6), {}}});
    CHECK(m.selected_id == "acc_3");
    update(m, StepAccount{-1});
    update(m, StepAccount{-1});
    CHECK(m.selected_id == "acc_1");
    CHECK(update(m, StepAccount{-1}).empty());   // first of page 1: nowhere to go
}

TEST_CASE("the model snapshot shows records but never the token") {
    AppModel m = signed_in_with_detail();
    update(m, OpenEditForm{});
    json j = model_to_json(m);
    CHECK(j["records"]["detail"]["account"]["name"] == "Acme");
    CHECK(j["records"]["form"]["open"] == true);
    CHECK(j["records"]["form"]["draft"]["annualRevenueText"] == "2,500,000");
    CHECK(j.dump().find("tok\"") == std::string::npos);
    CHECK(j.dump().find("Bearer") == std::string::npos);
}

TEST_CASE("EditAccount on an account not open yet opens it, then the edit form once its detail arrives") {
    AppModel m;
    m.api.token = "tok";
    m.auth = AuthStatus::SignedIn;
    Effects fx = update(m, EditAccount{"acc_9"});
    CHECK(m.selected_id == "acc_9");
    CHECK_FALSE(m.records.form.open);
    const SendRequest* get = nullptr;
    for (const auto& e : fx) {
        if (auto s = std::get_if<SendRequest>(&e); s && s->kind == RequestKind::GetAccount) get = s;
    }
    REQUIRE(get != nullptr);
    update(m, DetailLoaded{get->seq, HttpResponse{200, R"({"id":"acc_9","name":"Nine","stage":"active"})", {{"etag", "\"v3\""}}}});
    CHECK(m.records.form.open);
    CHECK(m.records.form.mode == FormMode::Edit);
    CHECK(m.records.form.account_id == "acc_9");
    CHECK(m.records.form.draft.name == "Nine");
    CHECK(m.records.edit_when_loaded.empty());
}

TEST_CASE("EditAccount on the open, loaded account opens the form at once") {
    AppModel m;
    m.api.token = "tok";
    m.auth = AuthStatus::SignedIn;
    m.selected_id = "acc_1";
    Account a;
    a.id = "acc_1";
    a.name = "One";
    m.records.detail.id = "acc_1";
    m.records.detail.account = a;
    m.records.detail.status = RecordsLoad::Loaded;
    update(m, EditAccount{"acc_1"});
    CHECK(m.records.form.open);
    CHECK(m.records.form.account_id == "acc_1");
}

TEST_CASE("config.json's request timeout goes with every request the console sends") {
    CHECK(clamp_request_timeout_ms(0) == kDefaultRequestTimeoutMs);      // absent or not a number
    CHECK(clamp_request_timeout_ms(-3) == kDefaultRequestTimeoutMs);
    CHECK(clamp_request_timeout_ms(2.5) == 2500);
    CHECK(clamp_request_timeout_ms(0.01) == kMinRequestTimeoutMs);
    CHECK(clamp_request_timeout_ms(1e9) == kMaxRequestTimeoutMs);

    AppStarted start{"", "tok", "#/accounts/acc_1"};
    start.request_timeout_ms = 2500;
    AppModel m;
    Effects fx = update(m, start);
    std::vector<HttpRequest> sent;
    auto collect = [&](const Effects& e) {
        for (const auto& x : e) if (auto s = std::get_if<SendRequest>(&x)) sent.push_back(s->request);
    };
    collect(fx);
    update(m, AccountsLoaded{seq_of(fx, RequestKind::ListAccounts), HttpResponse{200, page_json(1, 3, true, 6), {}}});
    collect(update(m, DetailLoaded{seq_of(fx, RequestKind::GetAccount), HttpResponse{200, kDetail, {{"etag", "\"v1\""}}}}));
    collect(update(m, SetDetailTab{DetailTab::Contacts}));
    open_and_edit(m, [](AccountDraft& d) { d.name = "Acme 2"; });
    collect(update(m, SaveDraft{}));
    collect(update(m, SetPage{2}));
    // The list, the detail, the contacts, the save and the next page at least; each with the timeout.
    REQUIRE(sent.size() >= 5);
    for (const HttpRequest& r : sent) CHECK_MESSAGE(r.timeout_ms == 2500, r.method << " " << r.url);
    // Without the key: the default.
    AppModel d;
    const SendRequest* first = find_request(update(d, AppStarted{"", "tok"}), RequestKind::ListAccounts);
    REQUIRE(first != nullptr);
    CHECK(first->request.timeout_ms == kDefaultRequestTimeoutMs);
}
