// csv_writer_test.cpp: CSV escaping (quotes, newlines, commas, formula prefixes, non-ASCII), the
// reader's round trip, and the accounts file (header, columns, user names, file name).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/io/accounts_csv.hpp"
#include "core/io/csv_writer.hpp"

using namespace crm::core;

TEST_CASE("csv cell: plain text as is; comma, quote, CR and LF quoted with quotes doubled") {
    CHECK(csv_cell("Acme") == "Acme");
    CHECK(csv_cell("") == "");
    CHECK(csv_cell("Acme, Inc.") == "\"Acme, Inc.\"");
    CHECK(csv_cell("The \"Best\" Co") == "\"The \"\"Best\"\" Co\"");
    CHECK(csv_cell("\"") == "\"\"\"\"");
    CHECK(csv_cell("line1\nline2") == "\"line1\nline2\"");
    CHECK(csv_cell("line1\r\nline2") == "\"line1\r\nline2\"");
    CHECK(csv_cell("a'b") == "a'b");
    CHECK(csv_cell("it's") == "it's");
}

TEST_CASE("csv cell: formula prefixes = + - @ TAB CR get a leading ' and quotes") {
    CHECK(csv_cell("=HYPERLINK(\"http://evil\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    CHECK(csv_cell("+1 555 0100") == "\"'+1 555 0100\"");
    CHECK(csv_cell("-2+3") == "\"'-2+3\"");
    CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_cell("\t=1") == "\"'\t=1\"");
    CHECK(csv_cell("\r=1") == "\"'\r=1\"");
    CHECK(csv_needs_formula_guard("=1"));
    CHECK_FALSE(csv_needs_formula_guard("a=1"));
    CHECK_FALSE(csv_needs_formula_guard(""));
    CHECK_FALSE(csv_needs_formula_guard(" =1"));
}

TEST_CASE("csv cell: non-ASCII UTF-8 passes through byte for byte") {
    CHECK(csv_cell("Müller GmbH") == "Müller GmbH");
    CHECK(csv_cell("東京, 日本") == "\"東京, 日本\"");
    CHECK(csv_cell("Σοφία \"ΑΕ\"") == "\"Σοφία \"\"ΑΕ\"\"\"");
    CHECK(csv_cell("😀") == "😀");
}

TEST_CASE("csv writer: BOM once, CRLF after every record, and the reader gives the cells back") {
    CsvWriter w;
    w.row({"a", "b,c", "d\"e"});
    w.row({"", "x\ny", "=1"});
    const std::string& s = w.bytes();
    CHECK(s == "\xEF\xBB\xBF" "a,\"b,c\",\"d\"\"e\"\r\n,\"x\ny\",\"'=1\"\r\n");
    auto back = csv_parse(s);
    REQUIRE(back.has_value());
    CHECK(*back == std::vector<std::vector<std::string>>{{"a", "b,c", "d\"e"}, {"", "x\ny", "'=1"}});
    CsvWriter no_bom(false);
    no_bom.row({"x"});
    CHECK(no_bom.bytes() == "x\r\n");
}

TEST_CASE("csv reader: malformed quoting is refused; LF line ends and no final line end are accepted") {
    CHECK_FALSE(csv_parse("\"abc").has_value());
    CHECK_FALSE(csv_parse("\"a\"b,c").has_value());
    CHECK_FALSE(csv_parse("a\"b").has_value());
    CHECK_FALSE(csv_parse("a\rb").has_value());
    auto lf = csv_parse("a,b\nc,");
    REQUIRE(lf.has_value());
    CHECK(*lf == std::vector<std::vector<std::string>>{{"a", "b"}, {"c", ""}});
}

TEST_CASE("accounts csv: header, the list's columns, user names when known, ids kept") {
    Account a;
    a.id = "acc-1";
    a.name = "=cmd|' /C calc'!A0";
    a.website = "https://acme.test";
    a.industry = "Manufacturing";
    a.company_size = "51-200";
    a.stage = "customer";
    a.assigned_to = "u1";
    a.contact_count = 3;
    a.open_opportunity_count = 0;
    a.updated_at = "2026-11-26T14:02:00Z";
    Account b;
    b.id = "acc-2";
    b.name = "Müller, \"Söhne\"";
    b.assigned_to = "u-unknown";
    const std::vector<User> users = {{"u1", "Ada Lovelace", "ada@x.test"}};
    const std::string csv = accounts_csv({a, b}, users);
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    auto rows = csv_parse(csv);
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == 3);
    CHECK((*rows)[0] == std::vector<std::string>{"Id", "Name", "Website", "Industry", "Company size", "Stage",
                                                 "Assigned to", "Assigned to id", "Contacts", "Open opportunities",
                                                 "Updated at", "Annual revenue"});
    CHECK((*rows)[1] == std::vector<std::string>{"acc-1", "'=cmd|' /C calc'!A0", "https://acme.test", "Manufacturing",
                                                 "51-200", "customer", "Ada Lovelace", "u1", "3", "0",
                                                 "2026-11-26T14:02:00Z", ""});
    CHECK((*rows)[2] == std::vector<std::string>{"acc-2", "Müller, \"Söhne\"", "", "", "", "", "u-unknown", "u-unknown",
                                                 "", "", "", ""});
    CHECK(accounts_csv_cells(a, {})[6] == "u1");   // no directory: the id
    CHECK(accounts_csv({}, {}) == std::string("\xEF\xBB\xBF") + "Id,Name,Website,Industry,Company size,Stage,"
                                      "Assigned to,Assigned to id,Contacts,Open opportunities,Updated at,Annual revenue\r\n");
}

TEST_CASE("accounts csv: file name from the UTC time") {
    CHECK(accounts_csv_file_name(0) == "accounts.csv");
    CHECK(accounts_csv_file_name(1795701720) == "accounts-2026-11-26-1402.csv");   // 2026-11-26T14:02:00Z
    CHECK(accounts_csv_file_name(951782400) == "accounts-2000-02-29-0000.csv");
}
