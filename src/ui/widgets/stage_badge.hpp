// stage_badge.hpp: a coloured pill with the stage's label. Draws only.
#pragma once
#include <cstdint>
#include <string_view>

#include <imgui.h>

#include "core/app/palette.hpp"

namespace crm::ui {

// A table row that holds a badge is this high (cell padding included), whichever of its columns
// are scrolled into view: rows keep one height when the Stage column is off screen.
float stage_badge_row_height();
void stage_badge(std::string_view stage_value);   // unknown stages get a grey badge with the raw value
// The same pill from a label already looked up and measured (the list table's row cache).
void stage_badge(const char* label, core::Role fill, ImVec2 label_size);

}  // namespace crm::ui
