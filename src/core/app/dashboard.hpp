// dashboard.hpp: the dashboard's data (cache, requests in flight, the facets probe) and the charts
// built from it. Pure: no I/O, no ImGui, no clock.
//
// Every number on the dashboard is one answer of one request, named by a key:
//   - with the facets extension: a facets request (fields + filters; core/api/facets_api.hpp);
//   - without it (the probe answered 404/405): a `limit=1` list request's `count` (filters only),
//     plus one sample page (the 100 most recently updated accounts) that names the industries (and,
//     without /api/users/, the owners) to count.
// build_dashboard() computes the charts from the answers it finds and lists the requests it misses
// (plan_dashboard()); the same function draws and plans, so they cannot disagree.
//
// A chart of a filtered field ignores its own filter (the stage funnel while stage=customer is set
// shows every stage, customer highlighted); every other chart applies all filters.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/api/facets_api.hpp"
#include "core/model/account.hpp"

namespace crm::core {

struct AppModel;

inline constexpr int kDashMaxInFlight = 6;     // requests in flight at once
inline constexpr size_t kDashTopN = 12;        // bars before "Other"
inline constexpr int kDashMonths = 24;         // created per month: the last 24 months
inline constexpr int kDashRecent = 10;         // recently updated accounts
inline constexpr int kDashSample = 100;        // fallback: accounts sampled for industries / owners
inline constexpr const char* kOtherKey = "\x01other";   // the "Other" row's key (no value can be it)

enum class FacetsApi { Unknown, Probing, Present, Absent };
const char* to_string(FacetsApi a);

enum class DashNeedKind { Count, Facets, Page };

// One request the dashboard needs: its key (what its answer is cached under) and what to send.
struct DashNeed {
    DashNeedKind kind = DashNeedKind::Count;
    std::string key;
    AccountQuery query;                 // filters (Count, Facets); the whole page query (Page)
    std::vector<std::string> fields;    // Facets only
    bool operator==(const DashNeed&) const = default;
};

struct DashInFlight {
    std::string key;
    uint64_t generation = 0;
    DashNeedKind kind = DashNeedKind::Count;
};

struct DashboardState {
    FacetsApi facets_api = FacetsApi::Unknown;
    std::string probed_base;                      // the API base the probe's answer is for
    uint64_t probe_seq = 0;                       // the probe in flight (0 = none)
    std::map<std::string, int64_t> counts;        // fallback counts by key
    std::map<std::string, FacetResult> facets;    // facets answers by key
    std::map<std::string, Page<Account>> pages;   // sample and recent pages by key
    std::map<std::string, uint64_t> answered_gen; // key -> generation of its answer (older: shown, asked again)
    std::map<std::string, Error> failed;          // keys whose request failed (asked again on Refresh)
    std::map<uint64_t, DashInFlight> in_flight;   // seq -> key; answers of an older generation are dropped
    uint64_t generation = 1;                      // bumped by every invalidation (edits, Refresh)
    std::string shown_key;                        // the filter set the charts show (filters only)
    double updated_ms = 0;                        // clock when the shown filter set's last answer came
    int requests_sent = 0;                        // since start (the fallback's cost, for the model dump)
};

// ---- What the view draws ---------------------------------------------------------------------------
struct ChartRow {
    std::string key;                       // the value ("" = none), or kOtherKey
    std::string label;                     // shown
    std::optional<int64_t> count;          // nullopt: not known yet
    int share = 0;                         // whole percent of the chart's total; the rows sum to 100
    std::array<int64_t, 5> by_stage{};     // assigned-user chart: the row's count per stage (kStages order)
    bool has_stages = false;               // by_stage known for every stage
    bool selected = false;                 // the filter is set to this row
};

struct Chart {
    std::string id;                        // "stage", "industry", "size", "assigned", "month"
    std::string title;
    const char* filter = nullptr;          // the list filter a click sets (kAccountFilters' param), or none
    std::vector<ChartRow> rows;
    int64_t total = 0;                     // sum of the known rows
    int missing = 0;                       // rows whose count is not known yet
    std::string unavailable;               // non-empty: why the chart cannot be drawn ("needs the facets extension")
};

struct DashTile {
    std::string key;                       // "total", "unassigned", "contacts", "opportunities", or a stage value
    std::string label;
    std::optional<int64_t> count;
    std::optional<int> share;              // stage tiles: share of the total
    const char* filter = nullptr;          // stage tiles: "stage"; unassigned etc.: none
    bool selected = false;
};

struct Dashboard {
    std::vector<DashTile> tiles;
    std::vector<Chart> charts;             // stage, industry, size, assigned, month
    std::vector<Account> recent;           // up to kDashRecent, most recently updated first
    bool recent_known = false;
    int needed = 0;                        // answers the charts need
    int known = 0;                         // of which are here
    bool probing = false;
};

// The charts for the model's filters; `needs` (optional) receives the requests whose answers are missing.
Dashboard build_dashboard(const AppModel& m, std::vector<DashNeed>* needs = nullptr);
std::vector<DashNeed> plan_dashboard(const AppModel& m);   // the missing answers, most important first

// The filter set's key (filters only: page, limit and ordering do not change a count).
std::string dashboard_filter_key(const AccountQuery& q);
// The cache key of a limit=1 count for these filters.
std::string count_key(const AccountQuery& filters);

// ---- Pure helpers (unit-tested) ------------------------------------------------------------------
// Whole percents of `counts` that sum to exactly 100 (largest remainder; ties: the earlier row);
// all zeros when the total is 0.
std::vector<int> shares_percent(const std::vector<int64_t>& counts);
// The `top` largest buckets (ties: by value), then one "Other" bucket (value kOtherKey) with the rest,
// only if there is a rest. Buckets with the same value (case-insensitive when `fold`) are merged first.
std::vector<FacetBucket> top_with_other(std::vector<FacetBucket> buckets, size_t top, bool fold = false);
// "YYYY-MM" of the kDashMonths months ending with the one containing `now_unix` (oldest first).
std::vector<std::string> last_months(int64_t now_unix, int months = kDashMonths);
// "updated just now" / "updated 20 s ago" / "updated 3 min ago"; and when that text next changes
// (ms after `updated_ms`; 0 = never: after an hour it stays "over an hour ago").
std::string updated_label(double updated_ms, double now_ms);
double updated_label_next_change_ms(double updated_ms, double now_ms);

}  // namespace crm::core
