// contact_json.hpp: Contact/User <-> JSON, shared by the console and the reference server.
// Pure: no I/O; never throws (tolerant reader: missing fields become "", numeric ids are accepted).
#pragma once
#include <nlohmann/json.hpp>

#include "core/model/account.hpp"
#include "core/model/contact.hpp"
#include "core/util/result.hpp"

namespace crm::core {

nlohmann::json contact_to_json(const Contact& c);                  // {id, firstName, lastName, email, title, stage}
Result<Contact> contact_from_json(const nlohmann::json& j);        // not an object / no id -> api.bad_shape
// {count, results} with optional next/previous; no "results" array -> api.bad_shape.
Result<Page<Contact>> contact_page_from_json(const nlohmann::json& j);

nlohmann::json user_to_json(const User& u);                        // {id, name, email}
Result<User> user_from_json(const nlohmann::json& j);              // not an object / no id -> api.bad_shape
Result<std::vector<User>> users_from_json(const nlohmann::json& j);  // {count, results: [...]} or a bare array

}  // namespace crm::core
