// frame_memo_test.cpp: an identical frame is recognised; any changed, added or missing byte is not.
#include <doctest/doctest.h>

#include <vector>

#include "platform/frame_memo.hpp"

using crm::platform::FrameMemo;

namespace {
bool feed(FrameMemo& m, const std::vector<std::vector<int>>& parts) {
    m.begin();
    for (const auto& p : parts) m.add(p.data(), p.size() * sizeof(int));
    return m.end();
}
}  // namespace

TEST_CASE("the first frame is never the same; the same bytes again are") {
    FrameMemo m;
    const std::vector<std::vector<int>> frame = {{1, 2, 3, 4, 5}, {6, 7}, std::vector<int>(1000, 9)};
    CHECK_FALSE(feed(m, frame));
    CHECK(feed(m, frame));
    CHECK(feed(m, frame));
}

TEST_CASE("a changed, added or missing byte makes a different frame, which is then remembered") {
    FrameMemo m;
    std::vector<std::vector<int>> frame = {{1, 2, 3}, std::vector<int>(500, 4)};
    feed(m, frame);
    frame[1][499] = 5;   // the last word
    CHECK_FALSE(feed(m, frame));
    CHECK(feed(m, frame));
    frame[0][0] = 0;     // the first word
    CHECK_FALSE(feed(m, frame));
    frame.push_back({7});
    CHECK_FALSE(feed(m, frame));
    CHECK(feed(m, frame));
    frame.pop_back();
    CHECK_FALSE(feed(m, frame));   // a prefix of the last frame is not the last frame
    CHECK(feed(m, frame));
    frame[1].resize(20000, 1);     // grows past the kept bytes
    CHECK_FALSE(feed(m, frame));
    CHECK(feed(m, frame));
}

TEST_CASE("the same bytes split differently are the same frame; forget() forces a difference") {
    FrameMemo m;
    CHECK_FALSE(feed(m, {{1, 2, 3, 4}}));
    CHECK(feed(m, {{1, 2}, {3, 4}}));
    m.forget();
    CHECK_FALSE(feed(m, {{1, 2, 3, 4}}));
    CHECK(feed(m, {{1, 2, 3, 4}}));
}
