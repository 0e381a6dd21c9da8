#include "features/triangle/routes.hpp"

#include <algorithm>

#include "features/accounts/people.hpp"
#include "features/triangle/answers.hpp"
#include "features/triangle/repo.hpp"
#include "features/triangle/sharing.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/json.hpp"
#include "platform/http/messages.hpp"

namespace rk::triangle {
namespace {

using http::Json;
using http::Problem;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr int kHistoryLimit = 100, kHistoryMax = 500;

Result<std::string> LanguageFor(const Request& req) {
  if (auto q = req.QueryParam("language"); q && !q->empty() && q->size() <= 35) return *q;
  RK_ASSIGN_OR_RETURN(auto me, accounts::FindPerson(req.db(), req.user_id()));
  return me ? me->language : std::string("en");
}

json::object InstrumentSummary(const Instrument& ins, std::string_view lang) {
  json::array perspectives{"real"};
  if (ins.has_ideal) perspectives.push_back("ideal");
  return {{"id", ins.id},
          {"version", ins.version},
          {"title", Pick(ins.title, lang)},
          {"description", Pick(ins.description, lang)},
          {"item_count", ins.items.size()},
          {"perspectives", std::move(perspectives)},
          {"languages", json::value_from(ins.languages)},
          {"has_kind_of_love", ins.kind_rule.has_value()},
          {"purpose", PurposeName(ins.purpose)}};
}

json::object InstrumentJson(const Instrument& ins, std::string_view lang) {
  json::object o = InstrumentSummary(ins, lang);
  json::object anchors;
  for (const auto& [point, texts] : ins.anchors) anchors[std::to_string(point)] = Pick(texts, lang);
  o["scale"] = json::object{{"min", ins.scale_min}, {"max", ins.scale_max}, {"anchors", std::move(anchors)}};
  o["scoring"] = ins.scoring == Scoring::kMean ? "mean" : "sum";
  json::array subscales;
  for (const Subscale& s : ins.subscales) {
    json::array bands;
    for (const Band& b : s.bands) bands.push_back(json::object{{"from", b.from}, {"label", Pick(b.label, lang)}});
    subscales.push_back(json::object{{"id", s.id},
                                     {"title", Pick(s.title, lang)},
                                     {"reliability", s.reliability},
                                     {"reference_sd", s.reference_sd},
                                     {"change_criterion", Round2(ReliableChangeCriterion(s.reference_sd, s.reliability))},
                                     {"cutoff", s.cutoff ? json::value(*s.cutoff) : json::value(nullptr)},
                                     {"bands", std::move(bands)}});
  }
  o["subscales"] = std::move(subscales);
  json::array items;
  for (const Item& i : ins.items) {
    json::object item{{"id", i.id}, {"subscale", i.subscale}, {"text", Pick(i.text, lang)}};
    if (!i.ideal_text.empty()) item["ideal_text"] = Pick(i.ideal_text, lang);
    items.push_back(std::move(item));
  }
  o["items"] = std::move(items);
  if (ins.kind_rule) {
    json::object descriptions, titles;
    for (const auto& [kind, texts] : ins.kind_rule->descriptions) {
      descriptions[kind] = Pick(texts, lang);
      if (auto k = KindFromName(kind)) titles[kind] = KindTitle(*k, LangOf(lang));
    }
    o["kind_of_love"] = json::object{{"present_at", ins.kind_rule->present_at},
                                     {"strong_at", ins.kind_rule->strong_at},
                                     {"near", ins.kind_rule->near},
                                     {"titles", std::move(titles)},
                                     {"descriptions", std::move(descriptions)}};
  } else {
    o["kind_of_love"] = nullptr;
  }
  o["source"] = ins.source;
  o["provisional"] = ins.provisional;
  return o;
}

json::object ScoresJson(const Scores& s) {
  json::object o;
  for (const auto& [k, v] : s) o[k] = v;
  return o;
}

// Per-subscale differences second - first, each flagged when beyond measurement noise
// and put in words (DifferenceText).
json::object DifferencesJson(const Instrument& ins, const Scores& first, const Scores& second, Between between,
                             std::string_view lang, std::string_view partner = "") {
  json::object o;
  for (const Subscale& s : ins.subscales) {
    auto a = first.find(s.id), b = second.find(s.id);
    if (a == first.end() || b == second.end()) continue;
    const Difference d = Compare(a->second, b->second, s);
    o[s.id] = json::object{{"delta", d.delta},
                           {"criterion", d.criterion},
                           {"reliable", d.reliable},
                           {"size", SizeName(d.size)},
                           {"text", DifferenceText(d, between, partner, LangOf(lang))}};
  }
  return o;
}

// The kind of love for `scores`, with what people read about it; nothing when the
// instrument names no kind or a component is missing (a result stored under an older
// file). `full`: also the description and the borderline note (for the owner).
void AddKind(json::object& o, const Instrument& ins, const Scores& scores, bool full, std::string_view lang) {
  if (!ins.kind_rule) return;
  const KindRule& rule = *ins.kind_rule;
  auto i = scores.find(rule.intimacy), p = scores.find(rule.passion), c = scores.find(rule.commitment);
  if (i == scores.end() || p == scores.end() || c == scores.end()) return;
  const KindResult k = ClassifyKind(rule, i->second, p->second, c->second);
  const std::string name(KindName(k.kind));
  o["kind_of_love"] = name;
  json::object text{{"title", KindTitle(k.kind, LangOf(lang))}, {"summary", KindSummary(rule, k, LangOf(lang))}};
  if (full) {
    if (!k.also_near.empty()) {
      json::array near;
      for (Kind n : k.also_near) near.push_back(json::string(KindName(n)));
      o["also_near"] = std::move(near);
    }
    auto d = rule.descriptions.find(name);
    text["description"] = d == rule.descriptions.end() ? std::string() : Pick(d->second, lang);
    if (std::string note = KindNearNote(rule, k, LangOf(lang)); !note.empty()) text["near"] = std::move(note);
  }
  o["kind_text"] = std::move(text);
}

// A result as shown to its owner. `previous`: the owner's assessment before it, if any.
json::object ResultJson(const Instrument* ins, const repo::Assessment& a, const std::optional<repo::Assessment>& previous,
                        std::string_view lang) {
  json::object o{{"id", a.id},
                 {"form", a.instrument},
                 {"perspective", a.perspective},
                 {"scores", ScoresJson(a.scores)},
                 {"share_with_partner", a.shared},
                 {"taken_at", FormatRfc3339(a.taken_at)}};
  if (!ins) return o;  // the instrument file was removed: numbers only
  AddKind(o, *ins, a.scores, true, lang);
  // Bands are read on the score as shown, like the kind of love.
  json::object levels;
  for (const Subscale& s : ins->subscales)
    if (auto it = a.scores.find(s.id); it != a.scores.end())
      if (const Band* b = BandOf(s, Round1(it->second))) levels[s.id] = Pick(b->label, lang);
  if (!levels.empty()) o["levels"] = std::move(levels);
  if (previous) {
    o["change"] = json::object{{"previous_id", previous->id},
                               {"previous_taken_at", FormatRfc3339(previous->taken_at)},
                               {"by_subscale", DifferencesJson(*ins, previous->scores, a.scores, Between::kChange, lang)}};
  }
  return o;
}


// Reads form and perspective and checks them against the catalog.
const Instrument* ReadForm(Context& ctx, http::Fields& f, std::string& perspective) {
  auto form = f.String("form", true, 1, 64);
  auto p = f.String("perspective", true, 1, 16);
  const Instrument* ins = form ? ctx.catalog.Find(*form) : nullptr;
  if (ins && ins->purpose != Purpose::kTriangle) ins = nullptr;  // answered through its own feature
  if (form && !ins) f.Add("form", "unknown", "There is no instrument \"" + *form + "\".");
  if (p && *p != "real" && *p != "ideal") f.Add("perspective", "invalid", "Choose real or ideal.");
  if (ins && p && *p == "ideal" && !ins->has_ideal) f.Add("perspective", "invalid", "This instrument has no ideal form.");
  if (p) perspective = *p;
  return ins;
}

Result<Response> CreateAssessment(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"form", "perspective", "answers", "share_with_partner"}));
  http::Fields f(body);
  repo::Assessment a;
  const Instrument* ins = ReadForm(ctx, f, a.perspective);
  a.answers = ReadAnswers(body, f, true);
  a.shared = f.Bool("share_with_partner", false).value_or(false);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(a.scores, Score(*ins, a.answers));
  a.id = crypto::NewId(req.now);
  a.user_id = req.user_id();
  a.instrument = ins->id;
  a.instrument_version = ins->version;
  a.taken_at = req.now;
  if (ins->kind_rule) {
    const KindRule& rule = *ins->kind_rule;
    a.kind = KindName(ClassifyKind(rule, a.scores[rule.intimacy], a.scores[rule.passion], a.scores[rule.commitment]).kind);
  }
  db::Connection& c = req.db();
  RK_ASSIGN_OR_RETURN(auto previous, repo::Latest(c, ctx.sealer, a.user_id, a.instrument, a.perspective, a.taken_at + 1));
  RK_TRY(repo::Insert(c, ctx.sealer, a));
  RK_ASSIGN_OR_RETURN(auto draft, repo::GetDraft(c, ctx.sealer, a.user_id));
  if (draft && draft->instrument == a.instrument && draft->perspective == a.perspective)
    RK_TRY(repo::DeleteDraft(c, a.user_id));
  return Json(201, ResultJson(ins, a, previous, http::LanguageOf(req)));
}

