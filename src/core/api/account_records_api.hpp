// account_records_api.hpp: request builders and response parsers for one account (detail, create,
// patch, delete) and its contacts (users: users_api.hpp). Pure: no I/O, no ImGui, never throws.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/accounts_api.hpp"
#include "core/api/http.hpp"
#include "core/model/account.hpp"
#include "core/model/contact.hpp"
#include "core/util/result.hpp"

namespace crm::core {

// A detail response: the account and its version tag (the ETag header; "" when the server has none).
struct AccountDetail {
    Account account;
    std::string etag;
};

// A contacts response in either form: {count, results} or a DRF page with next/previous.
struct ContactsPage {
    int64_t count = 0;
    std::string next;              // "" when there is no further page (or the form is unpaginated)
    std::string previous;          // "" on the first page (or the form is unpaginated)
    std::vector<Contact> results;
};

inline constexpr int kContactsPageSize = 50;

std::string account_path(const std::string& base_url, const std::string& id);       // .../api/accounts/<enc id>/
HttpRequest make_get_account_request(const ApiConfig& c, const std::string& id);
HttpRequest make_create_account_request(const ApiConfig& c, const nlohmann::json& body);
HttpRequest make_patch_account_request(const ApiConfig& c, const std::string& id, const nlohmann::json& body,
                                       const std::string& if_match);                 // "" -> no If-Match
HttpRequest make_delete_account_request(const ApiConfig& c, const std::string& id, const std::string& if_match);
HttpRequest make_list_contacts_request(const ApiConfig& c, const std::string& id, int page);  // page 1-based

Result<AccountDetail> parse_account_response(const HttpResponse& r);    // 200/201 detail object; else error
// The same, for a request about `expected_id`: a body describing another account is refused with
// api.id_mismatch, so one account's data is never shown (or edited) in place of another's.
Result<AccountDetail> parse_account_response_for(const HttpResponse& r, const std::string& expected_id);
Result<ContactsPage> parse_contacts_response(const HttpResponse& r);    // both forms; else error
Result<bool> parse_delete_response(const HttpResponse& r);              // 204/200 -> true; 404 -> error api.http_404

}  // namespace crm::core
