#include "features/learn/learn.hpp"

#include <cmark.h>

#include <cstdlib>

#include "platform/base/files.hpp"

namespace rk::learn {

Result<Article> RenderArticle(std::string_view slug, std::string_view markdown) {
  const std::size_t eol = markdown.find('\n');
  std::string_view first = markdown.substr(0, eol);
  if (!first.starts_with("# ") || first.size() < 3)
    return Error::Invalid(std::string(slug) + ".md: the first line must be a \"# \" title");
  Article a;
  a.slug = std::string(slug);
  a.title = std::string(first.substr(2));
  const std::string_view body = eol == std::string_view::npos ? std::string_view() : markdown.substr(eol + 1);
  char* html = cmark_markdown_to_html(body.data(), body.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
  a.html = html;
  std::free(html);
  return a;
}

Result<Library> Library::LoadDirectory(const std::string& dir) {
  Library lib;
  for (const auto& p : FilesWithExtension(dir, ".md")) {
    auto text = ReadFile(p);
    if (!text) return Error::Invalid(p.string() + ": cannot be read");
    RK_ASSIGN_OR_RETURN(Article a, RenderArticle(p.stem().string(), *text));
    lib.articles_.push_back(std::move(a));
  }
  return lib;
}

const Article* Library::Find(std::string_view slug) const {
  for (const Article& a : articles_)
    if (a.slug == slug) return &a;
  return nullptr;
}

}  // namespace rk::learn
