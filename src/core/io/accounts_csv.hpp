// accounts_csv.hpp: the accounts list as a CSV file (the list's columns, a header row, ids kept).
// Pure: no I/O; the platform layer downloads the bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/account.hpp"
#include "core/model/contact.hpp"

namespace crm::core {

// The header row: the field registry's CSV columns (core/model/account_fields.hpp), today Id, Name,
// Website, Industry, Company size, Stage, Assigned to, Assigned to id, Contacts, Open opportunities,
// Updated at.
std::vector<std::string> accounts_csv_header();
// One account's cells in the header's order. "Assigned to" is the user's name when `users` knows the
// id (else the id); stage is the wire value; counts are decimal or empty when unknown.
std::vector<std::string> accounts_csv_cells(const Account& a, const std::vector<User>& users);
// The whole file: UTF-8 BOM, header, one CRLF-terminated record per account (csv_writer's quoting).
std::string accounts_csv(const std::vector<Account>& accounts, const std::vector<User>& users);
// "accounts-YYYY-MM-DD-HHMM.csv" (UTC) for a Unix time; "accounts.csv" when unknown (0).
std::string accounts_csv_file_name(int64_t now_unix);

}  // namespace crm::core
