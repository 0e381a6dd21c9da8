#include "app/access.hpp"

#include "features/couples/access.hpp"

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
      // The couple is the path's {couple}. Care relationships and consent come with the
      // care features; until then no therapist is in one, so nobody passes this policy.
      (void)req.Param("couple");
      if (!principal.Has(http::Role::kTherapist)) return Error::Forbidden("Only a therapist may see this.");
      RK_TRY(RequireSecondFactor(principal));
      return Error::Forbidden("Only a therapist the couple has chosen, with their consent, may see this.");
    case http::Access::kOperator:
      if (!principal.Has(http::Role::kOperator)) return Error::Forbidden("Only an operator may do this.");
      return RequireSecondFactor(principal);
  }
  return Error::Forbidden("That is not allowed.");
}

}  // namespace rk::app
