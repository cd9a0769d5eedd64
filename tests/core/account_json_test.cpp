// account_json_test.cpp: the Account JSON mapping shared by console and server.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/model/account_json.hpp"

using namespace crm::core;

static std::string read_fixture(const char* name) {
    std::ifstream f(std::string(CRM_FIXTURES_DIR) + "/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

TEST_CASE("a list page from the reference's example parses every summary field") {
    json j = json::parse(read_fixture("list_accounts_page1.json"), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    Result<Page<Account>> page = account_page_from_json(j);
    REQUIRE(page.ok());
    CHECK(page.value().count == 34);
    CHECK(page.value().next == "http://api.example.test:8000/api/accounts/?limit=2&page=2");
    CHECK(page.value().previous.empty());
    REQUIRE(page.value().results.size() == 2);
    const Account& a = page.value().results[0];
    CHECK(a.id == "acc_01HX0000000000000000000001");
    CHECK(a.name == "Acme Corp");
    CHECK(a.website == "https://acme.com");
    CHECK(a.industry == "Manufacturing");
    CHECK(a.company_size == "51-200");
    CHECK(a.stage == "customer");
    CHECK(a.assigned_to == "usr_01HX0000000000000000000001");
    CHECK(a.contact_count == 5);
    CHECK(a.open_opportunity_count == 2);
    CHECK(a.created_at == "2024-11-01T09:00:00Z");
    CHECK(a.updated_at == "2025-03-18T16:45:00Z");
}

TEST_CASE("the tolerant reader accepts nulls, floats for integers, offsets and unknown fields") {
    json j = json::parse(read_fixture("list_accounts_page1.json"), nullptr, false);
    Result<Page<Account>> page = account_page_from_json(j);
    REQUIRE(page.ok());
    const Account& b = page.value().results[1];
    CHECK(b.name == "Müller GmbH");
    CHECK(b.website.empty());
    CHECK(b.industry.empty());
    CHECK(b.company_size.empty());
    CHECK(b.assigned_to.empty());
    CHECK(b.contact_count == 0);
    CHECK(b.created_at == "2024-11-01T09:00:00.123+02:00");
}

TEST_CASE("an account without a string id is rejected with api.bad_shape") {
    CHECK(account_from_json(json{{"name", "x"}}).error().code == "api.bad_shape");
    CHECK(account_from_json(json::array()).error().code == "api.bad_shape");
    CHECK(account_from_json(json{{"id", nullptr}}).error().code == "api.bad_shape");
    CHECK(account_from_json(json{{"id", 42}}).value().id == "42");
}

TEST_CASE("a page without a results array is rejected with api.bad_shape") {
    CHECK(account_page_from_json(json{{"count", 1}}).error().code == "api.bad_shape");
    CHECK(account_page_from_json(json{{"results", "nope"}}).error().code == "api.bad_shape");
    CHECK(account_page_from_json(json(nullptr)).error().code == "api.bad_shape");
}

TEST_CASE("a detail object round-trips through account_detail_to_json") {
    Account a;
    a.id = "acc_1";
    a.name = "TechCorp Inc";
    a.website = "https://techcorp.com";
    a.annual_revenue = 15000000;
    a.stage = "prospect";
    a.billing_address = BillingAddress{"123 Main St", "San Francisco", "CA", "94107", "US"};
    a.assigned_to = "usr_1";
    a.assigned_to_name = "Alex Johnson";
    a.tags = {"enterprise", "saas"};
    a.contact_count = 3;
    a.open_opportunity_count = 1;
    a.open_case_count = 0;
    a.created_at = "2025-03-15T14:00:00Z";
    a.updated_at = "2025-03-15T14:00:00Z";
    Result<Account> back = account_from_json(account_detail_to_json(a));
    REQUIRE(back.ok());
    CHECK(back.value() == a);
}

TEST_CASE("the summary object has exactly the reference's list fields, and annualRevenue (the optional column)") {
    Account a;
    a.id = "acc_1";
    json j = account_summary_to_json(a);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"annualRevenue", "assignedTo", "companySize", "contactCount", "createdAt", "id",
                                           "industry", "name", "openOpportunityCount", "stage", "updatedAt", "website"});
    CHECK(j["annualRevenue"].is_null());
    CHECK(j["assignedTo"].is_null());
}

TEST_CASE("every stage of the reference has a label, and unknown stages show their raw value") {
    CHECK(stage_label("prospect") == "Prospect");
    CHECK(stage_label("active") == "Active");
    CHECK(stage_label("customer") == "Customer");
    CHECK(stage_label("partner") == "Partner");
    CHECK(stage_label("churned") == "Churned");
    CHECK(stage_label("lead") == "lead");
    CHECK(find_stage("lead") == nullptr);
}
