// browser_text.hpp: text the UI font's atlas cannot draw right is drawn by the browser.
// Dear ImGui draws glyph by glyph from a baked atlas: no shaping, no bidi, no grapheme clusters, no
// colour emoji, and "?" for every code point the UI font lacks. Through two hooks in ImGui's
// ImFont::CalcTextSizeA / ImFont::RenderText (generated copy of imgui_draw.cpp, cmake/Emscripten.cmake),
// every string that needs more (core::text::needs_browser_text) is measured and rasterised by the
// browser's canvas 2D text engine (the UI font first, then the system's fonts), cached in texture
// pages (shelf-packed, least recently used page evicted) and drawn as images in the same layout box,
// on the atlas text's baseline. Everything else stays on the atlas. Browser-only.
#pragma once
#include <cstddef>
#include <cstdint>

namespace crm::platform {

struct BrowserTextStats {
    bool enabled = true;
    int strings_last_frame = 0;          // strings drawn by the browser in the last frame
    int fallback_glyphs_last_frame = 0;  // code points drawn with the atlas's fallback glyph ("?")
    int fallback_glyphs_total = 0;
    int64_t rasters = 0;                 // strings rasterised since start-up (cache misses)
    int64_t measures = 0;                // measureText calls since start-up
    int cached_strings = 0;              // rasterised strings held in the texture pages
    int layouts = 0;                     // measured strings / line layouts held
    int pages = 0;                       // texture pages allocated
    int64_t evictions = 0;               // pages recycled (least recently used)
    size_t texture_bytes = 0;            // GPU memory of the pages
    size_t cpu_bytes = 0;                // approximate CPU memory of the caches
    float em_px = 0;                     // CSS font size (em) the browser draws with at UI scale 1
};

// Before the first frame, after the GL context exists: the UI font's bytes give the em size that
// matches ImGui's pixel height (hhea ascender - descender), and the hooks are installed.
void browser_text_install(const unsigned char* font_data, size_t font_size);
void browser_text_begin_frame(float device_pixel_ratio);   // before ImGui::NewFrame()
void browser_text_end_frame();                              // after ImGui::Render()
void browser_text_forget_textures();                        // the GL context was restored: textures are gone
void browser_text_set_enabled(bool enabled);                // off: ImGui's atlas alone (test bridge)
const BrowserTextStats& browser_text_stats();
// The CSS font family the browser draws with ("CrmUi, sans-serif": the UI font, then the system's).
const char* browser_text_font_family();
// The CSS font size (em) per ImGui font size: ImGui sizes a font by hhea ascender - descender.
float browser_text_em_ratio();

}  // namespace crm::platform
