// pagination_bar.cpp: the list's pagination controls. Draws and emits messages; no I/O, no rules
// (page windows, clamping and labels come from core).
#include "ui/widgets/pagination_bar.hpp"

#include <imgui.h>

#include <cstdlib>
#include <string>

#include "core/app/list_format.hpp"
#include "core/app/update_list.hpp"
#include "core/util/text.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets/test_label.hpp"

namespace crm::ui {

float pagination_bar_height() { return ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y; }

void draw_pagination_bar(const core::AccountsListState& list, PaginationBarUi& ui, Dispatch& dispatch) {
    const int page = list.query.page;
    const int last = core::list_last_page(list);
    const bool known = list.status == core::LoadStatus::Loaded || list.from_cache || list.page.count > 0;

    ImGui::BeginDisabled(page <= 1);
    if (ImGui::Button("First")) dispatch(core::SetPage{1});
    ImGui::SameLine();
    if (ImGui::Button("Previous")) dispatch(core::SetPage{page - 1});
    ImGui::EndDisabled();

    for (int p : core::page_window(page, last)) {
        ImGui::SameLine();
        if (p == 0) {
            ImGui::TextDisabled("\xE2\x80\xA6");
            continue;
        }
        const std::string label = std::to_string(p) + "##page_" + std::to_string(p);
        const bool current = p == page;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(label.c_str()) && !current) dispatch(core::SetPage{p});
        if (current) ImGui::PopStyleColor();
    }

    ImGui::SameLine();
    ImGui::BeginDisabled(page >= last || !known);
    if (ImGui::Button("Next")) dispatch(core::SetPage{page + 1});
    ImGui::SameLine();
    if (ImGui::Button("Last")) dispatch(core::SetPage{last});
    ImGui::EndDisabled();

    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f);
    const bool entered = ImGui::InputTextWithHint("##jump", "page", ui.jump, sizeof ui.jump,
                                                  ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Go") || entered) && ui.jump[0] != '\0') {
        dispatch(core::SetPage{std::atoi(ui.jump)});   // core clamps to [1, last]
        ui.jump[0] = '\0';
    }

    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f);
    const std::string preview = std::to_string(list.query.limit);
    const bool open = ImGui::BeginCombo("per page", preview.c_str());
    if (!open) label_last_item_for_tests("per page");
    item_combo("per page", core::plural(list.query.limit, "row"), open);   // the screen-reader mirror
    if (open) {
        for (int size : core::kPageSizes) {
            const std::string item = core::plural(size, "row");
            if (ImGui::Selectable(item.c_str(), size == list.query.limit)) dispatch(core::SetPageSize{size});
        }
        ImGui::EndCombo();
    }

    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    const std::string range = core::range_label(page, list.query.limit, list.page.results.size(), list.page.count);
    ImGui::TextUnformatted(range.c_str());
    // Refreshing: a discreet dot in reserved space, so nothing moves when it comes and goes.
    ImGui::SameLine();
    if (list.status == core::LoadStatus::Loading) ImGui::TextDisabled(list.from_cache ? "\xE2\x80\xA2 refreshing" : "\xE2\x80\xA2 loading");
    else ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
}

}  // namespace crm::ui
