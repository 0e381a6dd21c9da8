#pragma once
// E-mail through the durable job queue: features enqueue a message inside their own
// transaction (an outbox), and a worker renders and sends it afterwards, retrying with
// backoff while the mail server is away.
//
// What lands in the jobs table: kind "mail.send" and one sealed value (the data key's
// XChaCha20-Poly1305) holding the recipient's reference, the template's name and its
// values, which may include a single-use token. Never an address: the recipient is
// looked up when the message is sent, so an account erased meanwhile gets nothing. The
// queue empties the payload once the job is done. Log lines name the template and the
// job, never an address or a value.
//
// A message is sent at least once: if the process dies after the server took it and
// before the job is marked done, it goes again with the same Message-ID (the job's id),
// by which a receiving server or client can recognise the repeat.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/jobs/jobs.hpp"
#include "platform/mail/message.hpp"
#include "platform/mail/templates.hpp"
#include "platform/mail/transport.hpp"

namespace rk::mail {

inline constexpr std::string_view kJobKind = "mail.send";

// A recipient as found when the message is sent.
struct Recipient {
  std::string address;
  std::string language;  // a language tag; the template falls back to English
};

// Resolves the reference a message was enqueued with ("user:ID", say) on a connection
// in read mode; nullopt when the recipient is gone (the message is then dropped).
using RecipientLookup = std::function<Result<std::optional<Recipient>>(db::Connection&, std::string_view to)>;

// A message to send.
struct Outgoing {
  std::string to;              // a reference the lookup resolves, never an address
  std::string template_name;   // content/mail/<template_name>.<lang>.txt and .html
  Vars vars;                   // the template's values (base_url is added when sending)
  std::optional<Millis> not_after = std::nullopt;  // dropped if not sent by then (its link has expired)
  std::optional<std::string> idempotency_key = std::nullopt;  // the job queue's: one job per key
};

struct MailerOptions {
  Mailbox from;
  std::string base_url;   // where links in messages point (public_url); no trailing slash
  int max_attempts = 12;  // 2 to 3.5 hours of retries with the queue's default backoff
};

class Mailer {
 public:
  // `sealer` must outlive the Mailer.
  Mailer(Templates templates, std::unique_ptr<Transport> transport, const crypto::Sealer& sealer,
         RecipientLookup lookup, MailerOptions options);

  // Enqueues `m` on `c`, inside the caller's transaction. Checks at once that the
  // template exists and gets every value it uses (kInternal otherwise), so that a
  // mistake fails the request that made it rather than a job later.
  Result<std::string> Enqueue(db::Connection& c, const Outgoing& m, Millis now) const;

  // Registers the kind that sends, to run outside any transaction (jobs::Queue::RegisterOutside).
  void Register(jobs::Queue& queue);

  // Sends the message of one job (what the registered handler does). Succeeds without
  // sending when the recipient is gone, their address cannot take mail, or `not_after`
  // has passed; fails (and the job retries) when the transport does.
  Status Send(db::Connection& c, const jobs::Job& job) const;

  // Opens a mail job's payload. For test fixtures that finish a sign-up with no mail
  // server at all.
  Result<Outgoing> Open(std::string_view payload) const;

  // Links in messages start with this. REQUIRES: before the queue starts.
  void set_base_url(std::string url) { options_.base_url = std::move(url); }
  const std::string& base_url() const { return options_.base_url; }
  std::string_view transport_kind() const { return transport_->kind(); }
  const Templates& templates() const { return templates_; }

 private:
  Templates templates_;
  std::unique_ptr<Transport> transport_;
  const crypto::Sealer& sealer_;
  RecipientLookup lookup_;
  MailerOptions options_;
};

}  // namespace rk::mail
