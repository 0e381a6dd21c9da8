#include "features/matching/matching.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace rk::matching {
namespace {

// Heterogeneous lookup, so that a query's string_views find interned strings without
// a copy.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Strings to dense small numbers. Numbers are never reused: a value no therapist has any
// more keeps its number (the vocabularies are small and stable).
class Interner {
 public:
  // The number of `s`, or -1 if it was never added.
  int Find(std::string_view s) const {
    auto it = ids_.find(s);
    return it == ids_.end() ? -1 : it->second;
  }
  int Add(std::string_view s) {
    auto [it, added] = ids_.try_emplace(std::string(s), static_cast<int>(names_.size()));
    if (added) names_.emplace_back(s);
    return it->second;
  }
  const std::string& Name(int id) const { return names_[static_cast<std::size_t>(id)]; }
  std::size_t size() const { return names_.size(); }

 private:
  StringMap<int> ids_;
  std::vector<std::string> names_;
};

// One kind of tag (languages, say) for every slot: a bit set per slot, stored flat with
// a stride of `words_` 64-bit words. Almost always one word; the stride grows when a
// vocabulary passes a multiple of 64.
class TagColumn {
 public:
  int words() const { return words_; }
  const std::uint64_t* Of(std::uint32_t slot) const { return &bits_[std::size_t{slot} * words_]; }

  // Sets the tags of `slot` to `values` (interning new ones). REQUIRES: slot < slots.
  void Set(std::uint32_t slot, const std::vector<std::string>& values) {
    std::vector<int> ids;
    ids.reserve(values.size());
    for (const auto& v : values) ids.push_back(names_.Add(v));
    if (names_.size() > static_cast<std::size_t>(words_) * 64) Restride((names_.size() + 63) / 64);
    Clear(slot);
    std::uint64_t* row = &bits_[std::size_t{slot} * words_];
    for (int id : ids) row[id / 64] |= std::uint64_t{1} << (id % 64);
  }
  void Clear(std::uint32_t slot) { std::fill_n(&bits_[std::size_t{slot} * words_], words_, 0); }
  void Resize(std::size_t slots) { bits_.resize(slots * words_, 0); }

