// dashboard.cpp: the dashboard's charts from the cached answers, and the requests they miss. Pure.
#include "core/app/dashboard.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/app/model.hpp"
#include "core/app/update_list.hpp"
#include "core/util/text.hpp"

namespace crm::core {

const char* to_string(FacetsApi a) {
    switch (a) {
        case FacetsApi::Unknown: return "unknown";
        case FacetsApi::Probing: return "probing";
        case FacetsApi::Present: return "present";
        case FacetsApi::Absent: return "absent";
    }
    return "?";
}

namespace {

AccountQuery filters_only(const AccountQuery& q) {
    AccountQuery f;
    for (const AccountFilter& a : kAccountFilters) f.*a.member = q.*a.member;
    return f;
}

AccountQuery without(AccountQuery q, std::string AccountQuery::*member) {
    q.*member = "";
    return q;
}

AccountQuery with(AccountQuery q, std::string AccountQuery::*member, const std::string& value) {
    q.*member = value;
    return q;
}

std::string page_key(const AccountQuery& q) { return "page:" + build_query(account_query_params(q)); }
std::string facets_key(const AccountQuery& f, const std::vector<std::string>& fields) {
    return "facets:" + facets_request_key(f, fields);
}

// Looks answers up, counts what is needed and known, and lists what is missing.
struct Lookup {
    const DashboardState& s;
    Dashboard& d;
    std::vector<DashNeed>* needs;

