// account_json.hpp: Account <-> JSON, shared by the console and the reference server so the wire
// format cannot drift. Pure: no I/O; never throws (tolerant reader, see docs/decisions.md).
#pragma once
#include <nlohmann/json.hpp>

#include "core/model/account.hpp"
#include "core/util/result.hpp"

namespace crm::core {

using json = nlohmann::json;

Result<Account> account_from_json(const json& j);       // not an object / no string "id" -> api.bad_shape
json account_summary_to_json(const Account& a);         // the list endpoint's fields, in the reference's order
json account_detail_to_json(const Account& a);          // every field of the detail object
Result<Page<Account>> account_page_from_json(const json& j);  // no "results" array -> api.bad_shape

// Tolerant accessors: a missing, null or wrongly typed member gives the fallback.
std::string json_string(const json& obj, const char* key, std::string fallback = "");
std::optional<int64_t> json_int(const json& obj, const char* key);        // accepts 3 and 3.0
std::optional<double> json_number(const json& obj, const char* key);

}  // namespace crm::core
