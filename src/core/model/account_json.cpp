// account_json.cpp: Account <-> JSON mapping. Pure: no I/O; uses only non-throwing json accessors.
#include "core/model/account_json.hpp"

#include <cmath>

namespace crm::core {

std::string json_string(const json& obj, const char* key, std::string fallback) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return fallback;
    return it->get_ref<const std::string&>();
}

std::optional<double> json_number(const json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number()) return std::nullopt;
    double v = it->get<double>();
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<int64_t> json_int(const json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_number_float()) {
        double v = it->get<double>();
        if (std::isfinite(v) && std::fabs(v) < 9.0e15) return static_cast<int64_t>(std::llround(v));
    }
    return std::nullopt;
}

static std::string opaque_id(const json& obj, const char* key) {
    if (!obj.is_object()) return "";
    auto it = obj.find(key);
    if (it == obj.end()) return "";
    if (it->is_string()) return it->get_ref<const std::string&>();
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());  // tolerant: numeric ids
    return "";
}

Result<Account> account_from_json(const json& j) {
    if (!j.is_object()) return make_error("api.bad_shape", "An account is not a JSON object.");
    Account a;
    a.id = opaque_id(j, "id");
    if (a.id.empty()) return make_error("api.bad_shape", "An account has no \"id\".");
    a.name = json_string(j, "name");
    a.website = json_string(j, "website");
    a.industry = json_string(j, "industry");
    a.company_size = json_string(j, "companySize");
    a.annual_revenue = json_number(j, "annualRevenue");
    a.stage = json_string(j, "stage");
    a.phone = json_string(j, "phone");
    if (auto it = j.find("billingAddress"); it != j.end() && it->is_object()) {
        BillingAddress b;
        b.street = json_string(*it, "street");
        b.city = json_string(*it, "city");
        b.state = json_string(*it, "state");
        b.postal_code = json_string(*it, "postalCode");
        b.country = json_string(*it, "country");
        a.billing_address = b;
    }
    a.assigned_to = opaque_id(j, "assignedTo");
    a.assigned_to_name = json_string(j, "assignedToName");
    if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
        for (const auto& t : *it) {
            if (t.is_string()) a.tags.push_back(t.get<std::string>());
        }
    }
    a.description = json_string(j, "description");
    a.contact_count = json_int(j, "contactCount");
    a.open_opportunity_count = json_int(j, "openOpportunityCount");
    a.open_case_count = json_int(j, "openCaseCount");
    a.created_at = json_string(j, "createdAt");
    a.updated_at = json_string(j, "updatedAt");
    return a;
}

static json nullable_string(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

static json optional_int(const std::optional<int64_t>& v) { return v ? json(*v) : json(0); }

json account_summary_to_json(const Account& a) {
    json j = json::object();
    j["id"] = a.id;
    j["name"] = a.name;
    j["website"] = a.website;
    j["industry"] = a.industry;
    j["companySize"] = a.company_size;
    j["stage"] = a.stage;
    j["assignedTo"] = nullable_string(a.assigned_to);
    j["contactCount"] = optional_int(a.contact_count);
    j["openOpportunityCount"] = optional_int(a.open_opportunity_count);
    j["createdAt"] = a.created_at;
    j["updatedAt"] = a.updated_at;
    return j;
}

json account_detail_to_json(const Account& a) {
    json j = account_summary_to_json(a);   // the list's fields, plus the detail-only ones
    j["annualRevenue"] = a.annual_revenue ? json(*a.annual_revenue) : json(nullptr);
    j["phone"] = a.phone;
    if (a.billing_address) {
        const BillingAddress& b = *a.billing_address;
        j["billingAddress"] = {{"street", b.street}, {"city", b.city}, {"state", b.state},
                               {"postalCode", b.postal_code}, {"country", b.country}};
    } else {
        j["billingAddress"] = nullptr;
    }
    j["assignedToName"] = nullable_string(a.assigned_to_name);
    j["tags"] = a.tags;
    j["description"] = a.description;
    j["openCaseCount"] = optional_int(a.open_case_count);
    return j;
}

Result<Page<Account>> account_page_from_json(const json& j) {
    if (!j.is_object()) return make_error("api.bad_shape", "The list response is not a JSON object.");
    auto results = j.find("results");
    if (results == j.end() || !results->is_array()) {
        return make_error("api.bad_shape", "The list response has no \"results\" array.");
    }
    Page<Account> page;
    for (const auto& item : *results) {
        Result<Account> a = account_from_json(item);
        if (!a) return a.error();
        page.results.push_back(std::move(a.value()));
    }
    page.count = json_int(j, "count").value_or(static_cast<int64_t>(page.results.size()));
    page.next = json_string(j, "next");
    page.previous = json_string(j, "previous");
    return page;
}

}  // namespace crm::core