  // A query's bit set (stride words()) of the known values among `values`.
  std::vector<std::uint64_t> Mask(const std::vector<std::string>& values) const {
    std::vector<std::uint64_t> mask(words_, 0);
    for (const auto& v : values) {
      if (int id = names_.Find(v); id >= 0) mask[id / 64] |= std::uint64_t{1} << (id % 64);
    }
    return mask;
  }
  // The names of the bits set in both `slot` and `mask`, in byte order.
  std::vector<std::string> Names(std::uint32_t slot, const std::vector<std::uint64_t>& mask) const {
    std::vector<std::string> out;
    const std::uint64_t* row = Of(slot);
    for (int w = 0; w < words_; ++w) {
      for (std::uint64_t b = row[w] & mask[w]; b; b &= b - 1) out.push_back(names_.Name(w * 64 + std::countr_zero(b)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  void Restride(std::size_t words) {
    const std::size_t slots = bits_.size() / words_;
    std::vector<std::uint64_t> bits(slots * words, 0);
    for (std::size_t s = 0; s < slots; ++s) std::copy_n(&bits_[s * words_], words_, &bits[s * words]);
    bits_ = std::move(bits);
    words_ = static_cast<int>(words);
  }

  Interner names_;
  int words_ = 1;
  std::vector<std::uint64_t> bits_;
};

bool AnyCommon(const std::uint64_t* a, const std::vector<std::uint64_t>& b) {
  for (std::size_t w = 0; w < b.size(); ++w) {
    if (a[w] & b[w]) return true;
  }
  return false;
}
int CountCommon(const std::uint64_t* a, const std::vector<std::uint64_t>& b) {
  int n = 0;
  for (std::size_t w = 0; w < b.size(); ++w) n += std::popcount(a[w] & b[w]);
  return n;
}

// The strings in every list (each once).
std::vector<std::string> InEvery(const std::vector<const std::vector<std::string>*>& lists) {
  std::vector<std::string> common = *lists.front();
  std::sort(common.begin(), common.end());
  common.erase(std::unique(common.begin(), common.end()), common.end());
  for (std::size_t i = 1; i < lists.size(); ++i) {
    std::erase_if(common, [&](const std::string& s) {
      return std::find(lists[i]->begin(), lists[i]->end(), s) == lists[i]->end();
    });
  }
  return common;
}

std::string PlaceKey(std::string_view country, std::string_view region) {
  std::string key(country);
  key += '\x1f';  // never in an ISO code
  key += region;
  return key;
}

}  // namespace

// --- windows --------------------------------------------------------------------------

std::vector<Window> ToUtcWindows(int weekday, int start_minute, int end_minute, int utc_offset_minutes) {
  if (weekday < 1 || weekday > 7 || start_minute < 0 || start_minute >= end_minute || end_minute > kMinutesPerDay) {
    return {};
  }
  int start = ((weekday - 1) * kMinutesPerDay + start_minute - utc_offset_minutes) % kMinutesPerWeek;
  if (start < 0) start += kMinutesPerWeek;
  const int end = start + (end_minute - start_minute);
  if (end <= kMinutesPerWeek) return {{start, end}};
  return {{start, kMinutesPerWeek}, {0, end - kMinutesPerWeek}};
}

std::vector<Window> Normalize(std::vector<Window> windows) {
  for (auto& w : windows) {
    w.start = std::max(w.start, 0);
    w.end = std::min(w.end, kMinutesPerWeek);
  }
  std::erase_if(windows, [](const Window& w) { return w.start >= w.end; });
  std::sort(windows.begin(), windows.end(), [](const Window& a, const Window& b) { return a.start < b.start; });
  std::vector<Window> out;
  for (const auto& w : windows) {
    if (!out.empty() && w.start <= out.back().end) {
      out.back().end = std::max(out.back().end, w.end);
    } else {
      out.push_back(w);
    }
  }
  return out;
}

std::vector<Window> Intersect(const std::vector<Window>& a, const std::vector<Window>& b) {
  std::vector<Window> out;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    const int start = std::max(a[i].start, b[j].start);
    const int end = std::min(a[i].end, b[j].end);
    if (start < end) out.push_back({start, end});
    // The window that ends first can overlap nothing further on.
    if (a[i].end < b[j].end) ++i; else ++j;
  }
  return out;
}

int OverlapMinutes(const std::vector<Window>& a, const std::vector<Window>& b) {
  int minutes = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    minutes += std::max(0, std::min(a[i].end, b[j].end) - std::max(a[i].start, b[j].start));
    if (a[i].end < b[j].end) ++i; else ++j;
  }
  return minutes;
}

// --- the index ------------------------------------------------------------------------
//
// Layout, for speed: a query walks the therapists licensed where the couple is (a few
// thousand of 100,000) and reads, for each, only the small fixed-size `Hot` record and
// the tag bit sets, all in flat arrays indexed by slot and visited in slot order. The
// rest (`Cold`: id, licences, hours) is read for the few that can reach the top.

namespace {

// The tag kinds, as columns of the index.
enum Kind { kLanguage, kModality, kSpecialty, kApproach, kKinds };

struct Hot {
  Millis verified_until = 0;
  int capacity = 0;  // 0 in a free slot: never listed
  int active = 0;
  int fee = 0;
  int gender = -1;  // interned; -1 for "not said"
};

struct Cold {
  std::string id;             // "" when the slot is free
  std::vector<int> places;    // interned licences
  std::vector<Window> hours;  // normalised
};

// A therapist that met the hard constraints, while the query decides the order.
struct Candidate {
  int score;
  int spare;
  std::uint32_t slot;
};

// Everything a query needs, looked up once before the therapists are visited.
struct Plan {
  struct Partner {
    int country_wide = -1;  // place id of (country, ""), or -1 if nobody is licensed there
    int regional = -1;      // place id of (country, region), or -1
    bool operator==(const Partner&) const = default;
  };
  std::vector<Partner> partners;
  std::vector<std::uint64_t> languages, modalities;  // in every partner's list
  std::vector<std::uint64_t> specialties, approaches;  // in any partner's list
  std::optional<int> gender;  // id of the agreed gender (-2 if no therapist has it)
  std::optional<int> max_fee;
  bool times_scored = false;
  std::vector<Window> times;  // the times every partner who gave some prefers
  std::vector<std::uint32_t> excluded;  // sorted slots
};

}  // namespace

struct Index::Impl {
  // Writers go first. glibc's shared_mutex prefers readers, so a steady stream of
  // overlapping Ranks would keep the loader out for good; a writer holds `turn` while it
  // waits, which holds back new Ranks until the running ones have finished.
  mutable std::mutex turn;
  mutable std::shared_mutex mu;
  StringMap<std::uint32_t> slot_of;  // id -> slot
  std::vector<Hot> hot;              // by slot
  std::vector<Cold> cold;            // by slot
  std::vector<std::uint32_t> free;   // slots to reuse
  TagColumn tags[kKinds];
  Interner genders;
  Interner places;
  std::vector<Place> place_names;                   // by place id
  std::vector<std::vector<std::uint32_t>> holders;  // by place id: the slots licensed there

