#include "features/learn/learn.hpp"

#include <gtest/gtest.h>

namespace rk::learn {
namespace {

TEST(Articles, TitleFromTheFirstHeadingAndBodyAsHtml) {
  auto a = RenderArticle("intro", "# Hello there\n\nSome *warm* words.\n\n- one\n- two\n");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->slug, "intro");
  EXPECT_EQ(a->title, "Hello there");
  EXPECT_NE(a->html.find("<em>warm</em>"), std::string::npos);
  EXPECT_NE(a->html.find("<li>one</li>"), std::string::npos);
  EXPECT_EQ(a->html.find("Hello there"), std::string::npos);
}

TEST(Articles, RawHtmlAndScriptLinksAreDropped) {
  auto a = RenderArticle("x", "# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->html.find("<script"), std::string::npos);
  EXPECT_EQ(a->html.find("onerror"), std::string::npos);
  EXPECT_EQ(a->html.find("javascript:"), std::string::npos);
}

TEST(Articles, NeedATitle) {
  EXPECT_FALSE(RenderArticle("x", "No heading here\n").ok());
  EXPECT_FALSE(RenderArticle("x", "").ok());
}

TEST(Articles, TheShippedArticlesRender) {
  auto lib = Library::LoadDirectory(std::string(REKINDLE_SOURCE_DIR) + "/content/articles");
  ASSERT_TRUE(lib.ok()) << lib.error().message;
  ASSERT_NE(lib->Find("what-your-triangle-means"), nullptr);
  EXPECT_EQ(lib->Find("what-your-triangle-means")->title, "What your triangle means");
}

}  // namespace
}  // namespace rk::learn
