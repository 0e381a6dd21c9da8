#include "features/learn/learn.hpp"

#include <cmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  namespace fs = std::filesystem;
  Library lib;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return lib;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    RK_ASSIGN_OR_RETURN(Article a, RenderArticle(p.stem().string(), text.str()));
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
