#pragma once
// Guided conversations: the guides and the pure rules — whose turn it is at a step, and
// which moves between steps are allowed. No I/O.

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/content/reader.hpp"

namespace rk::conversations {

using content::Texts;

struct Step {
  std::string speaker;  // "starter", "partner" or "both"
  int minutes = 1;
  Texts prompt;
  Texts listener;  // what the listener does
};

struct Guide {
  std::string id;
  Texts title;
  Texts description;
  std::vector<Step> steps;
};

struct Content {
  std::vector<Guide> guides;
  const Guide* FindGuide(std::string_view id) const;
};

// Parses and validates the guides file; errors name the file and the field.
Status ParseGuides(std::string_view json, std::string_view name, Content& out);
// Loads `dir`/guides.json.
Result<Content> LoadContent(const std::string& dir);

// Who speaks at `step` of `guide`: "starter", "partner" or "both"; "" past the end.
std::string SpeakerAt(const Guide& guide, int step);

// Whose turn `step` is for a viewer: "me", "partner" or "both" ("" past the end).
// `viewer_started`: the viewer started the conversation.
std::string TurnAt(const Guide& guide, int step, bool viewer_started);

// A move from step `from` to `to`: one step forward or back, to a step that exists.
// kInvalidArgument with a field error on "to" otherwise.
Status CheckMove(const Guide& guide, std::int64_t from, std::int64_t to);

}  // namespace rk::conversations
