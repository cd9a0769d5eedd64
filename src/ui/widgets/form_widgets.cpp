// form_widgets.cpp: std::string inputs, copy buttons and error text for Dear ImGui. Draw only.
#include "ui/widgets/form_widgets.hpp"

#include <algorithm>
#include <cfloat>

#include "ui/item_registry.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

namespace {

int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

}  // namespace

bool input_text(const char* label, std::string& value, ImGuiInputTextFlags flags) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    const bool edited = ImGui::InputText(label, value.data(), value.capacity() + 1, flags, resize_callback, &value);
    item_value(value);   // the screen-reader mirror shows the field's text
    return edited;
}

bool input_text_multiline(const char* label, std::string& value, const ImVec2& size) {
    const bool edited = ImGui::InputTextMultiline(label, value.data(), value.capacity() + 1, size,
                                                  ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
    item_value(value);
    return edited;
}

bool suggestion_combo(const char* id, std::string& value, const char* const* options, size_t n) {
    bool picked = false;
    const bool open = ImGui::BeginCombo(id, "", ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft);
    item_name("Suggestions");   // the screen-reader mirror's name for the arrow button
    item_combo("Suggestions", value, open);
    if (open) {
        for (size_t i = 0; i < n; ++i) {
            if (ImGui::Selectable(options[i], value == options[i])) {
                value = options[i];
                picked = true;
            }
        }
        ImGui::EndCombo();
    }
    return picked;
}

void copy_button(const char* id, const std::string& text) {
    ImGui::PushID(id);
    ImGui::BeginDisabled(text.empty());
    if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(text.c_str());
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Copy to the clipboard");
    ImGui::PopID();
}

void field_errors(const std::vector<std::string>& messages) {
    for (const std::string& m : messages) error_text(m);
}

void error_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color(core::Role::Error));   // 4.5:1 in every theme
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

bool danger_button(const char* label, bool small) {
    ImGui::PushStyleColor(ImGuiCol_Button, color(core::Role::DangerButton));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color(core::Role::DangerButtonHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color(core::Role::DangerButtonHovered));
    const bool pressed = small ? ImGui::SmallButton(label) : ImGui::Button(label);
    ImGui::PopStyleColor(3);
    return pressed;
}

bool sync_model_modal(const char* id, bool open) {
    if (!open) {
        if (ImGui::IsPopupOpen(id) && ImGui::BeginPopupModal(id)) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return false;
    }
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    return true;
}

void center_next_dialog(float y_fraction, float min_em, float max_em) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * y_fraction),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(min_em * em, vp->WorkSize.x - 16.0f), 0),
                                        ImVec2(std::min(vp->WorkSize.x - 16.0f, max_em * em), FLT_MAX));
}

}  // namespace crm::ui
