// accounts_list_view.cpp: the accounts list screen. Draws the model, emits messages; no I/O, no
// rules (filters, sort cycle, paging, cache and cursor live in core/app/update_list.cpp).
#include "ui/views/accounts_list_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <imgui_internal.h>   // TableSetColumnSortDirection (server-driven sort), test-engine item labels

#include <string>
#include <string_view>

#include "core/app/list_format.hpp"
#include "core/app/update_list.hpp"
#include "core/model/account_fields.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/bulk_bar.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/list_tools.hpp"
#include "ui/widgets/overview_strip.hpp"
#include "ui/widgets/stage_badge.hpp"

namespace crm::ui {

namespace {

using core::Account;
using core::AppModel;

// The website text's rectangle in the row being drawn: a row click there opens the site instead of
// selecting the row (the row's selectable owns the mouse, so the link is not an item of its own).
ImRect g_link_rect;

// A website as a link: opens a new tab through core (which only lets http/https through).
void website_cell(const Account& a, const std::string& shown_text, FittedText& fit_cache) {
    if (shown_text.empty()) {
        ImGui::TextUnformatted("-");
        return;
    }
    const FittedText& fit = fit_text(shown_text, ImGui::GetContentRegionAvail().x, fit_cache);
    const char* shown = fit.shown.c_str();
    const ImVec2 size = fit.size;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    g_link_rect = ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    g_link_rect.ClipWith(ImGui::GetCurrentWindow()->ClipRect);
    const bool hovered = ImGui::IsMouseHoveringRect(g_link_rect.Min, g_link_rect.Max) && ImGui::IsWindowHovered();
    const ImU32 col = color_u32(hovered ? core::Role::LinkHovered : core::Role::Link);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(pos, col, shown, shown + fit.shown.size());
    if (hovered) {
        dl->AddLine(ImVec2(pos.x, pos.y + size.y), ImVec2(pos.x + size.x, pos.y + size.y), col);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s (opens in a new tab)", a.website.c_str());
    }
}

// The columns are the registry's list fields (core/model/account_fields.hpp); the first one (the
// name) is drawn by the row itself (it is the row's selectable), the website as a link, the others
// by field_cell (list_row_cache.hpp) from the texts the row cache built for the row.
int column_count() { return static_cast<int>(core::list_fields().size()); }
constexpr float kNameMinWidth = 14.0f;   // in font sizes: below this the table scrolls sideways

bool has_optional_columns() {
    for (const core::AccountField* f : core::list_fields()) {
        if (f->list_flags & core::kListOptional) return true;
    }
    return false;
}

// "Columns": a checkbox per optional field. The table applies a click (sync_columns_menu) and keeps the
// choice with its layout (widths, order, visibility: ImGui's saved settings, kept by the app).
void draw_columns_menu(AccountsListUi& ui) {
    if (ImGui::SmallButton("Columns")) ImGui::OpenPopup("columns_menu");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide optional columns");
    if (!ImGui::BeginPopup("columns_menu")) return;
    const auto& fields = core::list_fields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (!(fields[i]->list_flags & core::kListOptional)) continue;
        bool shown = i < ui.columns_shown.size() && ui.columns_shown[i] != 0;
        if (ImGui::Checkbox(fields[i]->label, &shown)) ui.toggle_column = static_cast<int>(i);
    }
    ImGui::EndPopup();
}

// Inside the table: applies the Columns menu's click, then notes which columns are shown (for the menu).
void sync_columns_menu(AccountsListUi& ui) {
    const int n = column_count();
    // ImGui applies DefaultHide only without a saved layout: in a layout saved before an optional
    // column existed, hide that column once (it is after the saved ones).
    if (!ui.layout_checked) {
        ui.layout_checked = true;
        ImGuiTable* t = ImGui::GetCurrentTable();
        if (t && t->SettingsOffset != -1) {
            const int saved = GImGui->SettingsTables.ptr_from_offset(t->SettingsOffset)->ColumnsCount;
            for (int i = saved; i < n; ++i) {
                if (core::list_fields()[static_cast<size_t>(i)]->list_flags & core::kListOptional) {
                    ImGui::TableSetColumnEnabled(i, false);
                }
            }
        }
    }
    if (ui.toggle_column >= 0 && ui.toggle_column < n) {
        const bool shown = (ImGui::TableGetColumnFlags(ui.toggle_column) & ImGuiTableColumnFlags_IsEnabled) != 0;
        ImGui::TableSetColumnEnabled(ui.toggle_column, !shown);
    }
    ui.toggle_column = -1;
    ui.columns_shown.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        ui.columns_shown[static_cast<size_t>(i)] = (ImGui::TableGetColumnFlags(i) & ImGuiTableColumnFlags_IsEnabled) != 0;
    }
}

