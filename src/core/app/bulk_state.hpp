// bulk_state.hpp: the state of the list's multi-row selection and of the bulk actions (change stage,
// delete) run over it with limited concurrency. Pure data: no I/O, no ImGui.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/app/page_walk.hpp"
#include "core/util/result.hpp"

namespace crm::core {

inline constexpr size_t kBulkConcurrency = 4;         // bulk requests in flight at once
inline constexpr int64_t kSelectAllCap = 100000;      // "select all N matching" collects at most this many ids

struct SelectionState {
    std::map<std::string, std::string> ids;   // selected account id -> name (names feed the results table)
    std::string anchor_id;                    // Shift+click extends from here ("" = none)
    std::string filter_key;                   // the filters it was made under: other filters clear it
    bool all_matching = false;                // every account matching the filters is selected
    PageWalk walk;                            // "select all N matching": every page of the filters (page_walk.hpp)
    std::optional<Error> error;               // the last "select all matching" failure
};

enum class BulkAction { ChangeStage, Delete };
enum class BulkPhase { Idle, Confirm, Running, Done };   // Done also after Cancel

struct BulkFailure {
    std::string id;
    std::string name;                         // "" when not known
    Error error;                              // message as shown in the results table
};

struct BulkState {
    BulkPhase phase = BulkPhase::Idle;
    BulkAction action = BulkAction::ChangeStage;
    std::string stage;                        // ChangeStage: the new stage's wire value
    std::vector<std::string> ids;             // this run's accounts, in order
    std::map<std::string, std::string> names; // id -> name
    size_t next = 0;                          // ids[next] is the next to send
    std::map<uint64_t, std::string> in_flight;   // seq -> id; never more than kBulkConcurrency
    size_t max_in_flight = 0;                 // the most seen at once during the run
    int64_t succeeded = 0;
    std::vector<BulkFailure> failures;
    bool cancelled = false;                   // nothing more is sent; in-flight requests still count
    bool signed_out = false;                  // a 401 stopped the run (unsent ids became failures)
    int attempt = 1;                          // 2, 3... after "Retry failed"
    double started_ms = 0;                    // clock_ms at the start and at the end of the run
    double finished_ms = 0;
};

}  // namespace crm::core
