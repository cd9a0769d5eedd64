// list_row_cache.hpp: the accounts table's per-row texts (test labels, formatted and fitted cells),
// built once per row content and reused by every frame that draws the same rows. UI-only state:
// no I/O, no rules; what a cell says comes from core's formatters.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/app/model.hpp"
#include "ui/widgets/data_text.hpp"

namespace crm::ui {

struct RowCells {
    core::Account source;                // the row these texts were built from (id, name, ... as received)
    std::string name;                    // the row's selectable ("##text" under push_record_id(id)): name, else id
    std::string select_test_label;       // its checkbox's test-bridge label: "select:" + id
    std::string website_shown;           // the website without its scheme ("" = none)
    std::string assigned;                // the user's name, else the id ("" = unassigned)
    // The texts as cut to their columns ("…"), refitted when a column's width or the font changes.
    mutable FittedText name_fit, website_fit, industry_fit, size_fit, assigned_fit;
    std::string contacts;                // "1,234" or "-"
    std::string open_opps;
    const char* stage_known = nullptr;   // static label of a known stage (nullptr: stage_other)
    std::string stage_other;             // an unknown stage's label
    core::Role stage_fill = core::Role::StageOther;   // the badge's palette role
    ImVec2 stage_size;                   // the stage label's text size
    std::string updated;                 // relative time (or the date), "" = none
    int64_t updated_for = -1;            // the now_unix `updated` was computed for
    const char* stage_text() const { return stage_known ? stage_known : stage_other.c_str(); }
};

struct ListRowCache {
    std::vector<RowCells> rows;          // by row index on the page
    const void* users_data = nullptr;    // the users directory the names came from
    size_t users_size = 0;
    int users_status = -1;
    const void* font = nullptr;          // the font the text sizes were measured with
    float font_size = 0.0f;
};

// Forgets every row when the users directory or the font changed; keeps one slot per row.
void row_cache_begin(ListRowCache& cache, const core::AppModel& model, size_t rows);
// The texts of row `index` (< rows), rebuilt only when the row's content differs from the one they
// were built from; the relative time only when the clock's second changed.
const RowCells& row_cells(ListRowCache& cache, const core::AppModel& model, size_t index, const core::Account& a);

}  // namespace crm::ui
