#pragma once
// The server without its socket, for fuzz targets: the real route table of every
// feature over the shipped content, a fixed data key, an in-memory SQLite database with
// the embedded migrations, and two people in a couple (ana and ben) signed up through
// the real handlers (sign-up, then the link from the e-mail job it enqueued). Call() runs a request through the route's policy, handler steps
// and unit of work like the server does, then rolls everything back, so every input
// starts from the same database. Password hashing runs at libsodium's minimum cost.

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/access.hpp"
#include "app/app.hpp"
#include "app/features.hpp"
#include "app/jobs.hpp"
#include "features/care/care.hpp"
#include "features/care/directory.hpp"
#include "features/couples/access.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"
#include "platform/http/http.hpp"
#include "platform/mail/mail.hpp"
#include "platform/mail/testing.hpp"

namespace rk::fuzz {

// Stops the fuzzer at start-up when its fixture cannot be built (not a finding).
template <class T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "fuzz fixture: %s: %s\n", what, r.error().message.c_str());
    std::abort();
  }
  return std::move(r).value();
}

class App {
 public:
  static App& Get() {
    static App* app = new App();  // never destroyed: the fuzzer exits without unwinding
    return *app;
  }

  // 2026-11-21T12:00:00Z: every request runs at the same instant.
  static constexpr Millis kNow = 1'795'262'400'000;

  const http::Router& router() const { return router_; }
  const std::string& token() const { return token_; }  // ana's bearer token

  // Runs `req` (its principal unset: the bearer token or cookie in its headers is
  // authenticated) like the server: route, policy, every step. Returns 404/405 problems
  // for unmatched paths. With `keep`, commits; otherwise rolls back.
  http::Response Call(http::Request& req, bool keep = false) {
    http::Router::Match m = router_.Find(req.method, req.path, req.params);
    if (!m.route) return http::Problem(Error::NotFound("no such endpoint"));
    if (!keep && !conn_->Begin().ok()) std::abort();
    http::Route step = *m.route;
    step.work = m.route->first_step;
    http::Response res;
    for (int n = 0; n < 8; ++n) {
      // Inside the fuzzer's own transaction, the unit of work must not open another.
      if (!keep && step.work == http::Work::kWrite) step.work = http::Work::kRead;
      req.now = kNow;
      res = unit_.Run(step, req, conn_.get());
      auto next = req.TakeNext();
      if (!next) break;
      step.work = next->first;
      step.handler = std::move(next->second);
    }
    if (!keep) (void)conn_->Rollback();
    return res;
  }

  // A JSON request as ana (or `token`), for setting up.
  boost::json::value Setup(http::Method method, std::string path, std::string body, const std::string& token) {
    http::Request req;
    req.method = method;
    req.path = std::move(path);
    req.body = std::move(body);
    req.headers = {{"content-type", "application/json"}};
    if (!token.empty()) req.headers.emplace_back("authorization", "Bearer " + token);
    http::Response res = Call(req, /*keep=*/true);
    if (res.status >= 300) {
      std::fprintf(stderr, "fuzz fixture: %s: %d %s\n", req.path.c_str(), res.status, res.body.c_str());
      std::abort();
    }
    return boost::json::parse(res.body);
  }

