// fuzz_error_body.cpp: libFuzzer target for error bodies (DRF field errors, detail, HTML pages).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/accounts_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    crm::core::HttpResponse r;
    r.status = size > 0 ? 400 + data[0] % 200 : 500;
    if (size > 0) r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    crm::core::Error e = crm::core::error_from_response(r);
    if (e.code.empty() || e.message.empty() || e.http_status != r.status) __builtin_trap();
    return 0;
}
