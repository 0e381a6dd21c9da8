#pragma once
// Outcomes over HTTP (docs/care.md): before each session each partner answers the outcome
// measure (the catalog's instrument of purpose "outcome", scored by the triangle check's
// engine); the triangle check's short form is asked for too when the person's last one
// is four weeks old. A partner sees their own answers. Their therapist sees each
// partner's course, marked for reliable change and against the clinical cut-off, and
// exports it as FHIR R4 — only of partners who share "satisfaction" (features/consent),
// each read recorded. The answers are sealed at rest.

#include "features/triangle/catalog.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"

namespace rk::outcomes {

struct Context {
  const triangle::Catalog& catalog;
  const crypto::Sealer& sealer;
  // The FHIR identifier system of people's ids: this deployment's address (ids are unique
  // only within one), e.g. "https://rekindle.example.org/people".
  std::string person_system;
};

void RegisterRoutes(http::Router& router, Context& ctx);

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::outcomes
