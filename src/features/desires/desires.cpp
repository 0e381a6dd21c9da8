#include "features/desires/desires.hpp"

#include <algorithm>

#include "platform/base/files.hpp"

namespace rk::desires {
namespace json = boost::json;
using content::Reader;

const Item* Content::FindItem(std::string_view id) const {
  for (const Item& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

Status ParseDesires(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "categories", "items"});
  const auto langs = content::Languages(r, *o);
  std::set<std::string> seen_categories, seen_items;
  content::ForEach(r, *o, "categories", [&](const json::object& c, const std::string& path) {
    r.Unknown(c, path, {"id", "title", "sexual"});
    Category cat;
    cat.id = content::UniqueId(r, c, path, seen_categories);
    cat.title = r.Text(c, "title", path, true, langs);
    cat.sexual = content::Flag(r, c, "sexual", path);
    out.categories.push_back(std::move(cat));
  });
  content::ForEach(r, *o, "items", [&](const json::object& i, const std::string& path) {
    r.Unknown(i, path, {"id", "category", "sexual", "text"});
    Item item;
    item.id = content::UniqueId(r, i, path, seen_items);
    item.category = r.String(i, "category", path, true).value_or("");
    const auto cat = std::find_if(out.categories.begin(), out.categories.end(),
                                  [&](const Category& c) { return c.id == item.category; });
    if (!r.failed() && cat == out.categories.end()) r.Fail(path + ".category", "names no category");
    item.sexual = content::Flag(r, i, "sexual", path);
    if (!r.failed() && cat->sexual && !item.sexual)
      r.Fail(path + ".sexual", "must be true in a sexual category");
    item.text = r.Text(i, "text", path, true, langs);
    out.items.push_back(std::move(item));
  });
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

Result<Content> LoadContent(const std::string& dir) {
  const std::string path = dir + "/items.json";
  auto text = ReadFile(path);
  if (!text) return Error::Invalid(path + ": cannot be read");
  Content content;
  RK_TRY(ParseDesires(*text, path, content));
  return content;
}

std::optional<Desire> ParseDesire(std::string_view s) {
  if (s == "yes") return Desire::kYes;
  if (s == "maybe") return Desire::kMaybe;
  if (s == "no") return Desire::kNo;
  return std::nullopt;
}

std::string_view DesireName(Desire d) {
  switch (d) {
    case Desire::kYes: return "yes";
    case Desire::kMaybe: return "maybe";
    case Desire::kNo: return "no";
  }
  return "no";
}

bool Visible(const Item& item, bool opted_in) { return !item.sexual || opted_in; }

std::vector<std::string> Matches(const Content& content, const std::map<std::string, Desire>& mine,
                                 const std::map<std::string, Desire>& theirs, bool i_opted_in, bool they_opted_in) {
  std::vector<std::string> out;
  auto wants = [](const std::map<std::string, Desire>& m, const std::string& id) {
    auto it = m.find(id);
    return it != m.end() && it->second != Desire::kNo;
  };
  for (const Item& item : content.items) {
    if (item.sexual && !(i_opted_in && they_opted_in)) continue;
    if (wants(mine, item.id) && wants(theirs, item.id)) out.push_back(item.id);
  }
  return out;
}

}  // namespace rk::desires