    bool fresh(const std::string& key) const {
        auto it = s.answered_gen.find(key);
        return it != s.answered_gen.end() && it->second == s.generation;
    }
    void want(DashNeed n, bool have) {
        ++d.needed;
        if (have) ++d.known;
        if (!needs || fresh(n.key) || s.failed.count(n.key)) return;
        if (std::find_if(needs->begin(), needs->end(), [&](const DashNeed& x) { return x.key == n.key; }) != needs->end()) return;
        needs->push_back(std::move(n));
    }
    std::optional<int64_t> count(const AccountQuery& f) {
        const std::string key = count_key(f);
        auto it = s.counts.find(key);
        want(DashNeed{DashNeedKind::Count, key, f, {}}, it != s.counts.end());
        return it != s.counts.end() ? std::optional<int64_t>(it->second) : std::nullopt;
    }
    const FacetResult* facets(const AccountQuery& f, std::vector<std::string> fields) {
        const std::string key = facets_key(f, fields);
        auto it = s.facets.find(key);
        want(DashNeed{DashNeedKind::Facets, key, f, std::move(fields)}, it != s.facets.end());
        return it != s.facets.end() ? &it->second : nullptr;
    }
    const Page<Account>* page(const AccountQuery& q) {
        const std::string key = page_key(q);
        auto it = s.pages.find(key);
        want(DashNeed{DashNeedKind::Page, key, q, {}}, it != s.pages.end());
        return it != s.pages.end() ? &it->second : nullptr;
    }
};

void finish_chart(Chart& c) {
    std::vector<int64_t> counts;
    c.total = 0;
    c.missing = 0;
    for (const ChartRow& r : c.rows) {
        counts.push_back(r.count.value_or(0));
        if (r.count) c.total += *r.count;
        else ++c.missing;
    }
    const std::vector<int> shares = shares_percent(counts);
    for (size_t i = 0; i < c.rows.size(); ++i) c.rows[i].share = shares[i];
}

std::string none_label(const char* field) {
    if (std::string_view(field) == kFacetAssignedTo) return "Unassigned";
    return "(not set)";
}

int64_t bucket_count(const std::vector<FacetBucket>* b, std::string_view value) {
    if (!b) return 0;
    int64_t n = 0;
    for (const FacetBucket& x : *b) {
        if (x.value == value) n += x.count;
    }
    return n;
}

const std::vector<FacetBucket>* facet_of(const FacetResult* r, const char* field) {
    if (!r) return nullptr;
    auto it = r->facets.find(field);
    return it == r->facets.end() ? nullptr : &it->second;
}

// Company sizes in the order the console suggests them; others after, by count.
constexpr const char* kSizeOrder[] = {"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"};
int size_rank(const std::string& v) {
    for (size_t i = 0; i < std::size(kSizeOrder); ++i) {
        if (v == kSizeOrder[i]) return static_cast<int>(i);
    }
    return v.empty() ? 1000 : 100;
}

Chart stage_chart(const AccountQuery& f) {
    Chart c;
    c.id = "stage";
    c.title = "Stage funnel";
    c.filter = "stage";
    for (const StageInfo& s : kStages) {
        ChartRow r;
        r.key = s.value;
        r.label = s.label;
        r.selected = f.stage == s.value;
        c.rows.push_back(std::move(r));
    }
    return c;
}

// Rows from facet buckets: top N + Other; labels from `label_of`.
template <typename LabelOf>
void rows_from_buckets(Chart& c, const std::vector<FacetBucket>& buckets, bool fold, const std::string& selected,
                       LabelOf label_of) {
    for (const FacetBucket& b : top_with_other(buckets, kDashTopN, fold)) {
        ChartRow r;
        r.key = b.value;
        r.label = b.value == kOtherKey ? "Other" : label_of(b.value);
        r.count = b.count;
        r.by_stage = b.by_stage;
        r.has_stages = b.has_by_stage;
        r.selected = !selected.empty() && b.value != kOtherKey &&
                     (fold ? ascii_lower(b.value) == ascii_lower(selected) : b.value == selected);
        c.rows.push_back(std::move(r));
    }
}

}  // namespace

std::string dashboard_filter_key(const AccountQuery& q) { return build_query(account_query_params(filters_only(q), QueryDefaults::Omit)); }

std::string count_key(const AccountQuery& filters) { return "count:" + dashboard_filter_key(filters); }

Dashboard build_dashboard(const AppModel& m, std::vector<DashNeed>* needs) {
    Dashboard d;
    const DashboardState& s = m.dashboard;
    const AccountQuery f = filters_only(m.list.query);
    Lookup look{s, d, needs};
    auto user_label = [&](const std::string& id) { return id.empty() ? none_label(kFacetAssignedTo) : user_display_name(m, id); };

    if (s.facets_api == FacetsApi::Unknown || s.facets_api == FacetsApi::Probing) {
        // The probe: the facets request of the filters' main charts. Nothing else is asked before it answers.
        d.probing = true;
        std::vector<std::string> fields = {kFacetStage, kFacetIndustry, kFacetAssignedTo, kFacetCompanySize, kFacetCreatedMonth};
        fields.erase(std::remove_if(fields.begin(), fields.end(), [&](const std::string& x) {
                         const AccountFilter* flt = find_filter(x);
                         return flt && !(f.*flt->member).empty();
                     }), fields.end());
        look.facets(f, fields);
        return d;
    }

    Chart stage = stage_chart(f);
    Chart industry{"industry", "Accounts by industry", "industry", {}, 0, 0, {}};
    Chart size{"size", "Accounts by company size", nullptr, {}, 0, 0, {}};
    Chart assigned{"assigned", "Accounts by assigned user", "assignedTo", {}, 0, 0, {}};
    Chart month{"month", "Accounts created per month", nullptr, {}, 0, 0, {}};
    std::optional<int64_t> total, contacts, opportunities;

    if (s.facets_api == FacetsApi::Present) {
        // Main request: every facet whose filter is not set; one more per set filter, without it.
        std::vector<std::string> main_fields;
        for (const char* x : {kFacetStage, kFacetIndustry, kFacetAssignedTo}) {
            if ((f.*find_filter(x)->member).empty()) main_fields.push_back(x);
        }
        main_fields.push_back(kFacetCompanySize);
        main_fields.push_back(kFacetCreatedMonth);
        const FacetResult* main = look.facets(f, main_fields);
        auto source = [&](const char* field) -> const FacetResult* {
            const AccountFilter* flt = find_filter(field);
            if ((f.*flt->member).empty()) return main;
            return look.facets(without(f, flt->member), {field});
        };
        if (main) {
            total = main->count;
            contacts = main->contact_sum;
            opportunities = main->opportunity_sum;
        }
        const FacetResult* st = source(kFacetStage);
        for (ChartRow& r : stage.rows) {
            if (st) r.count = bucket_count(facet_of(st, kFacetStage), r.key);
        }
        if (const FacetResult* ind = source(kFacetIndustry)) {
            if (const auto* b = facet_of(ind, kFacetIndustry)) {
                rows_from_buckets(industry, *b, true, f.industry,
                                  [](const std::string& v) { return v.empty() ? none_label(kFacetIndustry) : v; });
            }
        } else {
            industry.missing = 1;
        }
        if (main) {
            if (const auto* b = facet_of(main, kFacetCompanySize)) {
                std::vector<FacetBucket> sizes = top_with_other(*b, kDashTopN);
                std::stable_sort(sizes.begin(), sizes.end(), [](const FacetBucket& a, const FacetBucket& b2) {
                    const int ra = a.value == kOtherKey ? 2000 : size_rank(a.value), rb = b2.value == kOtherKey ? 2000 : size_rank(b2.value);
                    return ra < rb;
                });
                for (const FacetBucket& x : sizes) {
                    size.rows.push_back(ChartRow{x.value, x.value == kOtherKey ? "Other" : (x.value.empty() ? none_label(kFacetCompanySize) : x.value),
                                                 x.count, 0, {}, false, false});
                }
            }
            const auto* months = facet_of(main, kFacetCreatedMonth);
            int64_t now = m.now_unix;
            if (now == 0 && months && !months->empty()) {
                // No clock yet: end at the latest month the server reports.
                std::string latest;
                for (const FacetBucket& x : *months) latest = std::max(latest, x.value);
                std::tm tm{};
                if (std::sscanf(latest.c_str(), "%4d-%2d", &tm.tm_year, &tm.tm_mon) == 2) {
                    tm.tm_year -= 1900;
                    tm.tm_mon -= 1;
                    tm.tm_mday = 15;
                    now = static_cast<int64_t>(timegm(&tm));
                }
            }
            for (const std::string& mo : last_months(now)) {
                month.rows.push_back(ChartRow{mo, mo, bucket_count(months, mo), 0, {}, false, false});
            }
        } else {
            size.missing = month.missing = 1;
        }
        const FacetResult* as = source(kFacetAssignedTo);
        if (as) {
            if (const auto* b = facet_of(as, kFacetAssignedTo)) rows_from_buckets(assigned, *b, false, f.assigned_to, user_label);
        } else {
            assigned.missing = 1;
        }
        // Stacks by stage: the buckets' byStage when the server sends it; with a stage filter, every row
        // is that stage; else one facets request per stage.
        const bool sent_stacks = !assigned.rows.empty() &&
                                 std::all_of(assigned.rows.begin(), assigned.rows.end(), [](const ChartRow& r) { return r.has_stages; });
        if (sent_stacks) {
            // nothing more to ask
        } else if (!f.stage.empty()) {
            for (ChartRow& r : assigned.rows) {
                for (size_t i = 0; i < 5; ++i) r.by_stage[i] = kStages[i].value == f.stage ? r.count.value_or(0) : 0;
                r.has_stages = r.count.has_value();
            }
        } else if (!assigned.rows.empty()) {
            std::vector<const std::vector<FacetBucket>*> per_stage;
            for (const StageInfo& si : kStages) {
                per_stage.push_back(facet_of(look.facets(with(without(f, &AccountQuery::assigned_to), &AccountQuery::stage, si.value),
                                                         {kFacetAssignedTo}), kFacetAssignedTo));
            }
            const bool all = std::all_of(per_stage.begin(), per_stage.end(), [](auto* p) { return p != nullptr; });
            for (ChartRow& r : assigned.rows) {
                if (!all) break;
                r.has_stages = true;
                for (size_t i = 0; i < 5; ++i) {
                    if (r.key != kOtherKey) { r.by_stage[i] = bucket_count(per_stage[i], r.key); continue; }
                    int64_t shown = 0, all_n = 0;   // Other: the stage's total minus the rows shown
                    for (const FacetBucket& x : *per_stage[i]) all_n += x.count;
                    for (const ChartRow& o : assigned.rows) {
                        if (o.key != kOtherKey) shown += bucket_count(per_stage[i], o.key);
                    }
                    r.by_stage[i] = all_n - shown;
                }
            }
        }
    } else {
        // Fallback: limit=1 counts.
        total = look.count(f);
        const AccountQuery stage_base = without(f, &AccountQuery::stage);
        for (ChartRow& r : stage.rows) r.count = look.count(with(stage_base, &AccountQuery::stage, r.key));
        // Industries: those of a sample of the 100 most recently updated accounts (plus the filter's value).
        const AccountQuery ind_base = without(f, &AccountQuery::industry);
        const std::optional<int64_t> ind_total = look.count(ind_base);
        AccountQuery sample_q = ind_base;
        sample_q.limit = kDashSample;
        std::vector<std::string> values;
        auto add_value = [&](const std::string& v, bool fold) {
            if (v.empty()) return;
            for (const std::string& x : values) {
                if (fold ? ascii_lower(x) == ascii_lower(v) : x == v) return;
            }
            values.push_back(v);
        };
        if (!f.industry.empty()) add_value(f.industry, true);
        if (const Page<Account>* sample = look.page(sample_q)) {
            for (const Account& a : sample->results) add_value(a.industry, true);
            std::vector<FacetBucket> buckets;
            bool all = true;
            for (const std::string& v : values) {
                const std::optional<int64_t> n = look.count(with(ind_base, &AccountQuery::industry, v));
                if (n) buckets.push_back({v, *n});
                else all = false;
            }
            if (all && ind_total) {
                int64_t sum = 0;
                for (const FacetBucket& b : buckets) sum += b.count;
                std::vector<FacetBucket> top = top_with_other(buckets, kDashTopN, true);
                const int64_t rest = *ind_total - sum;   // industries outside the sample, and none
                if (rest > 0) {
                    if (!top.empty() && top.back().value == kOtherKey) top.back().count += rest;
                    else top.push_back({kOtherKey, rest});
                }
                for (const FacetBucket& b : top) {
                    ChartRow r;
                    r.key = b.value;
                    r.label = b.value == kOtherKey ? "Other" : b.value;
                    r.count = b.count;
                    r.selected = !f.industry.empty() && b.value != kOtherKey && ascii_lower(b.value) == ascii_lower(f.industry);
                    industry.rows.push_back(std::move(r));
                }
            } else {
                for (const std::string& v : values) {
                    ChartRow r;
                    r.key = v;
                    r.label = v;
                    for (const FacetBucket& b : buckets) {
                        if (b.value == v) r.count = b.count;
                    }
                    r.selected = !f.industry.empty() && ascii_lower(v) == ascii_lower(f.industry);
                    industry.rows.push_back(std::move(r));
                }
            }
        } else {
            industry.missing = 1;
        }
        // Owners: every user of /api/users/; without it, those of a sample (the rest is "Other").
        const AccountQuery as_base = without(f, &AccountQuery::assigned_to);
        const std::optional<int64_t> as_total = look.count(as_base);
        std::vector<std::string> ids;
        bool directory = false;
        if (m.users.status == UsersStatus::Loaded) {
            directory = true;
            for (const User& u : m.users.users) ids.push_back(u.id);
        } else if (m.users.status == UsersStatus::Unavailable || m.users.status == UsersStatus::Failed) {
            AccountQuery q = as_base;
            q.limit = kDashSample;
            if (!f.assigned_to.empty()) ids.push_back(f.assigned_to);
            if (const Page<Account>* sample = look.page(q)) {
                for (const Account& a : sample->results) {
                    if (!a.assigned_to.empty() && std::find(ids.begin(), ids.end(), a.assigned_to) == ids.end()) ids.push_back(a.assigned_to);
                }
            } else {
                assigned.missing = 1;
            }
        } else {
            ++d.needed;   // the directory is loading
            assigned.missing = 1;
        }
        std::vector<FacetBucket> buckets;
        bool all = true;
        for (const std::string& id : ids) {
            const std::optional<int64_t> n = look.count(with(as_base, &AccountQuery::assigned_to, id));
            if (n) buckets.push_back({id, *n});
            else all = false;
        }
        if (all && as_total && !ids.empty()) {
            int64_t sum = 0;
            for (const FacetBucket& b : buckets) sum += b.count;
            std::vector<FacetBucket> top = top_with_other(buckets, kDashTopN);
            const int64_t rest = *as_total - sum;
            for (const FacetBucket& b : top) {
                ChartRow r{b.value, b.value == kOtherKey ? "Other" : user_label(b.value), b.count, 0, {}, false,
                           !f.assigned_to.empty() && b.value == f.assigned_to};
                assigned.rows.push_back(std::move(r));
            }
            if (rest > 0) {
                // With the directory every user is counted: the rest is unassigned. Without it, the rest mixes
                // users outside the sample and unassigned accounts.
                assigned.rows.push_back(ChartRow{directory ? "" : kOtherKey,
                                                 directory ? none_label(kFacetAssignedTo) : "Other or unassigned", rest, 0, {},
                                                 false, false});
            } else if (directory) {
                assigned.rows.push_back(ChartRow{"", none_label(kFacetAssignedTo), 0, 0, {}, false, false});
            }
            // Stacks by stage (after every total): a count per row and stage; the derived rows by difference.
            if (!f.stage.empty()) {
                for (ChartRow& r : assigned.rows) {
                    for (size_t i = 0; i < 5; ++i) r.by_stage[i] = kStages[i].value == f.stage ? r.count.value_or(0) : 0;
                    r.has_stages = true;
                }
            } else {
                std::array<std::optional<int64_t>, 5> stage_totals;
                for (size_t i = 0; i < 5; ++i) stage_totals[i] = look.count(with(as_base, &AccountQuery::stage, kStages[i].value));
                std::array<int64_t, 5> counted{};
                bool stacks = std::all_of(stage_totals.begin(), stage_totals.end(), [](const auto& x) { return x.has_value(); });
                for (ChartRow& r : assigned.rows) {
                    if (r.key.empty() || r.key == kOtherKey) continue;
                    bool row_all = true;
                    for (size_t i = 0; i < 5; ++i) {
                        AccountQuery q = with(with(as_base, &AccountQuery::assigned_to, r.key), &AccountQuery::stage, kStages[i].value);
                        const std::optional<int64_t> n = look.count(q);
                        r.by_stage[i] = n.value_or(0);
                        counted[i] += n.value_or(0);
                        row_all = row_all && n.has_value();
                    }
                    r.has_stages = row_all;
                    stacks = stacks && row_all;
                }
                for (ChartRow& r : assigned.rows) {
                    if (!(r.key.empty() || r.key == kOtherKey)) continue;
                    r.has_stages = stacks;
                    for (size_t i = 0; i < 5 && stacks; ++i) r.by_stage[i] = *stage_totals[i] - counted[i];
                }
            }
        } else if (!ids.empty()) {
            for (const std::string& id : ids) {
                ChartRow r{id, user_label(id), std::nullopt, 0, {}, false, !f.assigned_to.empty() && id == f.assigned_to};
                for (const FacetBucket& b : buckets) {
                    if (b.value == id) r.count = b.count;
                }
                assigned.rows.push_back(std::move(r));
            }
        }
        size.unavailable = "needs the facets extension";
        month.unavailable = "needs the facets extension";
    }

    // Recently updated accounts (both modes): the API's ordering extension, and -updatedAt is also its default.
    AccountQuery recent_q = f;
    recent_q.limit = kDashRecent;
    recent_q.ordering = "-updatedAt";
    if (const Page<Account>* p = look.page(recent_q)) {
        d.recent = p->results;
        if (d.recent.size() > static_cast<size_t>(kDashRecent)) d.recent.resize(static_cast<size_t>(kDashRecent));
        d.recent_known = true;
    }

    for (Chart* c : {&stage, &industry, &size, &assigned, &month}) {
        const int missing_before = c->missing;
        finish_chart(*c);
        c->missing += missing_before;
    }
    // Tiles: the total, each stage (count and share, from the funnel), unassigned, and the sums when sent.
    d.tiles.push_back(DashTile{"total", "Accounts", total, std::nullopt, nullptr, false});
    for (const ChartRow& r : stage.rows) {
        DashTile t{r.key, r.label, r.count, std::nullopt, "stage", r.selected};
        if (r.count && stage.missing == 0) t.share = r.share;
        d.tiles.push_back(std::move(t));
    }
    std::optional<int64_t> unassigned;
    for (const ChartRow& r : assigned.rows) {
        if (r.key.empty()) unassigned = r.count;
    }
    d.tiles.push_back(DashTile{"unassigned", "Unassigned", unassigned, std::nullopt, nullptr, false});
    if (contacts) d.tiles.push_back(DashTile{"contacts", "Contacts", contacts, std::nullopt, nullptr, false});
    if (opportunities) d.tiles.push_back(DashTile{"opportunities", "Open opportunities", opportunities, std::nullopt, nullptr, false});
    d.charts = {std::move(stage), std::move(industry), std::move(size), std::move(assigned), std::move(month)};
    return d;
}

std::vector<DashNeed> plan_dashboard(const AppModel& m) {
    std::vector<DashNeed> needs;
    build_dashboard(m, &needs);
    return needs;
}

constexpr int64_t kMaxShareCount = int64_t{1} << 50;   // far above any account count; keeps 100 * total in range

std::vector<int> shares_percent(const std::vector<int64_t>& counts) {
    std::vector<int> out(counts.size(), 0);
    int64_t total = 0;
    for (int64_t c : counts) total += std::clamp<int64_t>(c, 0, kMaxShareCount);
    if (total <= 0) return out;
    std::vector<std::pair<int64_t, size_t>> rest;   // remainder (of 100 * c / total), index
    int given = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        const int64_t scaled = std::clamp<int64_t>(counts[i], 0, kMaxShareCount) * 100;   // no overflow
        out[i] = static_cast<int>(scaled / total);
        given += out[i];
        rest.emplace_back(static_cast<int64_t>(scaled % total), i);
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t k = 0; given < 100 && k < rest.size(); ++k, ++given) ++out[rest[k].second];
    return out;
}

