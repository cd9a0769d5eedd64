// account_fields.cpp: the account field registry's rows and their JSON mappings. Pure: no I/O.
#include "core/model/account_fields.hpp"

#include "core/model/account_json.hpp"

namespace crm::core {

namespace {

using Text = std::string Account::*;
using Count = std::optional<int64_t> Account::*;

template <Text M>
void read_text(Account& a, const json& v, WireRead how) {
    a.*M = wire_text(v, how);
}
template <Text M>
json write_text(const Account& a) {
    return a.*M;
}
// An opaque id: a string, or (tolerant) a whole number.
template <Text M>
void read_id(Account& a, const json& v, WireRead how) {
    a.*M = v.is_number_integer() ? std::to_string(v.get<int64_t>()) : wire_text(v, how);
}
template <Text M>
json write_nullable(const Account& a) {
    return (a.*M).empty() ? json(nullptr) : json(a.*M);
}
template <Count M>
void read_count(Account& a, const json& v, WireRead) {
    a.*M = json_int_value(v);
}
template <Count M>
json write_count(const Account& a) {
    return (a.*M).value_or(0);
}

// A stage that is not a string (null in a PATCH) leaves the stage as it is.
void read_stage(Account& a, const json& v, WireRead how) {
    if (v.is_string()) a.stage = wire_text(v, how);
}

void read_revenue(Account& a, const json& v, WireRead) { a.annual_revenue = json_number_value(v); }
json write_revenue(const Account& a) { return a.annual_revenue ? json(*a.annual_revenue) : json(nullptr); }

void read_address(Account& a, const json& v, WireRead how) {
    a.billing_address = v.is_object() ? std::optional(billing_address_from_json(v, how)) : std::nullopt;
}
json write_address(const Account& a) {
    return a.billing_address ? billing_address_to_json(*a.billing_address) : json(nullptr);
}

void read_tags(Account& a, const json& v, WireRead how) { a.tags = tags_from_json(v, how); }
json write_tags(const Account& a) { return a.tags; }

constexpr unsigned kListed = kInSummary;
constexpr unsigned kEditable = kInSummary | kWritable;
constexpr unsigned kDetailEditable = kInDetail | kWritable;

const AccountField kFields[] = {
    {"id", kListed, read_id<&Account::id>, write_text<&Account::id>},
    {"name", kEditable, read_text<&Account::name>, write_text<&Account::name>},
    {"website", kEditable, read_text<&Account::website>, write_text<&Account::website>},
    {"industry", kEditable, read_text<&Account::industry>, write_text<&Account::industry>},
    {"companySize", kEditable, read_text<&Account::company_size>, write_text<&Account::company_size>},
    {"stage", kEditable, read_stage, write_text<&Account::stage>},
    {"assignedTo", kEditable, read_id<&Account::assigned_to>, write_nullable<&Account::assigned_to>},
    {"contactCount", kListed, read_count<&Account::contact_count>, write_count<&Account::contact_count>},
    {"openOpportunityCount", kListed, read_count<&Account::open_opportunity_count>,
     write_count<&Account::open_opportunity_count>},
    {"updatedAt", kListed, read_text<&Account::updated_at>, write_text<&Account::updated_at>},
    {"createdAt", kListed, read_text<&Account::created_at>, write_text<&Account::created_at>},
    {"annualRevenue", kDetailEditable, read_revenue, write_revenue},
    {"phone", kDetailEditable, read_text<&Account::phone>, write_text<&Account::phone>},
    {"billingAddress", kDetailEditable, read_address, write_address},
    {"assignedToName", kInDetail, read_text<&Account::assigned_to_name>, write_nullable<&Account::assigned_to_name>},
    {"tags", kDetailEditable, read_tags, write_tags},
    {"description", kDetailEditable, read_text<&Account::description>, write_text<&Account::description>},
    {"openCaseCount", kInDetail, read_count<&Account::open_case_count>, write_count<&Account::open_case_count>},
};

}  // namespace

std::span<const AccountField> account_fields() { return kFields; }

const AccountField* find_account_field(std::string_view key) {
    for (const AccountField& f : kFields) {
        if (key == f.key) return &f;
    }
    return nullptr;
}

}  // namespace crm::core
