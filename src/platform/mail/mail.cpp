#include "platform/mail/mail.hpp"

#include <boost/json.hpp>

#include "platform/log/log.hpp"

namespace rk::mail {
namespace {

namespace json = boost::json;

// The sealed payload is bound to its kind: a value moved from another table or kind
// fails to open.
constexpr std::string_view kSealContext = "jobs:mail.send";

std::string ToJson(const Outgoing& m) {
  json::object vars;
  for (const auto& [k, v] : m.vars) vars[k] = v;
  json::object o{{"to", m.to}, {"template", m.template_name}, {"vars", std::move(vars)}};
  if (m.not_after) o["not_after"] = *m.not_after;
  return json::serialize(o);
}

Result<Outgoing> FromJson(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  auto str = [&](std::string_view key) -> const json::string* {
    const json::value* f = o ? o->if_contains(key) : nullptr;
    return f ? f->if_string() : nullptr;
  };
  const json::string* to = str("to");
  const json::string* name = str("template");
  const json::value* vars = o ? o->if_contains("vars") : nullptr;
  if (!to || !name || !vars || !vars->is_object()) return Error::Internal("A mail job's payload is malformed.");
  Outgoing m;
  m.to = std::string(*to);
  m.template_name = std::string(*name);
  for (const auto& [k, val] : vars->as_object()) {
    if (!val.is_string()) return Error::Internal("A mail job's payload is malformed.");
    m.vars[std::string(k)] = std::string(val.as_string());
  }
  if (const json::value* n = o->if_contains("not_after"); n && n->is_int64()) m.not_after = n->as_int64();
  return m;
}

}  // namespace

Mailer::Mailer(Templates templates, std::unique_ptr<Transport> transport, const crypto::Sealer& sealer,
               RecipientLookup lookup, MailerOptions options)
    : templates_(std::move(templates)),
      transport_(std::move(transport)),
      sealer_(sealer),
      lookup_(std::move(lookup)),
      options_(std::move(options)) {}

Result<std::string> Mailer::Enqueue(db::Connection& c, const Outgoing& m, Millis now) const {
  Vars check = m.vars;
  check["base_url"] = options_.base_url;
  RK_TRY(templates_.Render(m.template_name, "en", check));
  return jobs::Enqueue(c,
                       {.kind = std::string(kJobKind),
                        .payload = jobs::SealPayload(sealer_, ToJson(m), kSealContext),
                        .max_attempts = options_.max_attempts,
                        .idempotency_key = m.idempotency_key},
                       now);
}

Result<Outgoing> Mailer::Open(std::string_view payload) const {
  RK_ASSIGN_OR_RETURN(std::string plain, jobs::OpenPayload(sealer_, payload, kSealContext));
  return FromJson(plain);
}

void Mailer::Register(jobs::Queue& queue) {
  queue.RegisterOutside(std::string(kJobKind),
                        [this](db::Connection& c, const jobs::Job& job) { return Send(c, job); });
}

Status Mailer::Send(db::Connection& c, const jobs::Job& job) const {
  RK_ASSIGN_OR_RETURN(Outgoing m, Open(job.payload));
  auto dropped = [&](std::string_view reason) -> Status {
    log::Info("mail_dropped", {{"template", m.template_name}, {"job_id", job.id}, {"reason", reason}});
    return {};
  };
  if (m.not_after && job.started_at > *m.not_after) return dropped("expired");
  RK_ASSIGN_OR_RETURN(std::optional<Recipient> to, lookup_(c, m.to));
  if (!to) return dropped("recipient_gone");
  if (!IsSendableAddress(to->address)) return dropped("address_not_sendable");
  Vars vars = std::move(m.vars);
  vars["base_url"] = options_.base_url;
  RK_ASSIGN_OR_RETURN(Rendered r, templates_.Render(m.template_name, to->language, vars));
  const std::string domain = options_.from.address.substr(options_.from.address.find('@') + 1);
  const Envelope envelope{options_.from, job.id + "@" + domain, job.started_at, "=_rk_" + job.id};
  RK_ASSIGN_OR_RETURN(std::string mime, BuildMime({to->address, r.subject, r.text, r.html}, envelope));
  RK_TRY(transport_->Send({job.id, job.started_at, options_.from.address, to->address, std::move(mime)}));
  log::Info("mail_sent", {{"template", m.template_name},
                          {"language", r.language},
                          {"job_id", job.id},
                          {"attempt", std::int64_t{job.attempt}}});
  return {};
}

}  // namespace rk::mail
