// fuzz_ndjson_stream.cpp: libFuzzer target for the export stream's line reader (NdjsonStream). The first
// byte chooses the chunk size; the rest is the body, fed in chunks and read in slices.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/api/ndjson_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t step = 1 + data[0] % 64;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    crm::core::NdjsonStream s;
    std::vector<nlohmann::json> items;
    for (size_t i = 0; i < body.size(); i += step) {
        s.feed(body.substr(i, step));
        s.take(items, 3);
    }
    s.close();
    while (s.has_lines()) s.take(items, 3);
    using State = crm::core::NdjsonStream::State;
    if (s.state() == State::Reading) __builtin_trap();                       // closed: always decided
    if (static_cast<int64_t>(items.size()) != s.items()) __builtin_trap();   // every item handed out
    for (const auto& j : items) {
        if (!j.is_object()) __builtin_trap();                                 // items are objects
    }
    if (s.state() == State::Ended && s.end_count() != s.items()) __builtin_trap();
    if (s.state() == State::Failed && (!s.error() || s.error()->code.empty() || s.error()->message.empty()))
        __builtin_trap();
    return 0;
}
