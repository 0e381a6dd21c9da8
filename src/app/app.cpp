#include "app/app.hpp"

#include <malloc.h>

#include <cstdio>
#include <chrono>
#include <filesystem>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/access.hpp"
#include "app/embedded.hpp"
#include "app/features.hpp"
#include "app/jobs.hpp"
#include "features/accounts/people.hpp"
#include "features/couples/access.hpp"
#include "platform/base/clock.hpp"
#include "features/accounts/routes.hpp"
#include "features/couples/access.hpp"
#include "features/couples/routes.hpp"
#include "features/chat/routes.hpp"
#include "features/conversations/routes.hpp"
#include "features/daily/routes.hpp"
#include "features/desires/routes.hpp"
#include "features/learn/routes.hpp"
#include "features/together/routes.hpp"
#include "features/selfcare/routes.hpp"
#include "features/care/care.hpp"
#include "features/care/directory.hpp"
#include "features/booking/sessions.hpp"
#include "features/triangle/routes.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/http/json.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"
#include "platform/mail/mail.hpp"

namespace rk::app {

std::string_view CommonPasswords() {
  for (std::size_t i = 0; i < embedded::kData_count; ++i)
    if (embedded::kData[i].name == "common-passwords-10k.txt") return embedded::kData[i].data;
  return {};
}

void RegisterFeatureRoutes(http::Router& router, const Features& f) {
  accounts::RegisterRoutes(router, f.accounts);
  couples::RegisterRoutes(router, f.couples);
  triangle::RegisterRoutes(router, f.triangle);
  learn::RegisterRoutes(router, f.learn);
  daily::RegisterRoutes(router, f.daily);
  desires::RegisterRoutes(router, f.desires);
  conversations::RegisterRoutes(router, f.conversations);
  chat::RegisterRoutes(router, f.chat);
  together::RegisterRoutes(router, f.together);
  selfcare::RegisterRoutes(router, f.selfcare);
  insights::RegisterRoutes(router, f.insights);
  therapists::RegisterRoutes(router, f.therapists);
  care::RegisterRoutes(router, f.care);
  booking::RegisterRoutes(router, f.booking);
  video::RegisterRoutes(router, f.video);
  admin::RegisterRoutes(router, f.admin);
  notes::RegisterRoutes(router, f.notes);
  room::RegisterRoutes(router, f.room);
  consent::RegisterRoutes(router, f.consent);
  outcomes::RegisterRoutes(router, f.outcomes);
}

std::map<std::string, std::string> MailTemplateFiles() {
  std::map<std::string, std::string> files;
  for (std::size_t i = 0; i < embedded::kMail_count; ++i)
    files.emplace(std::string(embedded::kMail[i].name), std::string(embedded::kMail[i].data));
  return files;
}

Result<std::unique_ptr<mail::Mailer>> NewMailer(const config::Config& cfg, const crypto::Sealer& sealer) {
  RK_ASSIGN_OR_RETURN(mail::Templates templates, mail::Templates::Load(MailTemplateFiles()));
  auto from = mail::ParseMailbox(cfg.mail_from);
  if (!from.ok()) return Error::Invalid("mail.from: " + from.error().message);
  std::unique_ptr<mail::Transport> transport;
  if (cfg.smtp_host.empty()) {
    transport = mail::NewFileTransport(cfg.mail_dir);
  } else {
    mail::SmtpOptions o;
    o.host = cfg.smtp_host;
    o.port = cfg.smtp_port;
    o.username = cfg.smtp_username;
    o.password = cfg.smtp_password;
    o.require_starttls = cfg.smtp_starttls == "required";
    o.ca_file = cfg.smtp_ca_file;
    o.helo = from->address.substr(from->address.find('@') + 1);
    // A conversation must end well within the job's lease, or another worker would send
    // the message again while this one is still at it.
    o.timeout = std::min(cfg.smtp_timeout, cfg.jobs_lease / 2);
    o.connect_timeout = std::min(o.connect_timeout, o.timeout);
    transport = mail::NewSmtpTransport(std::move(o));
  }
  std::string base_url = cfg.public_url;
  while (base_url.ends_with('/')) base_url.pop_back();
  return std::make_unique<mail::Mailer>(std::move(templates), std::move(transport), sealer, accounts::MailRecipient,
                                        mail::MailerOptions{*from, base_url});
}

std::vector<db::Migration> Migrations() {
  std::vector<db::Migration> out;
  for (std::size_t i = 0; i < embedded::kMigrations_count; ++i) {
    const auto& f = embedded::kMigrations[i];
    const std::string_view name = f.name;
    out.push_back({std::stoi(std::string(name.substr(0, 4))), name.substr(5, name.size() - 9), f.data});
  }
  return out;
}

Result<std::unique_ptr<db::Database>> OpenAndMigrate(const config::Config& cfg, std::size_t pool) {
  if (cfg.database.starts_with("sqlite:") && cfg.database != "sqlite::memory:") {
    const std::filesystem::path file(cfg.database.substr(7));
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  }
  RK_ASSIGN_OR_RETURN(auto db, db::Database::Connect(cfg.database, pool));
  const auto migrations = Migrations();
  {
    RK_ASSIGN_OR_RETURN(auto conn, db->Acquire());
    RK_TRY(db::Migrate(*conn, migrations, SystemClock::Instance().Now()));
  }
  return db;
}

namespace {

// Every 30 seconds, hands heap pages the allocator holds free back to the system, so a
// burst (password hashing, a spike of requests) does not leave the process large for
// good. Runs on a thread of its own: trimming takes a few milliseconds. The wait returns
// its predicate both on a timeout and on a stop, so the predicate must be the stop:
// with a constant false the loop spins on malloc_trim after a stop and the server never
// exits.
void ReturnFreedMemory(std::stop_token stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  while (!cv.wait_for(lock, stop, std::chrono::seconds(30), [&stop] { return stop.stop_requested(); })) malloc_trim(0);
}


Result<std::unique_ptr<crypto::Sealer>> OpenSealer(const config::Config& cfg) {
  if (!cfg.data_key.empty()) {
    const auto colon = cfg.data_key.find(':');
    if (colon == std::string::npos) return Error::Invalid("data_key must be ID:BASE64URL");
    return crypto::Sealer::FromKey(cfg.data_key.substr(0, colon), cfg.data_key.substr(colon + 1));
  }
  return crypto::Sealer::FromFile(cfg.key_file);
}

void AddOperationalRoutes(http::Router& router, db::Database& db, http::Metrics& metrics, live::Hub& hub,
                          const bus::Bus& bus, std::string metrics_token) {
  using http::Policy;
  using http::Work;
  router.Add(http::Method::kGet, "/api/v1/health", Policy::Public(), Work::kRead, [&db](http::Request& req) -> Result<http::Response> {
    const std::string database(db.dialect_name());
    if (!req.db().Query("SELECT 1").ok())
      return http::Json(503, boost::json::object{{"status", "unavailable"}, {"database", database}});
    return http::Json(200, boost::json::object{{"status", "ok"}, {"database", database}});
  });
  router.Add(http::Method::kGet, "/metrics", Policy::Public(), Work::kNone,
             [&metrics, &db, &hub, &bus, token = std::move(metrics_token)](http::Request& req) -> Result<http::Response> {
    // Off the public port unless a token is configured: counts by route tell what people
    // do and when (a couple's desire-map activity, say).
    if (token.empty()) return Error::NotFound("There is no such endpoint.");
    const std::string_view auth = req.Header("authorization");
    if (!auth.starts_with("Bearer ") || !crypto::ConstantTimeEquals(auth.substr(7), token))
      return Error::Unauthenticated("Metrics need the metrics token.");
    metrics.SetGauge("rekindle_db_connections_idle", static_cast<std::int64_t>(db.idle()));
    metrics.SetGauge("rekindle_db_requests_waiting", static_cast<std::int64_t>(db.waiting()));
    metrics.SetGauge("rekindle_db_engine_memory_bytes", db.engine_memory());
    const struct mallinfo2 heap = mallinfo2();
    metrics.SetGauge("rekindle_heap_in_use_bytes", static_cast<std::int64_t>(heap.uordblks + heap.hblkhd));
    metrics.SetGauge("rekindle_heap_free_bytes", static_cast<std::int64_t>(heap.fordblks));
    metrics.SetGauge("rekindle_live_connections", static_cast<std::int64_t>(hub.connections()));
    metrics.SetGauge("rekindle_live_people_buffered", static_cast<std::int64_t>(hub.people()));
    metrics.SetGauge("rekindle_live_bus_dropped_total", static_cast<std::int64_t>(bus.dropped()));
    return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.Render(), {}};
  });
  router.Add(http::Method::kGet, "/api/v1/live", Policy::Public(), Work::kNone, [](http::Request&) -> Result<http::Response> {
    return http::Problem(Error{ErrorCode::kUpgradeRequired, "Open /api/v1/live as a WebSocket.", {}, 0}).With("Upgrade", "websocket");
  });
}

// The partner of `user_id`, for live connections (who chat.typing and relay go to).
}  // namespace

