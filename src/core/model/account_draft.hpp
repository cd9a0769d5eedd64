// account_draft.hpp: what the create/edit form holds (text as typed), its JSON bodies (full for POST,
// only the changed fields for PATCH), its validation and per-field copy for conflict resolution.
// Pure: no I/O, no ImGui, never throws.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/account.hpp"
#include "core/model/validation.hpp"
#include "core/util/format.hpp"   // format_thousands (revenue as the form shows it)

namespace crm::core {

// Every writable field of an account, as the form edits it. annual_revenue is text as typed
// ("15,000,000" is accepted); "" means no value (null).
struct AccountDraft {
    std::string name, website, industry, company_size, annual_revenue, stage, phone;
    std::string street, city, state, postal_code, country;
    std::string assigned_to;
    std::vector<std::string> tags;
    std::string description;
    bool operator==(const AccountDraft&) const = default;
};

// The writable top-level fields in the form's order, with their labels (a table, shared by the
// conflict dialog and the PATCH diff).
struct DraftFieldInfo {
    const char* key;       // wire name, e.g. "billingAddress"
    const char* label;     // e.g. "Billing address"
};
inline constexpr DraftFieldInfo kDraftFields[] = {
    {"name", "Name"},           {"website", "Website"},   {"industry", "Industry"},
    {"companySize", "Company size"}, {"annualRevenue", "Annual revenue"}, {"stage", "Stage"},
    {"phone", "Phone"},         {"billingAddress", "Billing address"}, {"assignedTo", "Assigned to"},
    {"tags", "Tags"},           {"description", "Description"},
};

inline constexpr const char* kCompanySizes[] = {"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"};
inline constexpr const char* kIndustrySuggestions[] = {
    "Software", "FinTech", "Manufacturing", "Healthcare", "Retail", "Education", "Energy", "Logistics",
    "Media", "Telecommunications", "Construction", "Hospitality", "Agriculture", "Legal", "Consulting"};

AccountDraft new_account_draft();                            // stage "prospect", everything else empty
AccountDraft draft_from_account(const Account& a);           // revenue formatted with thousands separators

// Parses revenue text: "" -> null, "1,234.5" -> 1234.5; anything else -> a string (kept so the
// server's validator reports "A valid number is required.").
nlohmann::json revenue_to_json(std::string_view text);

nlohmann::json draft_field_json(const AccountDraft& d, std::string_view key);  // one field's wire value
nlohmann::json draft_to_create_body(const AccountDraft& d);  // every field with a value (name always)
nlohmann::json draft_patch_body(const AccountDraft& original, const AccountDraft& draft);  // only changed fields
bool draft_field_equal(const AccountDraft& a, const AccountDraft& b, std::string_view key);
void copy_draft_field(AccountDraft& to, const AccountDraft& from, std::string_view key);
std::string draft_field_text(const AccountDraft& d, std::string_view key);   // one line for people

// Inline validation of the whole draft, with the shared rules; keys are dotted wire paths.
FieldErrors validate_draft(const AccountDraft& d);

}  // namespace crm::core
