// contact.hpp: Contact and User models (the contacts endpoint and the /api/users/ extension). Pure data.
#pragma once
#include <string>

namespace crm::core {

// One contact of an account, as GET /api/accounts/{id}/contacts/ sends it.
struct Contact {
    std::string id;            // opaque
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string title;
    std::string stage;         // raw wire value
    bool operator==(const Contact&) const = default;
};

// A user accounts can be assigned to (extension: GET /api/users/).
struct User {
    std::string id;            // opaque
    std::string name;
    std::string email;
    bool operator==(const User&) const = default;
};

// What a user is called: the name, else the id.
inline std::string display_name(const User& u) { return u.name.empty() ? u.id : u.name; }

}  // namespace crm::core
