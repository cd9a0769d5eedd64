// fuzz_users_directory.cpp: libFuzzer target for the /api/users/ directory parser (status byte + body).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/users_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    crm::core::HttpResponse r;
    r.status = size > 0 && data[0] < 16 ? 200 + data[0] * 20 : 200;   // mostly 200, sometimes errors
    if (size > 0) r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto users = crm::core::parse_user_directory_response(r);
    if (users.ok()) {
        for (const auto& u : users.value()) {
            if (u.id.empty()) __builtin_trap();   // entries without an id are skipped
        }
    } else if (users.error().code.empty() || users.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
