// facets_api.hpp: the facets extension (grouped counts of the accounts matching the list's filters):
// its request builder and a tolerant parser. Pure: no I/O, no ImGui.
//
//   GET /api/accounts/facets/?fields=stage,industry,companySize,assignedTo,createdMonth&<list filters>
//   -> {"count": N,
//       "facets": {"stage": [{"value": "prospect", "count": 12, "byStage": {"prospect": 12}}, ...], ...},
//       "sums": {"contactCount": C, "openOpportunityCount": O}}
//
// The parser also takes a facet as an object ({"prospect": 12}), "key" for "value", buckets at the top
// level instead of under "facets", and sums at the top level. A null or missing value is "" (no
// industry, no size, not assigned).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/accounts_api.hpp"

namespace crm::core {

// The facets the dashboard asks for (wire names).
inline constexpr const char* kFacetStage = "stage";
inline constexpr const char* kFacetIndustry = "industry";
inline constexpr const char* kFacetCompanySize = "companySize";
inline constexpr const char* kFacetAssignedTo = "assignedTo";
inline constexpr const char* kFacetCreatedMonth = "createdMonth";   // "YYYY-MM" (UTC)

struct FacetBucket {
    std::string value;     // "" = none (null on the wire)
    int64_t count = 0;
    std::array<int64_t, 5> by_stage{};   // "byStage": the bucket's count per stage (kStages order), when sent
    bool has_by_stage = false;
    bool operator==(const FacetBucket&) const = default;
};

struct FacetResult {
    int64_t count = 0;                                          // accounts matching the filters
    std::map<std::string, std::vector<FacetBucket>> facets;     // field -> buckets as sent
    std::optional<int64_t> contact_sum;                         // sum of contactCount, when sent
    std::optional<int64_t> opportunity_sum;                     // sum of openOpportunityCount, when sent
    bool operator==(const FacetResult&) const = default;
};

// `filters`: only its filters are sent (page, limit and ordering are not); fields in the given order.
HttpRequest make_facets_request(const ApiConfig& config, const AccountQuery& filters,
                                const std::vector<std::string>& fields);
// The part of the request that identifies its answer (fields + filters), e.g. "fields=stage&industry=x".
std::string facets_request_key(const AccountQuery& filters, const std::vector<std::string>& fields);
Result<FacetResult> parse_facets_response(const HttpResponse& r);
// 404 or 405: the server has no facets endpoint (api-contract.md: "absent").
bool facets_absent(const HttpResponse& r);

}  // namespace crm::core
