// fuzz_route.cpp: libFuzzer target for the URL hash parser; a parsed route must round-trip.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/app/route.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view hash(reinterpret_cast<const char*>(data), size);
    crm::core::Route r = crm::core::parse_hash(hash);
    if (r.query.page < 1 || r.query.limit < 1 || r.query.limit > crm::core::kMaxPageSize) __builtin_trap();
    crm::core::Route again = crm::core::parse_hash(crm::core::route_to_hash(r));
    if (!(again == r)) __builtin_trap();
    return 0;
}
