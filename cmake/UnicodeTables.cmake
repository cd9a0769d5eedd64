# UnicodeTables.cmake: the code point property table of src/core/util/text.cpp, generated at build
# time by scripts/gen_unicode_tables.py from the Unicode Character Database that Debian's
# unicode-data package installs (scripts/setup.sh). Nothing generated is committed: a newer
# unicode-data gives newer tables on the next build.
set(CRM_UNICODE_DATA_DIR "/usr/share/unicode" CACHE PATH "Unicode Character Database (Debian's unicode-data)")
set(crm_unicode_inputs
  "${CRM_UNICODE_DATA_DIR}/auxiliary/GraphemeBreakProperty.txt"
  "${CRM_UNICODE_DATA_DIR}/emoji/emoji-data.txt"
  "${CRM_UNICODE_DATA_DIR}/DerivedCoreProperties.txt"
  "${CRM_UNICODE_DATA_DIR}/extracted/DerivedGeneralCategory.txt"
  "${CRM_UNICODE_DATA_DIR}/extracted/DerivedBidiClass.txt")
foreach(input IN LISTS crm_unicode_inputs)
  if(NOT EXISTS "${input}")
    message(FATAL_ERROR "${input} not found: install Debian's unicode-data (scripts/setup.sh) or set CRM_UNICODE_DATA_DIR")
  endif()
endforeach()
find_program(CRM_PYTHON3 python3 REQUIRED)

# crm_unicode_tables(<target>): generates unicode_tables.inc into the build tree and puts it on
# <target>'s private include path.
function(crm_unicode_tables target)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/generated")
  set(output "${dir}/unicode_tables.inc")
  set(script "${PROJECT_SOURCE_DIR}/scripts/gen_unicode_tables.py")
  add_custom_command(OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND "${CRM_PYTHON3}" "${script}" "${CRM_UNICODE_DATA_DIR}" "${output}"
    DEPENDS "${script}" ${crm_unicode_inputs}
    COMMENT "Generating the Unicode property tables"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
  target_include_directories(${target} PRIVATE "${dir}")
endfunction()
