# FontSubset.cmake: cuts the UI font down to the characters the console draws (pyftsubset from
# Debian's fonttools), so ui.ttf ships ~63 KB instead of ~760 KB. Build rule only: no flags.
# Dear ImGui rasterises only its glyph ranges (Basic Latin + Latin-1 by default); the subset keeps
# the glyph ranges main_web.cpp loads (Latin-1, Extended-A, the Pinyin and Romanian letters of
# Extended-B, Latin Extended Additional (Vietnamese), Greek, Cyrillic (Russian, Ukrainian, Belarusian,
# Serbian, Macedonian, Kazakh...), punctuation, currency, № ™, six arrows, a few shapes,
# check marks), so typed non-Latin text still draws in the release build. Keep the two lists equal;
# extend both when a view needs other characters. Rarely used blocks (the rest of Extended-B,
# Cyrillic Supplement, most geometric shapes) were left out: ~15 KB brotli of first-visit transfer.
# Of the letterlike symbols only № and ™ are kept (the whole block cost 7.0 KB brotli), of the arrows
# only ← ↑ → ↓ ↔ ↕ (4.9 KB for the block), of U+2600-2606 only ★ ☆: 13.4 KB less, no language lost.
# A plain variable, not a cache entry: a changed list must reach existing build trees.
set(CRM_FONT_SUBSET_UNICODES
  "U+0020-007E,U+00A0-017F,U+01CD-01DC,U+0218-021B,U+02C6-02DC,U+0370-03FF,U+0400-045F,U+0490-04FF,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2116,U+2122,U+2190-2195,U+2212,U+25A0-25A1,U+25B2,U+25BC,U+25CB,U+25CF,U+2605-2606,U+2713-2717,U+FFFD")

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
