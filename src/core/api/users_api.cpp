// users_api.cpp: REST <-> model mapping for /api/users/. Pure: no I/O, no ImGui.
#include "core/api/users_api.hpp"

#include "core/model/account_json.hpp"
#include "core/model/contact_json.hpp"

namespace crm::core {

HttpRequest make_user_directory_request(const ApiConfig& config) {
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(config.base_url, "/api/users/");
    r.timeout_ms = config.timeout_ms;
    r.headers.emplace_back("Accept", "application/json");
    if (!config.token.empty()) r.headers.emplace_back("Authorization", "Bearer " + config.token);
    return r;
}

Result<std::vector<User>> parse_user_directory_response(const HttpResponse& r) {
    if (r.status < 200 || r.status > 299) return error_from_response(r);
    if (auto big = refuse_oversized(r)) return *big;
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return make_error("api.bad_json", "The server sent a response that is not JSON.", r.status);
    Result<std::vector<User>> users = users_from_json(body);   // shared with the server (contact_json)
    if (!users) {
        Error e = users.error();
        e.http_status = r.status;
        return e;
    }
    return users;
}

}  // namespace crm::core
