// app_view.cpp: the root view: header bar, list and detail layout, dialogs, toasts, keys [ and ].
#include "ui/views/app_view.hpp"

#include <imgui.h>

#include "ui/theme.hpp"

namespace crm::ui {

namespace {

// [ and ] step through the list when no text field has the keyboard and no dialog is open.
void handle_keys(const core::AppModel& model, Dispatch& dispatch) {
    if (ImGui::GetIO().WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    if (model.records.form.open || model.records.del.confirm_open) return;
    if (model.bulk.phase != core::BulkPhase::Idle) return;
    if (ImGui::IsKeyPressed(ImGuiKey_LeftBracket, false)) dispatch(core::StepAccount{-1});
    if (ImGui::IsKeyPressed(ImGuiKey_RightBracket, false)) dispatch(core::StepAccount{+1});
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
        if (ImGui::SmallButton("Reload")) dispatch(core::ReloadAccounts{});
        ImGui::SameLine();
        if (ImGui::SmallButton("New account")) dispatch(core::OpenCreateForm{});
        ImGui::SameLine();
        if (ImGui::SmallButton("Sign out")) dispatch(core::SignOut{});
        ImGui::SameLine();
        draw_display_menu(model.display, dispatch);   // theme and UI scale (ui/theme.hpp)
        ImGui::Separator();
        const bool has_detail = !model.selected_id.empty();
        if (has_detail && narrow) {
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
