// account_fields.cpp: the account field registry's rows: JSON mappings, cells, sort keys, CSV and
// SQL names. Pure: no I/O.
#include "core/model/account_fields.hpp"

#include "core/model/account_json.hpp"
#include "core/util/case_fold.hpp"
#include "core/util/format.hpp"
#include "core/util/url.hpp"

namespace crm::core {

namespace {

using Text = std::string Account::*;
using Count = std::optional<int64_t> Account::*;
using Number = std::optional<double> Account::*;

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

template <Number M>
void read_number(Account& a, const json& v, WireRead) {
    a.*M = json_number_value(v);
}
template <Number M>
json write_number(const Account& a) {
    return (a.*M) ? json(*(a.*M)) : json(nullptr);
}

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

// ---- Cells (what people read) and local sort keys ----

template <Text M>
std::string cell_text(const Account& a, const UserNames&, int64_t) {
    return a.*M;
}
template <Count M>
std::string cell_count(const Account& a, const UserNames&, int64_t) {
    return (a.*M) ? format_count(*(a.*M)) : std::string();
}
template <Text M>
std::string cell_time(const Account& a, const UserNames&, int64_t now_unix) {
    const std::string& t = a.*M;
    if (t.empty()) return "";
    return now_unix != 0 ? relative_time(t, now_unix) : t.substr(0, 10);
}
template <Number M>
std::string cell_number(const Account& a, const UserNames&, int64_t) {
    return (a.*M) ? format_thousands(*(a.*M)) : std::string();
}
std::string cell_name(const Account& a, const UserNames&, int64_t) { return display_name(a); }
std::string cell_website(const Account& a, const UserNames&, int64_t) {
    return std::string(without_http_scheme(a.website));
}
std::string cell_stage(const Account& a, const UserNames&, int64_t) { return stage_label(a.stage); }
std::string cell_assigned(const Account& a, const UserNames& users, int64_t) { return users.name_of(a.assigned_to); }

template <Text M>
std::string key_folded(const Account& a, const UserNames&) {
    return case_fold(a.*M);
}
template <Text M>
std::string key_raw(const Account& a, const UserNames&) {
    return a.*M;
}
// Stages in pipeline order, unknown ones after them alphabetically.
std::string key_stage(const Account& a, const UserNames&) {
    for (size_t k = 0; k < std::size(kStages); ++k) {
        if (a.stage == kStages[k].value) return std::string(1, static_cast<char>('0' + k));
    }
    return "9" + case_fold(a.stage);
}
std::string key_assigned(const Account& a, const UserNames& users) { return case_fold(users.name_of(a.assigned_to)); }

#define TEXT(m) read_text<&Account::m>, write_text<&Account::m>, &Account::m, nullptr, nullptr
#define COUNT(m) read_count<&Account::m>, write_count<&Account::m>, nullptr, &Account::m, nullptr
#define NUMBER(m) read_number<&Account::m>, write_number<&Account::m>, nullptr, nullptr, &Account::m
#define NESTED(read, write) read, write, nullptr, nullptr, nullptr
#define LIST(label, width, flags) label, width, flags
#define NOT_LISTED nullptr, 0.0f, 0u, nullptr, nullptr, LocalSort::None, nullptr

// The list's columns first, in their order; CSV columns follow this order too (id first).
// key, flags, JSON (read, write, flat member of one kind: text, count or number),
// list (label, width in font sizes, ListFlags, cell, ordering, local sort, sort key),
// CSV (raw header, text header), server (column, NOCASE ordering).
const AccountField kFields[] = {
    {"id", kListed, read_id<&Account::id>, write_text<&Account::id>, &Account::id, nullptr, nullptr, NOT_LISTED,
     "Id", nullptr, "a.id", false},
    {"name", kEditable, TEXT(name), LIST("Name", 0.0f, 0), cell_name, "name", LocalSort::ByText,
     key_folded<&Account::name>, "Name", nullptr, "a.name", true},
    {"website", kEditable, TEXT(website), LIST("Website", 11.0f, 0), cell_website, nullptr, LocalSort::ByText,
     key_folded<&Account::website>, "Website", nullptr, "a.website", false},
    {"industry", kEditable, TEXT(industry), LIST("Industry", 8.0f, 0), cell_text<&Account::industry>, "industry",
     LocalSort::ByRank, key_folded<&Account::industry>, "Industry", nullptr, "a.industry", true},
    {"companySize", kEditable, TEXT(company_size), LIST("Size", 5.5f, 0), cell_text<&Account::company_size>,
     "companySize", LocalSort::ByRank, key_folded<&Account::company_size>, "Company size", nullptr, "a.company_size",
     false},
    {"stage", kEditable, read_stage, write_text<&Account::stage>, &Account::stage, nullptr, nullptr,
     LIST("Stage", 6.5f, 0), cell_stage, "stage", LocalSort::ByRank, key_stage, "Stage", nullptr, "a.stage", false},
    {"assignedTo", kEditable, read_id<&Account::assigned_to>, write_nullable<&Account::assigned_to>,
     &Account::assigned_to, nullptr, nullptr, LIST("Assigned", 9.0f, 0), cell_assigned, nullptr, LocalSort::ByRank,
     key_assigned, "Assigned to id", "Assigned to", "a.assigned_to", false},
    {"contactCount", kListed, COUNT(contact_count), LIST("Contacts", 5.0f, 0), cell_count<&Account::contact_count>,
     "contactCount", LocalSort::ByCount, nullptr, "Contacts", nullptr, "a.contact_count", false},
    {"openOpportunityCount", kListed, COUNT(open_opportunity_count), LIST("Open opps", 5.5f, 0),
     cell_count<&Account::open_opportunity_count>, "openOpportunityCount", LocalSort::ByCount, nullptr,
     "Open opportunities", nullptr, "a.open_opportunity_count", false},
    {"updatedAt", kListed, TEXT(updated_at), LIST("Updated", 7.0f, 0), cell_time<&Account::updated_at>, "updatedAt",
     LocalSort::ByText, key_raw<&Account::updated_at>, "Updated at", nullptr, "a.updated_at", false},
    {"createdAt", kListed, TEXT(created_at), nullptr, 0.0f, 0u, cell_time<&Account::created_at>, "createdAt",
     LocalSort::None, nullptr, nullptr, nullptr, "a.created_at", false},
    {"annualRevenue", kEditable, NUMBER(annual_revenue), LIST("Revenue", 7.0f, kListOptional),
     cell_number<&Account::annual_revenue>, nullptr, LocalSort::ByNumber, nullptr, "Annual revenue", nullptr,
     "a.annual_revenue", false},
    {"phone", kDetailEditable, TEXT(phone), NOT_LISTED, nullptr, nullptr, nullptr, false},
    {"billingAddress", kDetailEditable, NESTED(read_address, write_address), NOT_LISTED, nullptr, nullptr, nullptr,
     false},
    {"assignedToName", kInDetail, read_text<&Account::assigned_to_name>, write_nullable<&Account::assigned_to_name>,
     &Account::assigned_to_name, nullptr, nullptr, NOT_LISTED, nullptr, nullptr, nullptr, false},
    {"tags", kDetailEditable, NESTED(read_tags, write_tags), NOT_LISTED, nullptr, nullptr, nullptr, false},
    {"description", kDetailEditable, TEXT(description), NOT_LISTED, nullptr, nullptr, nullptr, false},
    {"openCaseCount", kInDetail, COUNT(open_case_count), NOT_LISTED, nullptr, nullptr, nullptr, false},
};

#undef TEXT
#undef COUNT
#undef NUMBER
#undef NESTED
#undef LIST
#undef NOT_LISTED

}  // namespace

UserNames::UserNames(const std::vector<User>& users) {
    for (const User& u : users) {
        if (!u.name.empty()) names_.emplace(u.id, u.name);
    }
}

const std::string& UserNames::name_of(const std::string& user_id) const {
    auto it = names_.find(user_id);
    return it != names_.end() ? it->second : user_id;
}

std::span<const AccountField> account_fields() { return kFields; }

const std::vector<const AccountField*>& list_fields() {
    static const std::vector<const AccountField*> fields = [] {
        std::vector<const AccountField*> v;
        for (const AccountField& f : kFields) {
            if (f.label) v.push_back(&f);
        }
        return v;
    }();
    return fields;
}

const AccountField* find_ordering_field(std::string_view ordering) {
    if (!ordering.empty() && ordering.front() == '-') ordering.remove_prefix(1);
    for (const AccountField& f : kFields) {
        if (f.ordering && ordering == f.ordering) return &f;
    }
    return nullptr;
}

std::string raw_text(const AccountField& f, const Account& a) {
    if (f.text_member) return a.*f.text_member;
    if (f.count_member && a.*f.count_member) return std::to_string(*(a.*f.count_member));
    if (f.number_member && a.*f.number_member) return format_decimal(*(a.*f.number_member));
    return "";
}

const AccountField* find_account_field(std::string_view key) {
    for (const AccountField& f : kFields) {
        if (key == f.key) return &f;
    }
    return nullptr;
}

}  // namespace crm::core
