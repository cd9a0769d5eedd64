// ui_font.hpp: the UI font's bytes, fetched by the shell (shell/shell.js) before main() runs. No virtual
// file system: the build links with -sFILESYSTEM=0. Implemented in ui_font_emscripten.cpp; no ImGui here.
#pragma once
#include <string>
#include <vector>

namespace crm::platform {

// The font file's bytes (moved out of the shell, which keeps no copy); empty when it could not be
// fetched, and then `error` says why (e.g. "HTTP 404" or the browser's network error).
std::vector<unsigned char> take_ui_font(std::string& error);

}  // namespace crm::platform