Result<Response> ListAssessments(Context& ctx, Request& req) {
  const std::string form = req.QueryParam("form").value_or("");
  const std::string perspective = req.QueryParam("perspective").value_or("");
  RK_ASSIGN_OR_RETURN(const int limit, http::IntQuery(req, "limit", kHistoryLimit, 1, kHistoryMax));
  if (!perspective.empty() && perspective != "real" && perspective != "ideal")
    return Error::Invalid("perspective must be real or ideal.", {{"perspective", "invalid", "Choose real or ideal."}});
  // One more than asked, so each shown result can report its change since the one before.
  RK_ASSIGN_OR_RETURN(auto rows, repo::List(req.db(), ctx.sealer, req.user_id(), form, perspective, limit + 1));
  const std::string lang = http::LanguageOf(req);
  json::array out;
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
    const repo::Assessment& a = rows[i];
    std::optional<repo::Assessment> previous;
    for (std::size_t j = i + 1; j < rows.size(); ++j)
      if (rows[j].instrument == a.instrument && rows[j].perspective == a.perspective) {
        previous = rows[j];
        break;
      }
    out.push_back(ResultJson(ctx.catalog.Find(a.instrument), a, previous, lang));
  }
  return Json(200, json::object{{"assessments", std::move(out)}});
}

