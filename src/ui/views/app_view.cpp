// app_view.cpp: the root view: header bar, list and detail layout, dialogs, toasts, keys [ and ].
#include "ui/views/app_view.hpp"

#include <imgui.h>

#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/views/dashboard_view.hpp"

namespace crm::ui {

namespace {

// [ and ] step through the list when no text field has the keyboard and no dialog is open.
void handle_keys(const core::AppModel& model, Dispatch& dispatch) {
    if (ImGui::GetIO().WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    if (model.records.form.open || model.records.del.confirm_open) return;
    if (model.bulk.phase != core::BulkPhase::Idle) return;
    const ImGuiIO& io = ImGui::GetIO();
    const bool plain = !io.KeyCtrl && !io.KeyAlt && !io.KeySuper;
    // d: the dashboard, l: the list (the filters stay).
    if (plain && ImGui::IsKeyPressed(ImGuiKey_D, false)) dispatch(core::ShowDashboard{});
    if (plain && ImGui::IsKeyPressed(ImGuiKey_L, false)) dispatch(core::ShowList{});
    if (model.screen == core::Screen::Dashboard) {
        if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) dispatch(core::ClearFilters{});
        return;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket, false)) dispatch(core::StepAccount{-1});
    if (ImGui::IsKeyPressed(ImGuiKey_RightBracket, false)) dispatch(core::StepAccount{+1});
}

// "Dashboard" and "List" as two tabs of one tab list (the screen-reader mirror's role).
void screen_tabs(const core::AppModel& model, Dispatch& dispatch) {
    const bool dash = model.screen == core::Screen::Dashboard;
    for (int i = 0; i < 2; ++i) {
        const bool active = (i == 0) == dash;
        if (i > 0) ImGui::SameLine(0, 0);
        ImGui::PushStyleColor(ImGuiCol_Button, active ? color(core::Role::ButtonActive) : color(core::Role::FrameBg));
        const bool clicked = ImGui::SmallButton(i == 0 ? "Dashboard" : "List");
        ImGui::PopStyleColor();
        item_role("tab", active, "Screens");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip(i == 0 ? "The pipeline at a glance (d)" : "The accounts list (l)");
        if (clicked) dispatch(i == 0 ? core::Msg{core::ShowDashboard{}} : core::Msg{core::ShowList{}});
    }
}

}  // namespace

void draw_app(const core::AppModel& model, AppUi& ui, Dispatch& dispatch) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Accounts Console", nullptr, flags);
    const bool narrow = vp->WorkSize.x < kNarrowWidth;
    ImGui::TextUnformatted("Accounts");
    if (model.auth == core::AuthStatus::SignedIn || !model.list.page.results.empty() || model.records.form.open) {
        ImGui::SameLine();
        screen_tabs(model, dispatch);
        ImGui::SameLine(0, ImGui::GetFontSize());
        if (ImGui::SmallButton("Reload")) {
            dispatch(model.screen == core::Screen::Dashboard ? core::Msg{core::RefreshDashboard{}} : core::Msg{core::ReloadAccounts{}});
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("New account")) dispatch(core::OpenCreateForm{});
        ImGui::SameLine();
        if (ImGui::SmallButton("Sign out")) dispatch(core::SignOut{});
        ImGui::SameLine();
        draw_display_menu(model.display, dispatch);   // theme and UI scale (ui/theme.hpp)
        ImGui::Separator();
        const bool has_detail = !model.selected_id.empty();
        if (model.screen == core::Screen::Dashboard) {
            draw_dashboard(model, ui.list.filters, dispatch);
        } else if (has_detail && narrow) {
            draw_account_detail(model, ui.detail, dispatch, true);
        } else if (has_detail) {
            const float list_w = ImGui::GetContentRegionAvail().x * 0.55f;
            ImGui::BeginChild("list_pane", ImVec2(list_w, 0), ImGuiChildFlags_ResizeX, ImGuiWindowFlags_NavFlattened);
            draw_accounts_list(model, ui.list, dispatch);
            ImGui::EndChild();
            ImGui::SameLine();
            ImGui::BeginChild("detail_pane", ImVec2(0, 0), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
            draw_account_detail(model, ui.detail, dispatch, false);
            ImGui::EndChild();
        } else {
            draw_accounts_list(model, ui.list, dispatch);
        }
        handle_keys(model, dispatch);
    } else {
        ImGui::Separator();
        ImGui::TextDisabled("Signed out. Enter a token in the sign-in form.");
    }
    // Dialogs stay open while signed out (a 401 shows the sign-in form over them): nothing typed is lost.
    draw_account_form_dialog(model, ui.form, dispatch, narrow);
    draw_delete_account_dialog(model, dispatch);
    draw_bulk_dialog(model, dispatch);
    ImGui::End();
    draw_toasts(model, ui.toasts, dispatch);
}

}  // namespace crm::ui
