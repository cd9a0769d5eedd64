// accounts_list_view.hpp: the accounts list screen: filters, stage chips, overview strip, table,
// pagination, keyboard shortcuts, row context menu, loading/empty/error states.
// Draws the model and emits messages; never does I/O.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/app/model.hpp"
#include "ui/dispatch.hpp"
#include "ui/widgets/filter_bar.hpp"
#include "ui/widgets/pagination_bar.hpp"
#include "ui/views/list_row_cache.hpp"
#include "ui/views/local_table_view.hpp"

namespace crm::ui {

struct AccountsListUi {                 // UI-only state of the list (text buffers, table sync)
    FilterBarUi filters;
    PaginationBarUi pagination;
    std::string sort_shown = "\x01";    // the ordering last pushed into the ImGui table ("\x01": none yet)
    std::string cursor_shown;           // the cursor row last scrolled into view
    bool show_shortcuts = false;        // the "?" overlay
    LocalTableUi local;                 // local mode (replaces the list while active)
    ListRowCache rows;                  // the table's per-row texts, rebuilt when a row's content changes
    std::vector<uint8_t> columns_shown; // per list field: shown in the table's last frame (the Columns menu)
    int toggle_column = -1;             // a Columns menu click for the table to apply (-1: none)
    bool layout_checked = false;        // optional columns new to a saved layout were hidden
};

void draw_accounts_list(const core::AppModel& model, AccountsListUi& ui, Dispatch& dispatch);

}  // namespace crm::ui
