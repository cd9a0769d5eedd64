// account_fields_test.cpp: the account field registry: every field round-trips JSON, the summary and
// detail objects hold exactly the registry's fields, a write body is applied as the API stores it, and
// every list field has what the list, the local table, the CSV and the server need.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/app/list_format.hpp"
#include "core/app/local_store.hpp"
#include "core/model/account_fields.hpp"
#include "core/model/account_json.hpp"

using namespace crm::core;

namespace {

// An account with every field set to a value that is not its default.
Account full_account() {
    Account a;
    a.id = "acc_1";
    a.name = "M\xC3\xBCller & S\xC3\xB6hne";
    a.website = "https://mueller.example";
    a.industry = "Software";
    a.company_size = "51-200";
    a.annual_revenue = 1234567.5;
    a.stage = "customer";
    a.phone = "+4930123456";
    a.billing_address = BillingAddress{"Hauptstr. 1", "Berlin", "BE", "10115", "DE"};
    a.assigned_to = "usr_1";
    a.assigned_to_name = "Ada";
    a.tags = {"vip", "eu"};
    a.description = "line 1\nline 2";
    a.contact_count = 7;
    a.open_opportunity_count = 2;
    a.open_case_count = 1;
    a.created_at = "2024-11-01T09:00:00Z";
    a.updated_at = "2025-03-18T16:45:00Z";
    return a;
}

}  // namespace

TEST_CASE("every field round-trips through JSON, alone and together") {
    const Account full = full_account();
    Result<Account> back = account_from_json(account_detail_to_json(full));
    REQUIRE(back.ok());
    CHECK(back.value() == full);
    for (const AccountField& f : account_fields()) {
        CAPTURE(f.key);
        // Only this field (and the id) set: the JSON of it reads back into the same account.
        Account one;
        one.id = "acc_1";
        f.read(one, f.write(full), WireRead::AsReceived);
        CHECK(f.write(one) == f.write(full));
        json j = json::object();
        j["id"] = "acc_1";
        j[f.key] = f.write(one);
        Result<Account> parsed = account_from_json(j);
        REQUIRE(parsed.ok());
        CHECK(parsed.value() == one);
        CHECK(find_account_field(f.key) == &f);
    }
}

TEST_CASE("the summary and detail objects hold exactly the registry's fields") {
    const json summary = account_summary_to_json(full_account());
    const json detail = account_detail_to_json(full_account());
    std::set<std::string> in_summary, in_detail;
    for (const AccountField& f : account_fields()) {
        if (f.flags & kInSummary) in_summary.insert(f.key);
        if (f.flags & (kInSummary | kInDetail)) in_detail.insert(f.key);
        CHECK_FALSE(((f.flags & kInSummary) && (f.flags & kInDetail)));
    }
    std::set<std::string> summary_keys, detail_keys;
    for (auto it = summary.begin(); it != summary.end(); ++it) summary_keys.insert(it.key());
    for (auto it = detail.begin(); it != detail.end(); ++it) detail_keys.insert(it.key());
    CHECK(summary_keys == in_summary);
    CHECK(detail_keys == in_detail);
    CHECK(summary_keys.size() == 12);
    CHECK(detail_keys.size() == 18);
    CHECK(summary["assignedTo"] == "usr_1");
    CHECK(account_summary_to_json(Account{}).at("assignedTo").is_null());
    CHECK(account_detail_to_json(Account{}).at("billingAddress").is_null());
    CHECK(account_detail_to_json(Account{}).at("openCaseCount") == 0);
}

TEST_CASE("a write body is applied as the API stores it: trimmed, null clears, read-only ignored") {
    Account a = full_account();
    apply_account_write(a, json{{"name", "  New name \t"},
                                {"website", nullptr},
                                {"stage", nullptr},           // a null stage is ignored
                                {"tags", {" a ", "b"}},
                                {"billingAddress", {{"city", " Paris "}, {"country", "FR"}}},
                                {"annualRevenue", nullptr},
                                {"assignedTo", " usr_2 "},
                                {"id", "other"},              // read-only
                                {"contactCount", 99},         // read-only
                                {"bogus", 1}});
    CHECK(a.name == "New name");
    CHECK(a.website.empty());
    CHECK(a.stage == "customer");
    CHECK(a.tags == std::vector<std::string>{"a", "b"});
    CHECK(a.billing_address == BillingAddress{"", "Paris", "", "", "FR"});
    CHECK_FALSE(a.annual_revenue.has_value());
    CHECK(a.assigned_to == "usr_2");
    CHECK(a.id == "acc_1");
    CHECK(a.contact_count == 7);
    CHECK(a.phone == "+4930123456");   // absent: unchanged
    apply_account_write(a, json{{"billingAddress", nullptr}, {"stage", "partner"}});
    CHECK_FALSE(a.billing_address.has_value());
    CHECK(a.stage == "partner");
}

