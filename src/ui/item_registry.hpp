// item_registry.hpp: every ImGui item of the last complete frame (id, label, rectangle, flags, the
// window and table it sits in), from Dear ImGui's test-engine item hooks. Read-only for ImGui state.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>
#include <vector>

namespace crm::ui {

struct RegistryItem {
    ImGuiID id = 0;
    std::string label;                 // text before "##" ("" for hidden labels, unless item_value / item_name
                                       // names it); data drawn beside a hidden label: exactly (item_label)
    ImRect rect;                       // ImGui coordinates (CSS pixels of the canvas)
    ImGuiItemFlags item_flags = 0;
    ImGuiItemStatusFlags status = 0;   // Checkable/Checked/Openable/Opened/Inputable...
    bool has_label = false;
    ImGuiID window_id = 0;             // the window the item was submitted in
    ImGuiID dialog_id = 0;             // the modal popup containing it (0: none)
    std::string dialog_title;          // that popup's title (text before "##"/"###")
    ImGuiID table_id = 0;              // the table it sits in (0: none)
    int table_row = -1;
    int table_column = -1;
    bool table_header = false;         // a column header cell
    std::string column_name;           // header cells: the column's name (TableSetupColumn)
    std::string value;                 // text fields, headings: their text (set by item_value)
    bool has_value = false;
    ImGuiID pane_of_table = 0;         // this item is the scrolling pane (child window) of that table
    ImGuiID popup_id = 0;              // the menu or combo popup containing it (0: none)
    bool in_combo_popup = false;       // that popup is a combo box's list
    bool is_window = false;            // a window reported by Begin() (the bridge lists it; the mirror does not)
    std::string role;                  // a role the widget cannot report itself (item_role, item_combo)
    bool state = false;                // with role: radio checked, tab selected, combo box open
    std::string group;                 // with role: the radio group / tab list it belongs to
    ImGuiID combo_popup = 0;           // combo boxes that are open: their popup window
    std::string record_id;             // a table row's item: the id of the record it shows (item_record)
};

void item_registry_install();                          // after ImGui::CreateContext(): turns the hooks on
void item_registry_begin_frame();                      // before ImGui::NewFrame()
void item_registry_end_frame();                        // after ImGui::Render()
const std::vector<RegistryItem>& item_registry_items();  // the last complete frame, submission order
int item_registry_frames();                            // complete frames recorded
void item_value(const std::string& text, const char* name = nullptr);  // after a text field: its text
void item_value(const char* text, const char* name = nullptr);         // (and a name if its label is hidden)
void item_name(const char* name);                      // names the last item if its label is hidden ("##id")
void item_label(std::string_view text);                // the last item's label is exactly `text` (data drawn
                                                       // beside a hidden label: never cut at "##"), if ImGui
                                                       // reported the item this frame (not clipped)
void item_role(const char* role, bool state, const char* group);   // after a radio button ("radio", checked)
                                                       // or a button drawn as a tab ("tab", selected), with its group's name
void item_combo(const char* name, const std::string& value, bool open);   // right after BeginCombo: its name,
                                                       // the value it shows and whether its list is open
void item_record(std::string_view id);                 // the last item is the row of the record with this id
void table_name(const char* name);                     // after BeginTable: names the current table
ImGuiID item_registry_table(std::string_view name);    // the last complete frame's table of that name (0: none)

}  // namespace crm::ui
