// account_fields.hpp: the account field registry: one row per field of an Account, declaring how it
// travels, how the accounts list shows it and how the reference server stores and orders it. The
// console and the server read, write, show, sort and export accounts through it, so a field is
// declared once (react-admin's <Datagrid>/<TextField source>, nlohmann's one to_json/from_json).
// Pure: no I/O, never throws.
//
//   AccountField ........... one field: wire key, JSON mapping, list column, CSV, ordering, SQL column
//   account_fields() ....... every field: the list's columns in their order, then the others
//   list_fields() .......... the list's columns only (the list view, local table, mirror)
//   UserNames .............. the users directory as the cells need it: an id's name
//
// Adding a list column: a row in account_fields.cpp (and, for a field Account does not hold yet, a
// member in account.hpp and its column in a server migration, server/store_schema.cpp). The list
// view, the local table, the screen-reader mirror, the CSV and the server's list query follow.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/account.hpp"
#include "core/model/contact.hpp"

namespace crm::core {

using json = nlohmann::json;

// Who an assignedTo id is: the user's name when the directory has one, else the id itself.
class UserNames {
public:
    UserNames() = default;
    explicit UserNames(const std::vector<User>& users);
    const std::string& name_of(const std::string& user_id) const;   // "" -> ""

private:
    std::unordered_map<std::string, std::string> names_;
};

// Where a field appears on the wire.
enum FieldFlag : unsigned {
    kInSummary = 1u << 0,   // in the list endpoint's objects (and in the detail object)
    kInDetail = 1u << 1,    // in the detail object only
    kWritable = 1u << 2,    // a POST/PATCH body may set it
};

// How a wire value is read: as a response sends it, or as the API stores a write body (every string
// trimmed like DRF's CharField).
enum class WireRead { AsReceived, Trimmed };

// How local mode sorts a list column (stable; a descending order reverses runs of equal keys).
enum class LocalSort {
    None,        // not sortable locally
    ByText,      // by sort_key, many distinct values (byte order of the key)
    ByRank,      // by sort_key, few distinct values: ranked once, then sorted as integers
    ByCount,     // by the count, unknown first
    ByNumber,    // by the decimal (number_member), unknown first
};

// How the accounts list shows a column (list_flags bits).
enum ListFlag : unsigned {
    kListOptional = 1u << 0,   // hidden until the user shows it (the list's "Columns" chooser)
};

struct AccountField {
    const char* key;                                              // wire key, e.g. "companySize"
    unsigned flags;                                               // FieldFlag bits
    void (*read)(Account& a, const json& value, WireRead how);   // tolerant: a wrong type reads as empty
    json (*write)(const Account& a);                              // the field's wire value

    // The flat value, of one kind (all nullptr for nested ones): raw text, CSV, the server's
    // positional row decode, local sorting.
    std::string Account::*text_member;
    std::optional<int64_t> Account::*count_member;
    std::optional<double> Account::*number_member;                // a decimal, e.g. annual revenue

    // The accounts list. label == nullptr: not a list column.
    const char* label;                                            // column header, e.g. "Size"
    float list_width;                                             // initial width in font sizes; 0 = stretch
    unsigned list_flags;                                          // ListFlag bits
    // A cell as people read it; "" = no value (views draw "-"). now_unix 0: times as dates.
    std::string (*text)(const Account& a, const UserNames& users, int64_t now_unix);
    const char* ordering;                                         // the API's ordering key; nullptr: none
    LocalSort local_sort;
    std::string (*sort_key)(const Account& a, const UserNames& users);   // ByText / ByRank

    // CSV export: the raw value's column, and (before it) a column of the text people read.
    const char* csv_header;                                       // nullptr: no raw column
    const char* csv_text_header;                                  // nullptr: no text column

    // The reference server: the accounts table's column ("a.name"), and its ordering collation.
    const char* sql_column;                                       // nullptr: not a flat column
    bool sql_nocase;                                              // ORDER BY ... COLLATE NOCASE
};

std::span<const AccountField> account_fields();
const std::vector<const AccountField*>& list_fields();          // the fields with a label, in order
const AccountField* find_account_field(std::string_view key);   // nullptr for an unknown key
const AccountField* find_ordering_field(std::string_view ordering);   // "name" or "-name" -> name's row
std::string raw_text(const AccountField& f, const Account& a);  // the flat value as text ("" = none)

}  // namespace crm::core
