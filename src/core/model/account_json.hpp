// account_json.hpp: Account <-> JSON, shared by the console and the reference server so the wire
// format cannot drift. Every field's mapping is its row in the field registry (account_fields.hpp);
// these functions iterate it. Pure: no I/O; never throws (tolerant reader, see docs/decisions.md).
#pragma once
#include <nlohmann/json.hpp>

#include "core/model/account.hpp"
#include "core/model/account_fields.hpp"
#include "core/util/result.hpp"

namespace crm::core {

using json = nlohmann::json;

Result<Account> account_from_json(const json& j);       // not an object / no string "id" -> api.bad_shape
json account_summary_to_json(const Account& a);         // the list endpoint's fields
json account_detail_to_json(const Account& a);          // every field of the detail object
Result<Page<Account>> account_page_from_json(const json& j);  // no "results" array -> api.bad_shape

// The writable members present in `body` (already validated: core/model/validation) into `a`, as
// POST/PATCH store them: strings trimmed like DRF's CharField, null -> "" (a null stage is ignored).
// Read-only and unknown members are ignored. The server's write path and the dump import use it.
void apply_account_write(Account& a, const json& body);

// The nested values' mappings (the server stores them as JSON text).
json billing_address_to_json(const BillingAddress& b);
BillingAddress billing_address_from_json(const json& j, WireRead how = WireRead::AsReceived);
std::vector<std::string> tags_from_json(const json& j, WireRead how = WireRead::AsReceived);   // strings only

// Tolerant accessors: a missing, null or wrongly typed member gives the fallback.
std::string json_string(const json& obj, const char* key, std::string fallback = "");
std::optional<int64_t> json_int(const json& obj, const char* key);        // accepts 3 and 3.0
std::optional<double> json_number(const json& obj, const char* key);
// The same for a value: a string ("" otherwise; trimmed when `how` says so), a whole number, a finite number.
std::string wire_text(const json& v, WireRead how = WireRead::AsReceived);
std::optional<int64_t> json_int_value(const json& v);
std::optional<double> json_number_value(const json& v);

// count (else the number of results), next and previous of a DRF page object (any page type).
template <class P>
void read_page_links(const json& j, P& page) {
    page.count = json_int(j, "count").value_or(static_cast<int64_t>(page.results.size()));
    page.next = json_string(j, "next");
    page.previous = json_string(j, "previous");
}

// A DRF page object {count, next, previous, results}, each result read by `item` (a bad one is the
// page's error). `what` names the response in errors ("list", "contacts").
template <class T>
Result<Page<T>> page_from_json(const json& j, const char* what, Result<T> (*item)(const json&)) {
    if (!j.is_object()) return make_error("api.bad_shape", std::string("The ") + what + " response is not a JSON object.");
    auto results = j.find("results");
    if (results == j.end() || !results->is_array()) {
        return make_error("api.bad_shape", std::string("The ") + what + " response has no \"results\" array.");
    }
    Page<T> page;
    for (const auto& r : *results) {
        Result<T> t = item(r);
        if (!t) return t.error();
        page.results.push_back(std::move(t.value()));
    }
    read_page_links(j, page);
    return page;
}

}  // namespace crm::core
