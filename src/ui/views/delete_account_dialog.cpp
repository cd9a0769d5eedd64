// delete_account_dialog.cpp: delete confirmation and toasts (undo countdown). Draws the model,
// emits messages; no I/O. The undo window is timed here from the wall clock: when it ends the view
// emits CommitDelete, and only then does update() send the DELETE.
#include "ui/views/delete_account_dialog.hpp"

#include <imgui.h>

#include <chrono>
#include <string>
#include <string_view>

#include "core/util/text.hpp"
#include "ui/widgets/form_widgets.hpp"

namespace crm::ui {

namespace {
constexpr const char* kPopupId = "Delete account?###delete_account";
constexpr double kToastSeconds = 6.0;
}  // namespace

void draw_delete_account_dialog(const core::AppModel& model, Dispatch& dispatch) {
    const core::DeleteState& del = model.records.del;
    if (!sync_model_modal(kPopupId, del.confirm_open)) return;
    center_next_dialog(0.4f, 20.0f, 36.0f);
    if (!ImGui::BeginPopupModal(kPopupId, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    const core::Account& a = del.target;
    ImGui::TextWrapped("Delete %s?", core::display_name(a).c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("These records stay in the CRM but lose their account:");
    auto count = [](const std::optional<int64_t>& v, std::string_view one, std::string_view many) {
        return v ? core::plural(*v, one, many) : "unknown number of " + std::string(many);
    };
    ImGui::BulletText("%s", count(a.contact_count, "contact", "contacts").c_str());
    ImGui::BulletText("%s", count(a.open_opportunity_count, "open opportunity", "open opportunities").c_str());
    ImGui::BulletText("%s", count(a.open_case_count, "open case", "open cases").c_str());
    ImGui::TextDisabled("You can undo for %d seconds.", static_cast<int>(core::kUndoSeconds));
    ImGui::Spacing();
    if (danger_button("Delete account")) dispatch(core::ConfirmDelete{});
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) dispatch(core::CancelDelete{});
    ImGui::EndPopup();
}

void draw_toasts(const core::AppModel& model, ToastsUi& ui, Dispatch& dispatch) {
    const auto& toasts = model.records.toasts;
    // Wall-clock time: ImGui's clock clamps each frame's step, so it runs slow when frames are slow.
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    // Pending deletes whose undo toast is gone (e.g. pushed out) still need their window to end.
    for (const auto& p : model.records.del.pending) {
        if (p.sent) continue;
        bool has_toast = false;
        for (const auto& t : toasts) has_toast |= t.undo_delete_id == p.id;
        if (!has_toast) dispatch(core::CommitDelete{p.id});
    }
    if (toasts.empty()) {
        ui.first_seen.clear();
        return;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float pad = 12.0f;
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - pad, vp->WorkPos.y + vp->WorkSize.y - pad),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(std::min(vp->WorkSize.x - 2 * pad, 30.0f * ImGui::GetFontSize()), FLT_MAX));
    ImGui::SetNextWindowBgAlpha(0.95f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
    ImGui::Begin("##toasts", nullptr, flags);
    for (const core::Toast& t : toasts) {
        double& seen = ui.first_seen.try_emplace(t.id, now).first->second;
        const double age = now - seen;
        ImGui::PushID(static_cast<int>(t.id));
        if (t.error) error_text(t.text);
        else ImGui::TextWrapped("%s", t.text.c_str());
        if (!t.undo_delete_id.empty()) {
            const int left = static_cast<int>(core::kUndoSeconds - age + 0.999);
            std::string undo = "Undo (" + std::to_string(left < 0 ? 0 : left) + "s)###undo";
            if (ImGui::SmallButton(undo.c_str())) dispatch(core::UndoDelete{t.undo_delete_id});
            else if (age >= core::kUndoSeconds) dispatch(core::CommitDelete{t.undo_delete_id});
        } else {
            if (ImGui::SmallButton("Dismiss")) dispatch(core::DismissToast{t.id});
            else if (!t.error && age >= kToastSeconds) dispatch(core::DismissToast{t.id});
        }
        ImGui::PopID();
        ImGui::Separator();
    }
    ImGui::End();
}

}  // namespace crm::ui
