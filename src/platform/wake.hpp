// wake.hpp: asks the browser main loop for frames. Anything that changes what the console shows
// from outside a frame (a completed request, a message from the shell) calls it; otherwise an
// idle console draws nothing. Implemented by imgui_impl_html5.cpp (browser only).
#pragma once

namespace crm::platform {

void request_frames(int frames = 3);   // draw at least this many frames from the next refresh

}  // namespace crm::platform
