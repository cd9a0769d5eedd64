// data_text.hpp: user data (account names, ids, industries, tags, user names and emails, contact
// names, server messages, typed text) drawn as text, never parsed as Dear ImGui label syntax ("##"
// hides the rest, "###" resets the id) nor as a format string ("%s"). Items get a fixed ImGui id
// under the caller's push_record_id(id); the text is drawn in the item's place and reported to the
// test bridge and the screen-reader mirror exactly (item_label). A text longer than its space ends
// with "…" at a grapheme boundary, the full text in a tooltip on hover. Draws only.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>

namespace crm::ui {

// PushID for a record id: its bytes hashed as they are (ImGui::PushID(const char*) restarts the hash
// at "###", so "a###x" and "b###x" would be one id). Pop with ImGui::PopID().
void push_record_id(std::string_view id);

// A text fitted to a width: the whole text, else its longest prefix ending at a grapheme boundary
// followed by "…". Refitted only when the text, the width or the font changed.
struct FittedText {
    std::string source;            // the text that was fitted
    std::string shown;             // what is drawn
    ImVec2 size{0.0f, 0.0f};       // shown's size in the font it was measured with
    bool cut = false;
    float max_width = -1.0f;       // the width it was fitted to (< 0: never fitted)
    const ImFont* font = nullptr;
    float font_size = 0.0f;
};

// Fits `text` into max_width in the current font (measured with ImGui::CalcTextSize), reusing `fit`
// when it already holds this text, width and font.
const FittedText& fit_text(std::string_view text, float max_width, FittedText& fit);

// TextUnformatted in at most max_width (< 0: to the end of the cell or line), cut with "…" and the
// full text on hover. `fit` keeps the result between frames (nullptr: a small shared cache).
void cell_text(std::string_view text, FittedText* fit = nullptr, float max_width = -1.0f);

// A Selectable showing `text`: ImGui id "##text" under the caller's push_record_id. A SpanAllColumns
// row cuts the text at the end of its cell (`fit` keeps it between frames).
bool selectable_text(std::string_view text, bool selected, ImGuiSelectableFlags flags = 0, FittedText* fit = nullptr);

// A Button (small: SmallButton's look) showing `text` then `suffix` (never cut): ImGui id "##button"
// under the caller's PushID, the text cut to fit max_width (> 0). On hover: the full text when cut,
// then `hint`. `text_color`: the text's colour on this button (nullptr: the style's text).
bool text_button(std::string_view text, bool small = false, float max_width = 0.0f, const char* hint = nullptr,
                 const char* suffix = nullptr, const ImVec4* text_color = nullptr);

// BeginCombo whose preview is `preview` (cut to the box).
bool begin_combo_text(const char* label, std::string_view preview, ImGuiComboFlags flags = 0);

// A title wrapped to the width (TextWrapped without a format string), reported to the screen-reader
// mirror as a heading (an unlabelled item whose value is `text`). `id`: its ImGui id string.
void heading_text(const char* id, std::string_view text);

}  // namespace crm::ui
