#pragma once
// A therapist's own notes on a couple in their care: written, edited and deleted by the
// therapist alone, sealed at rest, and exported by them (every note, as JSON). Never
// shown to the partners, to another therapist or to operators (docs/privacy.md).

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::notes {

struct Context {
  const crypto::Sealer& sealer;
};

void RegisterRoutes(http::Router& router, Context& ctx);

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::notes
