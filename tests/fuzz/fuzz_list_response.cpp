// fuzz_list_response.cpp: libFuzzer target for the list response parser (status byte + body).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/accounts_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    crm::core::HttpResponse r;
    r.status = size > 0 && data[0] < 16 ? 200 + data[0] * 20 : 200;   // mostly 200, sometimes errors
    if (size > 0) r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto page = crm::core::parse_list_accounts_response(r);
    if (page.ok()) {
        for (const auto& a : page.value().results) {
            if (a.id.empty()) __builtin_trap();   // the parser promises a non-empty id
        }
    } else if (page.error().code.empty() || page.error().message.empty()) {
        __builtin_trap();                        // every error has a code and a message
    }
    return 0;
}
