// account_form_dialog.cpp: the create/edit dialog and its conflict view. Draws the model's draft,
// emits messages; no I/O. Ctrl+Enter saves, Esc cancels (asking first when the draft is dirty).
#include "ui/views/account_form_dialog.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "core/model/account_draft.hpp"
#include "core/model/validation.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/form_widgets.hpp"

namespace crm::ui {

namespace {

constexpr const char* kPopupId = "###account_form";

using core::AccountDraft;
using core::FormState;

// Errors for `key` (and nested keys under it): server errors always, client errors once the field
// was changed or a save was attempted.
void errors_for(const FormState& f, const std::string& key) {
    auto show = [&](const core::FieldErrors& errs) {
        for (const auto& [k, msgs] : errs) {
            if (k == key) field_errors(msgs);
        }
    };
    show(f.server_errors);
    const bool changed = !core::draft_field_equal(f.original, f.draft, key.substr(0, key.find('.')));
    if (f.show_all_errors || changed) show(f.client_errors);
}

void label(const char* text) {
    ImGui::TextUnformatted(text);
}

// The label is drawn above the field; the field carries it too (clipped away by the full width), so
// the test bridge and tests find the field by its visible label.
std::string field_id(const char* text, const char* id) { return std::string(text) + "##" + id; }

bool text_field(const char* text, const char* id, std::string& value, const FormState& f, const char* key,
                ImGuiInputTextFlags flags = 0) {
    label(text);
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool changed = input_text(field_id(text, id).c_str(), value, flags);
    errors_for(f, key);
    return changed;
}

bool draw_tags(AccountDraft& d, AccountFormUi& ui, const FormState& f) {
    bool changed = false;
    label("Tags");
    for (size_t i = 0; i < d.tags.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (text_button(d.tags[i], true, 16.0f * ImGui::GetFontSize(), "Remove this tag", "  x")) {
            d.tags.erase(d.tags.begin() + static_cast<std::ptrdiff_t>(i));
            changed = true;
            ImGui::PopID();
            break;
        }
        ImGui::PopID();
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(12.0f * ImGui::GetFontSize());
    if (input_text("Add tag##new_tag", ui.new_tag, ImGuiInputTextFlags_EnterReturnsTrue) && !ui.new_tag.empty()) {
        d.tags.push_back(ui.new_tag);
        ui.new_tag.clear();
        ImGui::SetKeyboardFocusHere(-1);
        changed = true;
    }
    if (!ui.new_tag.empty()) {
        if (auto msg = core::validate_tag(ui.new_tag)) error_text(*msg);
    }
    for (size_t i = 0; i < d.tags.size(); ++i) errors_for(f, "tags." + std::to_string(i));
    errors_for(f, "tags");
    return changed;
}

bool draw_country(std::string& country, AccountFormUi& ui) {
    bool changed = false;
    ImGui::SetNextItemWidth(8.0f * ImGui::GetFontSize());
    if (input_text("Country (ISO code)##country", country, ImGuiInputTextFlags_CharsUppercase)) changed = true;
    ImGui::SameLine();
    const bool country_open = ImGui::BeginCombo("##country_pick", "", ImGuiComboFlags_NoPreview | ImGuiComboFlags_HeightLarge);
    item_combo("Pick a country", country, country_open);   // the screen-reader mirror's combo box
    if (country_open) {
        input_text("Filter##country_filter", ui.country_filter, ImGuiInputTextFlags_CharsUppercase);
        if (ImGui::Selectable("(none)", country.empty())) {
            country.clear();
            changed = true;
        }
        for (const std::string& code : core::iso_country_codes()) {
            if (!ui.country_filter.empty() && code.find(ui.country_filter) == std::string::npos) continue;
            if (ImGui::Selectable(code.c_str(), code == country)) {
                country = code;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool draw_assigned(const core::AppModel& m, std::string& assigned) {
    const auto& users = m.users.users;
    if (m.users.status != core::UsersStatus::Loaded || users.empty()) {
        ImGui::SetNextItemWidth(-FLT_MIN);
        return input_text("Assigned user id##assigned_id", assigned);   // no /api/users/: the user id itself
    }
    std::string preview = assigned.empty() ? "Unassigned" : assigned;
    for (const auto& u : users) {
        if (u.id == assigned) preview = core::display_name(u);
    }
    bool changed = false;
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool assigned_open = begin_combo_text("Assigned to##assigned", preview);
    item_combo("Assigned to", preview, assigned_open);
    if (assigned_open) {
        if (ImGui::Selectable("Unassigned", assigned.empty())) {
            assigned.clear();
            changed = true;
        }
        for (const auto& u : users) {
            const std::string item = core::display_name(u) + (u.email.empty() ? "" : "  <" + u.email + ">");
            push_record_id(u.id);
            if (selectable_text(item, u.id == assigned)) {
                assigned = u.id;
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}

void draw_fields(const core::AppModel& m, AccountFormUi& ui, Dispatch& dispatch) {
    const FormState& f = m.records.form;
    AccountDraft d = f.draft;
    bool changed = false;
    const float fs = ImGui::GetFontSize();
    ImGui::BeginDisabled(f.saving);

    if (ui.focus_name) {   // typing right after "n" or "e" goes into the name
        ImGui::SetKeyboardFocusHere();
        ui.focus_name = false;
    }
    changed |= text_field("Name *", "name", d.name, f, "name");
    changed |= text_field("Website URL", "website", d.website, f, "website");

    label("Industry (type or pick)");
    ImGui::SetNextItemWidth(-2.0f * fs);
    changed |= input_text("##industry", d.industry);
    item_name("Industry");   // the screen-reader mirror's name for this field
    ImGui::SameLine();
    changed |= suggestion_combo("##industry_pick", d.industry, core::kIndustrySuggestions, std::size(core::kIndustrySuggestions));
    errors_for(f, "industry");

    label("Company size");
    ImGui::SetNextItemWidth(-2.0f * fs);
    changed |= input_text("##company_size", d.company_size);
    item_name("Company size");
    ImGui::SameLine();
    changed |= suggestion_combo("##size_pick", d.company_size, core::kCompanySizes, std::size(core::kCompanySizes));
    errors_for(f, "companySize");

    label("Annual revenue");
    ImGui::SetNextItemWidth(-FLT_MIN);
    changed |= input_text("Annual revenue##annual_revenue", d.annual_revenue);
    if (ImGui::IsItemDeactivatedAfterEdit()) {   // show thousands separators once the user leaves the field
        nlohmann::json v = core::revenue_to_json(d.annual_revenue);
        if (v.is_number()) {
            d.annual_revenue = core::format_thousands(v.get<double>());
            changed = true;
        }
    }
    errors_for(f, "annualRevenue");

    label("Account stage");
    ImGui::SetNextItemWidth(-FLT_MIN);
    const core::StageInfo* st = core::find_stage(d.stage);
    const bool stage_open = begin_combo_text("Account stage##stage", st ? std::string_view(st->label) : std::string_view(d.stage));
    item_combo("Account stage", st ? st->label : d.stage, stage_open);
    if (stage_open) {
        for (const auto& s : core::kStages) {
            if (ImGui::Selectable(s.label, d.stage == s.value)) {
                d.stage = s.value;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    errors_for(f, "stage");

    changed |= text_field("Phone (E.164, e.g. +15551234567)", "phone", d.phone, f, "phone");

    ImGui::SeparatorText("Billing address");
    changed |= text_field("Street", "street", d.street, f, "billingAddress.street");
    changed |= text_field("City", "city", d.city, f, "billingAddress.city");
    changed |= text_field("State / region", "state", d.state, f, "billingAddress.state");
    changed |= text_field("Postal code", "postal_code", d.postal_code, f, "billingAddress.postalCode");
    changed |= draw_country(d.country, ui);
    errors_for(f, "billingAddress.country");
    errors_for(f, "billingAddress");
    ImGui::Separator();

    label("Assigned to");
    changed |= draw_assigned(m, d.assigned_to);
    errors_for(f, "assignedTo");

    changed |= draw_tags(d, ui, f);

    label("Description");
    changed |= input_text_multiline("Description##description", d.description, ImVec2(-FLT_MIN, 5.0f * fs));
    errors_for(f, "description");
    errors_for(f, "non_field_errors");
    ImGui::EndDisabled();

    if (changed) dispatch(core::EditDraft{d});
}

void draw_conflict(const FormState& f, Dispatch& dispatch) {
    ImGui::TextWrapped("Someone else saved this account after you opened it. For each field, keep yours or theirs; "
                       "nothing is saved until you press \"Save merged\".");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("conflict", 5, flags)) {
        ImGui::TableSetupColumn("Field");
        ImGui::TableSetupColumn("Original");
        ImGui::TableSetupColumn("Yours");
        ImGui::TableSetupColumn("Theirs (current)");
        ImGui::TableSetupColumn("Keep");
        ImGui::TableHeadersRow();
        for (const std::string& key : f.conflict.fields) {
            const char* name = key.c_str();
            for (const auto& info : core::kDraftFields) {
                if (key == info.key) name = info.label;
            }
            ImGui::PushID(key.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name);
            for (const core::AccountDraft* src : {&f.original, &f.draft, &f.conflict.theirs}) {
                ImGui::TableNextColumn();
                std::string text = core::draft_field_text(*src, key);
                ImGui::TextWrapped("%s", text.empty() ? "-" : text.c_str());
            }
            ImGui::TableNextColumn();
            auto it = f.conflict.choices.find(key);
            const bool mine = it != f.conflict.choices.end() && it->second == core::ConflictChoice::Mine;
            if (ImGui::RadioButton("Mine", mine)) dispatch(core::ChooseConflictValue{key, core::ConflictChoice::Mine});
            item_role("radio", mine, name);   // the screen-reader mirror: one radio group per field
            ImGui::SameLine();
            if (ImGui::RadioButton("Theirs", !mine)) dispatch(core::ChooseConflictValue{key, core::ConflictChoice::Theirs});
            item_role("radio", !mine, name);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("Save merged")) dispatch(core::ApplyConflictChoices{});
    ImGui::SameLine();
    if (ImGui::Button("Back to my draft")) dispatch(core::CancelConflict{});
}

}  // namespace

void draw_account_form_dialog(const core::AppModel& model, AccountFormUi& ui, Dispatch& dispatch, bool narrow) {
    const FormState& f = model.records.form;
    if (!f.open) ui = AccountFormUi{};
    if (!sync_model_modal(kPopupId, f.open)) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    if (narrow) {
        ImGui::SetNextWindowPos(vp->WorkPos);
        ImGui::SetNextWindowSize(vp->WorkSize);
    } else {
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                                ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x - 40.0f, 44.0f * ImGui::GetFontSize()), vp->WorkSize.y * 0.9f));
    }
    std::string title = std::string(f.mode == core::FormMode::Create ? "New account" : "Edit account") +
                        (core::form_dirty(f) ? " *" : "") + kPopupId;
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                                                            ImGuiWindowFlags_NoMove)) {
        return;
    }
    if (ImGui::IsWindowAppearing()) ui.focus_name = true;
    // Keys first, and owned by the dialog, so an active text field neither reverts on Esc nor
    // takes Ctrl+Enter as a newline.
    const ImGuiID keys_owner = ImGui::GetID("form_keys");
    bool want_save = false, want_cancel = false;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        want_cancel = true;
        ImGui::SetKeyOwner(ImGuiKey_Escape, keys_owner, ImGuiInputFlags_LockThisFrame);
    }
    if (ImGui::GetIO().KeyCtrl && (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false))) {
        want_save = true;
        ImGui::SetKeyOwner(ImGuiKey_Enter, keys_owner, ImGuiInputFlags_LockThisFrame);
        ImGui::SetKeyOwner(ImGuiKey_KeypadEnter, keys_owner, ImGuiInputFlags_LockThisFrame);
    }

    if (f.error) {
        error_text(f.error->message);
        if (f.error->code != "form.invalid" && f.error->code != "form.conflict" && f.error->code != "api.validation" &&
            f.error->code != "api.unauthorized" && !f.saving) {
            if (ImGui::Button("Retry save")) dispatch(core::SaveDraft{});
        }
    }
    if (f.confirm_discard) {
        error_text("Discard your changes?");
        if (ImGui::Button("Discard")) dispatch(core::ConfirmDiscard{true});
        ImGui::SameLine();
        if (ImGui::Button("Keep editing")) dispatch(core::ConfirmDiscard{false});
        ImGui::Separator();
    }

    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("form_body", ImVec2(0, -footer), 0, ImGuiWindowFlags_NavFlattened);   // Tab reaches the fields
    if (f.conflict.open) draw_conflict(f, dispatch);
    else draw_fields(model, ui, dispatch);
    ImGui::EndChild();

    if (!f.conflict.open) {
        ImGui::BeginDisabled(f.saving);
        const char* save_label = f.saving ? "Saving...###save" : (f.mode == core::FormMode::Create ? "Create###save" : "Save###save");
        if (ImGui::Button(save_label)) want_save = true;
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Enter");
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) want_cancel = true;
        ImGui::SameLine();
        ImGui::TextDisabled("Ctrl+Enter saves, Esc cancels");
    }
    if (want_cancel) {
        if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
        dispatch(core::CancelForm{});
    } else if (want_save && !f.saving) {
        dispatch(core::SaveDraft{});
    }
    ImGui::EndPopup();
}

}  // namespace crm::ui
