// download.hpp: saves bytes as a file the user downloads (a Blob and an <a download> click in the
// browser). Platform layer only; core produces the bytes (DownloadFile effect).
#pragma once
#include <string>

namespace crm::platform {

void download_file(const std::string& file_name, const std::string& mime, const std::string& bytes);   // binary-safe

}  // namespace crm::platform
