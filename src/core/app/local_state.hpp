// local_state.hpp: the state of the CSV export and of local mode (a local copy of every matching
// account, shown as one client-sorted table). Pure data: no I/O, no ImGui.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/api/accounts_api.hpp"
#include "core/app/local_store.hpp"
#include "core/app/page_walk.hpp"
#include "core/util/result.hpp"

namespace crm::core {

inline constexpr int64_t kLocalCap = 100000;          // local mode keeps at most this many accounts
inline constexpr int64_t kExportCap = 200000;         // an export writes at most this many
inline constexpr int kLocalPageSizes[] = {0, 100, 1000, 10000};   // client-side pages; 0 = one scroll

struct LocalState {
    bool active = false;              // the local table replaces the server-paged list
    PageWalk walk;                    // the load in progress (first load or refresh)
    LocalStore store;                 // the copy; kept while a refresh loads
    bool loaded = false;              // store holds a complete copy of `source`
    AccountQuery source;              // filters, search and ordering of the copy (page 1)
    int64_t loaded_unix = 0;          // wall clock when the copy completed (0 = unknown)
    int64_t matched = 0;              // the API's count when loaded (may exceed the cap)
    bool capped = false;              // matched > cap: only the first `cap` accounts are local
    int64_t cap = kLocalCap;
    std::optional<Error> error;       // the last load's failure (shown with retry)
    int page_size = 0;                // client-side page; 0 = every row in one scroll
    int page = 1;
    size_t users_synced = static_cast<size_t>(-1);   // users given to the store (names for Assigned)
};

struct ExportState {
    PageWalk walk;                    // running while an export collects pages
    std::optional<Error> error;       // the last export's failure
    std::string last_file;            // name of the last file produced
    int64_t last_rows = -1;           // accounts in it (-1 = none yet)
    size_t last_bytes = 0;
    bool last_capped = false;         // more matched than kExportCap
    int64_t cap = kExportCap;
};

}  // namespace crm::core
