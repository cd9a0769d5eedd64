// fuzz_validation.cpp: libFuzzer target for the shared write validation on arbitrary JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/model/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nlohmann::json body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) return 0;
    auto create = crm::core::validate_account_write(body, crm::core::WriteMode::Create);
    auto patch = crm::core::validate_account_write(body, crm::core::WriteMode::Patch);
    if (patch.size() > create.size()) __builtin_trap();   // a patch is never stricter than a create
    nlohmann::json drf = crm::core::field_errors_to_drf(create);
    if (!drf.is_object()) __builtin_trap();
    return 0;
}
