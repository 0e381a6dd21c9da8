#pragma once
// Care over HTTP: each partner's private safety screen, help lines by country, the
// matching questionnaire, the couple's ranked therapists with reasons, asking one of
// them, and the therapist's side of it (requests, accepting or declining, opening
// sessions together).
//
// Privacy (docs/privacy.md): a screen's answers reach nobody but the person; its outcome
// reaches the person and, once they accept the couple, the couple's therapist. Nothing a
// partner can request depends on the other's screen: the couple's view reads only the
// asker's own screen, and sessions together open only by the therapist's step, so "not
// available" looks the same whatever its reason.

#include <functional>
#include <string>
#include <vector>

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::care {

struct Content;
class Directory;

struct Context {
  const Content& content;
  const crypto::Sealer& sealer;
  Directory& directory;
  std::string currency = "EUR";
  // Run inside the transaction that ends a relationship (withdrawn, or ended by a partner
  // or the therapist): its sessions still to come are cancelled (booking).
  std::vector<std::function<Status(db::Connection&, const std::string& relationship_id, const std::string& by, Millis now)>>
      on_end;
};

void RegisterRoutes(http::Router& router, Context& ctx);

// Re-seals every sealed value of this feature not under the active key; returns how many.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::care
