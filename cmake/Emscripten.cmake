# Emscripten.cmake: the one helper that owns every Emscripten compile and link flag.
# Notes (../docs/decisions.md): no ASYNCIFY, no pthreads, no synchronous fetch; link to .js + .wasm
# (emcc's HTML output crashes at -O1+ on Debian's 3.1.6) and ship our own shell/index.html.

set(CRM_EM_NODE_PATH "/usr/share/nodejs" CACHE PATH "NODE_PATH for emcc's JS optimizer (acorn)")
option(CRM_WEB_RELEASE "Size-optimised release build (presets release, release-test)" OFF)
if(TARGET imgui)
  if(CRM_WEB_RELEASE)
    target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS)  # no Metrics/Debug Log windows
  endif()
  # The web builds compile a generated copy of imgui_draw.cpp (Dear ImGui 1.90.1 has no switch for
  # either edit; the configure step fails if an anchor moved):
  # - text hooks: ImFont::CalcTextSizeA and ImFont::RenderText first ask the console's browser-text
  #   layer (src/platform/browser_text_emscripten.cpp), which measures and draws a string the atlas
  #   cannot draw (other scripts, emoji, combining marks, bidi) through the browser's own text engine;
  # - release only: no embedded ProggyClean font (12 KB of base85 text, ~10 KB brotli): the console
  #   always loads its own font, and AddFontDefault() returns NULL instead (main_web.cpp shows a fatal
  #   message if the UI font cannot be read).
  set(gen_draw "${CMAKE_BINARY_DIR}/imgui_gen/imgui_draw.cpp")
  file(READ "${CRM_IMGUI_DIR}/imgui_draw.cpp" draw_src)
  macro(crm_imgui_edit from to)
    string(FIND "${draw_src}" "${from}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "Emscripten.cmake: '${from}' not found in imgui_draw.cpp (another ImGui version?)")
    endif()
    string(REPLACE "${from}" "${to}" draw_src "${draw_src}")
  endmacro()
  crm_imgui_edit("#include \"imgui_internal.h\"\n"
                 "#include \"imgui_internal.h\"\n// crm: text hooks, set by src/platform/browser_text_emscripten.cpp (NULL: ImGui alone).\nbool (*crm_imgui_text_size_hook)(const ImFont*, float, float, float, const char*, const char*, const char**, ImVec2*) = NULL;\nbool (*crm_imgui_text_render_hook)(const ImFont*, ImDrawList*, float, const ImVec2&, ImU32, const ImVec4&, const char*, const char*, float, bool) = NULL;\n")
  crm_imgui_edit("text_end = text_begin + strlen(text_begin); // FIXME-OPT: Need to avoid this.\n"
                 "text_end = text_begin + strlen(text_begin); // FIXME-OPT: Need to avoid this.\n    { ImVec2 crm_size; if (crm_imgui_text_size_hook && crm_imgui_text_size_hook(this, size, max_width, wrap_width, text_begin, text_end, remaining, &crm_size)) return crm_size; }\n")
  crm_imgui_edit("so this is merely to handle direct calls.\n"
                 "so this is merely to handle direct calls.\n    if (crm_imgui_text_render_hook && crm_imgui_text_render_hook(this, draw_list, size, pos, col, clip_rect, text_begin, text_end, wrap_width, cpu_fine_clip)) return;\n")
  if(CRM_WEB_RELEASE)
    crm_imgui_edit("const char* ttf_compressed_base85 = GetDefaultCompressedFontDataTTFBase85()"
                   "return NULL; // crm: no default font\n    const char* ttf_compressed_base85 = GetDefaultCompressedFontDataTTFBase85()")
    crm_imgui_edit("return proggy_clean_ttf_compressed_data_base85"
                   "return NULL /* crm: no default font */")
    # (the array itself, now unreferenced and internal, is not emitted)
  endif()
  file(WRITE "${gen_draw}.new" "${draw_src}")
  file(COPY_FILE "${gen_draw}.new" "${gen_draw}" ONLY_IF_DIFFERENT)
  set_source_files_properties("${CRM_IMGUI_DIR}/imgui_draw.cpp" TARGET_DIRECTORY imgui PROPERTIES HEADER_FILE_ONLY ON)
  target_sources(imgui PRIVATE "${gen_draw}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CRM_IMGUI_DIR}/imgui_draw.cpp")
endif()

# Flags every translation unit of the web build gets.
function(crm_emscripten_compile_flags target)
  target_compile_options(${target} PRIVATE -fno-exceptions)
endfunction()

# crm_emscripten_app(<target> SITE_DIR <dir>): links <target> as <dir>/app.js + app.wasm.
function(crm_emscripten_app target)
  cmake_parse_arguments(ARG "" "SITE_DIR" "" ${ARGN})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "app" SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${ARG_SITE_DIR}"
    CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;NODE_PATH=${CRM_EM_NODE_PATH}")
  target_link_options(${target} PRIVATE
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1
    -sFETCH=1 -sFETCH_SUPPORT_INDEXEDDB=0
    -sENVIRONMENT=web
    -sEXPORTED_RUNTIME_METHODS=ccall,UTF8ToString,addRunDependency,removeRunDependency
    -sFILESYSTEM=0   # the UI font comes through the shell (platform/ui_font.hpp), not a preloaded file
    -sDISABLE_EXCEPTION_CATCHING=1
    -fno-exceptions)
  if(CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_link_options(${target} PRIVATE -sASSERTIONS=1)
  else()
    target_link_options(${target} PRIVATE -sASSERTIONS=0)
  endif()
  if(CRM_TEST_BRIDGE)
    # preserveDrawingBuffer so tests can read canvas pixels.
    target_link_options(${target} PRIVATE -sGL_TESTING=1)
  endif()
  if(CRM_WEB_RELEASE)
    # Size-optimised release (presets release / release-test; -Oz comes from CMAKE_CXX_FLAGS_RELEASE,
    # and emcc runs binaryen's wasm-opt at that level). Smaller allocator, lean JS runtime.
    target_link_options(${target} PRIVATE
      -sMALLOC=emmalloc
      -sTEXTDECODER=2
      -sSUPPORT_ERRNO=0
      -sHTML5_SUPPORT_DEFERRING_USER_SENSITIVE_REQUESTS=0)
    # emcc only strips whitespace from the JS glue at -Oz; terser (Debian's package) compresses and
    # mangles local names as well (~4 KB brotli). Top-level names stay: the shell calls Module.
    find_program(CRM_TERSER terser REQUIRED)
    set(js "${ARG_SITE_DIR}/app.js")
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=${CRM_EM_NODE_PATH} "${CRM_TERSER}" "${js}" -c -m -o "${js}.min"
      COMMAND ${CMAKE_COMMAND} -E rename "${js}.min" "${js}"
      COMMENT "Minifying app.js (terser)"
      VERBATIM)
    # emcc runs wasm-opt -Oz once; running it again until nothing shrinks (--converge) takes another
    # ~2.5 KB brotli off app.wasm. Imports and exports stay as they are, so app.js still fits.
    find_program(CRM_WASM_OPT wasm-opt REQUIRED)
    set(wasm "${ARG_SITE_DIR}/app.wasm")
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${CRM_WASM_OPT}" "${wasm}" -Oz --converge --enable-mutable-globals --enable-sign-ext -o "${wasm}.opt"
      COMMAND ${CMAKE_COMMAND} -E rename "${wasm}.opt" "${wasm}"
      COMMENT "Shrinking app.wasm further (wasm-opt -Oz --converge)"
      VERBATIM)
  endif()
endfunction()
