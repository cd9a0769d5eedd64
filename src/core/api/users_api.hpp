// users_api.hpp: the list's user directory: request builder and parser for the /api/users/ extension
// (names for assignedTo, the assigned-user filter).
// Pure: no I/O, no ImGui. A server without the endpoint (404) is a normal case, not a failure.
#pragma once
#include <string>
#include <vector>

#include "core/api/accounts_api.hpp"
#include "core/api/http.hpp"
#include "core/model/contact.hpp"
#include "core/util/result.hpp"

namespace crm::core {

HttpRequest make_user_directory_request(const ApiConfig& config);     // GET <base>/api/users/
Result<std::vector<User>> parse_user_directory_response(const HttpResponse& r);
                                   // 404 -> api.http_404 (caller falls back); bad JSON -> api.bad_json;
                                   // no "results" array -> api.bad_shape; entries without a string id skipped

}  // namespace crm::core
