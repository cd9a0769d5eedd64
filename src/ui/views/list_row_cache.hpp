// list_row_cache.hpp: the accounts tables' columns (the list and local mode: one per list field of
// core's field registry, core/model/account_fields.hpp) and the list's per-row texts, built once
// per row content and reused by every frame that draws the same rows. UI-only state: no I/O, no
// rules; what a cell says comes from the registry's formatters.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/app/model.hpp"
#include "core/model/account_fields.hpp"
#include "ui/widgets/data_text.hpp"

namespace crm::ui {

// ---- Columns ----

enum class SortBy { Server, Local };   // a column sorts when the API orders by it / when local mode can

// TableSetupColumn for every list field, in the registry's order: the first (the row's name) stretches
// and cannot be hidden; optional fields start hidden (the user shows them: the list's "Columns" menu
// or a header's context menu); fields that cannot sort get no arrow.
void setup_field_columns(SortBy sort_by);
// The headers row; each header is labelled for the test bridge as test_prefix + label ("col:Name").
void field_headers_row(const char* test_prefix);
// The table's width when every column has its initial width (the stretching one: name_min_width).
float field_columns_min_width(float name_min_width);
// The test bridge's label of a list field's header ("col:" + "Size").
std::string header_test_label(const char* test_prefix, const core::AccountField& f);

// A cell as the registry's formatter says it: "-" for no value; the stage as a badge, a time with its
// raw value on hover. `fit` (nullable) keeps the cut text between frames.
void field_cell(const core::AccountField& f, const core::Account& a, const std::string& text, FittedText* fit);

// The users directory's names, as the cells need them (rebuilt when the directory changes; `generation`,
// if given, changes then too).
const core::UserNames& user_names(const core::AppModel& model, uint64_t* generation = nullptr);

// ---- The list's per-row texts ----

struct RowCells {
    core::Account source;                // the row these texts were built from (as received)
    std::string name;                    // the row's selectable ("##text" under push_record_id(id)): display_name
    std::string select_test_label;       // its checkbox's test-bridge label: "select:" + id
    std::vector<std::string> text;       // per list field: the registry's text ("" = no value)
    int64_t text_for = -1;               // the now_unix the texts were computed for (relative times)
    // The texts as cut to their columns ("…"), refitted when a column's width or the font changes.
    mutable FittedText name_fit;
    mutable std::vector<FittedText> fit;  // per list field
};

struct ListRowCache {
    std::vector<RowCells> rows;          // by row index on the page
    const core::UserNames* users = nullptr;   // the names the texts were built with (row_cache_begin)
    uint64_t users_generation = 0;
    const void* font = nullptr;          // the font the text sizes were measured with
    float font_size = 0.0f;
};

// Forgets every row when the users directory or the font changed; keeps one slot per row.
void row_cache_begin(ListRowCache& cache, const core::AppModel& model, size_t rows);
// The texts of row `index` (< rows), rebuilt only when the row's content differs from the one they
// were built from, or when the clock's second changed (relative times).
const RowCells& row_cells(ListRowCache& cache, const core::AppModel& model, size_t index, const core::Account& a);

}  // namespace crm::ui
