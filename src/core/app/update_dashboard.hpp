// update_dashboard.hpp: the dashboard's rules: switching screens, the facets probe, requests bounded
// in flight, the answers' cache per filter set, invalidation and refresh. Pure: no I/O, no ImGui.
#pragma once
#include "core/app/model.hpp"

namespace crm::core {

void handle(AppModel& m, const ShowDashboard& msg, Effects& fx);
void handle(AppModel& m, const ShowList& msg, Effects& fx);
void handle(AppModel& m, const OpenListWith& msg, Effects& fx);
void handle(AppModel& m, const OpenDashboardAccount& msg, Effects& fx);
void handle(AppModel& m, const RefreshDashboard& msg, Effects& fx);
void handle(AppModel& m, const DashboardLoaded& msg, Effects& fx);

// After every message: while the dashboard is shown (and signed in), sends the requests its charts
// miss, at most kDashMaxInFlight at a time (only the probe while the facets extension is unknown).
void dashboard_after_update(AppModel& m, const Msg& msg, Effects& fx);
// The console changed accounts (save, create, delete, bulk): every answer is asked again; the old
// ones stay shown until then.
void invalidate_dashboard(AppModel& m);
nlohmann::json dashboard_to_json(const AppModel& m);

}  // namespace crm::core
