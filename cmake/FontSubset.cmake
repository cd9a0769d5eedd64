# FontSubset.cmake: cuts the UI font down to the characters the console draws (pyftsubset from
# Debian's fonttools), so ui.ttf ships ~32 KB instead of ~760 KB. Build rule only: no flags.
# Dear ImGui rasterises only its glyph ranges (Basic Latin + Latin-1 by default); the subset keeps
# the glyph ranges main_web.cpp loads: Latin-1, Latin Extended-A (Polish, Czech, Hungarian, Baltic...),
# Romanian ș ț, punctuation, currency, № ™, six arrows, a few shapes, check marks (and ˆ ˜ for
# composition). Keep the two lists equal. Every other script is drawn by the browser in the user's
# own fonts (platform/browser_text.hpp, docs/decisions.md "Text in every script"), so Greek, Cyrillic,
# Latin Extended-B/Additional (Vietnamese) left the subset: ui.ttf 64.5 -> 32.2 KB raw, 34.5 -> 18.5 KB brotli.
# A plain variable, not a cache entry: a changed list must reach existing build trees.
set(CRM_FONT_SUBSET_UNICODES
  "U+0020-007E,U+00A0-017F,U+0218-021B,U+02C6-02DC,U+2000-206F,U+20A0-20CF,U+2116,U+2122,U+2190-2195,U+2212,U+25A0-25A1,U+25B2,U+25BC,U+25CB,U+25CF,U+2605-2606,U+2713-2717,U+FFFD")

# crm_subset_font(<target> <input.ttf> <output-variable>): adds a build rule producing the subset
# font in the build tree, makes <target> depend on (and relink after) it, and sets <output-variable>
# to its path.
function(crm_subset_font target input out_var)
  find_program(CRM_PYFTSUBSET pyftsubset REQUIRED)
  get_filename_component(name "${input}" NAME_WE)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/fonts/${name}-subset.ttf")
  add_custom_command(OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/fonts"
    COMMAND "${CRM_PYFTSUBSET}" "${input}" "--unicodes=${CRM_FONT_SUBSET_UNICODES}"
            --layout-features= --no-hinting --desubroutinize
            --drop-tables+=kern,GPOS,GSUB,GDEF,FFTM,gasp --no-glyph-names --output-file=${output}
    DEPENDS "${input}"
    COMMENT "Subsetting the UI font (pyftsubset)"
    VERBATIM)
  add_custom_target(${target}_${name}_font DEPENDS "${output}")
  add_dependencies(${target} ${target}_${name}_font)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${output}")
  set(${out_var} "${output}" PARENT_SCOPE)
endfunction()
