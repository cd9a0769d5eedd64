// url_test.cpp: percent-encoding and query strings.
#include <doctest/doctest.h>

#include "core/util/url.hpp"

using namespace crm::core;

TEST_CASE("url_encode keeps unreserved characters and escapes the rest as UTF-8 bytes") {
    CHECK(url_encode("abc-XYZ_0.9~") == "abc-XYZ_0.9~");
    CHECK(url_encode("a b&c=d") == "a%20b%26c%3Dd");
    CHECK(url_encode("Müller") == "M%C3%BCller");
}

TEST_CASE("url_decode reverses url_encode and tolerates broken escapes") {
    CHECK(url_decode("M%C3%BCller") == "Müller");
    CHECK(url_decode("a+b") == "a b");
    CHECK(url_decode("100%") == "100%");
    CHECK(url_decode("%zz") == "%zz");
}

TEST_CASE("build_query and parse_query round-trip, keeping order") {
    QueryParams p{{"page", "2"}, {"search", "a&b c"}, {"stage", ""}};
    std::string q = build_query(p);
    CHECK(q == "page=2&search=a%26b%20c&stage=");
    CHECK(parse_query("?" + q) == p);
    CHECK(parse_query("").empty());
    CHECK(parse_query("flag") == QueryParams{{"flag", ""}});
}

TEST_CASE("url_origin keeps scheme, host and port; nothing for relative URLs; never credentials") {
    CHECK(url_origin("https://crm.example.com:8443/api/accounts/?page=2") == "https://crm.example.com:8443");
    CHECK(url_origin("http://127.0.0.1:9/api/") == "http://127.0.0.1:9");
    CHECK(url_origin("https://crm.example.com") == "https://crm.example.com");
    CHECK(url_origin("https://user:secret@crm.example.com/x") == "https://crm.example.com");
    CHECK(url_origin("/api/accounts/") == "");
    CHECK(url_origin("") == "");
    CHECK(url_origin("ftp://files.example.com/") == "");
    CHECK(url_origin("https:///nohost") == "");
}

TEST_CASE("join_url puts exactly one slash between base and path") {
    CHECK(join_url("", "/api/accounts/") == "/api/accounts/");
    CHECK(join_url("https://crm.example.com/", "/api/accounts/") == "https://crm.example.com/api/accounts/");
    CHECK(join_url("https://crm.example.com", "api/") == "https://crm.example.com/api/");
}
