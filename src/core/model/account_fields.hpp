// account_fields.hpp: the account field registry: one row per field of an Account, declaring how it
// travels (wire key, JSON read/write, summary/detail/writable). The console and the reference server
// read and write accounts through it only (core/model/account_json), so a field is declared once.
// Pure: no I/O, never throws.
//
//   AccountField ........... one field: wire key, where it appears, its JSON mapping
//   account_fields() ....... every field, in the list's column order, then the detail-only ones
//   find_account_field ..... by wire key
//
// Adding a field: a member in Account (account.hpp) and a row in account_fields.cpp.
#pragma once
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/model/account.hpp"

namespace crm::core {

using json = nlohmann::json;

// Where a field appears on the wire.
enum FieldFlag : unsigned {
    kInSummary = 1u << 0,   // in the list endpoint's objects (and in the detail object)
    kInDetail = 1u << 1,    // in the detail object only
    kWritable = 1u << 2,    // a POST/PATCH body may set it
};

// How a wire value is read: as a response sends it, or as the API stores a write body (every string
// trimmed like DRF's CharField).
enum class WireRead { AsReceived, Trimmed };

struct AccountField {
    const char* key;                                          // wire key, e.g. "companySize"
    unsigned flags;                                           // FieldFlag bits
    void (*read)(Account& a, const json& value, WireRead how);   // tolerant: a wrong type reads as empty
    json (*write)(const Account& a);                          // the field's wire value
};

std::span<const AccountField> account_fields();
const AccountField* find_account_field(std::string_view key);   // nullptr for an unknown key

}  // namespace crm::core