// The one authorisation function for assessments: a person's own, or 404.
Result<repo::Assessment> LoadOwn(Context& ctx, const Request& req) {
  RK_ASSIGN_OR_RETURN(auto a, repo::Find(req.db(), ctx.sealer, req.user_id(), std::string(req.Param("id"))));
  if (!a) return Error::NotFound("There is no such result.");
  return std::move(*a);
}

Result<Response> OwnResult(Context& ctx, const Request& req) {
  RK_ASSIGN_OR_RETURN(repo::Assessment a, LoadOwn(ctx, req));
  RK_ASSIGN_OR_RETURN(auto previous, repo::Latest(req.db(), ctx.sealer, a.user_id, a.instrument, a.perspective, a.taken_at));
  return Json(200, ResultJson(ctx.catalog.Find(a.instrument), a, previous, http::LanguageOf(req)));
}

Result<Response> GetAssessment(Context& ctx, Request& req) { return OwnResult(ctx, req); }

Result<Response> PatchAssessment(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"share_with_partner"}));
  http::Fields f(body);
  auto share = f.Bool("share_with_partner", true);
  RK_TRY(f.Finish());
  RK_ASSIGN_OR_RETURN(auto changed, repo::SetShared(req.db(), req.user_id(), std::string(req.Param("id")), *share));
  if (changed == 0) return Error::NotFound("There is no such result.");
  return OwnResult(ctx, req);
}

Result<Response> DeleteAssessment(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto deleted, repo::Delete(req.db(), req.user_id(), std::string(req.Param("id"))));
  if (deleted == 0) return Error::NotFound("There is no such result.");
  return Response::NoContent();
}

