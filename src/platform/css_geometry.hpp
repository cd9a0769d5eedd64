// css_geometry.hpp: ImGui's coordinates -> the page's CSS pixels (what MouseEvent.clientX, touch
// points and getBoundingClientRect use). Pure: no browser, no ImGui context.
//
// ImGui works in CSS pixels of the canvas (io.DisplaySize = the canvas's CSS size); the backbuffer
// is that size x devicePixelRatio, and io.DisplayFramebufferScale carries the ratio to the renderer
// only. So the ratio never enters this conversion: neither the DPR (browser zoom, screen) nor the UI
// scale (ImGui's sizes and fonts, still in CSS pixels) changes where a CSS pixel of ImGui is.
#pragma once

namespace crm::platform {

struct CssRect {
    float x = 0, y = 0, w = 0, h = 0;
};

// Where the canvas is on the page and how ImGui and the renderer see it.
struct CanvasGeometry {
    CssRect client;                     // the canvas's getBoundingClientRect(), CSS pixels
    float display_w = 0, display_h = 0; // io.DisplaySize of the last frame (CSS pixels)
    // No backbuffer size and no DPR here, on purpose: dividing by the backbuffer's width reported
    // every rectangle once too often divided by the DPR.
};

// A rectangle of ImGui's last frame -> the page's CSS pixels. When the canvas's CSS size changed
// since that frame (a resize not yet drawn), ImGui's space is stretched onto the canvas, as the
// browser stretches the backbuffer.
CssRect imgui_to_page_css(const CssRect& imgui, const CanvasGeometry& canvas);

}  // namespace crm::platform