std::vector<FacetBucket> top_with_other(std::vector<FacetBucket> buckets, size_t top, bool fold) {
    std::vector<FacetBucket> merged;
    for (FacetBucket& b : buckets) {
        auto it = std::find_if(merged.begin(), merged.end(), [&](const FacetBucket& x) {
            return fold ? ascii_lower(x.value) == ascii_lower(b.value) : x.value == b.value;
        });
        if (it != merged.end()) {
            it->count += b.count;
            for (size_t i = 0; i < 5; ++i) it->by_stage[i] += b.by_stage[i];
            it->has_by_stage = it->has_by_stage && b.has_by_stage;
        } else {
            merged.push_back(std::move(b));
        }
    }
    std::stable_sort(merged.begin(), merged.end(), [](const FacetBucket& a, const FacetBucket& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (merged.size() <= top) return merged;
    FacetBucket other{kOtherKey, 0};
    other.has_by_stage = true;
    for (size_t i = top; i < merged.size(); ++i) {
        other.count += merged[i].count;
        for (size_t k = 0; k < 5; ++k) other.by_stage[k] += merged[i].by_stage[k];
        other.has_by_stage = other.has_by_stage && merged[i].has_by_stage;
    }
    merged.resize(top);
    merged.push_back(other);
    return merged;
}

std::vector<std::string> last_months(int64_t now_unix, int months) {
    const std::time_t t = static_cast<std::time_t>(now_unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900, mon = tm.tm_mon;   // mon 0..11
    std::vector<std::string> out(static_cast<size_t>(std::max(months, 0)));
    for (int i = months - 1; i >= 0; --i) {
        std::string y = std::to_string(year);
        while (y.size() < 4) y.insert(y.begin(), '0');
        out[static_cast<size_t>(i)] = y + (mon + 1 < 10 ? "-0" : "-") + std::to_string(mon + 1);
        if (--mon < 0) {
            mon = 11;
            --year;
        }
    }
    return out;
}

std::string updated_label(double updated_ms, double now_ms) {
    if (updated_ms <= 0) return "";
    const double s = std::max(0.0, (now_ms - updated_ms) / 1000.0);
    if (s < 10) return "updated just now";
    if (s < 60) return "updated " + std::to_string(static_cast<int>(s) / 10 * 10) + " s ago";
    if (s < 3600) return "updated " + std::to_string(static_cast<int>(s) / 60) + " min ago";
    return "updated over an hour ago";
}

double updated_label_next_change_ms(double updated_ms, double now_ms) {
    if (updated_ms <= 0) return 0;
    const double s = std::max(0.0, (now_ms - updated_ms) / 1000.0);
    double next_s = 0;
    if (s < 60) next_s = (static_cast<int>(s) / 10 + 1) * 10.0;
    else if (s < 3600) next_s = (static_cast<int>(s) / 60 + 1) * 60.0;
    else return 0;
    return updated_ms + next_s * 1000.0;
}

}  // namespace crm::core
