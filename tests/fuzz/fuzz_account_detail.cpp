// fuzz_account_detail.cpp: libFuzzer target for the account detail parser (status byte + ETag + body).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/account_records_api.hpp"

// Input: [status byte][id length byte][id bytes][body...]. The id is the account the request asked for.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    crm::core::HttpResponse r;
    size_t pos = 0;
    r.status = size > 0 && data[0] < 16 ? 200 + data[0] * 20 : 200;   // mostly 200, sometimes errors
    if (size > 0) ++pos;
    size_t id_len = pos < size ? data[pos++] % 16 : 0;
    if (id_len > size - pos) id_len = size - pos;
    std::string expected(reinterpret_cast<const char*>(data) + pos, id_len);
    pos += id_len;
    r.body.assign(reinterpret_cast<const char*>(data) + pos, size - pos);
    r.headers.emplace_back("etag", "\"v1\"");

    auto any = crm::core::parse_account_response(r);
    if (any.ok()) {
        if (any.value().account.id.empty() || any.value().etag != "\"v1\"") __builtin_trap();
    } else if (any.error().code.empty() || any.error().message.empty()) {
        __builtin_trap();                        // every error has a code and a message
    }
    auto checked = crm::core::parse_account_response_for(r, expected);
    if (checked.ok() && checked.value().account.id != expected) __builtin_trap();   // never another account
    if (!checked.ok() && (checked.error().code.empty() || checked.error().message.empty())) __builtin_trap();
    return 0;
}
