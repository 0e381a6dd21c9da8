#pragma once
// Learn: short articles in rekindle's own words, Markdown files in content/articles/,
// rendered to HTML once at start-up. cmark's default (safe) mode drops raw HTML and
// unsafe links, so an article can never carry script into the page.

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::learn {

struct Article {
  std::string slug;   // the file name without .md
  std::string title;  // the first "# " heading
  std::string html;   // the body after that heading
};

// Renders one article. Fails when there is no "# " title on the first line.
Result<Article> RenderArticle(std::string_view slug, std::string_view markdown);

class Library {
 public:
  // Loads every *.md file in `dir` (a missing folder gives an empty library).
  static Result<Library> LoadDirectory(const std::string& dir);
  const Article* Find(std::string_view slug) const;
  const std::vector<Article>& all() const { return articles_; }

 private:
  std::vector<Article> articles_;
};

}  // namespace rk::learn
