// account_draft.cpp: form drafts <-> JSON bodies, diff and validation. Pure: no I/O, never throws.
#include "core/model/account_draft.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/model/account_json.hpp"

namespace crm::core {

using nlohmann::json;

AccountDraft new_account_draft() {
    AccountDraft d;
    d.stage = "prospect";
    return d;
}

AccountDraft draft_from_account(const Account& a) {
    AccountDraft d;
    d.name = a.name;
    d.website = a.website;
    d.industry = a.industry;
    d.company_size = a.company_size;
    d.annual_revenue = a.annual_revenue ? format_thousands(*a.annual_revenue) : "";
    d.stage = a.stage;
    d.phone = a.phone;
    if (a.billing_address) {
        d.street = a.billing_address->street;
        d.city = a.billing_address->city;
        d.state = a.billing_address->state;
        d.postal_code = a.billing_address->postal_code;
        d.country = a.billing_address->country;
    }
    d.assigned_to = a.assigned_to;
    d.tags = a.tags;
    d.description = a.description;
    return d;
}

json revenue_to_json(std::string_view text) {
    std::string digits;
    bool any = false;
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '_') continue;
        digits += c;
        any = true;
    }
    if (!any) return nullptr;
    char* end = nullptr;
    double v = std::strtod(digits.c_str(), &end);
    if (end == digits.c_str() || *end != '\0' || !std::isfinite(v)) return std::string(text);
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) return static_cast<int64_t>(v);
    return v;
}

static json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

static bool has_address(const AccountDraft& d) {
    return !d.street.empty() || !d.city.empty() || !d.state.empty() || !d.postal_code.empty() || !d.country.empty();
}

json draft_field_json(const AccountDraft& d, std::string_view key) {
    if (key == "name") return d.name;
    if (key == "website") return d.website;
    if (key == "industry") return d.industry;
    if (key == "companySize") return d.company_size;
    if (key == "annualRevenue") return revenue_to_json(d.annual_revenue);
    if (key == "stage") return d.stage;
    if (key == "phone") return d.phone;
    if (key == "billingAddress") {
        if (!has_address(d)) return nullptr;
        return billing_address_to_json(BillingAddress{d.street, d.city, d.state, d.postal_code, d.country});
    }
    if (key == "assignedTo") return nullable(d.assigned_to);
    if (key == "tags") return d.tags;
    if (key == "description") return d.description;
    return nullptr;
}

json draft_to_create_body(const AccountDraft& d) {
    json body = json::object();
    for (const auto& f : kDraftFields) {
        json v = draft_field_json(d, f.key);
        bool empty = v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) || (v.is_array() && v.empty());
        if (!empty || std::string_view(f.key) == "name") body[f.key] = std::move(v);
    }
    return body;
}

bool draft_field_equal(const AccountDraft& a, const AccountDraft& b, std::string_view key) {
    return draft_field_json(a, key) == draft_field_json(b, key);
}

json draft_patch_body(const AccountDraft& original, const AccountDraft& draft) {
    json body = json::object();
    for (const auto& f : kDraftFields) {
        if (!draft_field_equal(original, draft, f.key)) body[f.key] = draft_field_json(draft, f.key);
    }
    return body;
}

void copy_draft_field(AccountDraft& to, const AccountDraft& from, std::string_view key) {
    if (key == "name") to.name = from.name;
    else if (key == "website") to.website = from.website;
    else if (key == "industry") to.industry = from.industry;
    else if (key == "companySize") to.company_size = from.company_size;
    else if (key == "annualRevenue") to.annual_revenue = from.annual_revenue;
    else if (key == "stage") to.stage = from.stage;
    else if (key == "phone") to.phone = from.phone;
    else if (key == "billingAddress") {
        to.street = from.street;
        to.city = from.city;
        to.state = from.state;
        to.postal_code = from.postal_code;
        to.country = from.country;
    } else if (key == "assignedTo") to.assigned_to = from.assigned_to;
    else if (key == "tags") to.tags = from.tags;
    else if (key == "description") to.description = from.description;
}

std::string draft_field_text(const AccountDraft& d, std::string_view key) {
    if (key == "annualRevenue") return d.annual_revenue;
    if (key == "billingAddress") {
        std::string s;
        for (const std::string* p : {&d.street, &d.city, &d.state, &d.postal_code, &d.country}) {
            if (p->empty()) continue;
            if (!s.empty()) s += ", ";
            s += *p;
        }
        return s;
    }
    if (key == "tags") {
        std::string s;
        for (const auto& t : d.tags) s += (s.empty() ? "" : ", ") + t;
        return s;
    }
    json v = draft_field_json(d, key);
    return v.is_string() ? v.get<std::string>() : "";
}

FieldErrors validate_draft(const AccountDraft& d) {
    json body = draft_to_create_body(d);
    if (!d.stage.empty()) body["stage"] = d.stage;
    return validate_account_write(body, WriteMode::Create);
}

}  // namespace crm::core
