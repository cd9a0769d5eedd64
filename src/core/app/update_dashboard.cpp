// update_dashboard.cpp: the dashboard's rules (see the header). Pure: no I/O, no ImGui.
#include "core/app/update_dashboard.hpp"

#include <algorithm>

#include "core/app/update_auth.hpp"
#include "core/app/update_list.hpp"

namespace crm::core {

namespace {

void push_url(AppModel& m, Effects& fx) { fx.push_back(SetUrl{route_to_hash(current_route(m)), true}); }

HttpRequest request_for(const AppModel& m, const DashNeed& n) {
    switch (n.kind) {
        case DashNeedKind::Facets: return make_facets_request(m.api, n.query, n.fields);
        case DashNeedKind::Page: return make_list_accounts_request(m.api, n.query);
        case DashNeedKind::Count: {
            AccountQuery q = n.query;
            q.page = 1;
            q.limit = 1;
            q.ordering.clear();
            return make_list_accounts_request(m.api, q);
        }
    }
    return {};
}

bool in_flight_now(const DashboardState& s, const std::string& key) {
    return std::any_of(s.in_flight.begin(), s.in_flight.end(),
                       [&](const auto& e) { return e.second.key == key && e.second.generation == s.generation; });
}

void send(AppModel& m, Effects& fx, const DashNeed& n) {
    const uint64_t seq = m.next_seq++;
    m.dashboard.in_flight[seq] = DashInFlight{n.key, m.dashboard.generation, n.kind};
    ++m.dashboard.requests_sent;
    fx.push_back(SendRequest{seq, RequestKind::Dashboard, request_for(m, n)});
}

}  // namespace

void invalidate_dashboard(AppModel& m) {
    ++m.dashboard.generation;
    m.dashboard.failed.clear();
}

void handle(AppModel& m, const ShowDashboard&, Effects& fx) {
    if (m.screen == Screen::Dashboard) return;
    m.screen = Screen::Dashboard;
    push_url(m, fx);
}

void handle(AppModel& m, const ShowList&, Effects& fx) {
    if (m.screen == Screen::List) return;
    m.screen = Screen::List;
    push_url(m, fx);
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);   // the dashboard's filter clicks did not load it
}

void handle(AppModel& m, const OpenListWith& msg, Effects& fx) {
    AccountQuery q = m.list.query;
    if (const AccountFilter* f = find_filter(msg.param)) q.*f->member = msg.value;
    q.page = 1;
    m.list.query = std::move(q);
    m.list.search_draft = m.list.query.search;
    m.list.search_due_ms = 0;
    m.screen = Screen::List;
    push_url(m, fx);
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
}

void handle(AppModel& m, const OpenDashboardAccount& msg, Effects& fx) {
    if (msg.id.empty()) return;
    m.screen = Screen::List;
    m.selected_id = msg.id;
    m.list.cursor_id = msg.id;
    push_url(m, fx);
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
}

void handle(AppModel& m, const RefreshDashboard&, Effects&) { invalidate_dashboard(m); }

void handle(AppModel& m, const DashboardLoaded& msg, Effects& fx) {
    DashboardState& s = m.dashboard;
    auto it = s.in_flight.find(msg.seq);
    if (it == s.in_flight.end()) return;
    const DashInFlight req = it->second;
    s.in_flight.erase(it);
    const bool probe = msg.seq == s.probe_seq;
    if (probe) {
        s.probe_seq = 0;
        if (facets_absent(msg.response)) {
            s.facets_api = FacetsApi::Absent;   // remembered for this API base: counts from limit=1 requests
            return;
        }
    }
    if (req.generation != s.generation) {       // asked before an edit or a refresh: stale
        if (probe) s.facets_api = FacetsApi::Unknown;
        return;
    }
    std::optional<Error> error;
    if (req.kind == DashNeedKind::Facets) {
        Result<FacetResult> r = parse_facets_response(msg.response);
        if (r) {
            if (probe) s.facets_api = FacetsApi::Present;
            s.facets[req.key] = std::move(r.value());
        } else {
            if (probe) s.facets_api = FacetsApi::Unknown;
            error = r.error();
        }
    } else {
        Result<Page<Account>> r = parse_list_accounts_response(msg.response);
        if (r && req.kind == DashNeedKind::Count) s.counts[req.key] = r.value().count;
        else if (r) s.pages[req.key] = std::move(r.value());
        else error = r.error();
    }
    if (error) {
        if (error->code == "api.unauthorized") {
            fx.push_back(StoreToken{""});
            sign_out_with(m, fx, error->message);
            return;
        }
        s.failed[req.key] = *error;   // not asked again until Refresh (or an edit)
        return;
    }
    s.answered_gen[req.key] = req.generation;
    s.updated_ms = m.clock_ms;
}

