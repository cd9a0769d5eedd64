// contacts_check.hpp: checks a contacts page against the account it was asked for (paging links that
// name another account, a total that disagrees with the account's contactCount) and drops repeated
// contact ids. Pure: no I/O, no ImGui; never throws.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/api/account_records_api.hpp"
#include "core/util/result.hpp"

namespace crm::core {

std::optional<Error> check_contacts_page(const ContactsPage& page, const std::string& account_id,
                                         std::optional<int64_t> expected_count, bool first_page);
        // a next/previous link to another account's contacts -> api.id_mismatch; on the first page, a
        // count that differs from expected_count (the loaded account's contactCount) -> api.contacts_mismatch
size_t drop_repeated_contacts(std::vector<Contact>& incoming, const std::vector<Contact>& loaded);
        // removes contacts whose id is already loaded or repeated in `incoming` (first copy wins); returns how many

}  // namespace crm::core
