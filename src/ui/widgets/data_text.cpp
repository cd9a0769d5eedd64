// data_text.cpp: data drawn as text beside hidden ImGui labels, cut with "…" at a grapheme boundary.
// Draws only; no I/O.
#include "ui/widgets/data_text.hpp"

#include <imgui_internal.h>

#include <array>
#include <functional>

#include "ui/item_registry.hpp"

#include "core/util/text.hpp"

namespace crm::ui {

namespace {

constexpr const char* kEllipsis = "\xE2\x80\xA6";

float measure(std::string_view prefix, void*) {
    return ImGui::CalcTextSize(prefix.data(), prefix.data() + prefix.size()).x;
}

// Fits of the texts drawn without a cache of their own (most fit and never reach it): direct-mapped.
std::array<FittedText, 256> g_shared;

FittedText& shared_slot(std::string_view text, float max_width) {
    const size_t h = std::hash<std::string_view>{}(text) ^ (std::hash<float>{}(max_width) * 31u);
    return g_shared[h % g_shared.size()];
}

void full_text_tooltip(std::string_view text, const char* hint) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
    if (!text.empty()) ImGui::TextUnformatted(text.data(), text.data() + text.size());
    if (hint) ImGui::TextUnformatted(hint);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool mouse_over(const ImRect& r) {
    ImRect clipped = r;
    clipped.ClipWith(ImGui::GetCurrentWindow()->ClipRect);
    return ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(clipped.Min, clipped.Max, false);
}

// The fit of `text` in max_width: `fit` if given, else the whole text when it fits (no copy), else
// the shared cache. `scratch` receives the whole-text case.
const FittedText& fit_for(std::string_view text, float max_width, FittedText* fit, FittedText& scratch,
                          std::string_view& shown) {
    if (fit) {
        const FittedText& f = fit_text(text, max_width, *fit);
        shown = f.shown;
        return f;
    }
    const ImVec2 whole = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    if (whole.x <= max_width) {
        scratch.size = whole;
        scratch.cut = false;
        shown = text;
        return scratch;
    }
    const FittedText& f = fit_text(text, max_width, shared_slot(text, max_width));
    shown = f.shown;
    return f;
}

}  // namespace

void push_record_id(std::string_view id) {
    ImGui::PushOverrideID(ImHashData(id.data(), id.size(), ImGui::GetCurrentWindow()->IDStack.back()));
}

const FittedText& fit_text(std::string_view text, float max_width, FittedText& fit) {
    const ImFont* font = ImGui::GetFont();
    const float font_size = ImGui::GetFontSize();
    if (fit.max_width == max_width && fit.font == font && fit.font_size == font_size && fit.source == text) return fit;
    fit.source.assign(text.data(), text.size());
    fit.max_width = max_width;
    fit.font = font;
    fit.font_size = font_size;
    const float ellipsis = ImGui::CalcTextSize(kEllipsis).x;
    core::text::Ellipsized e = core::text::ellipsize(text, max_width < 0.0f ? 0.0f : max_width, ellipsis, measure, nullptr);
    fit.shown = std::move(e.text);
    fit.cut = e.cut;
    fit.size = ImGui::CalcTextSize(fit.shown.data(), fit.shown.data() + fit.shown.size());
    return fit;
}

void cell_text(std::string_view text, FittedText* fit, float max_width) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    const ImVec2 pos(window->DC.CursorPos.x, window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
    if (max_width < 0.0f) max_width = window->WorkRect.Max.x - pos.x;
    FittedText scratch;
    std::string_view shown;
    const FittedText& f = fit_for(text, max_width, fit, scratch, shown);
    const ImRect bb(pos, ImVec2(pos.x + f.size.x, pos.y + f.size.y));
    ImGui::ItemSize(f.size, 0.0f);
    if (!ImGui::ItemAdd(bb, 0)) return;
    ImGui::RenderText(pos, shown.data(), shown.data() + shown.size(), false);
    if (f.cut && mouse_over(bb)) full_text_tooltip(text, nullptr);
}

bool selectable_text(std::string_view text, bool selected, ImGuiSelectableFlags flags, FittedText* fit) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    const ImVec2 pos(window->DC.CursorPos.x, window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
    const bool row = (flags & ImGuiSelectableFlags_SpanAllColumns) != 0;
    FittedText scratch;
    std::string_view shown = text;
    const FittedText* f = &scratch;
    if (row) {
        f = &fit_for(text, window->WorkRect.Max.x - pos.x, fit, scratch, shown);
    } else {
        scratch.size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    }
    // A row spans its columns whatever its size; anything else declares the text's width (a combo's
    // list sizes itself to it) and spans the available width.
    const ImVec2 size = row ? ImVec2(0.0f, 0.0f) : ImVec2(f->size.x > 0.0f ? f->size.x : 1.0f, 0.0f);
    if (!row) flags |= ImGuiSelectableFlags_SpanAvailWidth;
    const bool pressed = ImGui::Selectable("##text", selected, flags, size);
    item_label(text);
    if (!ImGui::IsItemVisible()) return pressed;
    ImGui::RenderText(pos, shown.data(), shown.data() + shown.size(), false);
    if (f->cut && mouse_over(ImRect(pos, ImVec2(pos.x + f->size.x, pos.y + f->size.y)))) full_text_tooltip(text, nullptr);
    return pressed;
}

bool text_button(std::string_view text, bool small, float max_width, const char* hint, const char* suffix,
                 const ImVec4* text_color) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return false;
    ImVec2 pad = ImGui::GetStyle().FramePadding;
    if (small) pad.y = 0.0f;
    const float suffix_w = suffix ? ImGui::CalcTextSize(suffix).x : 0.0f;
    FittedText scratch;
    std::string_view shown = text;
    const FittedText* f = &scratch;
    if (max_width > 0.0f) {
        f = &fit_for(text, max_width - pad.x * 2.0f - suffix_w, nullptr, scratch, shown);
    } else {
        scratch.size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    }
    const bool cut = f->cut;
    const float text_w = f->size.x;
    if (small) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
    const bool pressed = ImGui::ButtonEx("##button", ImVec2(text_w + suffix_w + pad.x * 2.0f, ImGui::GetFontSize() + pad.y * 2.0f),
                                         small ? static_cast<ImGuiButtonFlags>(ImGuiButtonFlags_AlignTextBaseLine) : 0);
    if (small) ImGui::PopStyleVar();
    item_label(suffix ? std::string(text) + suffix : std::string(text));
    if (!ImGui::IsItemVisible()) return pressed;
    const ImVec2 at(ImGui::GetItemRectMin().x + pad.x, ImGui::GetItemRectMin().y + pad.y);
    if (text_color) ImGui::PushStyleColor(ImGuiCol_Text, *text_color);   // not the tooltip's
    ImGui::RenderText(at, shown.data(), shown.data() + shown.size(), false);
    if (suffix) ImGui::RenderText(ImVec2(at.x + text_w, at.y), suffix, nullptr, false);
    if (text_color) ImGui::PopStyleColor();
    if ((cut || hint) && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        full_text_tooltip(cut ? text : std::string_view(), hint);
    }
    return pressed;
}

