// css_geometry.cpp: ImGui's coordinates -> page CSS pixels (see the header). Pure.
#include "platform/css_geometry.hpp"

namespace crm::platform {

namespace {

float scale_of(float client, float display) { return display > 0 && client > 0 ? client / display : 1.0f; }

}  // namespace

CssRect imgui_to_page_css(const CssRect& r, const CanvasGeometry& c) {
    const float sx = scale_of(c.client.w, c.display_w), sy = scale_of(c.client.h, c.display_h);
    return {c.client.x + r.x * sx, c.client.y + r.y * sy, r.w * sx, r.h * sy};
}

}  // namespace crm::platform