// Logs why the server cannot start and returns the exit code for it.
int StartupFailed(const Error& e) {
  log::Error("startup_failed", {{"error", e.message}});
  std::fprintf(stderr, "rekindle: %s\n", e.message.c_str());
  return 1;
}

int Serve(const config::Config& cfg, const TestHooks* hooks) {
  // Content first: a broken content file stops the server before it listens.
  auto catalog = triangle::Catalog::LoadDirectory(cfg.content_dir + "/instruments");
  if (!catalog.ok()) return StartupFailed(catalog.error());
  auto questions = daily::LoadContent(cfg.content_dir + "/daily");
  if (!questions.ok()) return StartupFailed(questions.error());
  auto desire_items = desires::LoadContent(cfg.content_dir + "/desires");
  if (!desire_items.ok()) return StartupFailed(desire_items.error());
  auto guides = conversations::LoadContent(cfg.content_dir + "/conversations");
  if (!guides.ok()) return StartupFailed(guides.error());
  auto library = learn::Library::LoadDirectory(cfg.content_dir + "/articles");
  if (!library.ok()) return StartupFailed(library.error());
  auto messages = http::Messages::LoadDirectory(cfg.content_dir + "/messages");
  if (!messages.ok()) return StartupFailed(messages.error());
  auto care_content = care::LoadContent(cfg.content_dir + "/care");
  if (!care_content.ok()) return StartupFailed(care_content.error());

  const int threads = cfg.threads > 0 ? cfg.threads : http::DefaultThreads();
  // One more for the therapist directory's background passes.
  const int pool = cfg.db_pool > 0 ? cfg.db_pool : threads + cfg.jobs_workers + 1;
  db::LimitEngineMemory(static_cast<std::int64_t>(cfg.db_sqlite_memory_mib) << 20);
  auto db = OpenAndMigrate(cfg, static_cast<std::size_t>(pool));
  if (!db.ok()) {
    return StartupFailed(db.error());
  }

  auto sealer = OpenSealer(cfg);
  if (!sealer.ok()) {
    return StartupFailed(sealer.error());
  }
  // Test builds run on a clock that tests can move; release builds on the system's.
  OffsetClock test_clock;
  const Clock& clock = hooks ? static_cast<const Clock&>(test_clock) : SystemClock::Instance();
  const accounts::PasswordPolicy policy(CommonPasswords());
  accounts::Context accounts_ctx{policy, crypto::PasswordCost{cfg.password_hash_ops, cfg.password_hash_mem_mib << 20},
                                 cfg.secure()};
  couples::Context couples_ctx;
  triangle::Context triangle_ctx{*catalog, **sealer};
  learn::Context learn_ctx{*library};
  daily::Context daily_ctx{*questions, **sealer};
  desires::Context desires_ctx{*desire_items, **sealer};
  conversations::Context conversations_ctx{*guides, **sealer};
  chat::Context chat_ctx{**sealer};
  together::Context together_ctx{**sealer};
  selfcare::Context selfcare_ctx{**sealer};
  insights::Context insights_ctx{*catalog, **sealer};
  therapists::Context therapists_ctx{cfg.care_currency};
  care::Directory directory(clock, cfg.care_directory_refresh);
  care::Context care_ctx{*care_content, **sealer, directory, cfg.care_currency};
  booking::Context booking_ctx;
  video::Context video_ctx{video::IceOptions{cfg.video_stun_urls, cfg.video_turn_urls, cfg.video_turn_secret,
                                             cfg.video_turn_ttl, cfg.video_relay_only}};
  care_ctx.on_end.push_back(booking::CancelUpcoming);
  admin::Context admin_ctx;
  notes::Context notes_ctx{**sealer};
  room::Context room_ctx{**sealer};
  consent::Context consent_ctx{*catalog, **sealer};
  std::string public_url = cfg.public_url;
  while (public_url.ends_with('/')) public_url.pop_back();
  // Without a public address, people's ids are named as rekindle's own (unique only here).
  outcomes::Context outcomes_ctx{*catalog, **sealer, public_url.empty() ? "urn:rekindle:person" : public_url + "/people"};
  if (cfg.signups_per_address_per_hour > 0)
    accounts_ctx.signups_by_address = std::make_unique<http::RateLimiter>(cfg.signups_per_address_per_hour, kHour);
  // Erasure removes what the person wrote everywhere (docs/privacy.md), in one transaction.
  accounts_ctx.on_erase.push_back(couples::LeaveIfMember);
  accounts_ctx.on_erase.push_back(chat::EraseAuthor);
  accounts_ctx.on_erase.push_back(conversations::EraseStarter);
  accounts_ctx.on_erase.push_back(selfcare::EraseAuthor);
  if (Status s = accounts::Prepare(accounts_ctx); !s.ok()) {
    return StartupFailed(s.error());
  }
  auto mailer = NewMailer(cfg, **sealer);
  if (!mailer.ok()) return StartupFailed(mailer.error());
  accounts_ctx.mailer = mailer->get();
  together_ctx.mailer = mailer->get();
  booking_ctx.mailer = mailer->get();
  admin_ctx.mailer = mailer->get();
  accounts_ctx.sealer = sealer->get();
  if (cfg.signups_per_email_per_hour > 0)
    accounts_ctx.signups_by_email = std::make_unique<http::RateLimiter>(cfg.signups_per_email_per_hour, kHour);
  if (cfg.password_resets_per_address_per_hour > 0)
    accounts_ctx.resets_by_address = std::make_unique<http::RateLimiter>(cfg.password_resets_per_address_per_hour, kHour);
  if (cfg.password_resets_per_email_per_hour > 0)
    accounts_ctx.resets_by_email = std::make_unique<http::RateLimiter>(cfg.password_resets_per_email_per_hour, kHour);

  // Live events: in-process, or across servers by PostgreSQL LISTEN/NOTIFY.
  std::unique_ptr<bus::Bus> events;
  if ((*db)->dialect() == db::Dialect::kPostgres) {
    auto pg = bus::NewPostgresBus(cfg.database, **sealer, bus::PostgresBusOptions{cfg.live_bus_queue});
    if (!pg.ok()) {
      return StartupFailed(pg.error());
    }
    events = std::move(pg).value();
  } else {
    events = bus::NewInProcessBus();
  }
  live::Hub hub(crypto::RandomToken(6),
                live::HubOptions{cfg.live_replay_frames, cfg.live_replay_bytes, cfg.live_replay_retention}, clock);
  live::Live live(*events, hub);
  daily_ctx.live = &live;
  conversations_ctx.live = &live;
  chat_ctx.live = &live;
  together_ctx.live = &live;
  accounts_ctx.live = &live;
  couples_ctx.live = &live;
  admin_ctx.live = &live;
  video_ctx.live = &live;
  room_ctx.live = &live;

  http::Metrics metrics;
  http::Router router;
  AddOperationalRoutes(router, **db, metrics, hub, *events, cfg.metrics_token);
  AddOperatorJobRoutes(router);
  if (hooks) hooks->add_routes(router, test_clock);
  RegisterFeatureRoutes(router, {accounts_ctx, couples_ctx, triangle_ctx, learn_ctx, daily_ctx, desires_ctx,
                                 conversations_ctx, chat_ctx, together_ctx, selfcare_ctx, insights_ctx,
                                 therapists_ctx, care_ctx, booking_ctx, video_ctx, admin_ctx, consent_ctx, room_ctx,
                                 notes_ctx, outcomes_ctx});

  jobs::Queue queue(**db, clock, JobOptions(cfg, metrics));
  RegisterJobs(queue, cfg, accounts_ctx, **mailer);
  together::RegisterJobs(queue, together_ctx);
  booking::RegisterJobs(queue, booking_ctx);
  admin::RegisterJobs(queue, admin_ctx);
  accounts_ctx.wake_jobs = [&queue] { queue.Wake(); };
  admin_ctx.wake_jobs = [&queue] { queue.Wake(); };
  if (hooks && hooks->add_jobs) {
    if (Status s = hooks->add_jobs(queue, **db); !s.ok()) return StartupFailed(s.error());
  }

  http::StaticFiles files(cfg.web_root);
  http::ServerOptions opts;
  opts.host = cfg.host();
  opts.port = cfg.port();
  opts.threads = threads;
  opts.header_limit = cfg.header_limit;
  opts.body_limit = cfg.body_limit;
  opts.read_timeout = cfg.read_timeout;
  opts.idle_timeout = cfg.idle_timeout;
  // As many connections as open files allow (raised to the hard limit), unless configured.
  const std::uint64_t open_files = http::RaiseOpenFileLimit();
  opts.max_connections = cfg.max_connections > 0 ? cfg.max_connections : http::ConnectionCapFor(open_files);
  // Behind a proxy every client shares the proxy's address: the proxy caps per client.
  opts.connections_per_address = cfg.trust_proxy ? 0 : cfg.connections_per_address;
  opts.live_connections_per_person = cfg.live_connections_per_person;
  opts.db_acquire_timeout = cfg.db_acquire_timeout;
  opts.compute_threads = cfg.compute_threads;
  opts.compute_queue = cfg.compute_queue;
  opts.secure = cfg.secure();
  opts.trust_proxy = cfg.trust_proxy;
  opts.access_log = cfg.access_log;
  opts.messages = &*messages;
  opts.live = &live;
  opts.live_queue_limit = cfg.live_queue_frames;
  opts.live_message_max = cfg.live_message_bytes;
  opts.live_limits.frames_per_second = cfg.live_frames_per_second;
  if (!cfg.public_url.empty()) {
    const auto scheme_end = cfg.public_url.find("://");
    const auto path_start = cfg.public_url.find('/', scheme_end + 3);
    opts.public_origin = cfg.public_url.substr(0, path_start);
  }
  Access access(accounts_ctx, cfg.shared_reads_per_hour);
  http::Server server(opts, router, files, http::Services{**db, access, clock, metrics});
  auto port = server.Bind();
  if (!port.ok()) {
    return StartupFailed(port.error());
  }
  log::Info("listening", {{"host", opts.host},
                          {"port", std::int64_t{*port}},
                          {"database", (*db)->dialect_name()},
                          {"threads", std::int64_t{threads}},
                          {"db_pool", std::int64_t{pool}},
                          {"max_connections", std::int64_t{opts.max_connections}},
                          {"open_files", static_cast<std::int64_t>(open_files)},
                          {"live_bus", events->kind()}});
  // Links in e-mails point at public_url, or at this server when none is configured.
  if ((*mailer)->base_url().empty()) {
    const std::string host = opts.host.find(':') != std::string::npos ? "[" + opts.host + "]" : opts.host;
    (*mailer)->set_base_url("http://" + host + ":" + std::to_string(*port));
  }
  log::Info("mail", {{"transport", (*mailer)->transport_kind()}});
  if (cfg.smtp_host.empty()) log::Warn("mail_to_files", {{"dir", cfg.mail_dir}});
  queue.Start(cfg.jobs_workers);
  directory.Start(**db);
  std::jthread housekeeping(ReturnFreedMemory);
  server.Run();
  housekeeping.request_stop();
  directory.Stop();
  queue.Stop();
  (*db)->Close();
  log::Info("database_closed");
  return 0;
}