 private:
  App()
      : catalog_(Must(triangle::Catalog::LoadDirectory(Dir("instruments")), "instruments")),
        questions_(Must(daily::LoadContent(Dir("daily")), "daily")),
        desire_items_(Must(desires::LoadContent(Dir("desires")), "desires")),
        guides_(Must(conversations::LoadContent(Dir("conversations")), "conversations")),
        library_(Must(learn::Library::LoadDirectory(Dir("articles")), "articles")),
        sealer_(Must(crypto::Sealer::FromKey("fuzz", std::string(43, 'A')), "sealer")),
        mailer_(Must(mail::Templates::Load(app::MailTemplateFiles()), "mail templates"),
                std::make_unique<mail::testing::MemoryTransport>(), *sealer_, accounts::MailRecipient,
                mail::MailerOptions{{"rekindle", "no-reply@example.org"}, "https://rekindle.example.org"}),
        policy_(app::CommonPasswords()),
        accounts_{policy_, crypto::PasswordCost{1, 8192}},
        triangle_{catalog_, *sealer_},
        learn_{library_},
        daily_{questions_, *sealer_},
        desires_{desire_items_, *sealer_},
        conversations_{guides_, *sealer_},
        chat_{*sealer_},
        together_{*sealer_, &mailer_},
        selfcare_{*sealer_},
        insights_{catalog_, *sealer_},
        care_content_(Must(care::LoadContent(Dir("care")), "care")),
        care_{care_content_, *sealer_, directory_},
        consent_{catalog_, *sealer_},
        room_{*sealer_},
        notes_{*sealer_},
        outcomes_{catalog_, *sealer_, "https://rekindle.example.org/people"},
        access_(accounts_),
        unit_(access_),
        conn_(Must(db::Open("sqlite::memory:"), "database")) {
    const auto migrations = app::Migrations();
    Must(db::Migrate(*conn_, migrations, kNow), "migrations");
    if (!accounts::Prepare(accounts_).ok()) std::abort();
    accounts_.mailer = &mailer_;
    accounts_.sealer = sealer_.get();
    admin_.mailer = &mailer_;
    accounts_.on_erase.push_back(couples::LeaveIfMember);
    app::AddOperatorJobRoutes(router_);
    app::RegisterFeatureRoutes(router_, {accounts_, couples_, triangle_, learn_, daily_, desires_, conversations_, chat_, together_, selfcare_,
                                           insights_, therapists_, care_, booking_, video_, admin_, consent_, room_, notes_, outcomes_});

    using http::Method;
    token_ = SignUp(R"({"email":"ana@example.org","password":"a long fuzzing passphrase","display_name":"Ana"})");
    const std::string ben_token =
        SignUp(R"({"email":"ben@example.org","password":"another fuzzing passphrase","display_name":"Ben"})");
    const auto invite = Setup(Method::kPost, "/api/v1/couple/invites", "{}", token_);
    Setup(Method::kPost, "/api/v1/couple/join",
          boost::json::serialize(boost::json::object{{"code", invite.at("code")}}), ben_token);
    Setup(Method::kPost, "/api/v1/chat/messages", R"({"text":"hello"})", ben_token);
  }

  // Signs up through the API and finishes with the link from the e-mail job; returns
  // the bearer token.
  std::string SignUp(const std::string& body) {
    Setup(http::Method::kPost, "/api/v1/accounts", body, "");
    auto row = Must(conn_->QueryOne("SELECT payload FROM jobs WHERE kind = 'mail.send'"), "mail job");
    if (!row) std::abort();
    const auto mail = Must(mailer_.Open(row->Text(0)), "mail payload");
    Must(conn_->Exec("DELETE FROM jobs WHERE kind = 'mail.send'"), "mail job");
    const auto verified = Setup(http::Method::kPost, "/api/v1/email-verifications",
                                boost::json::serialize(boost::json::object{{"token", mail.vars.at("token")}}), "");
    return std::string(verified.at("token").as_string());
  }

  static std::string Dir(const char* name) { return std::string(REKINDLE_SOURCE_DIR) + "/content/" + name; }

  triangle::Catalog catalog_;
  daily::Content questions_;
  desires::Content desire_items_;
  conversations::Content guides_;
  learn::Library library_;
  std::unique_ptr<crypto::Sealer> sealer_;
  mail::Mailer mailer_;
  accounts::PasswordPolicy policy_;
  accounts::Context accounts_;
  couples::Context couples_;
  triangle::Context triangle_;
  learn::Context learn_;
  daily::Context daily_;
  desires::Context desires_;
  conversations::Context conversations_;
  chat::Context chat_;
  together::Context together_;
  selfcare::Context selfcare_;
  insights::Context insights_;
  therapists::Context therapists_{};
  // The directory never runs its passes here: its index stays empty.
  care::Directory directory_{SystemClock::Instance(), kMinute};
  care::Content care_content_;
  care::Context care_;
  booking::Context booking_{&mailer_};
  video::Context video_;
  admin::Context admin_{};
  consent::Context consent_;
  room::Context room_;
  notes::Context notes_;
  outcomes::Context outcomes_;
  app::Access access_;
  http::UnitOfWork unit_;
  std::unique_ptr<db::Connection> conn_;
  http::Router router_;
  std::string token_;
};

}  // namespace rk::fuzz
