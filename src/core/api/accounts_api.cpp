// accounts_api.cpp: REST <-> model mapping for /api/accounts/. Pure: no I/O, no ImGui.
#include "core/api/accounts_api.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/model/account_json.hpp"
#include "core/util/url.hpp"

namespace crm::core {

static Headers auth_headers(const ApiConfig& config) {
    Headers h;
    h.emplace_back("Accept", "application/json");
    if (!config.token.empty()) h.emplace_back("Authorization", "Bearer " + config.token);
    return h;
}

HttpRequest make_list_accounts_request(const ApiConfig& config, const AccountQuery& q) {
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(config.base_url, "/api/accounts/") + "?" + build_query(account_query_params(q));
    r.headers = auth_headers(config);
    r.timeout_ms = config.timeout_ms;
    return r;
}

HttpRequest make_export_stream_request(const ApiConfig& config, const AccountQuery& q) {
    QueryParams params;
    for (auto& [k, v] : account_query_params(q)) {
        if (k != "page" && k != "limit") params.emplace_back(std::move(k), std::move(v));
    }
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(config.base_url, "/api/accounts/export/");
    if (!params.empty()) r.url += "?" + build_query(params);
    r.headers = auth_headers(config);
    r.timeout_ms = 0;
    r.stream = true;
    return r;
}

// Flattens DRF field errors: {"billingAddress": {"country": ["x"]}} -> "billingAddress.country": ["x"].
static void collect_field_errors(const json& j, const std::string& prefix, Error& e) {
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end(); ++it) {
        std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it.key() == "detail" && prefix.empty()) continue;
        if (it->is_array()) {
            for (const auto& m : *it) {
                if (m.is_string()) e.field_errors[key].push_back(m.get<std::string>());
            }
        } else if (it->is_string()) {
            e.field_errors[key].push_back(it->get<std::string>());
        } else if (it->is_object()) {
            collect_field_errors(*it, key, e);
        }
    }
}

Error error_from_response(const HttpResponse& r) {
    if (r.status == 0) {
        std::string origin = url_origin(r.url);   // "" when the API is the page's own origin
        if (r.timed_out) {
            if (origin.empty()) return make_error("api.timeout", "The server did not answer in time.");
            return make_error("api.timeout", "The API at " + origin + " did not answer in time.");
        }
        if (origin.empty()) return make_error("api.network", "Cannot reach the API (network error or blocked by CORS).");
        return make_error("api.network", "Cannot reach the API at " + origin +
                                             " (offline, a wrong apiBaseUrl in config.json, or the API does not allow "
                                             "this site through CORS).");
    }
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    std::string detail = json_string(body, "detail");
    Error e;
    e.http_status = r.status;
    switch (r.status) {
        case 400: e.code = "api.validation"; break;
        case 401: e.code = "api.unauthorized"; break;
        case 403: e.code = "api.forbidden"; break;
        case 404: e.code = "api.http_404"; break;
        default: e.code = "api.http_" + std::to_string(r.status); break;
    }
    collect_field_errors(body, "", e);
    if (!detail.empty()) {
        e.message = detail;
    } else if (r.status == 401) {
        e.message = "Your token was not accepted. Sign in again.";
    } else if (r.status >= 500) {
        e.message = "The server failed (HTTP " + std::to_string(r.status) + "). Try again.";
    } else if (!e.field_errors.empty()) {
        e.message = "Some fields are not valid.";
    } else {
        e.message = "The server answered HTTP " + std::to_string(r.status) + ".";
    }
    return e;
}

std::optional<Error> refuse_oversized(const HttpResponse& r) {
    if (r.body.size() <= kMaxResponseBytes) return std::nullopt;
    const size_t tenths = r.body.size() * 10 / (1u << 20);
    return make_error("api.too_large", "The server sent a response of " + std::to_string(tenths / 10) + "." +
                                           std::to_string(tenths % 10) + " MB, far more than expected; it was not shown.",
                      r.status);
}

Result<Page<Account>> parse_list_accounts_response(const HttpResponse& r) {
    if (r.status < 200 || r.status > 299) return error_from_response(r);
    if (auto big = refuse_oversized(r)) return *big;
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return make_error("api.bad_json", "The server sent a response that is not JSON.", r.status);
    Result<Page<Account>> page = account_page_from_json(body);
    if (!page) {
        Error e = page.error();
        e.http_status = r.status;
        return e;
    }
    // A row id seen twice on one page is kept once (the first): rows are addressed by id.
    auto& rows = page.value().results;
    std::unordered_set<std::string> seen;
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const Account& a) { return !seen.insert(a.id).second; }),
               rows.end());
    return page;
}

}  // namespace crm::core
