// app_view.cpp: the root view: one full-screen window with a header bar and the accounts list.
#include "ui/views/app_view.hpp"

#include <imgui.h>

namespace crm::ui {

void draw_app(const core::AppModel& model, AppUi& ui, Dispatch& dispatch) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Accounts Console", nullptr, flags);
    ImGui::TextUnformatted("Accounts");
    if (model.auth == core::AuthStatus::SignedIn) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Reload")) dispatch(core::ReloadAccounts{});
        ImGui::SameLine();
        if (ImGui::SmallButton("Sign out")) dispatch(core::SignOut{});
        ImGui::Separator();
        draw_accounts_list(model, ui.list, dispatch);
    } else {
        ImGui::Separator();
        ImGui::TextDisabled("Signed out. Enter a token in the sign-in form.");
    }
    ImGui::End();
}

}  // namespace crm::ui
