// account_detail_view.cpp: the open account's panel. Draws the model, emits messages; no I/O.
#include "ui/views/account_detail_view.hpp"

#include <imgui.h>

#include <string>

#include "core/model/account_draft.hpp"
#include "core/util/text.hpp"
#include "ui/item_registry.hpp"
#include "ui/widgets/data_text.hpp"
#include "ui/widgets/form_widgets.hpp"
#include "ui/widgets/stage_badge.hpp"

namespace crm::ui {

namespace {

using core::Account;

void row_label(const char* label) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", label);
    ImGui::TableNextColumn();
}

void row_text(const char* label, const std::string& value) {
    row_label(label);
    ImGui::TextWrapped("%s", value.empty() ? "-" : value.c_str());
}

// The width a copy button takes after a text on the same line.
float copy_button_room() {
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::CalcTextSize("Copy").x + st.FramePadding.x * 2.0f + st.ItemSpacing.x;
}

// A text and its copy button: the text cut with "…" so that the button stays in the column.
void text_and_copy(const std::string& value, const char* copy_id) {
    if (value.empty()) {
        ImGui::TextUnformatted("-");
        return;
    }
    cell_text(value, nullptr, ImGui::GetContentRegionAvail().x - copy_button_room());
    ImGui::SameLine();
    copy_button(copy_id, value);
}

void row_copy(const char* label, const std::string& value, const char* copy_id) {
    row_label(label);
    text_and_copy(value, copy_id);
}

std::string count_text(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }

std::string assigned_name(const core::AppModel& m, const Account& a) {
    if (!a.assigned_to_name.empty()) return a.assigned_to_name;
    for (const auto& u : m.users.users) {
        if (u.id == a.assigned_to) return u.name;
    }
    return a.assigned_to;
}

void draw_overview(const core::AppModel& m, const Account& a) {
    ImGui::Text("Contacts %s   Open opportunities %s   Open cases %s", count_text(a.contact_count).c_str(),
                count_text(a.open_opportunity_count).c_str(), count_text(a.open_case_count).c_str());
    ImGui::Spacing();
    const float fs = ImGui::GetFontSize();
    if (!ImGui::BeginTable("detail_fields", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 9.0f * fs);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    row_copy("Id", a.id, "copy_id");
    row_copy("Website", a.website, "copy_website");
    row_copy("Phone", a.phone, "copy_phone");
    row_text("Industry", a.industry);
    row_text("Company size", a.company_size);
    row_text("Annual revenue", a.annual_revenue ? core::format_thousands(*a.annual_revenue) : "");
    row_label("Stage");
    stage_badge(a.stage);
    row_text("Assigned to", assigned_name(m, a));
    row_label("Tags");
    if (a.tags.empty()) ImGui::TextUnformatted("-");
    for (size_t i = 0; i < a.tags.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        ImGui::BeginDisabled();
        text_button(a.tags[i], true, ImGui::GetContentRegionAvail().x);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    row_label("Billing address");
    if (a.billing_address) {
        const core::BillingAddress& b = *a.billing_address;
        if (!b.street.empty()) cell_text(b.street);
        std::string line = b.postal_code + (b.postal_code.empty() ? "" : " ") + b.city + (b.state.empty() ? "" : ", " + b.state);
        if (!line.empty()) cell_text(line);
        if (!b.country.empty()) cell_text(b.country);
    } else {
        ImGui::TextUnformatted("-");
    }
    row_text("Description", a.description);
    row_text("Created", a.created_at);
    row_text("Updated", a.updated_at);
    ImGui::EndTable();
}

void draw_contacts(const core::DetailState& d, Dispatch& dispatch) {
    using core::RecordsLoad;
    if (d.contacts_status == RecordsLoad::Failed && d.contacts_error) {
        error_text("Could not load contacts: " + d.contacts_error->message);
        if (ImGui::Button("Retry contacts")) dispatch(core::SetDetailTab{core::DetailTab::Contacts});
        return;
    }
    if (d.contacts.empty()) {
        ImGui::TextDisabled(d.contacts_status == RecordsLoad::Loading ? "Loading contacts..." : "No contacts.");
        return;
    }
    ImGui::TextUnformatted(core::plural(d.contacts_count, "contact").c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("contacts", 4, flags)) {
        ImGui::TableSetupColumn("Name");
        ImGui::TableSetupColumn("Email");
        ImGui::TableSetupColumn("Title");
        ImGui::TableSetupColumn("Stage");
        ImGui::TableHeadersRow();
        for (const auto& c : d.contacts) {
            push_record_id(c.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string name = c.first_name + (c.first_name.empty() ? "" : " ") + c.last_name;
            cell_text(name.empty() ? std::string_view("-") : std::string_view(name));
            ImGui::TableNextColumn();
            text_and_copy(c.email, "copy_email");
            ImGui::TableNextColumn();
            cell_text(c.title.empty() ? std::string_view("-") : std::string_view(c.title));
            ImGui::TableNextColumn();
            if (c.stage.empty()) ImGui::TextUnformatted("-");
            else stage_badge(c.stage);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (d.contacts_has_more) {
        ImGui::BeginDisabled(d.contacts_status == RecordsLoad::Loading);
        if (ImGui::Button("Load more contacts")) dispatch(core::LoadMoreContacts{});
        ImGui::EndDisabled();
    }
}

}  // namespace

void draw_account_detail(const core::AppModel& model, AccountDetailUi& ui, Dispatch& dispatch, bool narrow) {
    const core::DetailState& d = model.records.detail;
    if (ImGui::Button(narrow ? "< Back" : "Close")) dispatch(core::SelectAccount{""});
    ImGui::SameLine();
    if (ImGui::Button("< Prev")) dispatch(core::StepAccount{-1});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous account (key [)");
    ImGui::SameLine();
    if (ImGui::Button("Next >")) dispatch(core::StepAccount{+1});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next account (key ])");
    if (d.account) {
        ImGui::SameLine();
        if (ImGui::Button("Edit")) dispatch(core::OpenEditForm{});
        ImGui::SameLine();
        if (ImGui::Button("Delete")) dispatch(core::RequestDelete{d.account->id});
    }
    ImGui::Separator();

    if (d.status == core::RecordsLoad::Failed && d.error) {
        error_text("Could not load this account: " + d.error->message);
        ImGui::TextDisabled("(%s)", d.error->code.c_str());
        if (ImGui::Button("Retry loading account")) dispatch(core::ReloadDetail{});
        if (!d.account) return;
    }
    if (!d.account) {
        ImGui::TextDisabled("Loading account...");
        return;
    }
    const Account& a = *d.account;
    ImGui::SetWindowFontScale(1.3f);
    heading_text("##title", core::display_name(a));   // wrapped whole; a heading for the mirror and tests
    ImGui::SetWindowFontScale(1.0f);
    if (d.status == core::RecordsLoad::Loading) {
        ImGui::SameLine();
        ImGui::TextDisabled("(refreshing)");
    }

    // Tabs as two toggle buttons (the model owns which one is shown).
    const std::string contacts_tab = "Contacts (" + count_text(a.contact_count) + ")";
    struct TabButton { const char* label; core::DetailTab tab; };
    const TabButton tabs[] = {{"Overview", core::DetailTab::Overview}, {contacts_tab.c_str(), core::DetailTab::Contacts}};
    for (const TabButton& t : tabs) {
        const bool active = d.tab == t.tab;
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(active ? ImGuiCol_TabActive : ImGuiCol_Tab));
        if (ImGui::Button(t.label) && !active) dispatch(core::SetDetailTab{t.tab});
        item_role("tab", active, "Account sections");   // the screen-reader mirror: a tab list
        ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ui.shown_tab = d.tab;
    ImGui::BeginChild("detail_tab_body", ImVec2(0, 0), 0, ImGuiWindowFlags_NavFlattened);   // Tab reaches its items
    if (d.tab == core::DetailTab::Contacts) draw_contacts(d, dispatch);
    else draw_overview(model, a);
    ImGui::EndChild();
}

}  // namespace crm::ui
