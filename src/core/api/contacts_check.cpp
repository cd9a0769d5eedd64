// contacts_check.cpp: a contacts page is checked against the account it was asked for before it is
// shown. Pure: no I/O, no ImGui.
#include "core/api/contacts_check.hpp"

#include "core/util/text.hpp"

#include <set>

#include "core/util/url.hpp"

namespace crm::core {

namespace {

// The account id a paging link names ("…/api/accounts/<id>/contacts/?page=2"), decoded; nullopt if none.
std::optional<std::string> linked_account(const std::string& link) {
    static const std::string kPrefix = "/api/accounts/";
    const size_t at = link.find(kPrefix);
    if (at == std::string::npos) return std::nullopt;
    const size_t start = at + kPrefix.size();
    const size_t end = link.find('/', start);
    if (end == std::string::npos || link.compare(end, 10, "/contacts/") != 0) return std::nullopt;
    return url_decode(std::string_view(link).substr(start, end - start));
}

}  // namespace

std::optional<Error> check_contacts_page(const ContactsPage& page, const std::string& account_id,
                                         std::optional<int64_t> expected_count, bool first_page) {
    for (const std::string* link : {&page.next, &page.previous}) {
        const std::optional<std::string> other = linked_account(*link);
        if (other && *other != account_id) {
            return make_error("api.id_mismatch",
                              "The server answered with another account's contacts; they were not shown.");
        }
    }
    if (first_page && expected_count && *expected_count != page.count) {
        return make_error("api.contacts_mismatch",
                          "The server's contacts (" + std::to_string(page.count) + ") do not match this account (" +
                              plural(*expected_count, "contact") + "); they were not shown. Retry reloads both.");
    }
    return std::nullopt;
}

size_t drop_repeated_contacts(std::vector<Contact>& incoming, const std::vector<Contact>& loaded) {
    std::set<std::string> seen;
    for (const Contact& c : loaded) seen.insert(c.id);
    const size_t before = incoming.size();
    std::vector<Contact> kept;
    kept.reserve(incoming.size());
    for (Contact& c : incoming) {
        if (seen.insert(c.id).second) kept.push_back(std::move(c));
    }
    incoming = std::move(kept);
    return before - incoming.size();
}

}  // namespace crm::core
