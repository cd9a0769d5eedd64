// facets_api.cpp: the facets extension's request and tolerant parser. Pure: no I/O, no ImGui.
#include "core/api/facets_api.hpp"

#include <iterator>

#include <nlohmann/json.hpp>

namespace crm::core {

namespace {

using nlohmann::json;

QueryParams facets_params(const AccountQuery& filters, const std::vector<std::string>& fields) {
    QueryParams p;
    std::string joined;
    for (const std::string& f : fields) joined += (joined.empty() ? "" : ",") + f;
    p.emplace_back("fields", joined);
    for (const AccountFilter& f : kAccountFilters) {
        if (!(filters.*f.member).empty()) p.emplace_back(f.param, filters.*f.member);
    }
    return p;
}

std::optional<int64_t> as_count(const json& v) {
    if (v.is_number_integer() || v.is_number_unsigned()) {
        const int64_t n = v.get<int64_t>();
        return n >= 0 ? std::optional<int64_t>(n) : std::nullopt;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (d >= 0 && d < 9.0e15 && d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
    }
    return std::nullopt;
}

std::string as_value(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return "";   // null, missing: none
}

// A facet: [{"value": v, "count": n}, ...] or {"v": n, ...}. nullopt: not a facet.
std::optional<std::vector<FacetBucket>> parse_buckets(const json& j) {
    std::vector<FacetBucket> out;
    if (j.is_array()) {
        for (const json& b : j) {
            if (!b.is_object()) return std::nullopt;
            const json* count = b.contains("count") ? &b["count"] : nullptr;
            if (!count) return std::nullopt;
            const std::optional<int64_t> n = as_count(*count);
            if (!n) return std::nullopt;
            const json& v = b.contains("value") ? b["value"] : (b.contains("key") ? b["key"] : json());
            FacetBucket bucket{as_value(v), *n};
            if (b.contains("byStage") && b["byStage"].is_object()) {
                // Stages with no accounts may be left out; an unknown stage is not one of the five.
                bucket.has_by_stage = true;
                const json& by = b["byStage"];
                for (size_t i = 0; i < std::size(kStages); ++i) {
                    if (!by.contains(kStages[i].value)) continue;
                    const std::optional<int64_t> k = as_count(by[kStages[i].value]);
                    if (!k) return std::nullopt;
                    bucket.by_stage[i] = *k;
                }
            }
            out.push_back(std::move(bucket));
        }
        return out;
    }
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::optional<int64_t> n = as_count(it.value());
            if (!n) return std::nullopt;
            out.push_back({it.key() == "null" ? std::string() : it.key(), *n});
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace

HttpRequest make_facets_request(const ApiConfig& config, const AccountQuery& filters,
                                const std::vector<std::string>& fields) {
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(config.base_url, "/api/accounts/facets/") + "?" + build_query(facets_params(filters, fields));
    r.headers.emplace_back("Accept", "application/json");
    if (!config.token.empty()) r.headers.emplace_back("Authorization", "Bearer " + config.token);
    return r;
}

std::string facets_request_key(const AccountQuery& filters, const std::vector<std::string>& fields) {
    return build_query(facets_params(filters, fields));
}

bool facets_absent(const HttpResponse& r) { return r.status == 404 || r.status == 405; }

Result<FacetResult> parse_facets_response(const HttpResponse& r) {
    if (r.status < 200 || r.status > 299) return error_from_response(r);
    if (auto big = refuse_oversized(r)) return *big;
    const json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
        return make_error("api.bad_json", "The server sent facets that are not a JSON object.", r.status);
    }
    FacetResult out;
    const std::optional<int64_t> count = body.contains("count") ? as_count(body["count"]) : std::nullopt;
    if (!count) return make_error("api.bad_json", "The facets answer has no count.", r.status);
    out.count = *count;
    const json& facets = body.contains("facets") && body["facets"].is_object() ? body["facets"] : body;
    for (const char* field : {kFacetStage, kFacetIndustry, kFacetCompanySize, kFacetAssignedTo, kFacetCreatedMonth}) {
        if (!facets.contains(field)) continue;
        std::optional<std::vector<FacetBucket>> buckets = parse_buckets(facets[field]);
        if (!buckets) return make_error("api.bad_json", std::string("The facet ") + field + " is malformed.", r.status);
        out.facets[field] = std::move(*buckets);
    }
    const json& sums = body.contains("sums") && body["sums"].is_object() ? body["sums"] : body;
    if (sums.contains("contactCount")) out.contact_sum = as_count(sums["contactCount"]);
    if (sums.contains("openOpportunityCount")) out.opportunity_sum = as_count(sums["openOpportunityCount"]);
    return out;
}

}  // namespace crm::core
