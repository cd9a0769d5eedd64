// text.hpp: Unicode text helpers for drawing strings: UTF-8 decoding, extended grapheme clusters
// (UAX #29), "can the glyph atlas draw this?", first strong direction, fitting and ellipsizing by
// grapheme cluster. Pure: no I/O, no state, never throws; only grapheme_boundaries, fit_prefix and
// ellipsize allocate (the boundary vector, the returned string).
// Property data comes from the Unicode Character Database (unicode_version() below), turned into a
// run table by scripts/gen_unicode_tables.py at build time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core::text {

// Decodes the code point starting at byte i of s into cp; returns the bytes consumed (>= 1).
// Invalid / truncated / overlong UTF-8 and surrogates: cp = U+FFFD, consumes 1 byte.
// i >= s.size(): cp = U+FFFD, returns 1 (nothing is read).
size_t decode_utf8(std::string_view s, size_t i, char32_t& cp);

// Extended grapheme cluster boundaries (UAX #29): byte offsets where clusters start, then s.size().
// "" -> {0}. Never inside a UTF-8 sequence: a stray continuation byte (0x80-0xBF that is not
// part of a valid sequence) stays in the cluster before it, so every boundary but 0 and s.size()
// is on a byte that is not a continuation byte. Any other invalid byte starts a cluster, as
// U+FFFD (Grapheme_Cluster_Break Other) would.
std::vector<size_t> grapheme_boundaries(std::string_view s);

// The first grapheme boundary after pos (pos < s.size()), s.size() at most (pos >= s.size(): s.size()).
// Walks from the start of s (boundaries depend on what comes before), so it costs O(pos).
size_t next_grapheme_boundary(std::string_view s, size_t pos);

// The last grapheme boundary before pos (0 < pos <= s.size()), 0 at least (pos == 0: 0). O(pos).
size_t prev_grapheme_boundary(std::string_view s, size_t pos);

// True when the string needs the browser's text engine: a code point for which in_atlas(cp, user)
// returns false, or anything the glyph-by-glyph atlas renderer cannot draw right even if glyphs exist:
// combining marks (Mn/Me/Mc), ZWJ/ZWNJ (U+200C/D), variation selectors (FE00-FE0F, E0100-E01EF),
// emoji modifiers (1F3FB-1F3FF), regional indicators, tag characters (E0020-E007F), bidi controls
// (U+061C, 200E, 200F, 202A-202E, 2066-2069), any strong RTL character (Hebrew, Arabic, Syriac, Thaana,
// NKo... and their presentation forms), Hangul jamo, ZWSP U+200B, soft hyphen U+00AD.
// Also, whatever in_atlas says: every other Grapheme_Cluster_Break Extend / SpacingMark / Prepend
// character (e.g. Thai SARA AM U+0E33) and every Emoji_Presentation character (drawn in colour).
// Cost: 8 bytes per step over ASCII; per other code point one table look-up and one in_atlas call.
// Fast path: pure ASCII (all bytes < 0x80) never calls in_atlas and returns false (ASCII controls
// other than \t\n\r also return false: the caller's atlas handles them). ASCII code points in a
// non-ASCII string are not passed to in_atlas either. Invalid UTF-8 bytes are asked as U+FFFD.
// in_atlas may be null: then only the list above is checked.
using GlyphPredicate = bool (*)(char32_t cp, void* user);
bool needs_browser_text(std::string_view s, GlyphPredicate in_atlas, void* user);

enum class Direction { Neutral, Ltr, Rtl };
// HTML dir=auto: the direction of the first strong character (bidi classes L vs R/AL), skipping
// isolates' contents is NOT required. Neutral when there is none (digits, punctuation, emoji).
Direction first_strong_direction(std::string_view s);

// Width callback: the width of s[0, len) in pixels.
using MeasureFn = float (*)(std::string_view prefix, void* user);

// Longest prefix (in bytes, ending at a grapheme boundary) with measure(prefix) <= max_width.
// Binary search over grapheme boundaries (assumes widths grow with length); 0 when nothing fits.
// measure is called O(log clusters) times, never with the empty prefix.
size_t fit_prefix(std::string_view s, float max_width, MeasureFn measure, void* user);

struct Ellipsized { std::string text; bool cut = false; };
// s itself when measure(s) <= max_width; otherwise the longest grapheme-boundary prefix whose width
// plus ellipsis_width fits, trailing white space removed, followed by "\u2026" (cut = true); just "\u2026"
// when no grapheme fits. White space: clusters made of one White_Space code point (ASCII blanks,
// NBSP, U+2000-200A, U+3000...).
Ellipsized ellipsize(std::string_view s, float max_width, float ellipsis_width, MeasureFn measure, void* user);

// The Unicode version of the property tables, e.g. "15.0.0".
const char* unicode_version();
// Whether the tables carry Indic_Conjunct_Break (Unicode 15.1+), i.e. whether rule GB9c applies.
bool has_indic_conjunct_break();

}  // namespace crm::core::text

namespace crm::core {

// s without leading and trailing blanks (space, tab, CR, LF), as DRF's CharField trims.
std::string_view trim(std::string_view s);
std::string ascii_lower(std::string_view s);   // A-Z -> a-z; every other byte as it is (SQLite's NOCASE)

// A count and its noun: "1 contact", "0 contacts", "1,234 accounts". `many` defaults to `one` + "s"
// ("opportunity", "opportunities" needs it). Counts are written with thousands separators.
std::string plural(int64_t n, std::string_view one, std::string_view many = {});

}  // namespace crm::core
