// dashboard_view.cpp: the dashboard screen (see the header). Draws and emits messages only.
#include "ui/views/dashboard_view.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/app/dashboard.hpp"
#include "core/app/list_format.hpp"
#include "core/app/screen.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/data_text.hpp"

namespace crm::ui {

namespace {

using core::Chart;
using core::ChartRow;

std::string key_name(const std::string& key) {
    if (key == core::kOtherKey) return "other";
    if (key.empty()) return "none";
    return key;
}

std::string count_text(const std::optional<int64_t>& n) { return n ? core::format_count(*n) : "\xE2\x80\xA6"; }   // "…"

// The message a click on a value of `param` sends: that filter, or none when it is already set (toggle).
core::Msg filter_msg(const char* param, const std::string& value) {
    const std::string p = param;
    if (p == "stage") return core::SetStageFilter{value};
    if (p == "industry") return core::SetIndustryFilter{value};
    return core::SetAssignedFilter{value};
}

// A click on a filterable value: sets it (clears it when set); Ctrl+click opens the list with it.
void press(const char* param, const std::string& value, bool selected, Dispatch& dispatch) {
    if (!param || value.empty() || value == core::kOtherKey) return;   // "Other" and "none" are not filters
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl || io.KeySuper) dispatch(core::OpenListWith{param, value});
    else dispatch(filter_msg(param, selected ? std::string() : value));
}

// The keyboard focus ring of the last item (InvisibleButton draws none).
void focus_ring(ImDrawList* dl, const ImVec2& a, const ImVec2& b) {
    if (!ImGui::IsItemFocused()) return;
    const ImGuiContext& g = *GImGui;
    if (g.NavDisableHighlight) return;
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), color_u32(core::Role::Accent), 3.0f, 0, 2.0f);
}

void tooltip_for(const std::string& label, const std::optional<int64_t>& n, int share, int64_t total, const char* param,
                 bool filterable) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(label.c_str());
    if (n) {
        ImGui::Text("%s of %s accounts (%d%%)", core::format_count(*n).c_str(), core::format_count(total).c_str(), share);
    } else {
        ImGui::TextDisabled("counting\xE2\x80\xA6");
    }
    if (param && filterable) ImGui::TextDisabled("Click: filter by it (again: clear) \xC2\xB7 Ctrl+click: open the list");
    ImGui::EndTooltip();
}

void chart_title(const Chart& c) {
    ImGui::TextUnformatted(c.title.c_str());
    if (c.missing > 0 && c.unavailable.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("counting\xE2\x80\xA6");
    }
}

// Placeholder rows while nothing is known yet: a chart is never blank.
void placeholder_rows(float width, int rows) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    for (int i = 0; i < rows; ++i) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x, p.y + fs * 0.25f), ImVec2(p.x + width * (0.8f - 0.12f * static_cast<float>(i)), p.y + fs),
                          ImGui::ColorConvertFloat4ToU32(color_over_window(core::Role::Track, 0.35f)), 2.0f);
        ImGui::Dummy(ImVec2(width, fs * 1.25f));
    }
}

// Horizontal bars: label | bar (stacked by stage when known) | "count · share".
// A chart that cannot be drawn says why; an item of its own keeps its (empty) table in the mirror.
void unavailable_note(const Chart& c) {
    ImGui::TextDisabled("%s", c.unavailable.c_str());
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##unavailable", ImVec2(1.0f, ImGui::GetFontSize()), ImGuiButtonFlags_None);
    item_label(dash_item_label(c.id, "unavailable"));
}