TEST_CASE("every list field has a label, a cell formatter, a local sort, a CSV column and its ordering key") {
    for (const AccountField* f : list_fields()) {
        CAPTURE(f->key);
        CHECK(f->label != nullptr);
        CHECK(static_cast<bool>(f->text));
        CHECK(f->local_sort != LocalSort::None);
        if (f->local_sort == LocalSort::ByCount) CHECK(f->count_member != nullptr);
        else if (f->local_sort == LocalSort::ByNumber) CHECK(f->number_member != nullptr);
        else CHECK(static_cast<bool>(f->sort_key));
        CHECK((f->csv_header != nullptr || f->csv_text_header != nullptr));
        // One flat value of one kind: the server decodes it from its list query's row.
        CHECK((f->text_member != nullptr) + (f->count_member != nullptr) + (f->number_member != nullptr) == 1);
        CHECK(f->list_width >= 0.0f);
        CHECK((f->flags & kInSummary));                                    // the list endpoint sends it
    }
    for (const AccountField& f : account_fields()) {
        CAPTURE(f.key);
        if (f.ordering) CHECK(std::string(f.ordering) == f.key);
        CHECK(is_sortable_field(f.key) == (f.ordering != nullptr));
        if (f.ordering) CHECK(f.sql_column != nullptr);
        if (f.flags & kInSummary) CHECK(f.sql_column != nullptr);
    }
    CHECK_FALSE(is_sortable_field("-name"));
    CHECK(find_ordering_field("-name") == find_account_field("name"));
}

TEST_CASE("the local table's columns are the registry's list fields, in order") {
    const char* keys[] = {"name", "website", "industry", "companySize", "stage", "assignedTo", "contactCount",
                          "openOpportunityCount", "updatedAt"};
    REQUIRE(list_fields().size() >= std::size(keys));
    for (size_t i = 0; i < list_fields().size(); ++i) {
        const LocalColumn c = local_column_from_string(list_fields()[i]->key);
        CHECK(static_cast<size_t>(c) == i);
        CHECK(std::string(to_string(c)) == list_fields()[i]->key);
        if (i < std::size(keys)) CHECK(list_fields()[i]->key == std::string(keys[i]));   // the list's columns
    }
    // Only the first column (the row's name, its selectable) stretches; the always-shown ones come first.
    CHECK(list_fields()[0]->list_width == 0.0f);
    CHECK_FALSE((list_fields()[0]->list_flags & kListOptional));
    CHECK(local_column_from_string("createdAt") == LocalColumn::None);   // not a list column
    CHECK(local_column_from_string("bogus") == LocalColumn::None);
    CHECK(std::string(to_string(LocalColumn::None)).empty());
}

TEST_CASE("cells read as the list shows them; the CSV takes raw values and the user's name") {
    Account a = full_account();
    const UserNames users(std::vector<User>{{"usr_1", "Ada Lovelace", ""}, {"usr_2", "", ""}});
    auto cell = [&](const char* key, int64_t now = 0) { return find_account_field(key)->text(a, users, now); };
    CHECK(cell("name") == a.name);
    CHECK(cell("website") == "mueller.example");
    CHECK(cell("stage") == "Customer");
    CHECK(cell("assignedTo") == "Ada Lovelace");
    CHECK(cell("contactCount") == "7");
    CHECK(cell("updatedAt") == "2025-03-18");
    CHECK(cell("updatedAt", 1742316300 + 3 * 3600) == "3 h ago");
    a.contact_count = 1234567;
    CHECK(cell("contactCount") == "1,234,567");
    CHECK(raw_text(*find_account_field("contactCount"), a) == "1234567");
    a.contact_count.reset();
    CHECK(cell("contactCount").empty());
    CHECK(cell("annualRevenue") == "1,234,567.5");   // a decimal: separators for people, plain in the CSV
    CHECK(raw_text(*find_account_field("annualRevenue"), a) == "1234567.5");
    a.annual_revenue.reset();
    CHECK(cell("annualRevenue").empty());
    CHECK(raw_text(*find_account_field("annualRevenue"), a).empty());
    a.assigned_to = "usr_2";   // a user without a name: the id
    CHECK(cell("assignedTo") == "usr_2");
    a.name.clear();
    CHECK(cell("name") == "acc_1");
    CHECK(display_name(a) == "acc_1");
}
