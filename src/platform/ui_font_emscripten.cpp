// ui_font_emscripten.cpp: hands the UI font the shell fetched (consoleShell.uiFont) to the app.
// Only copies bytes out of JavaScript; it does not parse the font or talk to ImGui.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cstdlib>

#include "platform/ui_font.hpp"

// clang-format off
EM_JS(int, js_ui_font_size, (), {
  var f = typeof consoleShell !== 'undefined' ? consoleShell.uiFont : null;
  return f && f.bytes ? f.bytes.length : 0;
});
EM_JS(void, js_ui_font_take, (unsigned char* out), {
  var f = consoleShell.uiFont;
  HEAPU8.set(f.bytes, out);
  f.bytes = null;   // the app keeps the only copy
});
EM_JS(char*, js_ui_font_error, (), {
  var f = typeof consoleShell !== 'undefined' ? consoleShell.uiFont : null;
  var s = (f && f.error) || "not fetched";
  var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p;
});
// clang-format on

namespace crm::platform {

std::vector<unsigned char> take_ui_font(std::string& error) {
    std::vector<unsigned char> bytes;
    const int n = js_ui_font_size();
    if (n <= 0) {
        char* e = js_ui_font_error();
        error = e;
        std::free(e);
        return bytes;
    }
    bytes.resize(static_cast<size_t>(n));
    js_ui_font_take(bytes.data());
    return bytes;
}

}  // namespace crm::platform