void dashboard_after_update(AppModel& m, const Msg&, Effects& fx) {
    if (m.screen != Screen::Dashboard || m.auth != AuthStatus::SignedIn) return;
    DashboardState& s = m.dashboard;
    if (s.probed_base != m.api.base_url) {
        // Another API: probe again, nothing cached is valid for it.
        s = DashboardState{};
        s.probed_base = m.api.base_url;
    }
    s.shown_key = dashboard_filter_key(m.list.query);
    if (s.facets_api == FacetsApi::Probing) return;
    int free = kDashMaxInFlight - static_cast<int>(s.in_flight.size());
    if (free <= 0) return;
    const std::vector<DashNeed> needs = plan_dashboard(m);
    if (s.facets_api == FacetsApi::Unknown) {
        if (needs.empty() || in_flight_now(s, needs.front().key)) return;   // the probe failed: Refresh asks again
        send(m, fx, needs.front());
        s.facets_api = FacetsApi::Probing;
        s.probe_seq = m.next_seq - 1;
        return;
    }
    for (const DashNeed& n : needs) {
        if (free <= 0) break;
        if (in_flight_now(s, n.key)) continue;
        send(m, fx, n);
        --free;
    }
}

nlohmann::json dashboard_to_json(const AppModel& m) {
    const DashboardState& s = m.dashboard;
    nlohmann::json out = {{"facetsApi", to_string(s.facets_api)},
                          {"filterKey", dashboard_filter_key(m.list.query)},
                          {"inFlight", s.in_flight.size()},
                          {"requestsSent", s.requests_sent},
                          {"failed", s.failed.size()},
                          {"generation", s.generation}};
    if (m.screen != Screen::Dashboard) return out;
    const Dashboard d = build_dashboard(m);
    out["needed"] = d.needed;
    out["known"] = d.known;
    nlohmann::json tiles = nlohmann::json::array();
    for (const DashTile& t : d.tiles) {
        tiles.push_back({{"key", t.key}, {"label", t.label}, {"count", t.count ? nlohmann::json(*t.count) : nlohmann::json(nullptr)},
                         {"share", t.share ? nlohmann::json(*t.share) : nlohmann::json(nullptr)}, {"selected", t.selected}});
    }
    out["tiles"] = tiles;
    nlohmann::json charts = nlohmann::json::object();
    for (const Chart& c : d.charts) {
        nlohmann::json rows = nlohmann::json::array();
        for (const ChartRow& r : c.rows) {
            nlohmann::json row = {{"key", r.key == kOtherKey ? std::string("other") : r.key}, {"label", r.label},
                                  {"count", r.count ? nlohmann::json(*r.count) : nlohmann::json(nullptr)},
                                  {"share", r.share}, {"selected", r.selected}};
            if (r.has_stages) row["byStage"] = r.by_stage;
            rows.push_back(std::move(row));
        }
        charts[c.id] = {{"rows", rows}, {"total", c.total}, {"missing", c.missing}, {"unavailable", c.unavailable}};
    }
    out["charts"] = charts;
    nlohmann::json recent = nlohmann::json::array();
    for (const Account& a : d.recent) recent.push_back({{"id", a.id}, {"name", a.name}, {"updatedAt", a.updated_at}});
    out["recent"] = recent;
    return out;
}

}  // namespace crm::core