void bar_chart(const Chart& c, float width, Dispatch& dispatch) {
    chart_title(c);
    if (!c.unavailable.empty()) {
        unavailable_note(c);
        return;
    }
    if (c.rows.empty()) {
        if (c.missing > 0) placeholder_rows(width, 4);
        else ImGui::TextDisabled("No accounts.");
        return;
    }
    const float fs = ImGui::GetFontSize();
    const float row_h = fs * 1.35f;
    const float label_w = std::min(fs * 9.0f, width * 0.35f);
    const float value_w = fs * 6.5f;
    const float bar_w = std::max(fs * 2.0f, width - label_w - value_w);
    int64_t max = 1;
    for (const ChartRow& r : c.rows) max = std::max<int64_t>(max, r.count.value_or(0));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const ChartRow& r : c.rows) {
        push_record_id(r.key);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool clicked = ImGui::InvisibleButton("##bar", ImVec2(width, row_h));
        item_label(dash_item_label(c.id, r.key));
        const bool hovered = ImGui::IsItemHovered();
        const bool filterable = c.filter && !r.key.empty() && r.key != core::kOtherKey;
        if (hovered && filterable) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        // Label, cut to its column.
        static FittedText fits[64];
        FittedText& fit = fits[std::hash<std::string>{}(c.id + r.key) % 64];
        const FittedText& f = fit_text(r.label, label_w - fs * 0.5f, fit);
        const ImU32 text = color_u32(core::Role::Text);
        dl->AddText(ImVec2(p.x, p.y + (row_h - fs) * 0.5f), text, f.shown.c_str(), f.shown.c_str() + f.shown.size());
        // Bar.
        const float x0 = p.x + label_w, y0 = p.y + row_h * 0.15f, y1 = p.y + row_h * 0.85f;
        const float full = bar_w * static_cast<float>(r.count.value_or(0)) / static_cast<float>(max);
        const float alpha = hovered ? 1.0f : core::kStripActiveAlpha;
        if (!r.count) {
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w * 0.3f, y1), ImGui::ColorConvertFloat4ToU32(color_over_window(core::Role::Track, 0.35f)), 2.0f);
        } else if (c.id == "stage") {
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + full, y1), ImGui::ColorConvertFloat4ToU32(color_over_window(core::stage_role(r.key), alpha)));
        } else if (c.id == "assigned" && r.has_stages && *r.count > 0) {
            float x = x0;
            for (size_t i = 0; i < 5; ++i) {
                const float w = full * static_cast<float>(r.by_stage[i]) / static_cast<float>(*r.count);
                if (w <= 0) continue;
                dl->AddRectFilled(ImVec2(x, y0), ImVec2(x + w, y1),
                                  ImGui::ColorConvertFloat4ToU32(color_over_window(core::stage_role(core::kStages[i].value), alpha)));
                x += w;
            }
        } else {
            dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + full, y1), color_u32(r.selected ? core::Role::Accent : core::Role::ChartBar));
        }
        if (r.selected) dl->AddRect(ImVec2(x0 - 1, y0 - 1), ImVec2(x0 + std::max(full, 2.0f) + 1, y1 + 1), text, 0, 0, 2.0f);
        // Value label.
        char value[64];
        std::snprintf(value, sizeof value, "%s \xC2\xB7 %d%%", count_text(r.count).c_str(), r.share);
        dl->AddText(ImVec2(x0 + full + fs * 0.4f, p.y + (row_h - fs) * 0.5f), text, r.count ? value : "\xE2\x80\xA6");
        focus_ring(dl, p, ImVec2(p.x + width, p.y + row_h));
        tooltip_for(r.label, r.count, r.share, c.total, c.filter, filterable);
        if (clicked && filterable) press(c.filter, r.key, r.selected, dispatch);
        ImGui::PopID();
    }
}

