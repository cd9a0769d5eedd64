// accounts_csv.cpp: accounts -> CSV records. Pure: no I/O.
#include "core/io/accounts_csv.hpp"

#include <cstdio>

#include "core/io/csv_writer.hpp"
#include "core/model/account_fields.hpp"

namespace crm::core {

namespace {

// The registry's CSV columns, in its order: a field's text column (people's reading) before its raw one.
struct CsvColumn {
    const AccountField* field;
    bool text;   // the text people read (e.g. the user's name) rather than the raw value
};

const std::vector<CsvColumn>& csv_columns() {
    static const std::vector<CsvColumn> columns = [] {
        std::vector<CsvColumn> v;
        for (const AccountField& f : account_fields()) {
            if (f.csv_text_header) v.push_back({&f, true});
            if (f.csv_header) v.push_back({&f, false});
        }
        return v;
    }();
    return columns;
}

std::vector<std::string> cells(const Account& a, const UserNames& users) {
    std::vector<std::string> out;
    out.reserve(csv_columns().size());
    for (const CsvColumn& c : csv_columns()) out.push_back(c.text ? c.field->text(a, users, 0) : raw_text(*c.field, a));
    return out;
}

}  // namespace

std::vector<std::string> accounts_csv_header() {
    std::vector<std::string> out;
    for (const CsvColumn& c : csv_columns()) out.emplace_back(c.text ? c.field->csv_text_header : c.field->csv_header);
    return out;
}

std::vector<std::string> accounts_csv_cells(const Account& a, const std::vector<User>& users) {
    return cells(a, UserNames(users));
}

std::string accounts_csv(const std::vector<Account>& accounts, const std::vector<User>& users) {
    const UserNames names(users);
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