  std::unique_lock<std::shared_mutex> Write() const {
    std::lock_guard wait_for_turn(turn);
    return std::unique_lock(mu);
  }
  std::shared_lock<std::shared_mutex> Read() const {
    { std::lock_guard wait_for_writers(turn); }
    return std::shared_lock(mu);
  }

  void Unlist(std::uint32_t s) {
    for (int p : cold[s].places) std::erase(holders[static_cast<std::size_t>(p)], s);
    cold[s].places.clear();
  }

  std::optional<Plan> MakePlan(const Query& q) const;
  std::vector<std::uint64_t> LicensedForAll(const Plan& plan) const;
  std::vector<Reason> Reasons(const Plan& plan, std::uint32_t s, int overlap) const;
};

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;

Status Index::Upsert(Therapist t) {
  // The loader's mistakes, never a person's: internal wording (lower case, untranslated).
  if (t.id.empty()) return Error::Invalid("matching: a therapist needs an id");
  for (const auto& p : t.licensed) {
    if (p.country.empty()) return Error::Invalid("matching: a licence needs a country");
  }
  for (const auto& w : t.hours) {
    if (w.start < 0 || w.start >= w.end || w.end > kMinutesPerWeek) return Error::Invalid("matching: hours must lie within the week");
  }

  auto lock = impl_->Write();
  Impl& m = *impl_;
  std::uint32_t s;
  if (auto it = m.slot_of.find(t.id); it != m.slot_of.end()) {
    s = it->second;
    m.Unlist(s);
  } else if (!m.free.empty()) {
    s = m.free.back();
    m.free.pop_back();
  } else {
    s = static_cast<std::uint32_t>(m.hot.size());
    m.hot.emplace_back();
    m.cold.emplace_back();
    for (auto& column : m.tags) column.Resize(m.hot.size());
  }
  m.slot_of[t.id] = s;

  m.hot[s] = {t.verified_until, t.capacity, t.active, t.fee, t.gender.empty() ? -1 : m.genders.Add(t.gender)};
  Cold& c = m.cold[s];
  c.id = t.id;
  c.hours = Normalize(std::move(t.hours));
  for (const auto& p : t.licensed) {
    const int id = m.places.Add(PlaceKey(p.country, p.region));
    if (static_cast<std::size_t>(id) == m.place_names.size()) {
      m.place_names.push_back(p);
      m.holders.emplace_back();
    }
    if (std::find(c.places.begin(), c.places.end(), id) != c.places.end()) continue;
    c.places.push_back(id);
    m.holders[static_cast<std::size_t>(id)].push_back(s);
  }
  m.tags[kLanguage].Set(s, t.languages);
  m.tags[kModality].Set(s, t.modalities);
  m.tags[kSpecialty].Set(s, t.specialties);
  m.tags[kApproach].Set(s, t.approaches);
  return {};
}

bool Index::Remove(std::string_view id) {
  auto lock = impl_->Write();
  Impl& m = *impl_;
  auto it = m.slot_of.find(id);
  if (it == m.slot_of.end()) return false;
  const std::uint32_t s = it->second;
  m.slot_of.erase(it);
  m.Unlist(s);
  for (auto& column : m.tags) column.Clear(s);
  m.hot[s] = Hot{};
  m.cold[s] = Cold{};
  m.free.push_back(s);
  return true;
}

bool Index::SetActive(std::string_view id, int active) {
  auto lock = impl_->Write();
  auto it = impl_->slot_of.find(id);
  if (it == impl_->slot_of.end()) return false;
  impl_->hot[it->second].active = active;
  return true;
}

std::size_t Index::Size() const {
  auto lock = impl_->Read();
  return impl_->slot_of.size();
}

// nullopt when no therapist can meet the hard constraints (a place, language or modality
// nobody has), so that Rank returns at once.
std::optional<Plan> Index::Impl::MakePlan(const Query& q) const {
  Plan plan;
  for (const auto& a : q.partners) {
    Plan::Partner p;
    p.country_wide = places.Find(PlaceKey(a.where.country, ""));
    if (!a.where.region.empty()) p.regional = places.Find(PlaceKey(a.where.country, a.where.region));
    if (p.country_wide < 0 && p.regional < 0) return std::nullopt;
    plan.partners.push_back(p);
  }

  std::vector<const std::vector<std::string>*> langs, mods;
  std::vector<std::string> specialties, approaches;
  for (const auto& a : q.partners) {
    langs.push_back(&a.languages);
    mods.push_back(&a.modalities);
    specialties.insert(specialties.end(), a.specialties.begin(), a.specialties.end());
    approaches.insert(approaches.end(), a.approaches.begin(), a.approaches.end());
  }
  plan.languages = tags[kLanguage].Mask(InEvery(langs));
  plan.modalities = tags[kModality].Mask(InEvery(mods));
  auto none = [](const std::vector<std::uint64_t>& m) { return std::all_of(m.begin(), m.end(), [](auto w) { return w == 0; }); };
  if (none(plan.languages) || none(plan.modalities)) return std::nullopt;
  plan.specialties = tags[kSpecialty].Mask(specialties);
  plan.approaches = tags[kApproach].Mask(approaches);

  const std::string* gender = nullptr;
  bool agree = true;
  for (const auto& a : q.partners) {
    if (a.gender.empty()) continue;
    if (gender && *gender != a.gender) agree = false;
    gender = &a.gender;
  }
  if (gender && agree) {
    const int id = genders.Find(*gender);
    plan.gender = id >= 0 ? id : -2;  // -2: scored, but nobody earns it
  }

  for (const auto& a : q.partners) {
    if (a.max_fee) plan.max_fee = plan.max_fee ? std::min(*plan.max_fee, *a.max_fee) : *a.max_fee;
  }

  for (const auto& a : q.partners) {
    if (a.times.empty()) continue;
    plan.times = plan.times_scored ? Intersect(plan.times, Normalize(a.times)) : Normalize(a.times);
    plan.times_scored = true;
  }

  for (const auto& id : q.exclude) {
    if (auto it = slot_of.find(id); it != slot_of.end()) plan.excluded.push_back(it->second);
  }
  std::sort(plan.excluded.begin(), plan.excluded.end());
  return plan;
}

// The slots licensed where every partner is, as a bit set over slots: for each distinct
// place among the partners, the holders of its whole-country and its regional licence,
// and these sets intersected. A set bit per slot also means each is visited once, in
// slot order, which is the order of the flat arrays.
std::vector<std::uint64_t> Index::Impl::LicensedForAll(const Plan& plan) const {
  const std::size_t words = (hot.size() + 63) / 64;
  std::vector<std::uint64_t> all, one;
  std::vector<Plan::Partner> seen;
  for (const auto& p : plan.partners) {
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    seen.push_back(p);
    std::vector<std::uint64_t>& into = seen.size() == 1 ? all : one;
    into.assign(words, 0);
    for (int place : {p.country_wide, p.regional}) {
      if (place < 0) continue;
      for (std::uint32_t s : holders[static_cast<std::size_t>(place)]) into[s / 64] |= std::uint64_t{1} << (s % 64);
    }
    if (&into == &one) {
      for (std::size_t w = 0; w < words; ++w) all[w] &= one[w];
    }
  }
  return all;
}

std::vector<Reason> Index::Impl::Reasons(const Plan& plan, std::uint32_t s, int overlap) const {
  const Hot& h = hot[s];
  const Cold& c = cold[s];
  std::vector<Reason> reasons;
  // The most precise licence that covers each partner.
  std::vector<std::string> where;
  for (const auto& p : plan.partners) {
    const bool regional = p.regional >= 0 && std::find(c.places.begin(), c.places.end(), p.regional) != c.places.end();
    const Place& place = place_names[static_cast<std::size_t>(regional ? p.regional : p.country_wide)];
    where.push_back(place.region.empty() ? place.country : place.region);
  }
  std::sort(where.begin(), where.end());
  where.erase(std::unique(where.begin(), where.end()), where.end());
  for (auto& w : where) reasons.push_back({"licensed", std::move(w)});
  for (auto& v : tags[kLanguage].Names(s, plan.languages)) reasons.push_back({"language", std::move(v)});
  for (auto& v : tags[kModality].Names(s, plan.modalities)) reasons.push_back({"modality", std::move(v)});
  for (auto& v : tags[kSpecialty].Names(s, plan.specialties)) reasons.push_back({"specialty", std::move(v)});
  for (auto& v : tags[kApproach].Names(s, plan.approaches)) reasons.push_back({"approach", std::move(v)});
  if (plan.gender && h.gender == *plan.gender) reasons.push_back({"gender", genders.Name(h.gender)});
  if (plan.max_fee && h.fee <= *plan.max_fee) reasons.push_back({"fee", std::to_string(h.fee)});
  if (overlap >= kMinOverlapMinutes) reasons.push_back({"times", std::to_string(overlap)});
  return reasons;
}

std::vector<Match> Index::Rank(const Query& q) const {
  if (q.partners.empty() || q.limit == 0) return {};
  auto lock = impl_->Read();
  const Impl& m = *impl_;
  std::optional<Plan> planned = m.MakePlan(q);
  if (!planned) return {};
  const Plan& plan = *planned;

  const TagColumn& languages = m.tags[kLanguage];
  const TagColumn& modalities = m.tags[kModality];
  const TagColumn& specialties = m.tags[kSpecialty];
  const TagColumn& approaches = m.tags[kApproach];

  // 1. The hard constraints, and every point but the times' (which need the hours).
  std::vector<std::uint64_t> licensed = m.LicensedForAll(plan);
  if (!q.only.empty()) {
    auto it = m.slot_of.find(q.only);
    std::vector<std::uint64_t> one(licensed.size(), 0);
    if (it != m.slot_of.end() && it->second / 64 < licensed.size()) one[it->second / 64] = licensed[it->second / 64] & (std::uint64_t{1} << (it->second % 64));
    licensed = std::move(one);
  }
  std::vector<Candidate> found;
  for (std::size_t w = 0; w < licensed.size(); ++w) {
    for (std::uint64_t bits = licensed[w]; bits; bits &= bits - 1) {
      const auto s = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
      const Hot& h = m.hot[s];
      if (h.capacity <= h.active || q.now >= h.verified_until) continue;
      if (!AnyCommon(languages.Of(s), plan.languages) || !AnyCommon(modalities.Of(s), plan.modalities)) continue;
      if (!plan.excluded.empty() && std::binary_search(plan.excluded.begin(), plan.excluded.end(), s)) continue;
      int score = kSpecialtyPoints * CountCommon(specialties.Of(s), plan.specialties) +
                  kApproachPoints * CountCommon(approaches.Of(s), plan.approaches);
      if (plan.gender && h.gender == *plan.gender) score += kGenderPoints;
      if (plan.max_fee && h.fee <= *plan.max_fee) score += kFeePoints;
      found.push_back({score, h.capacity - h.active, s});
    }
  }
  const std::size_t k = std::min(q.limit, found.size());

  // 2. The times' points, only for those that can still reach the top k: the k best
  //    scores so far are a floor under the k best final ones, so a therapist below that
  //    floor even with the times' points can be left out.
  const bool times = plan.times_scored && !plan.times.empty();
  if (times && k > 0) {
    int floor = 0;
    if (found.size() > k) {
      auto kth = found.begin() + static_cast<std::ptrdiff_t>(k - 1);
      std::nth_element(found.begin(), kth, found.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
      floor = kth->score;
    }
    std::erase_if(found, [&](Candidate& c) {
      if (c.score + kTimesPoints < floor) return true;
      if (OverlapMinutes(m.cold[c.slot].hours, plan.times) >= kMinOverlapMinutes) c.score += kTimesPoints;
      return false;
    });
  }

  // 3. The top k, in order.
  auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.spare != b.spare) return a.spare > b.spare;
    return m.cold[a.slot].id < m.cold[b.slot].id;
  };
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k), found.end(), better);

  std::vector<Match> out;
  out.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    const std::uint32_t s = found[i].slot;
    const int overlap = times ? OverlapMinutes(m.cold[s].hours, plan.times) : 0;
    out.push_back({m.cold[s].id, found[i].score, m.Reasons(plan, s, overlap)});
  }
  return out;
}

std::vector<Match> Rank(const Index& index, const Query& query) { return index.Rank(query); }

}  // namespace rk::matching