// Created per month: vertical bars, oldest first; a label every third month.
void month_chart(const Chart& c, float width) {
    chart_title(c);
    if (!c.unavailable.empty()) {
        unavailable_note(c);
        return;
    }
    const float fs = ImGui::GetFontSize();
    if (c.rows.empty()) {
        placeholder_rows(width, 3);
        return;
    }
    const float h = fs * 6.0f;
    const int n = static_cast<int>(c.rows.size());
    const float slot = width / static_cast<float>(n);
    int64_t max = 1;
    for (const ChartRow& r : c.rows) max = std::max<int64_t>(max, r.count.value_or(0));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float base = origin.y + fs + h;   // a line of value labels above the tallest bar
    dl->AddLine(ImVec2(origin.x, base), ImVec2(origin.x + width, base), color_u32(core::Role::Border));
    for (int i = 0; i < n; ++i) {
        const ChartRow& r = c.rows[static_cast<size_t>(i)];
        const float x = origin.x + slot * static_cast<float>(i);
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y));
        push_record_id(r.key);
        ImGui::InvisibleButton("##month", ImVec2(std::max(slot, 1.0f), h + fs * 2.2f));
        item_label(dash_item_label(c.id, r.key));
        const float bh = h * static_cast<float>(r.count.value_or(0)) / static_cast<float>(max);
        dl->AddRectFilled(ImVec2(x + slot * 0.15f, base - bh), ImVec2(x + slot * 0.85f, base),
                          color_u32(ImGui::IsItemHovered() ? core::Role::Accent : core::Role::ChartBar));
        char value[32];
        std::snprintf(value, sizeof value, "%s", count_text(r.count).c_str());
        const float tw = ImGui::CalcTextSize(value).x;
        if (tw < slot) dl->AddText(ImVec2(x + (slot - tw) * 0.5f, base - bh - fs), color_u32(core::Role::Text), value);
        if (i % 3 == 0 || i == n - 1) {
            const std::string label = r.key.size() >= 7 ? r.key.substr(2, 5) : r.key;   // "24-03"
            dl->AddText(ImVec2(x, base + fs * 0.15f), color_u32(core::Role::TextDisabled), label.c_str());
        }
        focus_ring(dl, ImVec2(x, origin.y), ImVec2(x + slot, base + fs * 1.2f));
        tooltip_for(r.label, r.count, r.share, c.total, nullptr, false);
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, base + fs * 1.4f));
    ImGui::Dummy(ImVec2(width, 0));
}

void tiles(const core::Dashboard& d, float width, Dispatch& dispatch) {
    const float fs = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float tile_w = fs * 8.5f, tile_h = fs * 3.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = 0;
    for (const core::DashTile& t : d.tiles) {
        if (x > 0 && x + tile_w <= width) ImGui::SameLine(0, style.ItemSpacing.x);
        else x = 0;
        x += tile_w + style.ItemSpacing.x;
        push_record_id(t.key);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const bool clicked = ImGui::InvisibleButton("##tile", ImVec2(tile_w, tile_h));
        item_label(dash_item_label("tile", t.key));
        const bool hovered = ImGui::IsItemHovered();
        const core::Role bg = t.selected ? core::Role::Header : hovered && t.filter ? core::Role::FrameBgHovered : core::Role::FrameBg;
        dl->AddRectFilled(p, ImVec2(p.x + tile_w, p.y + tile_h), color_u32(bg), 4.0f);
        if (t.filter) dl->AddRectFilled(p, ImVec2(p.x + fs * 0.3f, p.y + tile_h), color_u32(core::stage_role(t.key)), 4.0f);
        if (t.selected) dl->AddRect(p, ImVec2(p.x + tile_w, p.y + tile_h), color_u32(core::Role::Text), 4.0f, 0, 2.0f);
        const float pad = fs * 0.6f;
        dl->AddText(ImVec2(p.x + pad, p.y + fs * 0.3f), color_u32(core::Role::TextDisabled), t.label.c_str());
        std::string value = count_text(t.count);
        if (t.share) value += "  \xC2\xB7 " + std::to_string(*t.share) + "%";
        dl->AddText(ImGui::GetFont(), fs * 1.25f, ImVec2(p.x + pad, p.y + fs * 1.35f), color_u32(core::Role::Text), value.c_str());
        focus_ring(dl, p, ImVec2(p.x + tile_w, p.y + tile_h));
        if (hovered) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(t.label.c_str());
            ImGui::TextUnformatted(value.c_str());
            if (t.filter) ImGui::TextDisabled("Click: filter by it (again: clear) \xC2\xB7 Ctrl+click: open the list");
            ImGui::EndTooltip();
        }
        if (clicked && t.filter) press(t.filter, t.key, t.selected, dispatch);
        ImGui::PopID();
    }
}

