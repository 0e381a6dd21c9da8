#pragma once
// The desire map: its items and the pure rules — what a person may see and answer, and
// the matches, which show only what both want. No I/O.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/content/reader.hpp"

namespace rk::desires {

using content::Texts;

struct Category {
  std::string id;
  Texts title;
  bool sexual = false;
};

struct Item {
  std::string id;
  std::string category;
  bool sexual = false;
  Texts text;
};

struct Content {
  std::vector<Category> categories;
  std::vector<Item> items;  // in display order

  const Item* FindItem(std::string_view id) const;
};

// Parses and validates the items file; errors name the file and the field.
Status ParseDesires(std::string_view json, std::string_view name, Content& out);
// Loads `dir`/items.json.
Result<Content> LoadContent(const std::string& dir);

enum class Desire { kYes, kMaybe, kNo };
std::optional<Desire> ParseDesire(std::string_view s);
std::string_view DesireName(Desire d);

// Whether a person may see (and answer) an item: sexual items only with their opt-in.
bool Visible(const Item& item, bool opted_in);

// The items both partners marked yes or maybe, in display order. Sexual items only
// when both opted in now. Says nothing about levels, "no"s or unanswered items.
std::vector<std::string> Matches(const Content& content, const std::map<std::string, Desire>& mine,
                                 const std::map<std::string, Desire>& theirs, bool i_opted_in, bool they_opted_in);

}  // namespace rk::desires
