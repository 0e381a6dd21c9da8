#pragma once
// When a partner's triangle may be shown: the mutual-sharing rule. Pure: no I/O.
//
// My partner's latest real result of a form is shown to me only when
//  - we are a couple now,
//  - my latest real result and theirs are of the same form,
//  - both were taken within the last 30 days and since the couple formed, and
//  - both of us chose to share them.
// Otherwise the reason says only what I could know myself; every state of my partner's
// (no check, another form, too old, not shared) is the same "waiting_for_partner".

#include <optional>
#include <string>
#include <string_view>

#include "platform/base/time.hpp"

namespace rk::triangle {

constexpr Millis kShareWindow = 30 * kDay;

struct Taken {
  std::string form;
  Millis taken_at = 0;
  bool shared = false;
};

enum class PartnerView {
  kShown,
  kNotInCouple,
  kNoRecentCheck,      // I have no real result within the window since we became a couple
  kNotShared,          // my latest real result is not shared
  kWaitingForPartner,  // anything on my partner's side
};
std::string_view PartnerViewName(PartnerView v);

// `mine`: my latest real result (any form). `theirs`: my partner's latest real result
// of the same form as `mine`.
PartnerView DecidePartnerView(bool in_couple, Millis couple_since, const std::optional<Taken>& mine,
                              const std::optional<Taken>& theirs, Millis now);

}  // namespace rk::triangle