struct Shortcut {
    const char* keys;
    const char* action;
};

// The "?" overlay lists exactly what handle_keyboard() implements.
const Shortcut kShortcuts[] = {
    {"/", "Search"},
    {"\xE2\x86\x93 / j", "Next row"},
    {"\xE2\x86\x91 / k", "Previous row"},
    {"Enter", "Open the row"},
    {"n", "New account"},
    {"e", "Edit the row (opens it first)"},
    {"Delete", "Delete the row (asks first)"},
    {"x / Ctrl+click", "Select the row for bulk actions (Shift+click: a range)"},
    {"Ctrl+\xE2\x86\x90 / Ctrl+\xE2\x86\x92", "Previous / next page"},
    {"Esc", "Clear filters and search"},
    {"d / l", "Dashboard / list (the filters stay)"},
    {"Right click a row", "Open, edit, copy id or name, open website, delete"},
    {"?", "This list"},
};

void draw_error_banner(const core::Error& e, bool has_rows, Dispatch& dispatch) {
    ImGui::PushStyleColor(ImGuiCol_Text, color(core::Role::Error));
    ImGui::TextWrapped("%s %s", has_rows ? "Could not refresh accounts (showing the last rows received):"
                                         : "Could not load accounts:",
                       e.message.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", e.code.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Retry")) dispatch(core::ReloadAccounts{});
}

// The server sorts: the table's arrows mirror the model's ordering; a header click asks core for the
// next ordering (asc -> desc -> off) and the rows come back from the API in that order.
void sync_sort(const core::AccountsListState& list, AccountsListUi& ui, Dispatch& dispatch) {
    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if (!specs) return;
    if (specs->SpecsDirty && ui.sort_shown == list.query.ordering) {
        // The user clicked a header this frame's predecessor: which column did ImGui change?
        std::string field;
        if (specs->SpecsCount > 0) {
            const char* ordering = core::list_fields()[static_cast<size_t>(specs->Specs[0].ColumnIndex)]->ordering;
            field = ordering ? ordering : "";
        }
        else field = list.query.ordering.empty() || list.query.ordering[0] != '-' ? list.query.ordering
                                                                                  : list.query.ordering.substr(1);
        if (!field.empty()) dispatch(core::SortByColumn{field});
        ui.sort_shown = "\x01";          // re-apply the model's ordering (the click may have been ignored)
    }
    if (ui.sort_shown != list.query.ordering) {
        const std::string& o = list.query.ordering;
        const bool desc = !o.empty() && o[0] == '-';
        const std::string field = desc ? o.substr(1) : o;
        int sorted = -1;
        for (int i = 0; i < column_count(); ++i) {
            const char* ordering = core::list_fields()[static_cast<size_t>(i)]->ordering;
            if (!field.empty() && ordering && field == ordering) sorted = i;
        }
        for (int i = 0; i < column_count(); ++i) {
            if (i != sorted) ImGui::TableSetColumnSortDirection(i, ImGuiSortDirection_None, false);
        }
        if (sorted >= 0) {
            ImGui::TableSetColumnSortDirection(sorted, desc ? ImGuiSortDirection_Descending : ImGuiSortDirection_Ascending,
                                               false);
        }
        ui.sort_shown = o;
    }
    ImGui::TableGetSortSpecs()->SpecsDirty = false;
}

// Scrolls the list vertically just enough to show the last drawn row whole (the frozen header
// row excluded); horizontal scroll stays where the user left it.
void keep_row_visible() {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const float x = ImMin(window->InnerRect.Min.x + window->DecoInnerSizeX1, window->InnerRect.Max.x);   // always in view
    const ImRect row(x, ImGui::GetItemRectMin().y, x, ImGui::GetItemRectMax().y);
    ImGui::ScrollToRect(window, row, ImGuiScrollFlags_KeepVisibleEdgeY | ImGuiScrollFlags_KeepVisibleEdgeX);
}

void row_context_menu(const Account& a, Dispatch& dispatch) {
    if (!ImGui::BeginPopupContextItem("row_menu")) return;
    ImGui::TextDisabled("%s", core::display_name(a).c_str());
    ImGui::Separator();
    if (ImGui::MenuItem("Open", "Enter")) dispatch(core::SelectAccount{a.id});
    if (ImGui::MenuItem("Edit", "e")) dispatch(core::EditAccount{a.id});
    if (ImGui::MenuItem("Copy id")) ImGui::SetClipboardText(a.id.c_str());
    if (ImGui::MenuItem("Copy name")) ImGui::SetClipboardText(a.name.c_str());
    if (ImGui::MenuItem("Open website", nullptr, false, !a.website.empty())) dispatch(core::OpenWebsite{a.website});
    ImGui::Separator();
    if (ImGui::MenuItem("Delete", "Del")) dispatch(core::RequestDelete{a.id});
    ImGui::EndPopup();
}

