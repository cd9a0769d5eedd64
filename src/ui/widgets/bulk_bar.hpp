// bulk_bar.hpp: the list's selection UI: the row checkbox, the bar above the table ("Select page",
// "12 selected", Change stage, Delete, Clear) and the Gmail-style "select all N matching" banner.
// Draws the model and emits messages only; the rules are in core/app/update_bulk.cpp.
#pragma once
#include "core/app/model.hpp"
#include "ui/dispatch.hpp"

namespace crm::ui {

void draw_bulk_bar(const core::AppModel& model, Dispatch& dispatch);
// In the row's first cell, before its selectable: tints a selected row and draws its checkbox
// (test label "select:<id>"); Shift+click on it extends the range.
void draw_row_select_box(const core::AppModel& model, const core::Account& account, Dispatch& dispatch);
// The same inside the caller's push_record_id(<id>), with the checkbox's ImGui id ("##select") and test label
// ("select:<id>") built once.
void draw_row_select_box(const core::AppModel& model, const core::Account& account, const char* imgui_id,
                         const char* test_label, Dispatch& dispatch);

}  // namespace crm::ui
