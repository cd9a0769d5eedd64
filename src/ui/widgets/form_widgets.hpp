// form_widgets.hpp: small Dear ImGui helpers for forms and records: std::string inputs, copy
// buttons, inline field errors, suggestion combos. Draw only; no I/O, no model changes.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace crm::ui {

bool input_text(const char* label, std::string& value, ImGuiInputTextFlags flags = 0);          // true when edited
bool input_text_multiline(const char* label, std::string& value, const ImVec2& size);
bool suggestion_combo(const char* id, std::string& value, const char* const* options, size_t n);  // picks one
void copy_button(const char* id, const std::string& text);                                      // "Copy" -> clipboard
void field_errors(const std::vector<std::string>& messages);                                    // red text lines
void error_text(const std::string& text);                                                        // one red line, wrapped
bool danger_button(const char* label, bool small = false);                                      // a destructive action (delete)

// Modals the model opens and closes: open=false closes the popup `id` if ImGui still shows it (the
// model closed it) and returns false; open=true opens it once and returns true (then place it and
// call BeginPopupModal with the same id).
bool sync_model_modal(const char* id, bool open);
// Places the next window centred horizontally at y_fraction of the work area, between min_em and
// max_em font sizes wide (never wider than the viewport).
void center_next_dialog(float y_fraction, float min_em, float max_em);

}  // namespace crm::ui
