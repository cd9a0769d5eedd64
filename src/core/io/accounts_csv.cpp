// accounts_csv.cpp: accounts -> CSV records. Pure: no I/O.
#include "core/io/accounts_csv.hpp"

#include <cstdio>
#include <unordered_map>

#include "core/io/csv_writer.hpp"

namespace crm::core {

namespace {

using UserNames = std::unordered_map<std::string, const std::string*>;

struct CsvColumn {
    const char* header;
    std::string (*cell)(const Account&, const UserNames&);
};

std::string count_text(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

std::string assigned_name(const Account& a, const UserNames& names) {
    auto it = names.find(a.assigned_to);
    return it != names.end() && !it->second->empty() ? *it->second : a.assigned_to;
}

// The list's columns, in its order, plus the ids (a table: the header and the cell come together).
const CsvColumn kCsvColumns[] = {
    {"Id", [](const Account& a, const UserNames&) { return a.id; }},
    {"Name", [](const Account& a, const UserNames&) { return a.name; }},
    {"Website", [](const Account& a, const UserNames&) { return a.website; }},
    {"Industry", [](const Account& a, const UserNames&) { return a.industry; }},
    {"Company size", [](const Account& a, const UserNames&) { return a.company_size; }},
    {"Stage", [](const Account& a, const UserNames&) { return a.stage; }},
    {"Assigned to", assigned_name},
    {"Assigned to id", [](const Account& a, const UserNames&) { return a.assigned_to; }},
    {"Contacts", [](const Account& a, const UserNames&) { return count_text(a.contact_count); }},
    {"Open opportunities", [](const Account& a, const UserNames&) { return count_text(a.open_opportunity_count); }},
    {"Updated at", [](const Account& a, const UserNames&) { return a.updated_at; }},
};

UserNames index_users(const std::vector<User>& users) {
    UserNames names;
    for (const User& u : users) names.emplace(u.id, &u.name);
    return names;
}

std::vector<std::string> cells(const Account& a, const UserNames& names) {
    std::vector<std::string> out;
    out.reserve(std::size(kCsvColumns));
    for (const CsvColumn& c : kCsvColumns) out.push_back(c.cell(a, names));
    return out;
}

}  // namespace

std::vector<std::string> accounts_csv_header() {
    std::vector<std::string> out;
    for (const CsvColumn& c : kCsvColumns) out.emplace_back(c.header);
    return out;
}

std::vector<std::string> accounts_csv_cells(const Account& a, const std::vector<User>& users) {
    return cells(a, index_users(users));
}

std::string accounts_csv(const std::vector<Account>& accounts, const std::vector<User>& users) {
    const UserNames names = index_users(users);
    CsvWriter w;
    w.row(accounts_csv_header());
    for (const Account& a : accounts) w.row(cells(a, names));
    return w.take();
}

std::string accounts_csv_file_name(int64_t now_unix) {
    if (now_unix <= 0) return "accounts.csv";
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const int64_t days = now_unix / 86400;
    const int64_t secs = now_unix % 86400;
    const int64_t z = days + 719468;
    const int64_t era = z / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[64];
    std::snprintf(buf, sizeof buf, "accounts-%04lld-%02lld-%02lld-%02lld%02lld.csv", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs % 3600 / 60));
    return buf;
}

}  // namespace crm::core
