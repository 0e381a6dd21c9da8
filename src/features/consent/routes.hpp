#pragma once
// Consent over HTTP. A partner's side: which of their results their therapist may see,
// each shared and withdrawn on its own, and their log of who saw what and when. The
// therapist's side: which scopes each partner shares, and each scope's results of the
// partners who share it (every read recorded; see consent.hpp).
//
// Privacy (docs/privacy.md): a therapist's route for a scope runs only while care is
// open and a partner shares it (the policy, in the app's access resolver), and returns
// only the sharing partners' results: nothing of a partner who does not share it, from
// any route. A partner sees their own consent and log, never the other partner's.

#include "features/triangle/catalog.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/http.hpp"

namespace rk::consent {

struct Context {
  const triangle::Catalog& catalog;
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

}  // namespace rk::consent
