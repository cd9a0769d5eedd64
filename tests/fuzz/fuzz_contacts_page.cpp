// fuzz_contacts_page.cpp: libFuzzer target for the contacts page parser (both forms; status byte + body).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/account_records_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    crm::core::HttpResponse r;
    r.status = size > 0 && data[0] < 16 ? 200 + data[0] * 20 : 200;   // mostly 200, sometimes errors
    if (size > 0) r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto page = crm::core::parse_contacts_response(r);
    if (page.ok()) {
        for (const auto& c : page.value().results) {
            if (c.id.empty()) __builtin_trap();   // items without an id are skipped, never kept
        }
    } else if (page.error().code.empty() || page.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
