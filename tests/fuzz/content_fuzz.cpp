// Content files, as the server reads them at start-up: the input is given to every
// parser (an instrument, the daily questions, the desire items, the conversation
// guides, an article), each of which refuses the others' files early. An instrument
// that parses is then used like the server uses one: answers scored at both ends of its
// scale, bands and the kind of love read, differences compared. A clinic may write its
// own instrument files (docs/instruments.md), so none of this may crash on any input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/conversations/conversations.hpp"
#include "features/daily/daily.hpp"
#include "features/desires/desires.hpp"
#include "features/learn/learn.hpp"
#include "features/triangle/instrument.hpp"

namespace {

using namespace rk;

void UseInstrument(const triangle::Instrument& ins) {
  for (int answer : {ins.scale_min, ins.scale_max}) {
    std::map<std::string, long long> answers;
    for (const triangle::Item& item : ins.items) answers[item.id] = answer;
    auto scores = triangle::Score(ins, answers);
    if (!scores.ok()) __builtin_trap();  // every item answered on the scale must score
    for (const triangle::Subscale& s : ins.subscales) {
      const double score = (*scores)[s.id];
      (void)triangle::BandOf(s, score);
      (void)triangle::Compare(ins.ScoreMin(s), score, s);
    }
    if (ins.kind_rule) {
      const triangle::KindRule& rule = *ins.kind_rule;
      (void)triangle::ClassifyKind(rule, (*scores)[rule.intimacy], (*scores)[rule.passion], (*scores)[rule.commitment]);
    }
  }
  for (const std::string& lang : ins.languages) (void)triangle::Pick(ins.title, lang);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto ins = triangle::ParseInstrument(text, "fuzz.json"); ins.ok()) UseInstrument(*ins);
  {
    daily::Content c;
    if (daily::ParseQuestions(text, "questions.json", c).ok()) (void)daily::EligibleQuestions(c, true);
  }
  {
    desires::Content c;
    (void)desires::ParseDesires(text, "items.json", c);
  }
  {
    conversations::Content c;
    (void)conversations::ParseGuides(text, "guides.json", c);
  }
  (void)learn::RenderArticle("fuzz", text);
  return 0;
}