json::object DraftJson(const repo::Draft& d) {
  json::object answers;
  for (const auto& [k, v] : d.answers) answers[k] = v;
  return {{"form", d.instrument},
          {"perspective", d.perspective},
          {"answers", std::move(answers)},
          {"share_with_partner", d.share_with_partner},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

Result<Response> PutDraft(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto body, http::ParseObject(req, {"form", "perspective", "answers", "share_with_partner"}));
  http::Fields f(body);
  repo::Draft d;
  const Instrument* ins = ReadForm(ctx, f, d.perspective);
  d.answers = ReadAnswers(body, f, false);
  d.share_with_partner = f.Bool("share_with_partner", false).value_or(false);
  if (ins) {
    for (const auto& [id, v] : d.answers) {
      if (!ins->FindItem(id)) f.Add("answers." + id, "unknown_item", "This is not an item of " + ins->id + ".");
      else if (v < ins->scale_min || v > ins->scale_max) f.Add("answers." + id, "range", "This answer is out of range.");
    }
  }
  RK_TRY(f.Finish());
  d.instrument = ins->id;
  d.updated_at = req.now;
  RK_TRY(repo::PutDraft(req.db(), ctx.sealer, req.user_id(), d));
  return Json(200, DraftJson(d));
}

Result<Response> GetDraft(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(auto d, repo::GetDraft(req.db(), ctx.sealer, req.user_id()));
  if (!d) return Response::NoContent();  // no check in progress: nothing, not an error
  return Json(200, DraftJson(*d));
}

Result<Response> DeleteDraft(Context& ctx, Request& req) {
  RK_TRY(repo::DeleteDraft(req.db(), req.user_id()));
  return Response::NoContent();
}

// The partner's result: numbers, kind and date only, never answers. The kind is named
// afresh from the scores, so it follows the current rule like one's own.
json::object PartnerJson(const Instrument* ins, const repo::Assessment& a, std::string_view lang) {
  json::object o{{"form", a.instrument}, {"scores", ScoresJson(a.scores)}, {"taken_at", FormatRfc3339(a.taken_at)}};
  if (ins) AddKind(o, *ins, a.scores, false, lang);
  else if (!a.kind.empty()) o["kind_of_love"] = a.kind;
  return o;
}

Result<Response> CoupleView(Context& ctx, Request& req) {
  db::Connection& c = req.db();
  const Millis now = req.now;
  const std::string me = req.user_id();
  const std::string lang = http::LanguageOf(req);
  RK_ASSIGN_OR_RETURN(auto real, repo::Latest(c, ctx.sealer, me, "", "real", now + 1));
  json::object out;
  const Instrument* ins = real ? ctx.catalog.Find(real->instrument) : nullptr;
  std::optional<repo::Assessment> ideal;
  if (real) {
    RK_ASSIGN_OR_RETURN(ideal, repo::Latest(c, ctx.sealer, me, real->instrument, "ideal", now + 1));
  }
  auto previous_of = [&](const std::optional<repo::Assessment>& a) -> Result<std::optional<repo::Assessment>> {
    if (!a) return std::optional<repo::Assessment>();
    return repo::Latest(c, ctx.sealer, me, a->instrument, a->perspective, a->taken_at);
  };
  RK_ASSIGN_OR_RETURN(auto real_before, previous_of(real));
  RK_ASSIGN_OR_RETURN(auto ideal_before, previous_of(ideal));
  out["form"] = real ? json::value(real->instrument) : json::value(nullptr);
  out["mine"] = json::object{{"real", real ? json::value(ResultJson(ins, *real, real_before, lang)) : json::value(nullptr)},
                             {"ideal", ideal ? json::value(ResultJson(ins, *ideal, ideal_before, lang)) : json::value(nullptr)}};

  // The partner's side, under the mutual-sharing rule (sharing.hpp).
  const std::optional<http::CoupleRef>& couple = req.principal->couple;
  const bool has_partner = couple && couple->partner;
  std::optional<Taken> mine, theirs;
  std::optional<repo::Assessment> partner;
  if (real) mine = Taken{real->instrument, real->taken_at, real->shared};
  if (has_partner && real) {
    RK_ASSIGN_OR_RETURN(partner, repo::Latest(c, ctx.sealer, couple->partner->user_id, real->instrument, "real", now + 1));
    if (partner) theirs = Taken{partner->instrument, partner->taken_at, partner->shared};
  }
  const PartnerView view = DecidePartnerView(has_partner, couple ? couple->since : 0, mine, theirs, now);
  out["partner_status"] = PartnerViewName(view);
  out["partner"] = view == PartnerView::kShown ? json::value(PartnerJson(ins, *partner, lang)) : json::value(nullptr);
  if (view == PartnerView::kShown) out["partner_name"] = couple->partner->display_name;

  json::object comparison;
  comparison["real_vs_ideal"] =
      (real && ideal && ins) ? json::value(DifferencesJson(*ins, real->scores, ideal->scores, Between::kIdeal, lang)) : json::value(nullptr);
  comparison["partner_vs_me"] = (view == PartnerView::kShown && ins)
                                    ? json::value(DifferencesJson(*ins, real->scores, partner->scores, Between::kPartner, lang,
                                                                couple->partner->display_name))
                                    : json::value(nullptr);
  out["comparison"] = std::move(comparison);
  return Json(200, out);
}

// Instruments are the same for everyone who reads them in one language, so they are
// served as built at start-up (compressed, with an ETag). Private, because the language
// is the person's own; revalidated on every use, so a new version is seen at once.
constexpr const char* kInstrumentCaching = "private, no-cache";

std::vector<std::string> AllLanguages(const Catalog& catalog) {
  std::vector<std::string> out{"en"};
  for (const Instrument& ins : catalog.all())
    for (const std::string& l : ins.languages)
      if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  return out;
}

void BuildServed(Context& ctx) {
  for (const std::string& lang : AllLanguages(ctx.catalog)) {
    json::array list;
    for (const Instrument& ins : ctx.catalog.all())
      if (ins.purpose == Purpose::kTriangle) list.push_back(InstrumentSummary(ins, lang));
    ctx.served.emplace(std::pair{std::string(), lang},
                       http::FixedBody(json::serialize(json::object{{"instruments", std::move(list)}}), kInstrumentCaching));
  }
  for (const Instrument& ins : ctx.catalog.all()) {
    std::vector<std::string> languages = ins.languages;
    if (std::find(languages.begin(), languages.end(), "en") == languages.end()) languages.push_back("en");
    for (const std::string& lang : languages)
      ctx.served.emplace(std::pair{ins.id, lang}, http::FixedBody(json::serialize(InstrumentJson(ins, lang)), kInstrumentCaching));
  }
}

// The instrument `id` ("" for the list) in `lang`, or in its fallback, English (as Pick
// falls back), when it has no such language.
Result<Response> Served(Context& ctx, const Request& req, const std::string& id, const std::string& lang) {
  auto it = ctx.served.find(std::pair{id, lang});
  if (it == ctx.served.end()) it = ctx.served.find(std::pair{id, std::string("en")});
  if (it == ctx.served.end()) return Error::NotFound("There is no such instrument.");
  return it->second.Serve(req);
}

Result<Response> ListInstruments(Context& ctx, Request& req) {
  RK_ASSIGN_OR_RETURN(const std::string lang, LanguageFor(req));
  return Served(ctx, req, "", lang);
}

Result<Response> GetInstrument(Context& ctx, Request& req) {
  const Instrument* ins = ctx.catalog.Find(req.Param("id"));
  if (!ins) return Error::NotFound("There is no such instrument.");
  RK_ASSIGN_OR_RETURN(const std::string lang, LanguageFor(req));
  return Served(ctx, req, ins->id, lang);
}

}  // namespace

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) { return repo::Reseal(c, s); }

