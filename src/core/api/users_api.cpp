// users_api.cpp: REST <-> model mapping for /api/users/. Pure: no I/O, no ImGui.
#include "core/api/users_api.hpp"

#include "core/model/account_json.hpp"

namespace crm::core {

HttpRequest make_list_users_request(const ApiConfig& config) {
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(config.base_url, "/api/users/");
    r.headers.emplace_back("Accept", "application/json");
    if (!config.token.empty()) r.headers.emplace_back("Authorization", "Bearer " + config.token);
    return r;
}

Result<std::vector<User>> parse_list_users_response(const HttpResponse& r) {
    if (r.status < 200 || r.status > 299) return error_from_response(r);
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return make_error("api.bad_json", "The server sent a response that is not JSON.", r.status);
    // DRF page {count, results} or, tolerated, a bare array.
    const json* results = nullptr;
    if (body.is_array()) {
        results = &body;
    } else if (body.is_object()) {
        auto it = body.find("results");
        if (it != body.end() && it->is_array()) results = &*it;
    }
    if (!results) return make_error("api.bad_shape", "The users response has no \"results\" list.", r.status);
    std::vector<User> users;
    for (const json& u : *results) {
        if (!u.is_object()) continue;
        User user{json_string(u, "id"), json_string(u, "name"), json_string(u, "email")};
        if (user.id.empty()) continue;
        users.push_back(std::move(user));
    }
    return users;
}

}  // namespace crm::core
