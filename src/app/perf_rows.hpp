// perf_rows.hpp: the key of the rows on screen, for the "rows drawn" performance mark. Reads the
// model only; never changes it.
#pragma once
#include <cstdint>

#include "core/app/model.hpp"

namespace crm::app {

// FNV-1a over the ids of the rows shown and the total count; 0 when no rows are shown.
inline uint64_t perf_rows_key(const core::AppModel& model) {
    const auto& rows = model.list.page.results;
    if (model.auth != core::AuthStatus::SignedIn || rows.empty()) return 0;
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](unsigned char c) { h = (h ^ c) * 1099511628211ULL; };
    for (const auto& a : rows) {
        for (char c : a.id) mix(static_cast<unsigned char>(c));
        mix('\n');
    }
    for (int64_t n = model.list.page.count; n > 0; n /= 10) mix(static_cast<unsigned char>('0' + n % 10));
    return h == 0 ? 1 : h;
}

}  // namespace crm::app
