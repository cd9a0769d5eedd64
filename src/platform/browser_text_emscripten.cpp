// browser_text_emscripten.cpp: ImGui's text hooks (see browser_text.hpp), canvas 2D measuring and
// rasterising, and the texture pages that cache what was rasterised.
// Index: JS side (measure, raster, upload) - font metrics - measure cache and line layout - texture
// pages (shelf packing, LRU page recycling) - the two hooks - frame bookkeeping.
#include "platform/browser_text.hpp"

#include <GLES3/gl3.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/util/text.hpp"

// Defined in the generated imgui_draw.cpp (cmake/Emscripten.cmake).
extern bool (*crm_imgui_text_size_hook)(const ImFont*, float, float, float, const char*, const char*, const char**,
                                        ImVec2*);
extern bool (*crm_imgui_text_render_hook)(const ImFont*, ImDrawList*, float, const ImVec2&, ImU32, const ImVec4&,
                                          const char*, const char*, float, bool);

// ---- JavaScript side ----------------------------------------------------------------------------
// One scratch canvas: a string is drawn into its top-left corner, then copied into a texture page
// (texSubImage2D straight from the canvas: no readback). Strings wider than a page are copied tile by
// tile through a second canvas. The font: the UI font (the shell registers ui.ttf as "CrmUi") first,
// then the system's fonts for whatever it lacks (CJK, Arabic, Thai, emoji...).
// clang-format off
EM_JS(void, js_bt_install, (const char* family), {
  var c = document.createElement('canvas'); c.width = 1024; c.height = 128;
  var t = document.createElement('canvas'); t.width = 1024; t.height = 128;
  Module.crmText = { c: c, ctx: c.getContext('2d'), tile: t, tctx: t.getContext('2d'), font: "",
                     family: UTF8ToString(family) };
});
EM_JS(void, js_bt_measure, (const char* s, int len, float px, int rtl, float* out), {
  var t = Module.crmText; var ctx = t.ctx;
  var f = px + 'px ' + t.family;
  if (t.font !== f) { ctx.font = f; t.font = f; }
  ctx.direction = rtl ? 'rtl' : 'ltr'; ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
  var m = ctx.measureText(UTF8ToString(s, len));
  var i = out >> 2;
  HEAPF32[i] = m.width; HEAPF32[i + 1] = m.actualBoundingBoxLeft; HEAPF32[i + 2] = m.actualBoundingBoxRight;
  HEAPF32[i + 3] = m.actualBoundingBoxAscent; HEAPF32[i + 4] = m.actualBoundingBoxDescent;
  HEAPF32[i + 5] = m.fontBoundingBoxAscent || 0; HEAPF32[i + 6] = m.fontBoundingBoxDescent || 0;
});
// Draws the string with its origin at (ox, oy) of a w x h box in the scratch canvas.
EM_JS(void, js_bt_draw, (const char* s, int len, float px, int rtl, int rgb, float ox, float oy, int w, int h), {
  var t = Module.crmText; var c = t.c; var ctx = t.ctx;
  if (c.width < w || c.height < h) {
    c.width = Math.max(c.width, w); c.height = Math.max(c.height, h); t.font = "";   // resizing resets the context
  }
  ctx.clearRect(0, 0, w + 1, h + 1);
  var f = px + 'px ' + t.family;
  if (t.font !== f) { ctx.font = f; t.font = f; }
  ctx.direction = rtl ? 'rtl' : 'ltr'; ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = 'rgb(' + (rgb & 255) + ',' + ((rgb >> 8) & 255) + ',' + ((rgb >> 16) & 255) + ')';
  ctx.fillText(UTF8ToString(s, len), ox, oy);
});
// Copies the scratch canvas's region (sx, 0, w, h) into texture `tex` at (x, y).
EM_JS(void, js_bt_upload, (int tex, int x, int y, int sx, int w, int h), {
  var gl = GLctx; var t = Module.crmText; var src = t.c;
  if (sx !== 0) {
    var tile = t.tile;
    if (tile.width < w || tile.height < h) { tile.width = Math.max(tile.width, w); tile.height = Math.max(tile.height, h); }
    t.tctx.clearRect(0, 0, w, h);
    t.tctx.drawImage(t.c, sx, 0, w, h, 0, 0, w, h);
    src = tile;
  }
  var prev = gl.getParameter(gl.TEXTURE_BINDING_2D);
  gl.bindTexture(gl.TEXTURE_2D, GL.textures[tex]);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);   // ImGui's GL blend: SRC_ALPHA, ONE_MINUS_SRC_ALPHA
  gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, w, h, gl.RGBA, gl.UNSIGNED_BYTE, src);
  gl.bindTexture(gl.TEXTURE_2D, prev);
});
// clang-format on

