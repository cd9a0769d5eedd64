// dashboard_view.hpp: the dashboard screen: the list's filters and chips, KPI tiles, the stage funnel,
// accounts by industry, company size and assigned user (stacked by stage), created per month, and the
// recently updated accounts. Draws core::build_dashboard() and emits messages; no I/O, no rules.
// Every tile and bar is an item labelled "dash:<chart>:<value>" (test bridge, screen-reader mirror).
#pragma once
#include <string>

#include "core/app/model.hpp"
#include "ui/dispatch.hpp"
#include "ui/widgets/filter_bar.hpp"

namespace crm::ui {

// The item label of a tile or a bar: "dash:tile:total", "dash:stage:prospect", "dash:industry:other",
// "dash:assigned:none" (unassigned).
std::string dash_item_label(const std::string& chart, const std::string& key);

void draw_dashboard(const core::AppModel& model, FilterBarUi& filters, Dispatch& dispatch);

}  // namespace crm::ui
