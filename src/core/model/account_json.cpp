// account_json.cpp: Account <-> JSON through the field registry. Pure: no I/O; uses only non-throwing
// json accessors.
#include "core/model/account_json.hpp"

#include <cmath>

#include "core/util/text.hpp"

namespace crm::core {

namespace {

const json& member(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

constexpr const char* kAddressKeys[] = {"street", "city", "state", "postalCode", "country"};
std::string BillingAddress::*const kAddressMembers[] = {&BillingAddress::street, &BillingAddress::city,
                                                        &BillingAddress::state, &BillingAddress::postal_code,
                                                        &BillingAddress::country};

}  // namespace

std::string wire_text(const json& v, WireRead how) {
    if (!v.is_string()) return "";
    const std::string& s = v.get_ref<const std::string&>();
    return how == WireRead::Trimmed ? std::string(trim(s)) : s;
}

std::optional<double> json_number_value(const json& v) {
    if (!v.is_number()) return std::nullopt;
    const double d = v.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

std::optional<int64_t> json_int_value(const json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && std::fabs(d) < 9.0e15) return static_cast<int64_t>(std::llround(d));
    }
    return std::nullopt;
}

std::string json_string(const json& obj, const char* key, std::string fallback) {
    const json& v = member(obj, key);
    return v.is_string() ? v.get_ref<const std::string&>() : fallback;
}

std::optional<double> json_number(const json& obj, const char* key) { return json_number_value(member(obj, key)); }

std::optional<int64_t> json_int(const json& obj, const char* key) { return json_int_value(member(obj, key)); }

json billing_address_to_json(const BillingAddress& b) {
    json j = json::object();
    for (size_t i = 0; i < std::size(kAddressKeys); ++i) j[kAddressKeys[i]] = b.*kAddressMembers[i];
    return j;
}

BillingAddress billing_address_from_json(const json& j, WireRead how) {
    BillingAddress b;
    for (size_t i = 0; i < std::size(kAddressKeys); ++i) b.*kAddressMembers[i] = wire_text(member(j, kAddressKeys[i]), how);
    return b;
}

std::vector<std::string> tags_from_json(const json& j, WireRead how) {
    std::vector<std::string> tags;
    if (!j.is_array()) return tags;
    for (const auto& t : j) {
        if (t.is_string()) tags.push_back(wire_text(t, how));
    }
    return tags;
}

Result<Account> account_from_json(const json& j) {
    if (!j.is_object()) return make_error("api.bad_shape", "An account is not a JSON object.");
    Account a;
    for (const AccountField& f : account_fields()) {
        if (auto it = j.find(f.key); it != j.end()) f.read(a, *it, WireRead::AsReceived);
    }
    if (a.id.empty()) return make_error("api.bad_shape", "An account has no \"id\".");
    return a;
}

void apply_account_write(Account& a, const json& body) {
    if (!body.is_object()) return;
    for (const AccountField& f : account_fields()) {
        if (!(f.flags & kWritable)) continue;
        if (auto it = body.find(f.key); it != body.end()) f.read(a, *it, WireRead::Trimmed);
    }
}

json account_summary_to_json(const Account& a) {
    json j = json::object();
    for (const AccountField& f : account_fields()) {
        if (f.flags & kInSummary) j[f.key] = f.write(a);
    }
    return j;
}

json account_detail_to_json(const Account& a) {
    json j = json::object();
    for (const AccountField& f : account_fields()) {
        if (f.flags & (kInSummary | kInDetail)) j[f.key] = f.write(a);
    }
    return j;
}

Result<Page<Account>> account_page_from_json(const json& j) { return page_from_json(j, "list", account_from_json); }

}  // namespace crm::core
