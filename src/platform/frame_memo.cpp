// frame_memo.cpp: the last frame's bytes, compared and overwritten as a new frame is fed. Pure.
#include "platform/frame_memo.hpp"

#include <cstring>

namespace crm::platform {

namespace {

// Word-wise compare: the C library's memcmp goes byte by byte in WebAssembly.
bool equal_bytes(const unsigned char* a, const unsigned char* b, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x = 0, y = 0;
        std::memcpy(&x, a + i, 8);
        std::memcpy(&y, b + i, 8);
        if (x != y) return false;
    }
    for (; i < n; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

}  // namespace

void FrameMemo::begin() {
    pos_ = 0;
    same_ = valid_;
}

void FrameMemo::add(const void* data, size_t bytes) {
    if (bytes == 0) return;
    const auto* src = static_cast<const unsigned char*>(data);
    if (same_ && pos_ + bytes <= size_ && equal_bytes(bytes_.data() + pos_, src, bytes)) {
        pos_ += bytes;
        return;
    }
    same_ = false;
    if (bytes_.size() < pos_ + bytes) bytes_.resize((pos_ + bytes) * 3 / 2);
    std::memcpy(bytes_.data() + pos_, src, bytes);
    pos_ += bytes;
}

bool FrameMemo::end() {
    const bool same = same_ && pos_ == size_;
    size_ = pos_;
    valid_ = true;
    return same;
}

void FrameMemo::forget() { valid_ = false; }

}  // namespace crm::platform
