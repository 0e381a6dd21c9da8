#include "features/conversations/conversations.hpp"

#include <cstdlib>

#include "platform/base/files.hpp"

namespace rk::conversations {
namespace json = boost::json;
using content::Reader;

const Guide* Content::FindGuide(std::string_view id) const {
  for (const Guide& g : guides)
    if (g.id == id) return &g;
  return nullptr;
}

Status ParseGuides(std::string_view text, std::string_view name, Content& out) {
  std::string error;
  auto o = content::ParseObjectFile(text, name, error);
  if (!o) return Error::Invalid(error);
  Reader r(name);
  r.Unknown(*o, "", {"version", "languages", "guides"});
  const auto langs = content::Languages(r, *o);
  std::set<std::string> seen;
  content::ForEach(r, *o, "guides", [&](const json::object& g, const std::string& path) {
    r.Unknown(g, path, {"id", "title", "description", "steps"});
    Guide guide;
    guide.id = content::UniqueId(r, g, path, seen);
    guide.title = r.Text(g, "title", path, true, langs);
    guide.description = r.Text(g, "description", path, true, langs);
    const json::array* steps = r.Array(g, "steps", path, true);
    if (steps && steps->empty()) r.Fail(path + ".steps", "must not be empty");
    for (std::size_t i = 0; steps && i < steps->size() && !r.failed(); ++i) {
      const std::string spath = Reader::Index(path + ".steps", i);
      if (!(*steps)[i].is_object()) {
        r.Fail(spath, "must be an object");
        break;
      }
      const json::object& so = (*steps)[i].as_object();
      r.Unknown(so, spath, {"speaker", "minutes", "prompt", "listener"});
      Step step;
      step.speaker = r.String(so, "speaker", spath, true).value_or("");
      if (!r.failed() && step.speaker != "starter" && step.speaker != "partner" && step.speaker != "both")
        r.Fail(spath + ".speaker", "must be starter, partner or both");
      step.minutes = static_cast<int>(r.Integer(so, "minutes", spath, true).value_or(1));
      if (!r.failed() && (step.minutes < 1 || step.minutes > 120)) r.Fail(spath + ".minutes", "must be 1 to 120");
      step.prompt = r.Text(so, "prompt", spath, true, langs);
      step.listener = r.Text(so, "listener", spath, true, langs);
      guide.steps.push_back(std::move(step));
    }
    out.guides.push_back(std::move(guide));
  });
  if (r.failed()) return Error::Invalid(r.error());
  return {};
}

Result<Content> LoadContent(const std::string& dir) {
  const std::string path = dir + "/guides.json";
  auto text = ReadFile(path);
  if (!text) return Error::Invalid(path + ": cannot be read");
  Content content;
  RK_TRY(ParseGuides(*text, path, content));
  return content;
}

std::string SpeakerAt(const Guide& guide, int step) {
  if (step < 0 || step >= static_cast<int>(guide.steps.size())) return "";
  return guide.steps[static_cast<std::size_t>(step)].speaker;
}

std::string TurnAt(const Guide& guide, int step, bool viewer_started) {
  const std::string speaker = SpeakerAt(guide, step);
  if (speaker.empty() || speaker == "both") return speaker;
  return (speaker == "starter") == viewer_started ? "me" : "partner";
}

Status CheckMove(const Guide& guide, std::int64_t from, std::int64_t to) {
  if (std::llabs(to - from) != 1) return Error::Invalid("Move one step forward or back.", {{"to", "invalid", "Move one step forward or back."}});
  if (to < 0 || to >= static_cast<std::int64_t>(guide.steps.size()))
    return Error::Invalid("There is no such step.", {{"to", "range", "That step does not exist."}});
  return {};
}

}  // namespace rk::conversations
