#include "app/access.hpp"

#include "features/care/relationships.hpp"
#include "features/consent/consent.hpp"
#include "features/couples/access.hpp"
#include "features/therapists/directory.hpp"

namespace rk::app {
namespace {

// Therapists and operators reach what their role opens only with a second factor set up:
// until then, only what any signed-in person may do (which includes setting one up).
Status RequireSecondFactor(const http::Principal& principal) {
  if (principal.second_factor) return {};
  return Error{ErrorCode::kPermissionDenied,
               "Set up your second factor first.",
               {{"second_factor", "required", "Set up an authenticator app for this account."}},
               0};
}

// The therapist's couple: the care relationship {id} is theirs and was accepted. With a
// scope, care must be open and a partner must share the scope; otherwise the answer is
// the same 404 as for a couple that is not theirs, so nothing tells a withdrawn consent
// from a relationship that never was. Shared results are also closed to a therapist who
// may not see people now (suspended, or their verification lapsed).
Status AuthorizeCare(db::Connection& c, const http::Request& req, http::Principal& principal, const std::string& scope,
                     http::RateLimiter* reads) {
  RK_ASSIGN_OR_RETURN(auto r, care::TherapistRelationship(c, std::string(req.Param("id")), principal.user_id));
  if (!r) return Error::NotFound("There is no such couple.");
  http::CareRef ref{r->id, r->couple_id, false, {}, {}};
  RK_ASSIGN_OR_RETURN(ref.partners, couples::CurrentMembers(c, r->couple_id));
  ref.open = r->status == care::kAccepted && ref.partners.size() == 2;
  if (!scope.empty()) {
    RK_ASSIGN_OR_RETURN(auto me, therapists::directory::Find(c, principal.user_id));
    if (!me || !therapists::IsMatchable(me->status, me->verified_until, req.now))
      return Error::Forbidden("Your profile is not approved at the moment, so shared results are closed to you.");
    // Each read is written to the partner's log and the audit log: bounded per therapist.
    if (reads) {
      if (int wait = reads->RetryAfter(principal.user_id, req.now); wait > 0)
        return Error::RateLimited("You have opened shared results very often; please wait a little.", wait);
      reads->Hit(principal.user_id, req.now);
    }
    if (!ref.open) return Error::NotFound("Nothing of this is shared with you.");
    RK_ASSIGN_OR_RETURN(ref.sharing, consent::Sharing(c, r->id, scope));
    if (ref.sharing.empty()) return Error::NotFound("Nothing of this is shared with you.");
  }
  principal.care = std::move(ref);
  return {};
}

}  // namespace

Result<http::Principal> Access::Authenticate(db::Connection& c, const http::Request& req) {
  return accounts::Authenticate(accounts_, c, req);
}

Status Access::Authorize(db::Connection& c, const http::Request& req, http::Principal& principal,
                         const http::Policy& policy) {
  switch (policy.access) {
    case http::Access::kPublic:
      return {};
    case http::Access::kSignedIn: {
      if (!policy.couple_if_any) return {};
      auto couple = couples::RequireCouple(c, principal.user_id);
      if (couple.ok()) principal.couple = std::move(couple).value();
      else if (couple.error().code != ErrorCode::kNotFound) return std::move(couple).error();
      return {};
    }
    case http::Access::kCoupleMember: {
      RK_ASSIGN_OR_RETURN(principal.couple, couples::RequireCouple(c, principal.user_id));
      return {};
    }
    case http::Access::kTherapist:
      if (!principal.Has(http::Role::kTherapist)) return Error::Forbidden("Only a therapist may do this.");
      return RequireSecondFactor(principal);
    case http::Access::kTherapistOfCouple:
      if (!principal.Has(http::Role::kTherapist)) return Error::Forbidden("Only a therapist may see this.");
      RK_TRY(RequireSecondFactor(principal));
      return AuthorizeCare(c, req, principal, policy.scope, shared_reads_.get());
    case http::Access::kOperator:
      if (!principal.Has(http::Role::kOperator)) return Error::Forbidden("Only an operator may do this.");
      return RequireSecondFactor(principal);
  }
  return Error::Forbidden("That is not allowed.");
}

}  // namespace rk::app
