// account.hpp: the Account model, its stages and their labels (colours: core/app/palette.hpp). Pure data: no I/O, no ImGui.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct StageInfo {
    const char* value;    // wire value, e.g. "customer"
    const char* label;    // shown to people, e.g. "Customer"
};

// The five stages of the reference, in the order the UI shows them (their fills: core::stage_role).
inline constexpr StageInfo kStages[] = {
    {"prospect", "Prospect"},
    {"active", "Active"},
    {"customer", "Customer"},
    {"partner", "Partner"},
    {"churned", "Churned"},
};

const StageInfo* find_stage(std::string_view value);   // nullptr for an unknown value
std::string stage_label(std::string_view value);        // unknown -> the raw value (tolerant reader)

struct BillingAddress {
    std::string street, city, state, postal_code, country;
    bool operator==(const BillingAddress&) const = default;
};

// One account, as the list (summary fields) or the detail endpoint (all fields) sends it.
// Every field but `id` may be missing on the wire: strings default to "", counts to nullopt.
struct Account {
    std::string id;                              // opaque; never parsed
    std::string name;
    std::string website;
    std::string industry;
    std::string company_size;
    std::optional<double> annual_revenue;
    std::string stage;                           // raw wire value; see find_stage()
    std::string phone;
    std::optional<BillingAddress> billing_address;
    std::string assigned_to;                     // user id or ""
    std::string assigned_to_name;                // detail only
    std::vector<std::string> tags;
    std::string description;
    std::optional<int64_t> contact_count;
    std::optional<int64_t> open_opportunity_count;
    std::optional<int64_t> open_case_count;      // detail only
    std::string created_at;                      // RFC 3339 as received
    std::string updated_at;
    bool operator==(const Account&) const = default;
};

std::string display_name(const Account& a);   // the name, else the id: what a row, a toast, a dialog calls it

// A DRF page: {count, next, previous, results}. next/previous are URLs (absolute or relative) or "".
template <typename T>
struct Page {
    int64_t count = 0;
    std::string next;
    std::string previous;
    std::vector<T> results;
};

}  // namespace crm::core