void draw_table(const AppModel& model, AccountsListUi& ui, Dispatch& dispatch, float height) {
    const core::AccountsListState& list = model.list;
    const float fs = ImGui::GetFontSize();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                  ImGuiTableFlags_Hideable | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortTristate |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
    // Narrow screens: the name column keeps a readable minimum and the table scrolls sideways
    // (the name column is frozen), instead of squeezing the name to nothing.
    const float inner_width = std::max(ImGui::GetContentRegionAvail().x, field_columns_min_width(kNameMinWidth * fs));
    // Tables inherit "no saved settings" from their root window; the list's column layout (widths,
    // order, visibility) must persist, so it opts back in for the duration of BeginTable.
    ImGuiWindow* root = ImGui::GetCurrentWindow()->RootWindow;
    const ImGuiWindowFlags root_flags = root->Flags;
    root->Flags &= ~ImGuiWindowFlags_NoSavedSettings;
    const bool open = ImGui::BeginTable("accounts", column_count(), flags, ImVec2(0, height), inner_width);
    root->Flags = root_flags;
    if (!open) return;
    table_name("Accounts");   // the screen-reader mirror's table
    ImGui::TableSetupScrollFreeze(1, 1);
    setup_field_columns(SortBy::Server);
    sync_columns_menu(ui);
    sync_sort(list, ui, dispatch);
    field_headers_row("col:");

    const bool dim = list.status == core::LoadStatus::Loading && !list.from_cache;   // old rows while loading
    if (dim) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.55f);
    const auto& rows = list.page.results;
    int cursor_index = -1;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].id == list.cursor_id) cursor_index = static_cast<int>(i);
    }
    const bool scroll_to_cursor = cursor_index >= 0 && ui.cursor_shown != list.cursor_id;
    ui.cursor_shown = list.cursor_id;

    row_cache_begin(ui.rows, model, rows.size());
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    if (scroll_to_cursor) clipper.IncludeItemByIndex(cursor_index);
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Account& a = rows[static_cast<size_t>(r)];
            const RowCells& cells = row_cells(ui.rows, model, static_cast<size_t>(r), a);
            ImGui::TableNextRow(0, stage_badge_row_height());
            if (r == cursor_index) {
                const bool picked = model.selection.ids.count(a.id) > 0;   // RowBg1 covers bulk_bar's RowBg0
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, color_u32(picked ? core::Role::RowCursorSelected : core::Role::RowCursor));
            }
            ImGui::TableNextColumn();
            // ImGui ids from the record id; the name is drawn as text, never parsed as a label.
            push_record_id(a.id);
            draw_row_select_box(model, a, "##select", cells.select_test_label.c_str(), dispatch);
            const bool clicked = selectable_text(cells.name, model.selected_id == a.id, ImGuiSelectableFlags_SpanAllColumns,
                                                 &cells.name_fit);
            item_record(a.id);   // the mirror finds the row's account by id
            // The cursor's row is brought into view only if it is not already fully visible (a
            // click on a visible row never scrolls the list under the pointer).
            if (r == cursor_index && scroll_to_cursor) keep_row_visible();
            row_context_menu(a, dispatch);
            ImGui::PopID();
            g_link_rect = ImRect();
            const auto& fields = core::list_fields();
            for (size_t c = 1; c < fields.size(); ++c) {
                if (!ImGui::TableNextColumn()) continue;
                if (std::string_view(fields[c]->key) == "website") website_cell(a, cells.text[c], cells.fit[c]);
                else field_cell(*fields[c], a, cells.text[c], &cells.fit[c]);
            }
            if (clicked) {
                const bool on_link = g_link_rect.GetWidth() > 0 && g_link_rect.Contains(ImGui::GetIO().MousePos);
                const ImGuiIO& io = ImGui::GetIO();
                if (on_link) dispatch(core::OpenWebsite{a.website});
                else if (io.KeyShift) dispatch(core::ExtendSelect{a.id});                  // bulk selection:
                else if (io.KeyCtrl || io.KeySuper) dispatch(core::ToggleSelect{a.id});     // file-manager keys
                else dispatch(core::SelectAccount{a.id});
            }
        }
    }
    if (dim) ImGui::PopStyleVar();
    ImGui::EndTable();
}