namespace crm::platform {

namespace {

constexpr const char* kFamily = "CrmUi, sans-serif";   // shell.js registers ui.ttf as "CrmUi"
constexpr int kPageSize = 1024;                        // device pixels, RGBA: 4 MiB a page
constexpr int kMaxPages = 8;
constexpr int kMaxRasterWidth = 8192;                  // device pixels; the rest of a longer line is not drawn
constexpr int kMaxRasterHeight = 256;
constexpr size_t kMaxEntries = 20000;                  // cache entries before unused ones are dropped

struct Metrics {
    float advance = 0;   // device pixels
    float left = 0, right = 0, ascent = 0, descent = 0;
};

struct Line {
    size_t begin = 0, end = 0;   // bytes of the string
    float width = 0;             // CSS pixels
};

struct Layout {
    std::vector<Line> lines;
    float width = 0;   // CSS pixels, the widest line
};

struct Tile {
    int page = 0;
    unsigned gen = 0;   // the page's generation when the tile was written
    int x = 0, y = 0, w = 0, h = 0;
};

struct Raster {
    std::vector<Tile> tiles;   // left to right
    int left = 0, ascent = 0;  // device pixels from the box's top-left corner to the text origin
    int w = 0, h = 0;
};

// One cache for all three (one hash table instantiation: code size): the key starts with the kind.
enum Kind : char { kMetrics = 'm', kLayout = 'l', kRaster = 'r' };
struct Entry {
    int last_frame = 0;
    Metrics m;
    Layout l;
    Raster r;
};

struct Shelf {
    int y = 0, h = 0, x = 0;
};

struct Page {
    GLuint tex = 0;
    unsigned gen = 0;   // from State::generations: never reused, also across a lost context
    std::vector<Shelf> shelves;
    int next_y = 0;
    int last_frame = 0;
};

struct State {
    float em_ratio = 0.859f;   // em size / ImGui pixel height (DejaVu Sans: 2048 / (1901 + 483))
    float dpr = 1;
    int frame = 0;
    bool bypass = false;       // inside ImGui's own RenderText (a fallback): the hooks stand aside
    unsigned generations = 0;  // the last page generation handed out
    std::unordered_map<std::string, Entry> cache;
    std::vector<Page> pages;
    BrowserTextStats stats;
    int strings_frame = 0, fallback_frame = 0;
    std::string key;           // scratch
};
State g;

// ---- Font metrics ---------------------------------------------------------------------------------
uint32_t be(const unsigned char* d, size_t n, size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | (at + static_cast<size_t>(i) < n ? d[at + static_cast<size_t>(i)] : 0u);
    return v;
}

// stb_truetype sizes a font by pixel height = hhea ascender - descender; CSS sizes it by the em.
float em_ratio_of(const unsigned char* d, size_t n) {
    if (!d || n < 12) return g.em_ratio;
    const uint32_t tables = be(d, n, 4, 2);
    int units = 0, ascender = 0, descender = 0;
    for (uint32_t i = 0; i < tables; ++i) {
        const size_t rec = 12 + static_cast<size_t>(i) * 16;
        if (rec + 16 > n) break;
        const uint32_t off = be(d, n, rec + 8, 4);
        if (std::memcmp(d + rec, "head", 4) == 0) units = static_cast<int>(be(d, n, off + 18, 2));
        if (std::memcmp(d + rec, "hhea", 4) == 0) {
            ascender = static_cast<int16_t>(be(d, n, off + 4, 2));
            descender = static_cast<int16_t>(be(d, n, off + 6, 2));
        }
    }
    if (units <= 0 || ascender - descender <= 0) return g.em_ratio;
    return static_cast<float>(units) / static_cast<float>(ascender - descender);
}

// Device pixels of the em for ImGui's font size `size` (CSS pixels of pixel height).
float device_px(float size) { return std::round(size * g.em_ratio * g.dpr * 16.0f) / 16.0f; }

// ---- Measuring and line layout --------------------------------------------------------------------
bool is_rtl(std::string_view s) { return core::text::first_strong_direction(s) == core::text::Direction::Rtl; }

void make_key(Kind kind, std::string_view s, float px, uint32_t extra) {
    g.key.assign(1, kind);
    g.key.append(s.data(), s.size());
    char tail[12];
    std::memcpy(tail, &px, 4);
    std::memcpy(tail + 4, &extra, 4);
    std::memcpy(tail + 8, "\x1F\x1F\x1F\x1F", 4);
    g.key.append(tail, sizeof tail);
}

// The entry for the key in g.key; `fresh` when it was just made.
Entry& entry(bool& fresh) {
    auto [it, inserted] = g.cache.try_emplace(g.key);
    fresh = inserted;
    it->second.last_frame = g.frame;
    return it->second;
}

const Metrics& measure(std::string_view s, float px) {
    make_key(kMetrics, s, px, 0);
    bool fresh = false;
    Entry& e = entry(fresh);
    if (fresh) {
        float out[7] = {};
        js_bt_measure(s.data(), static_cast<int>(s.size()), px, is_rtl(s) ? 1 : 0, out);
        ++g.stats.measures;
        Metrics m;
        m.advance = out[0];
        m.left = out[1];
        m.right = out[2];
        m.ascent = std::max(out[3], out[5]);
        m.descent = std::max(out[4], out[6]);
        e.m = m;
    }
    return e.m;
}

float css_width(std::string_view s, float px) { return s.empty() ? 0.0f : measure(s, px).advance / g.dpr; }

struct MeasureCtx {
    float px;
};
float measure_prefix(std::string_view prefix, void* user) { return css_width(prefix, static_cast<MeasureCtx*>(user)->px); }

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Code points after which (or before which) a line may break without a space: CJK, kana, Hangul.
bool breaks_around(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Greedy line breaking of one paragraph [b, e) at `wrap` CSS pixels: at spaces, around CJK, and inside a
// word (at grapheme boundaries) only when the word alone is wider than the line. Lines skip leading blanks.
void wrap_paragraph(std::string_view s, size_t b, size_t e, float wrap, float px, std::vector<Line>& out) {
    const std::vector<size_t> bounds = core::text::grapheme_boundaries(s.substr(b, e - b));
    // Break opportunities: offsets (relative to b) where a new line may start.
    std::vector<size_t> opps;
    for (size_t i = 1; i + 1 < bounds.size(); ++i) {
        const size_t at = bounds[i];
        char32_t prev = 0, next = 0;
        core::text::decode_utf8(s, b + bounds[i - 1], prev);
        core::text::decode_utf8(s, b + at, next);
        if ((is_space(s[b + at - 1]) && !is_space(s[b + at])) || breaks_around(prev) || breaks_around(next)) opps.push_back(at);
    }
    opps.push_back(e - b);
    size_t start = 0;
    while (start < e - b) {
        while (start < e - b && is_space(s[b + start])) ++start;
        if (start >= e - b) break;
        size_t best = 0;
        for (size_t o : opps) {
            if (o <= start) continue;
            std::string_view cand = s.substr(b + start, o - start);
            while (!cand.empty() && is_space(cand.back())) cand.remove_suffix(1);
            if (css_width(cand, px) <= wrap) best = o;
            else break;
        }
        if (best == 0) {   // one word wider than the line: cut it at grapheme boundaries
            MeasureCtx ctx{px};
            size_t n = core::text::fit_prefix(s.substr(b + start, e - b - start), wrap, measure_prefix, &ctx);
            if (n == 0) n = core::text::next_grapheme_boundary(s.substr(b + start, e - b - start), 0);
            best = start + n;
        }
        size_t end = best;
        while (end > start && is_space(s[b + end - 1])) --end;
        out.push_back(Line{b + start, b + end, css_width(s.substr(b + start, end - start), px)});
        start = best;
    }
}

const Layout& layout(std::string_view s, float px, float wrap) {
    uint32_t wrap_bits = 0;
    std::memcpy(&wrap_bits, &wrap, 4);
    make_key(kLayout, s, px, wrap_bits);
    bool fresh = false;
    Entry& entry_ref = entry(fresh);
    if (fresh) {
        Layout& l = entry_ref.l;
        size_t b = 0;
        while (b <= s.size()) {
            size_t e = s.find('\n', b);
            if (e == std::string_view::npos) e = s.size();
            size_t pe = e;
            if (pe > b && s[pe - 1] == '\r') --pe;
            if (wrap > 0.0f && pe > b && css_width(s.substr(b, pe - b), px) > wrap) {
                wrap_paragraph(s, b, pe, wrap, px, l.lines);
            } else {
                l.lines.push_back(Line{b, pe, css_width(s.substr(b, pe - b), px)});
            }
            if (e == s.size()) break;
            b = e + 1;
        }
        // ImGui counts no line after a final '\n'.
        if (l.lines.size() > 1 && l.lines.back().begin == l.lines.back().end && !s.empty() && s.back() == '\n') l.lines.pop_back();
        for (const Line& line : l.lines) l.width = std::max(l.width, line.width);
    }
    return entry_ref.l;
}

// ---- Texture pages ------------------------------------------------------------------------------
GLuint new_texture() {
    GLint prev = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, kPageSize, kPageSize, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
    return tex;
}

bool place_in(Page& p, int w, int h, int& x, int& y) {
    for (Shelf& s : p.shelves) {
        if (h <= s.h && h * 4 >= s.h * 3 && s.x + w <= kPageSize) {
            x = s.x;
            y = s.y;
            s.x += w;
            return true;
        }
    }
    const int sh = (h + 3) & ~3;
    if (p.next_y + sh > kPageSize) return false;
    p.shelves.push_back(Shelf{p.next_y, sh, w});
    x = 0;
    y = p.next_y;
    p.next_y += sh;
    return true;
}

// A w x h region in some page (w, h include a 1 px gap against filtering bleed); false when every page
// is full and was used by this frame.
bool allocate(int w, int h, Tile& t) {
    size_t idx = g.pages.size();
    for (size_t i = 0; i < g.pages.size() && idx == g.pages.size(); ++i) {
        if (place_in(g.pages[i], w, h, t.x, t.y)) idx = i;
    }
    if (idx == g.pages.size()) {
        if (g.pages.size() < static_cast<size_t>(kMaxPages)) {
            Page p;
            p.tex = new_texture();
            p.gen = ++g.generations;
            g.pages.push_back(p);
        } else {
            // Recycle the least recently used page that this frame has not drawn from.
            idx = g.pages.size();
            for (size_t i = 0; i < g.pages.size(); ++i) {
                if (g.pages[i].last_frame < g.frame && (idx == g.pages.size() || g.pages[i].last_frame < g.pages[idx].last_frame)) idx = i;
            }
            if (idx == g.pages.size()) return false;
            Page& p = g.pages[idx];
            p.gen = ++g.generations;
            p.shelves.clear();
            p.next_y = 0;
            ++g.stats.evictions;
        }
        if (!place_in(g.pages[idx], w, h, t.x, t.y)) return false;
    }
    t.page = static_cast<int>(idx);
    t.gen = g.pages[idx].gen;
    g.pages[idx].last_frame = g.frame;
    return true;
}

bool valid(const Raster& r) {
    for (const Tile& t : r.tiles) {
        if (t.page >= static_cast<int>(g.pages.size()) || g.pages[static_cast<size_t>(t.page)].gen != t.gen) return false;
    }
    return !r.tiles.empty();
}

// The rasterised string (colour baked in: colour emoji keep theirs), or nullptr when it cannot be
// placed (every page in use by this frame).
const Raster* raster(std::string_view s, float px, uint32_t rgb) {
    make_key(kRaster, s, px, rgb);
    bool fresh = false;
    Entry& e = entry(fresh);
    if (!fresh && valid(e.r)) {
        for (const Tile& t : e.r.tiles) g.pages[static_cast<size_t>(t.page)].last_frame = g.frame;
        return &e.r;
    }
    Raster& r = e.r;
    r.tiles.clear();
    const Metrics m = measure(s, px);   // (entries are nodes: `e` stays valid)
    r.left = static_cast<int>(std::ceil(std::max(0.0f, m.left))) + 1;
    r.ascent = static_cast<int>(std::ceil(m.ascent)) + 1;
    r.w = std::min(kMaxRasterWidth, r.left + static_cast<int>(std::ceil(std::max(m.advance, m.right))) + 2);
    r.h = std::min(kMaxRasterHeight, r.ascent + static_cast<int>(std::ceil(m.descent)) + 2);
    js_bt_draw(s.data(), static_cast<int>(s.size()), px, is_rtl(s) ? 1 : 0, static_cast<int>(rgb), static_cast<float>(r.left),
               static_cast<float>(r.ascent), r.w, r.h);
    for (int sx = 0; sx < r.w; sx += kPageSize - 1) {
        Tile t;
        t.w = std::min(kPageSize - 1, r.w - sx);
        t.h = r.h;
        if (!allocate(t.w + 1, t.h + 1, t)) {
            r.tiles.clear();
            return nullptr;
        }
        js_bt_upload(static_cast<int>(g.pages[static_cast<size_t>(t.page)].tex), t.x, t.y, sx, t.w, t.h);
        r.tiles.push_back(t);
    }
    ++g.stats.rasters;
    return &r;
}

// ---- The hooks ------------------------------------------------------------------------------------
bool in_atlas(char32_t cp, void* font) {
    return cp <= IM_UNICODE_CODEPOINT_MAX && static_cast<const ImFont*>(font)->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
}

bool wants_browser(const ImFont* font, std::string_view s) {
    return g.stats.enabled && !g.bypass && core::text::needs_browser_text(s, in_atlas, const_cast<ImFont*>(font));
}

int missing_glyphs(const ImFont* font, std::string_view s) {
    int n = 0;
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        i += core::text::decode_utf8(s, i, cp);
        if (cp != '\n' && cp != '\r' && !in_atlas(cp, const_cast<ImFont*>(font))) ++n;
    }
    return n;
}

bool size_hook(const ImFont* font, float size, float max_width, float wrap_width, const char* b, const char* e,
               const char** remaining, ImVec2* out) {
    const std::string_view s(b, static_cast<size_t>(e - b));
    if (!wants_browser(font, s)) return false;
    const float px = device_px(size);
    if (max_width < FLT_MAX * 0.5f && wrap_width <= 0.0f) {
        // Where a line of at most max_width ends (RenderTextEllipsis, clipped labels): at a grapheme boundary.
        const Layout& l = layout(s, px, 0.0f);
        if (l.width < max_width) {
            *out = ImVec2(l.width, size * static_cast<float>(l.lines.size()));
            if (remaining) *remaining = e;
            return true;
        }
        const Line& first = l.lines.front();
        MeasureCtx ctx{px};
        const size_t n = core::text::fit_prefix(s.substr(first.begin, first.end - first.begin), max_width, measure_prefix, &ctx);
        *out = ImVec2(css_width(s.substr(first.begin, n), px), size);
        if (remaining) *remaining = b + first.begin + n;
        return true;
    }
    const Layout& l = layout(s, px, wrap_width);
    *out = ImVec2(l.width, size * static_cast<float>(std::max<size_t>(1, l.lines.size())));
    if (remaining) *remaining = e;
    return true;
}

void add_image_clipped(ImDrawList* dl, ImTextureID tex, ImVec2 p0, ImVec2 p1, ImVec2 uv0, ImVec2 uv1, ImU32 tint,
                       const ImVec4& clip) {
    if (p1.x <= clip.x || p1.y <= clip.y || p0.x >= clip.z || p0.y >= clip.w) return;
    const ImVec2 size(p1.x - p0.x, p1.y - p0.y), uvs(uv1.x - uv0.x, uv1.y - uv0.y);
    ImVec2 q0(std::max(p0.x, clip.x), std::max(p0.y, clip.y)), q1(std::min(p1.x, clip.z), std::min(p1.y, clip.w));
    const ImVec2 t0(uv0.x + uvs.x * (q0.x - p0.x) / size.x, uv0.y + uvs.y * (q0.y - p0.y) / size.y);
    const ImVec2 t1(uv0.x + uvs.x * (q1.x - p0.x) / size.x, uv0.y + uvs.y * (q1.y - p0.y) / size.y);
    dl->AddImage(tex, q0, q1, t0, t1, tint);
}

bool render_hook(const ImFont* font, ImDrawList* dl, float size, const ImVec2& pos, ImU32 col, const ImVec4& clip,
                 const char* b, const char* e, float wrap_width, bool cpu_fine_clip) {
    const std::string_view s(b, static_cast<size_t>(e - b));
    if (!wants_browser(font, s)) {
        if (!g.bypass) g.fallback_frame += missing_glyphs(font, s);   // atlas alone (browser text off)
        return false;
    }
    const float px = device_px(size);
    const Layout& l = layout(s, px, wrap_width);
    const float scale = size / font->FontSize;
    const float x = IM_TRUNC(pos.x), y0 = IM_TRUNC(pos.y);
    const float dpr = g.dpr;
    const uint32_t rgb = col & 0x00FFFFFFu;
    const ImU32 tint = (col & IM_COL32_A_MASK) | 0x00FFFFFFu;
    // Lines are culled against the clip rectangle before anything is rasterised.
    const ImVec4 cull = cpu_fine_clip ? clip : dl->_CmdHeader.ClipRect;
    for (size_t i = 0; i < l.lines.size(); ++i) {
        const Line& line = l.lines[i];
        const float y = y0 + size * static_cast<float>(i);
        if (y > cull.w) break;
        if (y + size < cull.y || line.end == line.begin || x > cull.z || x + line.width < cull.x) continue;
        const std::string_view text = s.substr(line.begin, line.end - line.begin);
        const Raster* r = raster(text, px, rgb);
        if (!r) {   // no room this frame: ImGui's atlas draws the line ("?" for what it lacks), counted
            g.fallback_frame += missing_glyphs(font, text);
            g.bypass = true;
            font->RenderText(dl, size, ImVec2(x, y), col, clip, text.data(), text.data() + text.size(), 0.0f, cpu_fine_clip);
            g.bypass = false;
            continue;
        }
        ++g.strings_frame;
        const float baseline_dev = std::round((y + std::round(font->Ascent) * scale) * dpr);
        float left_dev = std::round(x * dpr) - static_cast<float>(r->left);
        const float top_dev = baseline_dev - static_cast<float>(r->ascent);
        for (const Tile& t : r->tiles) {
            const Page& p = g.pages[static_cast<size_t>(t.page)];
            const ImVec2 p0(left_dev / dpr, top_dev / dpr), p1((left_dev + static_cast<float>(t.w)) / dpr, (top_dev + static_cast<float>(t.h)) / dpr);
            const float inv = 1.0f / kPageSize;
            add_image_clipped(dl, reinterpret_cast<ImTextureID>(static_cast<intptr_t>(p.tex)), p0, p1,
                              ImVec2(static_cast<float>(t.x) * inv, static_cast<float>(t.y) * inv),
                              ImVec2(static_cast<float>(t.x + t.w) * inv, static_cast<float>(t.y + t.h) * inv), tint, cull);
            left_dev += static_cast<float>(t.w);
        }
    }
    return true;
}

void drop_unused(int older_than) {
    for (auto it = g.cache.begin(); it != g.cache.end();) {
        if (it->second.last_frame < older_than) it = g.cache.erase(it);
        else ++it;
    }
}

}  // namespace

void browser_text_install(const unsigned char* font_data, size_t font_size) {
    g.em_ratio = em_ratio_of(font_data, font_size);
    g.stats.em_px = 16.0f * g.em_ratio;
    js_bt_install(kFamily);
    crm_imgui_text_size_hook = size_hook;
    crm_imgui_text_render_hook = render_hook;
}

void browser_text_begin_frame(float device_pixel_ratio) {
    g.dpr = device_pixel_ratio > 0 ? device_pixel_ratio : 1.0f;
    ++g.frame;
    g.strings_frame = 0;
    g.fallback_frame = 0;
}

void browser_text_end_frame() {
    g.stats.strings_last_frame = g.strings_frame;
    g.stats.fallback_glyphs_last_frame = g.fallback_frame;
    g.stats.fallback_glyphs_total += g.fallback_frame;
    if (g.cache.size() > kMaxEntries) drop_unused(g.frame - 1);   // what the last frames drew stays
}

void browser_text_forget_textures() {
    g.pages.clear();   // the context that owned them is gone: every raster is invalid (valid())
}

void browser_text_set_enabled(bool enabled) { g.stats.enabled = enabled; }

const BrowserTextStats& browser_text_stats() {
    size_t cpu = 0;   // keys, values and the hash table's nodes (estimated at 32 bytes each)
    int strings = 0, layouts = 0;
    for (const auto& [k, v] : g.cache) {
        cpu += k.capacity() + sizeof v + v.l.lines.capacity() * sizeof(Line) + v.r.tiles.capacity() * sizeof(Tile) + 32;
        if (k[0] == kRaster && valid(v.r)) ++strings;
        if (k[0] != kRaster) ++layouts;
    }
    g.stats.cpu_bytes = cpu;
    g.stats.cached_strings = strings;
    g.stats.layouts = layouts;
    g.stats.pages = static_cast<int>(g.pages.size());
    g.stats.texture_bytes = g.pages.size() * static_cast<size_t>(kPageSize) * kPageSize * 4;
    return g.stats;
}

const char* browser_text_font_family() { return kFamily; }

float browser_text_em_ratio() { return g.em_ratio; }

}  // namespace crm::platform
