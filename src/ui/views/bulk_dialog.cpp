// bulk_dialog.cpp: the bulk action dialog (confirm, progress, results). Draws the model and emits
// messages; no I/O, no rules (concurrency, cancel and retry live in core/app/update_bulk.cpp).
#include "ui/views/bulk_dialog.hpp"

#include <imgui.h>

#include <string>

#include "core/app/list_format.hpp"
#include "core/util/text.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/form_widgets.hpp"

namespace crm::ui {

namespace {

constexpr const char* kPopupId = "Bulk action###bulk_action";

std::string accounts(size_t n) { return core::plural(static_cast<int64_t>(n), "account"); }

void draw_confirm(const core::BulkState& b, Dispatch& dispatch) {
    const std::string what = accounts(b.ids.size());
    if (b.action == core::BulkAction::Delete) {
        ImGui::TextWrapped("Delete %s?", what.c_str());
        ImGui::TextWrapped("Their contacts, opportunities and cases stay in the CRM without an account. "
                           "This cannot be undone.");
    } else {
        ImGui::TextWrapped("Change the stage of %s to %s?", what.c_str(), core::stage_label(b.stage).c_str());
    }
    ImGui::Spacing();
    const std::string ok = (b.action == core::BulkAction::Delete ? "Delete " : "Change ") + what;
    const bool confirmed = b.action == core::BulkAction::Delete ? danger_button(ok.c_str()) : ImGui::Button(ok.c_str());
    if (confirmed) dispatch(core::ConfirmBulk{});
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) dispatch(core::CancelBulk{});
}

void draw_progress(const core::BulkState& b, Dispatch& dispatch) {
    const size_t done = static_cast<size_t>(b.succeeded) + b.failures.size();
    const float f = b.ids.empty() ? 1.0f : static_cast<float>(done) / static_cast<float>(b.ids.size());
    ImGui::TextUnformatted(b.action == core::BulkAction::Delete ? "Deleting accounts..." : "Changing stages...");
    const std::string overlay = core::format_count(static_cast<int64_t>(done)) + " / " + core::format_count(static_cast<int64_t>(b.ids.size()));
    ImGui::ProgressBar(f, ImVec2(ImGui::GetFontSize() * 24.0f, 0), overlay.c_str());
    ImGui::Text("%lld done, %zu failed, %zu in flight", static_cast<long long>(b.succeeded), b.failures.size(), b.in_flight.size());
    if (b.cancelled) {
        ImGui::TextDisabled("Cancelling: waiting for the %s already sent.",
                            core::plural(static_cast<int64_t>(b.in_flight.size()), "request").c_str());
    } else if (ImGui::Button("Cancel##bulk_run") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        dispatch(core::CancelBulk{});
    }
}

void draw_results(const core::BulkState& b, Dispatch& dispatch) {
    const std::string ok = accounts(static_cast<size_t>(b.succeeded));
    if (b.action == core::BulkAction::Delete) ImGui::Text("Deleted %s.", ok.c_str());
    else ImGui::Text("Changed the stage of %s to %s.", ok.c_str(), core::stage_label(b.stage).c_str());
    if (b.signed_out) error_text("Stopped: the session expired. Sign in again, then retry the failed ones.");
    else if (b.cancelled && b.next < b.ids.size()) ImGui::Text("Cancelled: %s not sent.", accounts(b.ids.size() - b.next).c_str());
    if (!b.failures.empty()) {
        error_text(accounts(b.failures.size()) + " failed:");
        const float rows_h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min<size_t>(b.failures.size(), 10) + 1.5f);
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
        if (ImGui::BeginTable("bulk_failures", 3, flags, ImVec2(ImGui::GetFontSize() * 34.0f, rows_h))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Account", 0, 1.2f);
            ImGui::TableSetupColumn("Id", 0, 0.8f);
            ImGui::TableSetupColumn("Error", 0, 2.0f);
            ImGui::TableHeadersRow();
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(b.failures.size()));
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const core::BulkFailure& f = b.failures[static_cast<size_t>(i)];
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    cell_text(f.name.empty() ? std::string_view("-") : std::string_view(f.name));
                    ImGui::TableNextColumn();
                    cell_text(f.id);
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s", f.error.message.c_str());
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (HTTP %d)", f.error.code.c_str(), f.error.http_status);
                }
            }
            ImGui::EndTable();
        }
        if (ImGui::Button("Retry failed")) dispatch(core::RetryBulkFailed{});
        ImGui::SameLine();
    }
    if (ImGui::Button("Close##bulk") || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) dispatch(core::CloseBulk{});
}

}  // namespace

void draw_bulk_dialog(const core::AppModel& model, Dispatch& dispatch) {
    const core::BulkState& b = model.bulk;
    if (!sync_model_modal(kPopupId, b.phase != core::BulkPhase::Idle)) return;
    center_next_dialog(0.4f, 22.0f, 40.0f);
    if (!ImGui::BeginPopupModal(kPopupId, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    switch (b.phase) {
        case core::BulkPhase::Confirm: draw_confirm(b, dispatch); break;
        case core::BulkPhase::Running: draw_progress(b, dispatch); break;
        case core::BulkPhase::Done: draw_results(b, dispatch); break;
        case core::BulkPhase::Idle: break;
    }
    ImGui::EndPopup();
}

}  // namespace crm::ui