void recent_list(const core::AppModel& model, const core::Dashboard& d, Dispatch& dispatch) {
    ImGui::TextUnformatted("Recently updated");
    if (!d.recent_known) {
        placeholder_rows(ImGui::GetContentRegionAvail().x, 3);
        return;
    }
    if (d.recent.empty()) ImGui::TextDisabled("No accounts.");
    for (const core::Account& a : d.recent) {
        push_record_id(a.id);
        const std::string when = core::relative_time(a.updated_at, model.now_unix);
        ImGui::TextDisabled("%-12s", when.c_str());
        ImGui::SameLine();
        if (selectable_text(core::display_name(a), false, 0)) dispatch(core::OpenDashboardAccount{a.id});
        ImGui::PopID();
    }
}

void status_line(const core::AppModel& model, const core::Dashboard& d, Dispatch& dispatch) {
    if (ImGui::SmallButton("Refresh")) dispatch(core::RefreshDashboard{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ask the API again for every number");
    ImGui::SameLine();
    const core::DashboardState& s = model.dashboard;
    if (d.probing) {
        ImGui::TextDisabled("Checking the API\xE2\x80\xA6");
    } else {
        const std::string updated = core::updated_label(s.updated_ms, model.clock_ms);
        if (d.known < d.needed) ImGui::TextDisabled("Counting\xE2\x80\xA6 %d of %d", d.known, d.needed);
        else if (!updated.empty()) ImGui::TextDisabled("%s", updated.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled(s.facets_api == core::FacetsApi::Present ? "(facets extension)" : "(counts from list requests)");
    }
    if (!s.failed.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, color(core::Role::Error));
        ImGui::TextWrapped("%d request(s) failed: %s", static_cast<int>(s.failed.size()), s.failed.begin()->second.message.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("Retry")) dispatch(core::RefreshDashboard{});
    }
}

}  // namespace

std::string dash_item_label(const std::string& chart, const std::string& key) { return "dash:" + chart + ":" + key_name(key); }

void draw_dashboard(const core::AppModel& model, FilterBarUi& filters, Dispatch& dispatch) {
    const core::Dashboard d = core::build_dashboard(model);
    draw_search_and_filters(model, filters, dispatch);
    status_line(model, d, dispatch);
    draw_active_filter_chips(model, dispatch);
    ImGui::Spacing();
    ImGui::BeginChild("dashboard", ImVec2(0, 0), 0, ImGuiWindowFlags_NavFlattened);
    const float width = ImGui::GetContentRegionAvail().x;
    tiles(d, width, dispatch);
    ImGui::Spacing();
    const bool two = core::width_class(ImGui::GetMainViewport()->Size.x) == core::WidthClass::Wide;
    const float gap = ImGui::GetFontSize() * 1.5f;
    const float col_w = two ? (width - gap) * 0.5f : width;
    auto cell = [&](int index, auto draw) {
        if (two && index % 2 == 1) ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        ImGui::PushID(index);
        draw();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(col_w, 0));
        ImGui::EndGroup();
    };
    const Chart* by_id[5] = {};
    for (const Chart& c : d.charts) {
        const char* ids[] = {"stage", "industry", "size", "assigned", "month"};
        for (int i = 0; i < 5; ++i) {
            if (c.id == ids[i]) by_id[i] = &c;
        }
    }
    int index = 0;
    for (int i : {0, 1, 3, 2}) {
        if (!by_id[i]) continue;
        cell(index++, [&] { bar_chart(*by_id[i], col_w, dispatch); });
        if (index % 2 == 0 || !two) ImGui::Spacing();
    }
    if (by_id[4]) cell(index++, [&] { month_chart(*by_id[4], col_w); });
    cell(index++, [&] { recent_list(model, d, dispatch); });
    ImGui::EndChild();
}

}  // namespace crm::ui