void draw_empty_state(const AppModel& model, Dispatch& dispatch) {
    if (core::list_has_filters(model.list.query)) {
        ImGui::TextDisabled("No accounts match these filters.");
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear filters")) dispatch(core::ClearFilters{});
    } else {
        ImGui::TextDisabled("No accounts yet.");
        ImGui::SameLine();
        if (ImGui::SmallButton("Create the first account")) dispatch(core::OpenCreateForm{});
    }
}

void handle_keyboard(const AppModel& model, AccountsListUi& ui, Dispatch& dispatch) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsAnyItemActive() || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    const int page = model.list.query.page;
    if (ImGui::IsKeyPressed(ImGuiKey_Slash, false)) {
        if (io.KeyShift) ui.show_shortcuts = !ui.show_shortcuts;
        else ui.filters.focus_search = true;
    }
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) dispatch(core::SetPage{page - 1});
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_RightArrow)) dispatch(core::SetPage{page + 1});
    if (!io.KeyCtrl && (ImGui::IsKeyPressed(ImGuiKey_J) || ImGui::IsKeyPressed(ImGuiKey_DownArrow))) dispatch(core::MoveCursor{1});
    if (!io.KeyCtrl && (ImGui::IsKeyPressed(ImGuiKey_K) || ImGui::IsKeyPressed(ImGuiKey_UpArrow))) dispatch(core::MoveCursor{-1});
    if (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) dispatch(core::OpenCursor{});
    // The row the keys act on: the keyboard cursor, else the open account.
    const std::string& target = model.list.cursor_id.empty() ? model.selected_id : model.list.cursor_id;
    const bool plain = !io.KeyCtrl && !io.KeyAlt && !io.KeySuper;
    if (plain && ImGui::IsKeyPressed(ImGuiKey_N, false)) dispatch(core::OpenCreateForm{});
    if (plain && !target.empty() && ImGui::IsKeyPressed(ImGuiKey_E, false)) dispatch(core::EditAccount{target});
    if (plain && !target.empty() && ImGui::IsKeyPressed(ImGuiKey_Delete, false)) dispatch(core::RequestDelete{target});
    if (plain && !target.empty() && ImGui::IsKeyPressed(ImGuiKey_X, false)) dispatch(core::ToggleSelect{target});
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        if (ui.show_shortcuts) ui.show_shortcuts = false;
        else dispatch(core::ClearFilters{});
    }
}

void draw_shortcuts_overlay(AccountsListUi& ui) {
    if (ui.show_shortcuts && !ImGui::IsPopupOpen("Keyboard shortcuts")) ImGui::OpenPopup("Keyboard shortcuts");
    if (!ImGui::BeginPopupModal("Keyboard shortcuts", &ui.show_shortcuts, ImGuiWindowFlags_AlwaysAutoResize)) return;
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        for (const Shortcut& s : kShortcuts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.keys);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.action);
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        ui.show_shortcuts = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_accounts_list(const core::AppModel& model, AccountsListUi& ui, Dispatch& dispatch) {
    const core::AccountsListState& list = model.list;
    const bool has_rows = !list.page.results.empty();
    if (model.local.active) {
        draw_local_table(model, ui.local, dispatch);
        return;
    }

    draw_search_and_filters(model, ui.filters, dispatch);
    ImGui::SameLine();
    if (ImGui::SmallButton("?")) ui.show_shortcuts = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keyboard shortcuts");
    if (has_optional_columns()) {
        ImGui::SameLine();
        draw_columns_menu(ui);
    }
    ImGui::SameLine();
    draw_list_tools(model, dispatch);
    draw_export_status(model, dispatch);
    draw_stage_chips(model, dispatch);
    draw_overview_strip(model, dispatch);
    draw_active_filter_chips(model, dispatch);

    draw_bulk_bar(model, dispatch);

    if (list.status == core::LoadStatus::Failed && list.error) draw_error_banner(*list.error, has_rows, dispatch);
    if (list.status == core::LoadStatus::Loaded && !has_rows) draw_empty_state(model, dispatch);
    if (list.status == core::LoadStatus::Loading && !has_rows) ImGui::TextDisabled("Loading accounts...");

    const float table_height = ImGui::GetContentRegionAvail().y - pagination_bar_height();
    draw_table(model, ui, dispatch, table_height > 80.0f ? table_height : 80.0f);
    draw_pagination_bar(list, ui.pagination, dispatch);

    handle_keyboard(model, ui, dispatch);
    draw_shortcuts_overlay(ui);
}

}  // namespace crm::ui
