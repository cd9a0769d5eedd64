// text_overlay.hpp: editing text through a native DOM field laid over the active ImGui text field
// (as Flutter web and Figma do). While an InputText is active, a visible <input> (or <textarea> for
// multiline fields) covers the field's frame with the theme's colours, font and padding, and holds
// the value: the browser does caret, selection, RTL, IME composition in place, spell-check, the
// context menu, mobile keyboards and undo. Each change reaches ImGui's ImGuiInputTextState of the
// active field in the next frame (before the field's InputText runs), so the model gets it as if
// typed; ImGui only draws the field's frame underneath. Keys that are ImGui's (Tab, Esc, Enter,
// Up/Down in single-line fields) go through imgui_impl_html5's key path. Browser-only.
#pragma once
#include <imgui.h>
#include <imgui_internal.h>

#include <cstddef>
#include <string>

namespace crm::platform {

// The active text field as the app's item registry saw it this frame.
struct TextFieldView {
    ImGuiID id = 0;
    ImRect frame;              // the field's frame, ImGui coordinates (CSS pixels of the canvas)
    ImGuiID window_id = 0;     // the window it was submitted in (clipping, background)
    std::string label;         // accessible name (aria-label)
    bool spellcheck = false;   // natural-language fields only (names, descriptions)
    bool disabled = false;
};

constexpr const char* kTextOverlayInputSelector = "#crm-text-input";   // single-line fields
constexpr const char* kTextOverlayAreaSelector = "#crm-text-area";     // multiline fields

// Creates both elements and their listeners; after the ImGui context exists.
void text_overlay_install(const char* canvas_selector);
// The CSS font family of the UI font (registered by the shell) and its em size per ImGui font size
// (ImGui sizes fonts by ascent - descent, CSS by the em): browser_text_em_ratio().
void text_overlay_set_font(float em_per_size, const char* family);
// After ImGui::Render(): places, fills or hides the overlay for the active text field (nullptr: none).
void text_overlay_end_frame(const TextFieldView* field);
bool text_overlay_shown();                     // covering an active field after the last frame
void text_overlay_focus();                     // focus it now (inside a tap: the virtual keyboard opens)

}  // namespace crm::platform
