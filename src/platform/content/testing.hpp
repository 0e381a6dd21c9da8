#pragma once
// Test helpers for features' content files (used by *_test.cpp only): the shipped
// content loaded once, and a table of broken files whose errors must name the file and
// the field.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::content::testing {

// `load(dir)` of the shipped `dir` (relative to the source tree), once per Content type;
// a failure to load fails the test that asked first.
template <class Content, class Load>
const Content& Shipped(Load load, const std::string& dir) {
  static const Content c = [&] {
    auto loaded = load(std::string(REKINDLE_SOURCE_DIR) + "/" + dir);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
    return loaded.ok() ? std::move(loaded).value() : Content{};
  }();
  return c;
}

template <class Content>
struct BrokenFile {
  Status (*parse)(std::string_view, std::string_view, Content&);
  const char* json;
  const char* mentions;  // what the error must say
};

// Parses each case as "q.json" and expects an error that mentions what it should.
template <class Content>
void ExpectErrorsNameFileAndField(const std::vector<BrokenFile<Content>>& cases) {
  for (const BrokenFile<Content>& c : cases) {
    Content content;
    Status s = c.parse(c.json, "q.json", content);
    ASSERT_FALSE(s.ok()) << c.mentions;
    EXPECT_NE(s.error().message.find(c.mentions), std::string::npos) << s.error().message;
  }
}

}  // namespace rk::content::testing
