# ThirdParty.cmake: header-only deps and Dear ImGui, all fetched by scripts/setup.sh.
# Under Emscripten, host headers are staged into the build tree: /usr/include must never be on a
# WASM include path (glibc headers would shadow the sysroot).
set(CRM_IMGUI_DIR "${CMAKE_CURRENT_SOURCE_DIR}/third_party/imgui-1.90.1" CACHE PATH "Dear ImGui 1.90.1 source")
set(CRM_HOST_INCLUDE "/usr/include" CACHE PATH "Where Debian installs nlohmann/json and doctest")

if(NOT EXISTS "${CRM_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui not found in ${CRM_IMGUI_DIR}: run scripts/setup.sh")
endif()

set(CRM_STAGED_INCLUDE "${CMAKE_BINARY_DIR}/staged_include")
file(MAKE_DIRECTORY "${CRM_STAGED_INCLUDE}")
if(NOT EXISTS "${CRM_STAGED_INCLUDE}/nlohmann/json.hpp")
  file(COPY "${CRM_HOST_INCLUDE}/nlohmann" DESTINATION "${CRM_STAGED_INCLUDE}")
endif()
if(NOT EXISTS "${CRM_STAGED_INCLUDE}/doctest/doctest.h")
  file(COPY "${CRM_HOST_INCLUDE}/doctest" DESTINATION "${CRM_STAGED_INCLUDE}")
endif()

add_library(crm_third_party_headers INTERFACE)
target_include_directories(crm_third_party_headers SYSTEM INTERFACE "${CRM_STAGED_INCLUDE}")
# nlohmann/json is used without exceptions: parse(text, nullptr, false) + typed checks.
target_compile_definitions(crm_third_party_headers INTERFACE JSON_NOEXCEPTION=1)

# Dear ImGui for the web build (third-party: no project warnings). Our own browser backend lives in
# src/platform/imgui_impl_html5.cpp; only the OpenGL3 renderer backend is taken from ImGui.
if(EMSCRIPTEN)
  add_library(imgui STATIC
    ${CRM_IMGUI_DIR}/imgui.cpp ${CRM_IMGUI_DIR}/imgui_draw.cpp ${CRM_IMGUI_DIR}/imgui_tables.cpp
    ${CRM_IMGUI_DIR}/imgui_widgets.cpp ${CRM_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(imgui SYSTEM PUBLIC ${CRM_IMGUI_DIR} ${CRM_IMGUI_DIR}/backends)
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_IMPL_OPENGL_ES3)
  target_compile_definitions(imgui PUBLIC IMGUI_USE_WCHAR32)  # typed emoji survive (16-bit ImWchar makes them U+FFFD)
  # Item hooks in every web build: the screen-reader mirror (and, in test builds, the bridge) reads them.
  target_compile_definitions(imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE)
  target_compile_options(imgui PRIVATE -fno-exceptions)
endif()
