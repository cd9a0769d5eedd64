// contact_json.cpp: Contact/User <-> JSON mapping. Pure: no I/O; only non-throwing json accessors.
#include "core/model/contact_json.hpp"

#include "core/model/account_json.hpp"

namespace crm::core {

namespace {

std::string opaque_id(const nlohmann::json& j) {
    auto it = j.find("id");
    if (it == j.end()) return "";
    if (it->is_string()) return it->get_ref<const std::string&>();
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return "";
}

}  // namespace

nlohmann::json contact_to_json(const Contact& c) {
    nlohmann::json j = nlohmann::json::object();
    j["id"] = c.id;
    j["firstName"] = c.first_name;
    j["lastName"] = c.last_name;
    j["email"] = c.email;
    j["title"] = c.title;
    j["stage"] = c.stage;
    return j;
}

Result<Contact> contact_from_json(const nlohmann::json& j) {
    if (!j.is_object()) return make_error("api.bad_shape", "A contact is not a JSON object.");
    Contact c;
    c.id = opaque_id(j);
    if (c.id.empty()) return make_error("api.bad_shape", "A contact has no \"id\".");
    c.first_name = json_string(j, "firstName");
    c.last_name = json_string(j, "lastName");
    c.email = json_string(j, "email");
    c.title = json_string(j, "title");
    c.stage = json_string(j, "stage");
    return c;
}

Result<Page<Contact>> contact_page_from_json(const nlohmann::json& j) {
    return page_from_json(j, "contacts", contact_from_json);
}

nlohmann::json user_to_json(const User& u) {
    nlohmann::json j = nlohmann::json::object();
    j["id"] = u.id;
    j["name"] = u.name;
    j["email"] = u.email;
    return j;
}

Result<User> user_from_json(const nlohmann::json& j) {
    if (!j.is_object()) return make_error("api.bad_shape", "A user is not a JSON object.");
    User u;
    u.id = opaque_id(j);
    if (u.id.empty()) return make_error("api.bad_shape", "A user has no \"id\".");
    u.name = json_string(j, "name");
    u.email = json_string(j, "email");
    return u;
}

Result<std::vector<User>> users_from_json(const nlohmann::json& j) {
    const nlohmann::json* list = &j;
    if (j.is_object()) {
        auto it = j.find("results");
        if (it == j.end()) return make_error("api.bad_shape", "The users response has no \"results\" array.");
        list = &*it;
    }
    if (!list->is_array()) return make_error("api.bad_shape", "The users response has no \"results\" array.");
    std::vector<User> users;
    for (const auto& item : *list) {
        Result<User> u = user_from_json(item);
        if (!u) return u.error();
        users.push_back(std::move(u.value()));
    }
    return users;
}

}  // namespace crm::core
