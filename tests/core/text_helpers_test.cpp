// text_helpers_test.cpp: the shared small text helpers (trim, ASCII lowering, plurals, the website's scheme).
#include <doctest/doctest.h>

#include "core/util/text.hpp"
#include "core/util/url.hpp"

using namespace crm::core;

TEST_CASE("trim strips spaces, tabs, CR and LF at both ends only") {
    CHECK(trim("  a b \t\r\n") == "a b");
    CHECK(trim(" \t ").empty());
    CHECK(trim("") == "");
    CHECK(trim("\xC2\xA0x") == "\xC2\xA0x");   // a no-break space is text, as in DRF
}

TEST_CASE("ascii_lower folds A-Z only") {
    CHECK(ascii_lower("GZip, BR") == "gzip, br");
    CHECK(ascii_lower("\xC3\x84rzte") == "\xC3\x84rzte");   // "Ärzte": NOCASE leaves Ä alone
}

TEST_CASE("plural: one, many, irregular, thousands") {
    CHECK(plural(1, "contact") == "1 contact");
    CHECK(plural(0, "contact") == "0 contacts");
    CHECK(plural(2, "opportunity", "opportunities") == "2 opportunities");
    CHECK(plural(1, "opportunity", "opportunities") == "1 opportunity");
    CHECK(plural(1234567, "account") == "1,234,567 accounts");
}

TEST_CASE("without_http_scheme drops http:// or https:// in any case, nothing else") {
    CHECK(without_http_scheme("https://acme.example/x") == "acme.example/x");
    CHECK(without_http_scheme("HTTP://acme.example") == "acme.example");
    CHECK(without_http_scheme("ftp://acme.example") == "ftp://acme.example");
    CHECK(without_http_scheme("https:/x") == "https:/x");
    CHECK(without_http_scheme("http://") == "");
    CHECK(without_http_scheme("") == "");
}
