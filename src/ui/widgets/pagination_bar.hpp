// pagination_bar.hpp: first/previous/page numbers with ellipsis/next/last, jump to page, page size,
// "26–50 of 1,234" and a discreet refreshing indicator. Draws the model and emits messages only.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

struct PaginationBarUi {
    char jump[12] = "";                 // the "Go to page" box
};

float pagination_bar_height();                    // for layouts that keep the bar at the bottom
void draw_pagination_bar(const core::AccountsListState& list, PaginationBarUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
