// frame_memo.hpp: remembers the bytes of the last frame sent to GL (vertices, indices, commands,
// clear colour, framebuffer size) so an identical frame is not rasterised again. Pure (no GL, no
// ImGui, no browser): the caller feeds the bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace crm::platform {

class FrameMemo {
public:
    void begin();                              // start feeding this frame's bytes
    void add(const void* data, size_t bytes);  // appended in order; compared with the last frame's
    template <typename T>
    void add_value(const T& v) { add(&v, sizeof v); }
    bool end();                                // true: exactly the bytes of the last frame ended
    void forget();                             // the next frame differs whatever it holds (new GL context, fonts)

private:
    std::vector<unsigned char> bytes_;         // the last frame's bytes, overwritten as the new one differs
    size_t size_ = 0;                          // bytes of the last completed frame
    size_t pos_ = 0;                           // bytes fed in this frame
    bool same_ = false;                        // every byte fed so far matched
    bool valid_ = false;                       // bytes_ holds a complete frame
};

}  // namespace crm::platform