void RegisterRoutes(http::Router& router, Context& ctx) {
  using http::Method;
  using http::Policy;
  using http::Work;
  BuildServed(ctx);
  http::RouteTable t(router, ctx);
  t.Add(Method::kGet, "/api/v1/instruments", Policy::SignedIn(), Work::kRead, ListInstruments);
  t.Add(Method::kGet, "/api/v1/instruments/{id}", Policy::SignedIn(), Work::kRead, GetInstrument);
  t.Add(Method::kPost, "/api/v1/triangle/assessments", Policy::SignedIn(), Work::kWrite, CreateAssessment);
  t.Add(Method::kGet, "/api/v1/triangle/assessments", Policy::SignedIn(), Work::kRead, ListAssessments);
  t.Add(Method::kGet, "/api/v1/triangle/assessments/{id}", Policy::SignedIn(), Work::kRead, GetAssessment);
  t.Add(Method::kPatch, "/api/v1/triangle/assessments/{id}", Policy::SignedIn(), Work::kWrite, PatchAssessment);
  t.Add(Method::kDelete, "/api/v1/triangle/assessments/{id}", Policy::SignedIn(), Work::kWrite, DeleteAssessment);
  t.Add(Method::kPut, "/api/v1/triangle/draft", Policy::SignedIn(), Work::kWrite, PutDraft);
  t.Add(Method::kGet, "/api/v1/triangle/draft", Policy::SignedIn(), Work::kRead, GetDraft);
  t.Add(Method::kDelete, "/api/v1/triangle/draft", Policy::SignedIn(), Work::kWrite, DeleteDraft);
  t.Add(Method::kGet, "/api/v1/triangle/couple", Policy::SignedInWithCouple(), Work::kRead, CoupleView);
}

}  // namespace rk::triangle
