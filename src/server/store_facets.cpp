// store_facets.cpp: the facets extension's counts (GET /api/accounts/facets/, docs/api-facets.md).
//   rebuild_facet_counts .. account_facet_counts from the accounts table (migration, bulk load)
//   Aggregator ............ counter rows or matching accounts -> sorted buckets per facet
//   Store::facet_counts ... counters when unfiltered or stage-only, else one pass over the matches;
//                           cached until the next write; identical requests in flight computed once
#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/util/text.hpp"
#include "server/store.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

using namespace store_impl;

namespace {

// The facets the counters keep (the stage facet is the sum of any one of them by stage).
constexpr Facet kCountedFacets[] = {Facet::Industry, Facet::CompanySize, Facet::AssignedTo, Facet::CreatedMonth};

const char* facet_name(Facet f) { return kFacetNames[static_cast<int>(f)]; }

// The month of created_at as the triggers compute it (UTC; unparsable: NULL -> '').
constexpr const char* kMonthSql = "COALESCE(strftime('%Y-%m', a.created_at), '')";

struct Sums {
    int64_t n = 0, contacts = 0, opps = 0;
    void add(int64_t dn, int64_t dc, int64_t dopps) {
        n += dn;
        contacts += dc;
        opps += dopps;
    }
};

// Buckets of one facet. Values group as the list's filter on that field matches them: industry
// ignoring ASCII case (SQLite's NOCASE; the bucket shows the spelling most accounts use), the rest exactly.
class FacetGroups {
public:
    explicit FacetGroups(Facet f) : facet_(f) {}

    void add(const std::string& value, const std::string& stage, int64_t n, int64_t contacts, int64_t opps) {
        Group& g = facet_ == Facet::Industry ? groups_[core::ascii_lower(value)] : groups_[value];
        g.sums.add(n, contacts, opps);
        bump(g.by_stage, stage, n);
        if (facet_ == Facet::Industry) bump(g.spellings, value, n);
    }

    std::vector<FacetBucket> buckets() const {
        std::vector<FacetBucket> out;
        for (const auto& [key, g] : groups_) {
            if (g.sums.n <= 0) continue;
            FacetBucket b;
            std::string value = key;
            if (facet_ == Facet::Industry) {   // the most common spelling; ties: the smallest
                int64_t best = -1;
                for (const auto& [spelling, n] : g.spellings) {
                    if (n > best || (n == best && spelling < value)) {
                        best = n;
                        value = spelling;
                    }
                }
            }
            if (!value.empty()) b.value = value;
            b.count = g.sums.n;
            b.contact_count = g.sums.contacts;
            b.open_opportunity_count = g.sums.opps;
            for (const auto& [stage, n] : g.by_stage) {
                if (n != 0) b.by_stage.emplace_back(stage, n);
            }
            std::sort(b.by_stage.begin(), b.by_stage.end());
            out.push_back(std::move(b));
        }
        // null after every value; createdMonth by value, the others by count (then value).
        auto value_less = [](const FacetBucket& a, const FacetBucket& b) {
            if (a.value.has_value() != b.value.has_value()) return a.value.has_value();
            return a.value.has_value() && *a.value < *b.value;
        };
        if (facet_ == Facet::CreatedMonth) {
            std::sort(out.begin(), out.end(), value_less);
        } else {
            std::sort(out.begin(), out.end(), [&](const FacetBucket& a, const FacetBucket& b) {
                return a.count != b.count ? a.count > b.count : value_less(a, b);
            });
        }
        return out;
    }

private:
    using Tally = std::vector<std::pair<std::string, int64_t>>;   // few entries: a linear search
    static void bump(Tally& t, const std::string& key, int64_t n) {
        for (auto& [k, v] : t) {
            if (k == key) {
                v += n;
                return;
            }
        }
        t.emplace_back(key, n);
    }
    struct Group {
        Sums sums;
        Tally by_stage, spellings;
    };
    Facet facet_;
    std::unordered_map<std::string, Group> groups_;
};

}  // namespace

