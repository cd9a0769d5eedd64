// download_emscripten.cpp: download_file() through a Blob, an object URL and a clicked <a download>.
// Browser glue only: no rules, no formatting of the bytes.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include "platform/download.hpp"

// clang-format off
EM_JS(void, js_download_file, (const char* name, const char* mime, const char* data, int size), {
  try {
    // The Blob copies the bytes as it is made: a view of the heap, not a copy of it first (a 10,000-row
    // CSV is ~2 MB).
    var blob = new Blob([HEAPU8.subarray(data, data + size)], { type: UTF8ToString(mime) });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = UTF8ToString(name);
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
  } catch (e) {
    console.error("download failed", e);
  }
});
// clang-format on

namespace crm::platform {

void download_file(const std::string& file_name, const std::string& mime, const std::string& bytes) {
    js_download_file(file_name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace crm::platform
