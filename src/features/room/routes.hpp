#pragma once
// The couple room over HTTP: a thread both partners and their therapist read, and a
// private thread for each partner with the therapist, under the therapist's written
// policy on secrets, which each partner acknowledges before they read or write. Messages
// and attachments (PDF, JPEG, PNG; images stripped of metadata) are sealed at rest and
// announced live (room.changed) to the thread's members only. Ending care, or the couple
// parting, leaves the room to read and closes it to writing.
//
// Privacy (docs/privacy.md): a private thread reaches its partner and the therapist,
// never the other partner, from any route or live frame; nothing a partner can request
// says whether the other wrote privately.

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/http/live.hpp"

namespace rk::room {

struct Context {
  const crypto::Sealer& sealer;
  http::Live* live = nullptr;
};

void RegisterRoutes(http::Router& router, Context& ctx);

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::room
