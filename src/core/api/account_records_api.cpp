// account_records_api.cpp: REST <-> model mapping for one account and its contacts.
// Pure: no I/O, no ImGui; only non-throwing JSON accessors.
#include "core/api/account_records_api.hpp"

#include "core/model/account_json.hpp"
#include "core/model/contact_json.hpp"
#include "core/util/url.hpp"

namespace crm::core {

namespace {

Headers base_headers(const ApiConfig& c) {
    Headers h;
    h.emplace_back("Accept", "application/json");
    if (!c.token.empty()) h.emplace_back("Authorization", "Bearer " + c.token);
    return h;
}

HttpRequest request(const char* method, std::string url, const ApiConfig& c) {
    HttpRequest r;
    r.method = method;
    r.url = std::move(url);
    r.headers = base_headers(c);
    r.timeout_ms = c.timeout_ms;
    return r;
}

// The platform's HTTP clients send any body as Content-Type: application/json (adding it here too
// would send the header twice, which the server rejects with 415).
void set_json_body(HttpRequest& r, const nlohmann::json& body) { r.body = body.dump(); }

Result<json> parse_body(const HttpResponse& r) {
    if (r.status < 200 || r.status > 299) return error_from_response(r);
    if (auto big = refuse_oversized(r)) return *big;
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return make_error("api.bad_json", "The server sent a response that is not JSON.", r.status);
    return body;
}

}  // namespace

std::string account_path(const std::string& base_url, const std::string& id) {
    return join_url(base_url, "/api/accounts/" + url_encode(id) + "/");
}

HttpRequest make_get_account_request(const ApiConfig& c, const std::string& id) {
    return request("GET", account_path(c.base_url, id), c);
}

HttpRequest make_create_account_request(const ApiConfig& c, const nlohmann::json& body) {
    HttpRequest r = request("POST", join_url(c.base_url, "/api/accounts/"), c);
    set_json_body(r, body);
    return r;
}

HttpRequest make_patch_account_request(const ApiConfig& c, const std::string& id, const nlohmann::json& body,
                                       const std::string& if_match) {
    HttpRequest r = request("PATCH", account_path(c.base_url, id), c);
    if (!if_match.empty()) r.headers.emplace_back("If-Match", if_match);
    set_json_body(r, body);
    return r;
}

HttpRequest make_delete_account_request(const ApiConfig& c, const std::string& id, const std::string& if_match) {
    HttpRequest r = request("DELETE", account_path(c.base_url, id), c);
    if (!if_match.empty()) r.headers.emplace_back("If-Match", if_match);
    return r;
}

HttpRequest make_list_contacts_request(const ApiConfig& c, const std::string& id, int page) {
    QueryParams q{{"page", std::to_string(page < 1 ? 1 : page)}, {"limit", std::to_string(kContactsPageSize)}};
    return request("GET", account_path(c.base_url, id) + "contacts/?" + build_query(q), c);
}

Result<AccountDetail> parse_account_response(const HttpResponse& r) {
    Result<json> body = parse_body(r);
    if (!body) return body.error();
    Result<Account> a = account_from_json(body.value());
    if (!a) {
        Error e = a.error();
        e.http_status = r.status;
        return e;
    }
    return AccountDetail{std::move(a.value()), find_header(r.headers, "etag")};
}

Result<AccountDetail> parse_account_response_for(const HttpResponse& r, const std::string& expected_id) {
    Result<AccountDetail> d = parse_account_response(r);
    if (!d || d.value().account.id == expected_id) return d;
    return make_error("api.id_mismatch",
                      "The server answered with a different account than the one requested; it was not shown.", r.status);
}

Result<ContactsPage> parse_contacts_response(const HttpResponse& r) {
    Result<json> body = parse_body(r);
    if (!body) return body.error();
    const json& j = body.value();
    const json* results = nullptr;
    if (j.is_array()) {
        results = &j;
    } else if (j.is_object()) {
        auto it = j.find("results");
        if (it != j.end() && it->is_array()) results = &*it;
    }
    if (!results) return make_error("api.bad_shape", "The contacts response has no \"results\" array.", r.status);
    ContactsPage page;
    for (const auto& item : *results) {
        Result<Contact> c = contact_from_json(item);
        if (c) page.results.push_back(std::move(c.value()));   // tolerant: an item without id is skipped
    }
    read_page_links(j, page);
    return page;
}

Result<bool> parse_delete_response(const HttpResponse& r) {
    if (r.status >= 200 && r.status <= 299) return true;
    return error_from_response(r);
}

}  // namespace crm::core