bool begin_combo_text(const char* label, std::string_view preview, ImGuiComboFlags flags) {
    ImGuiContext& g = *GImGui;
    ImDrawList* dl = ImGui::GetWindowDrawList();   // the box's window (an open list draws in its popup)
    g.ComboPreviewData.PreviewRect = ImRect(0, 0, 0, 0);
    const bool open = ImGui::BeginCombo(label, nullptr, flags | ImGuiComboFlags_CustomPreview);
    const ImRect box = g.ComboPreviewData.PreviewRect;   // set by BeginCombo when the box is drawn
    if (box.GetWidth() <= 0.0f || preview.empty()) return open;
    const ImVec2 pad = g.Style.FramePadding;
    FittedText scratch;
    std::string_view shown;
    const FittedText& f = fit_for(preview, box.GetWidth() - pad.x * 2.0f, nullptr, scratch, shown);
    dl->PushClipRect(box.Min, box.Max, true);
    dl->AddText(g.Font, g.FontSize, ImVec2(box.Min.x + pad.x, box.Min.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text),
                shown.data(), shown.data() + shown.size());
    dl->PopClipRect();
    if (f.cut && !open && ImGui::IsItemHovered()) full_text_tooltip(preview, nullptr);
    return open;
}

void heading_text(const char* id, std::string_view text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    // The text is no item of its own (id 0): a named, non-navigable item over it carries its label.
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGuiContext& g = *GImGui;   // (IMGUI_TEST_ENGINE_ITEM_INFO reads `g`)
    const ImGuiID item = ImGui::GetID(id);
    if (!ImGui::ItemAdd(r, item, nullptr, ImGuiItemFlags_NoNav)) return;
    IMGUI_TEST_ENGINE_ITEM_INFO(item, "", 0);
    item_value(std::string(text));   // its text as a value: no label, so tests finding a row by name never find the title
    item_role("heading", false, "");
}

}  // namespace crm::ui
