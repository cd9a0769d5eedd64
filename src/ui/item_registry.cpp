// item_registry.cpp: Dear ImGui's test-engine item hooks (IMGUI_ENABLE_TEST_ENGINE, on in every web
// build) recorded per frame for the screen-reader mirror and the test bridge. Never changes ImGui state.
#include "ui/item_registry.hpp"

#include <cstring>
#include <utility>

namespace crm::ui {

namespace {

std::vector<RegistryItem> g_building;   // items of the frame being drawn
std::vector<RegistryItem> g_last;       // items of the last complete frame
std::vector<std::pair<ImGuiID, std::string>> g_building_tables, g_last_tables;   // named tables
int g_frames = 0;

std::string strip_id_suffix(const char* label) {
    std::string s = label ? label : "";
    const size_t pos = s.find("##");
    return pos == std::string::npos ? s : s.substr(0, pos);
}

RegistryItem* find_building(ImGuiID id) {
    for (auto it = g_building.rbegin(); it != g_building.rend(); ++it) {
        if (it->id == id) return &*it;
    }
    return nullptr;
}

}  // namespace

void item_registry_install() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void item_registry_begin_frame() {
    g_building.clear();
    g_building_tables.clear();
}

void item_registry_end_frame() {
    g_last.swap(g_building);
    g_building.clear();
    g_last_tables.swap(g_building_tables);
    g_building_tables.clear();
    ++g_frames;
}

const std::vector<RegistryItem>& item_registry_items() { return g_last; }

int item_registry_frames() { return g_frames; }

void item_value(const std::string& text, const char* name) {
    if (RegistryItem* it = find_building(ImGui::GetItemID())) {
        it->value = text;
        it->has_value = true;
        if (name && it->label.empty()) it->label = name;
    }
}

void item_name(const char* name) {
    RegistryItem* it = find_building(ImGui::GetItemID());
    if (it && name && it->label.empty()) it->label = name;
}

void item_label(std::string_view text) {
    RegistryItem* it = find_building(ImGui::GetItemID());
    if (it && it->has_label) it->label.assign(text.data(), text.size());
}

void item_value(const char* text, const char* name) { item_value(std::string(text ? text : ""), name); }

void item_role(const char* role, bool state, const char* group) {
    if (RegistryItem* it = find_building(ImGui::GetItemID())) {
        it->role = role ? role : "";
        it->state = state;
        it->group = group ? group : "";
    }
}

void item_combo(const char* name, const std::string& value, bool open) {
    // BeginCombo reports no label; while its list is open the last item data is the popup's: the combo
    // box is then the last item recorded outside the popup window.
    const ImGuiID popup = open ? ImGui::GetCurrentWindow()->ID : 0;
    auto found = g_building.rbegin();
    while (found != g_building.rend() && open && found->window_id == popup) ++found;
    if (found == g_building.rend()) return;
    RegistryItem& it = *found;
    if (!open && it.id != ImGui::GetItemID()) return;
    if (name && it.label.empty()) it.label = name;
    it.role = "combobox";
    it.state = open;
    it.value = value;
    if (open) it.combo_popup = popup;
}

void item_record(std::string_view id) {
    if (RegistryItem* it = find_building(ImGui::GetItemID())) it->record_id.assign(id.data(), id.size());
}

void table_name(const char* name) {
    if (ImGuiTable* t = ImGui::GetCurrentTable(); t && name) g_building_tables.emplace_back(t->ID, name);
}

ImGuiID item_registry_table(std::string_view name) {
    for (const auto& [id, n] : g_last_tables) {
        if (n == name) return id;
    }
    return 0;
}

}  // namespace crm::ui

// ---- Dear ImGui test-engine hooks (declared in imgui_internal.h) --------------------------------
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* data) {
    if (id == 0 || !ctx) return;
    // Begin() reports each window as an item of itself (ImGui's implicit "Debug" window, the main
    // window, a table's scrolling child): not a control, so neither the bridge nor the mirror lists it.
    if (!data && ctx->CurrentWindow && id == ctx->CurrentWindow->ID) return;
    crm::ui::RegistryItem item;
    item.id = id;
    item.rect = bb;
    item.item_flags = data ? data->InFlags : 0;
    if (ImGuiWindow* w = ctx->CurrentWindow) {
        item.window_id = w->ID;
        for (ImGuiWindow* p = w; p; p = p->ParentWindow) {
            if ((p->Flags & ImGuiWindowFlags_Popup) && !(p->Flags & ImGuiWindowFlags_Modal) && item.popup_id == 0) {
                item.popup_id = p->ID;   // a menu or a combo box's list (ImGui names those "##Combo_NN")
                item.in_combo_popup = p->Name && std::strncmp(p->Name, "##Combo_", 8) == 0;
            }
            if (p->Flags & ImGuiWindowFlags_Modal) {
                item.dialog_id = p->ID;
                std::string title = p->Name ? p->Name : "";
                const size_t cut = title.find("##");
                item.dialog_title = cut == std::string::npos ? title : title.substr(0, cut);
                break;
            }
            if (!(p->Flags & (ImGuiWindowFlags_ChildWindow | ImGuiWindowFlags_Popup))) break;
        }
    }
    if (ImGuiTable* t = ctx->CurrentTable; t && t->InnerWindow != t->OuterWindow &&
                                           ctx->CurrentWindow == t->OuterWindow && id == t->InnerWindow->ChildId) {
        item.pane_of_table = t->ID;   // EndTable's EndChild: the table's scrolling pane, focusable by keyboard
    }
    if (ImGuiTable* t = ctx->CurrentTable; t && ctx->CurrentWindow == t->InnerWindow) {
        item.table_id = t->ID;
        item.table_row = t->CurrentRow;
        item.table_column = t->CurrentColumn;
        item.table_header = (t->RowFlags & ImGuiTableRowFlags_Headers) != 0;
        if (item.table_header && t->CurrentColumn >= 0) {
            const char* name = ImGui::TableGetColumnName(t, t->CurrentColumn);
            item.column_name = name ? name : "";
        }
    }
    crm::ui::g_building.push_back(std::move(item));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (crm::ui::RegistryItem* it = crm::ui::find_building(id)) {
        it->label = crm::ui::strip_id_suffix(label);
        it->status = flags;
        it->has_label = true;
    }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
