// effects_probe.hpp: looks into the Effects an update() returned (tests of the core only). Must not
// change the model or send anything.
#pragma once
#include <doctest/doctest.h>

#include <variant>

#include "core/app/model.hpp"

namespace crm::core::test {

template <class T>
const T* find_effect(const Effects& fx) {   // the first effect of type T, or nullptr
    for (const auto& e : fx) {
        if (auto p = std::get_if<T>(&e)) return p;
    }
    return nullptr;
}

inline const SendRequest* find_request(const Effects& fx, RequestKind kind) {   // the first request of `kind`, or nullptr
    for (const auto& e : fx) {
        if (auto p = std::get_if<SendRequest>(&e); p && p->kind == kind) return p;
    }
    return nullptr;
}

inline uint64_t seq_of(const Effects& fx, RequestKind kind) {   // the seq of the first request of `kind`; fails the test if none
    const SendRequest* r = find_request(fx, kind);
    REQUIRE(r != nullptr);
    return r->seq;
}

}  // namespace crm::core::test
