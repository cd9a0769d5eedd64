// filter_bar.hpp: search box (debounced in core), industry (suggestions + free text), assigned user
// (names from /api/users/, or an id box without it), stage chips with counts, active-filter chips
// with "Clear all". Draws the model and emits messages only.
#pragma once
#include <string>

#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct FilterBarUi {
    char search[256] = "";
    char industry[128] = "";
    char assigned[128] = "";
    bool focus_search = false;          // set by the "/" shortcut; consumed on the next frame
};

void draw_search_and_filters(const core::AppModel& model, FilterBarUi& ui, Dispatch& dispatch);
void draw_stage_chips(const core::AppModel& model, Dispatch& dispatch);
void draw_active_filter_chips(const core::AppModel& model, Dispatch& dispatch);   // nothing when no filter

}  // namespace crm::ui
