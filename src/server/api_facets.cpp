// api_facets.cpp: GET /api/accounts/facets/ (docs/api-facets.md): the list's filters, parsed and
// validated by the list's own parser, plus `fields`; grouped counts from Store::facet_counts.
#include <algorithm>
#include <string_view>

#include "core/util/text.hpp"
#include "server/api_server.hpp"

namespace crm::server {

namespace {

using nlohmann::json;

std::string allowed_facets() {
    std::string out;
    for (const char* name : kFacetNames) out += std::string(out.empty() ? "" : ", ") + name;
    return out;
}

json bucket_json(const FacetBucket& b) {
    json by_stage = json::object();
    for (const auto& [stage, n] : b.by_stage) by_stage[stage] = n;
    return json{{"value", b.value ? json(*b.value) : json(nullptr)},
                {"count", b.count},
                {"byStage", std::move(by_stage)},
                {"contactCount", b.contact_count},
                {"openOpportunityCount", b.open_opportunity_count}};
}

}  // namespace

FacetsAnswer facets_answer(Store& store, const core::QueryParams& params) {
    // `fields`: comma-separated facet names (every `fields` parameter counts); none = all, repeats ignored.
    std::vector<Facet> facets;
    json field_errors = json::array();
    bool fields_given = false;
    for (const auto& [k, v] : params) {
        if (k != "fields") continue;
        for (size_t start = 0; start <= v.size();) {
            size_t comma = v.find(',', start);
            if (comma == std::string::npos) comma = v.size();
            const std::string name(core::trim(std::string_view(v).substr(start, comma - start)));
            start = comma + 1;
            if (name.empty()) continue;
            fields_given = true;
            const auto* known = std::find_if(std::begin(kFacetNames), std::end(kFacetNames),
                                             [&](const char* n) { return name == n; });
            if (known == std::end(kFacetNames)) {
                const std::string message = "Unknown facet \"" + name + "\"; allowed: " + allowed_facets() + ".";
                if (std::find(field_errors.begin(), field_errors.end(), json(message)) == field_errors.end())
                    field_errors.push_back(message);
                continue;
            }
            const Facet f = static_cast<Facet>(known - std::begin(kFacetNames));
            if (std::find(facets.begin(), facets.end(), f) == facets.end()) facets.push_back(f);
        }
    }
    if (!fields_given) {
        for (size_t i = 0; i < std::size(kFacetNames); ++i) facets.push_back(static_cast<Facet>(i));
    }

    // The list's filters, exactly as the list parses and validates them (a page means nothing here).
    core::QueryParams list_params;
    for (const auto& p : params) {
        if (p.first != "page") list_params.push_back(p);
    }
    ListQuery parsed = parse_list_query(list_params);
    json errors = json::object();
    if (parsed.error_status == 400) errors = parsed.error_body;
    else if (parsed.error_status != 0) return {parsed.error_status, parsed.error_body};
    if (!field_errors.empty()) errors["fields"] = std::move(field_errors);
    if (!errors.empty()) return {400, std::move(errors)};

    const FacetCounts counts = store.facet_counts(parsed.query, facets);
    json facets_json = json::object();
    for (const auto& [facet, buckets] : counts.facets) {
        json list = json::array();
        for (const FacetBucket& b : buckets) list.push_back(bucket_json(b));
        facets_json[kFacetNames[static_cast<int>(facet)]] = std::move(list);
    }
    return {200, json{{"count", counts.count},
                      {"sums", {{"contactCount", counts.contact_count}, {"openOpportunityCount", counts.open_opportunity_count}}},
                      {"facets", std::move(facets_json)}}};
}

}  // namespace crm::server