int RotateKey(const config::Config& cfg) {
  auto failed = [](const Error& e) {
    log::Error("rotate_failed", {{"error", e.message}});
    return 1;
  };
  auto db = OpenAndMigrate(cfg, 1);
  if (!db.ok()) {
    return failed(db.error());
  }
  auto sealer = OpenSealer(cfg);
  if (!sealer.ok()) {
    return failed(sealer.error());
  }
  auto id = (*sealer)->AddKeyToFile();
  if (!id.ok()) {
    return failed(id.error());
  }
  log::Info("key_added", {{"key_id", *id}});
  // Running servers switch to the new key within Sealer::kRecheckSeconds; passes repeat
  // until one finds nothing left under an older key after that time.
  const Clock& clock = SystemClock::Instance();
  const Millis started = clock.Now();
  std::int64_t total = 0;
  for (int pass = 1; pass <= 20; ++pass) {
    auto conn = (*db)->Acquire();
    if (!conn.ok()) {
      return failed(conn.error());
    }
    std::int64_t n = 0;
    for (auto reseal : {triangle::Reseal, daily::Reseal, desires::Reseal, conversations::Reseal, chat::Reseal, together::Reseal,
                        selfcare::Reseal, care::Reseal, room::Reseal, notes::Reseal,
                        outcomes::Reseal}) {
      auto r = reseal(**conn, **sealer);
      if (!r.ok()) {
        return failed(r.error());
      }
      n += *r;
    }
    total += n;
    log::Info("reseal_pass", {{"pass", std::int64_t{pass}}, {"resealed", n}});
    if (n == 0 && clock.Now() - started > (crypto::Sealer::kRecheckSeconds + 1) * kSecond) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  log::Info("key_rotated", {{"key_id", *id}, {"resealed", total}});
  return 0;
}

int GrantOperator(const config::Config& cfg, const std::string& email) {
  auto db = OpenAndMigrate(cfg, 1);
  if (!db.ok()) return StartupFailed(db.error());
  auto granted = (*db)->Transaction<bool>([&](db::Connection& c) -> Result<bool> {
    RK_TRY(accounts::GrantRoleByEmail(c, email, http::Role::kOperator, SystemClock::Instance().Now()));
    return true;
  });
  if (!granted.ok()) {
    log::Error("grant_failed", {{"error", granted.error().message}});
    std::fprintf(stderr, "rekindle: %s\n", granted.error().message.c_str());
    return 1;
  }
  log::Info("operator_granted", {{"role", "operator"}});
  return 0;
}

}  // namespace rk::app
