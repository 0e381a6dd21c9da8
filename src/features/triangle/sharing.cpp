#include "features/triangle/sharing.hpp"

namespace rk::triangle {

std::string_view PartnerViewName(PartnerView v) {
  switch (v) {
    case PartnerView::kShown: return "shown";
    case PartnerView::kNotInCouple: return "not_in_couple";
    case PartnerView::kNoRecentCheck: return "no_recent_check";
    case PartnerView::kNotShared: return "not_shared";
    case PartnerView::kWaitingForPartner: return "waiting_for_partner";
  }
  return "waiting_for_partner";
}

PartnerView DecidePartnerView(bool in_couple, Millis couple_since, const std::optional<Taken>& mine,
                              const std::optional<Taken>& theirs, Millis now) {
  if (!in_couple) return PartnerView::kNotInCouple;
  auto recent = [&](const Taken& t) { return t.taken_at >= couple_since && now - t.taken_at <= kShareWindow; };
  if (!mine || !recent(*mine)) return PartnerView::kNoRecentCheck;
  if (!mine->shared) return PartnerView::kNotShared;
  if (!theirs || theirs->form != mine->form || !recent(*theirs) || !theirs->shared) return PartnerView::kWaitingForPartner;
  return PartnerView::kShown;
}

}  // namespace rk::triangle
