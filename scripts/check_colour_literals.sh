#!/bin/sh
# check_colour_literals.sh DIR...: fails (exit 1) when C++ sources under DIR write a colour instead of
# taking it from the palette (core/app/palette.cpp, by role through ui/theme.hpp): IM_COL32(...),
# IM_COL32_WHITE/BLACK, ImColor(...), an ImVec4 of number literals, a 0xRRGGBB(AA) literal.
# A line that holds such a literal but is no colour says so with the marker "not-a-colour".
# Run by ctest on src/ui (ui_colour_literals) and on a sample that must be caught (ui_colour_literals_caught).
set -u
[ "$#" -ge 1 ] || { echo "usage: $0 DIR..." >&2; exit 2; }
pattern='IM_COL32[[:space:]]*\(|IM_COL32_(WHITE|BLACK|BLACK_TRANS)|ImColor[[:space:]]*[({]|ImVec4[[:space:]]*[({][[:space:]]*[-+]?[0-9.]|0[xX][0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?([^0-9A-Fa-f]|$)'
for dir in "$@"; do
    [ -d "$dir" ] || { echo "$0: no such folder: $dir" >&2; exit 2; }
done
found=$(find "$@" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.inl' \) -exec grep -HnE "$pattern" {} + |
        grep -v 'not-a-colour' || true)
count=$(printf '%s' "$found" | grep -c . || true)
if [ "$count" -gt 0 ]; then
    printf '%s\n' "$found"
    echo "found $count colour literal(s) outside the palette: give each a role in core/app/palette.cpp and draw it with ui::color()"
    exit 1
fi
echo "no colour literals outside the palette"