void store_impl::rebuild_facet_counts(Database& db) {
    db.exec("DELETE FROM account_facet_counts");
    // One pass over the accounts; the rows are keyed "facet \x1f value \x1f stage".
    std::unordered_map<std::string, Sums> rows;
    {
        Statement s = db.prepare(std::string("SELECT a.stage, a.industry, a.company_size, COALESCE(a.assigned_to, ''), ") +
                                 kMonthSql + ", a.contact_count, a.open_opportunity_count FROM accounts a");
        while (s.step()) {
            const std::string stage = s.text(0);
            const int64_t contacts = s.int64(5), opps = s.int64(6);
            for (int i = 0; i < 4; ++i) {
                rows[std::string(facet_name(kCountedFacets[i])) + '\x1f' + s.text(i + 1) + '\x1f' + stage].add(1, contacts, opps);
            }
        }
    }
    for (const auto& [key, sums] : rows) {
        const size_t a = key.find('\x1f'), b = key.rfind('\x1f');
        db.prepare("INSERT INTO account_facet_counts (facet, value, stage, n, contacts, opps) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, key.substr(0, a)).bind(2, key.substr(a + 1, b - a - 1)).bind(3, key.substr(b + 1))
            .bind(4, sums.n).bind(5, sums.contacts).bind(6, sums.opps).run();
    }
}

FacetCounts Store::facet_counts(const core::AccountQuery& q, const std::vector<Facet>& facets) {
    std::string key = count_key(q);
    for (Facet f : facets) key += facet_name(f) + std::string(",");
    uint64_t generation = 0;
    std::shared_ptr<PendingFacets> mine;
    {
        std::unique_lock lock(count_mu_);
        generation = write_generation_;
        if (auto it = facet_cache_.find(key); it != facet_cache_.end() && it->second.generation == generation) {
            return *it->second.counts;
        }
        if (auto it = pending_facets_.find(key); it != pending_facets_.end() && it->second->generation == generation) {
            std::shared_ptr<PendingFacets> other = it->second;   // the same facets, started since the last write
            count_cv_.wait(lock, [&] { return other->done; });
            if (other->counts) return *other->counts;
        }
        mine = std::make_shared<PendingFacets>();
        mine->generation = generation;
        pending_facets_[key] = mine;
    }
    // Whatever happens (an exception included), waiters are released and the entry removed.
    struct Finish {
        Store& store;
        const std::string& key;
        std::shared_ptr<PendingFacets>& p;
        ~Finish() {
            std::lock_guard lock(store.count_mu_);
            p->done = true;
            if (auto it = store.pending_facets_.find(key); it != store.pending_facets_.end() && it->second == p)
                store.pending_facets_.erase(it);
            store.count_cv_.notify_all();
        }
    } finish{*this, key, mine};

    std::vector<FacetGroups> groups;
    for (Facet f : facets) groups.emplace_back(f);
    auto out = std::make_shared<FacetCounts>();
    const bool counters = core::only_filters(q, {"stage"});
    {
        ReadLease lease(*this);
        if (counters) {
            // The trigger-kept counters: a few hundred rows, whatever the number of accounts. The stage
            // facet and the totals come from the companySize rows (every account is in exactly one).
            Statement s = lease.db().prepare(q.stage.empty()
                ? "SELECT facet, value, stage, n, contacts, opps FROM account_facet_counts WHERE n <> 0"
                : "SELECT facet, value, stage, n, contacts, opps FROM account_facet_counts WHERE n <> 0 AND stage = ?");
            if (!q.stage.empty()) s.bind(1, q.stage);
            while (s.step()) {
                const std::string facet = s.text(0), value = s.text(1), stage = s.text(2);
                const int64_t n = s.int64(3), contacts = s.int64(4), opps = s.int64(5);
                const bool totals = facet == facet_name(Facet::CompanySize);
                if (totals) {
                    out->count += n;
                    out->contact_count += contacts;
                    out->open_opportunity_count += opps;
                }
                for (FacetGroups& g : groups) {
                    const Facet f = facets[static_cast<size_t>(&g - groups.data())];
                    if (f == Facet::Stage ? totals : facet == facet_name(f)) {
                        g.add(f == Facet::Stage ? stage : value, stage, n, contacts, opps);
                    }
                }
            }
        } else {
            // Any other filter: one pass over the matching accounts (the list's own WHERE clause).
            const Filter filter = make_filter(q);
            Statement s = lease.db().prepare(
                std::string("SELECT a.stage, a.industry, a.company_size, COALESCE(a.assigned_to, ''), ") + kMonthSql +
                ", a.contact_count, a.open_opportunity_count FROM accounts a" + filter.where);
            for (size_t i = 0; i < filter.args.size(); ++i) s.bind(static_cast<int>(i + 1), filter.args[i]);
            std::array<int, 5> column{};   // Facet -> column of its value
            column[static_cast<int>(Facet::Stage)] = 0;
            column[static_cast<int>(Facet::Industry)] = 1;
            column[static_cast<int>(Facet::CompanySize)] = 2;
            column[static_cast<int>(Facet::AssignedTo)] = 3;
            column[static_cast<int>(Facet::CreatedMonth)] = 4;
            while (s.step()) {
                const std::string stage = s.text(0);
                const int64_t contacts = s.int64(5), opps = s.int64(6);
                out->count += 1;
                out->contact_count += contacts;
                out->open_opportunity_count += opps;
                for (size_t i = 0; i < facets.size(); ++i) {
                    const int c = column[static_cast<int>(facets[i])];
                    groups[i].add(c == 0 ? stage : s.text(c), stage, 1, contacts, opps);
                }
            }
        }
    }
    for (size_t i = 0; i < facets.size(); ++i) out->facets.emplace_back(facets[i], groups[i].buckets());

    std::lock_guard lock(count_mu_);
    mine->counts = out;
    if (generation == write_generation_) {   // no write since we started: safe to remember
        if (facet_cache_.size() > 1000) facet_cache_.clear();
        facet_cache_[key] = CachedFacets{generation, out};
    }
    return *out;
}

}  // namespace crm::server
