#include "platform/bus/bus.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace rk::bus {
namespace {

constexpr const char* kChannel = "rekindle_live";
constexpr std::string_view kContext = "rekindle_live";  // associated data of sealed payloads
// A NOTIFY payload must be shorter than 8,000 bytes.
constexpr std::size_t kNotifyMax = 7900;
// Payloads sent per round trip.
constexpr std::size_t kBatch = 64;

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class InProcessBus final : public Bus {
 public:
  void SetHandler(Handler h) override { handler_ = std::move(h); }
  Status Publish(std::string payload) override {
    if (payload.size() > kMaxPayload) return Error::Invalid("live event too large");
    if (handler_) handler_(payload);
    return {};
  }
  std::string_view kind() const override { return "in-process"; }
  std::uint64_t dropped() const override { return 0; }

 private:
  Handler handler_;
};

class PostgresBus final : public Bus {
 public:
  PostgresBus(PGconn* listen, PGconn* notify, const crypto::Sealer& sealer, PostgresBusOptions options)
      : listen_(listen), notify_(notify), sealer_(sealer), options_(options), origin_(crypto::RandomToken(6)) {}
  ~PostgresBus() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    ready_.notify_all();
    if (listener_.joinable()) listener_.join();
    if (sender_.joinable()) sender_.join();
    PQfinish(listen_);
    PQfinish(notify_);
  }

  void SetHandler(Handler h) override {
    handler_ = std::move(h);
    listener_ = std::thread([this] { Listen(); });
    sender_ = std::thread([this] { Send(); });
  }

  Status Publish(std::string payload) override {
    if (payload.size() > kMaxPayload) return Error::Invalid("live event too large");
    {
      std::lock_guard lock(mu_);
      if (queue_.size() >= options_.queue_limit) {
        const std::uint64_t n = ++dropped_;
        // One line per thousand drops: a full queue must not flood the log as well.
        if (n % 1000 == 1) log::Warn("bus_queue_full", {{"dropped", static_cast<std::int64_t>(n)}});
        return Error::Unavailable("live events are not available right now");
      }
      queue_.push_back(std::move(payload));
    }
    ready_.notify_one();
    return {};
  }
  std::string_view kind() const override { return "postgresql"; }
  std::uint64_t dropped() const override { return dropped_.load(); }

  bool Subscribe() {
    PGresult* r = PQexec(listen_, "LISTEN rekindle_live");
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
  }

 private:
  // The sender thread: seals queued payloads and sends them, a batch per statement.
  void Send() {
    std::vector<std::string> batch;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (stop_ && queue_.empty()) return;
        while (!queue_.empty() && batch.size() < kBatch) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      std::vector<std::string> parts;
      for (const std::string& payload : batch) {
        const std::string sealed = sealer_.Seal(payload, kContext);
        for (std::string& p : SplitParts(origin_, ++number_, sealed, kNotifyMax)) parts.push_back(std::move(p));
      }
      if (!Notify(parts) && !(PQreset(notify_), Notify(parts))) {
        dropped_ += batch.size();
        log::Warn("bus_notify_failed", {{"error", PQerrorMessage(notify_)}, {"dropped", static_cast<std::int64_t>(batch.size())}});
      }
    }
  }

  // One statement, so one transaction: PostgreSQL delivers its notifications together.
  bool Notify(const std::vector<std::string>& parts) {
    if (PQstatus(notify_) != CONNECTION_OK) return false;
    const std::string array = TextArrayLiteral(parts);
    const char* params[] = {kChannel, array.c_str()};
    PGresult* r = PQexecParams(notify_, "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", 2, nullptr, params,
                               nullptr, nullptr, 0);
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
  }

  // The listener thread: receives every server's notifications and hands complete,
  // opened payloads to the handler.
  void Listen() {
    Assembler assembler;
    while (!stopping()) {
      if (PQstatus(listen_) != CONNECTION_OK) {
        PQreset(listen_);
        if (!Subscribe()) {
          std::this_thread::sleep_for(std::chrono::seconds(1));
          continue;
        }
        log::Info("bus_reconnected");
      }
      pollfd p{PQsocket(listen_), POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      if (!PQconsumeInput(listen_)) continue;
      while (PGnotify* n = PQnotifies(listen_)) {
        std::optional<std::string> sealed = assembler.Add(n->extra, SteadyMs());
        PQfreemem(n);
        // Only sealed payloads are taken: a plain one did not come from a server.
        if (!sealed || !crypto::Sealer::IsSealed(*sealed)) continue;
        auto payload = sealer_.Open(*sealed, kContext);
        if (!payload.ok()) {
          log::Warn("bus_payload_unreadable");
          continue;
        }
        if (handler_) handler_(*payload);
      }
    }
  }

  bool stopping() {
    std::lock_guard lock(mu_);
    return stop_;
  }

  PGconn* listen_;  // listener thread only
  PGconn* notify_;  // sender thread only
  const crypto::Sealer& sealer_;
  const PostgresBusOptions options_;
  const std::string origin_;
  std::uint64_t number_ = 0;  // sender thread only
  Handler handler_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;  // GUARDED_BY(mu_)
  bool stop_ = false;              // GUARDED_BY(mu_)
  std::atomic<std::uint64_t> dropped_{0};
  std::thread listener_;
  std::thread sender_;
};

}  // namespace

std::vector<std::string> SplitParts(std::string_view origin, std::uint64_t number, std::string_view sealed,
                                    std::size_t max_bytes) {
  const std::string prefix = std::string(origin) + " " + std::to_string(number) + " ";
  // Room for "<index> <count> " with up to four digits each.
  const std::size_t room = max_bytes - prefix.size() - 10;
  const std::size_t count = std::max<std::size_t>(1, (sealed.size() + room - 1) / room);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(prefix + std::to_string(i) + " " + std::to_string(count) + " " +
                  std::string(sealed.substr(i * room, room)));
  return out;
}

std::string TextArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::optional<std::string> Assembler::Add(std::string_view part, std::int64_t now_ms, std::int64_t max_age_ms) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now_ms - it->second.started > max_age_ms) it = pending_.erase(it);
    else ++it;
  }
  // "<origin> <number> <index> <count> <text>"
  std::string_view fields[4];
  for (auto& f : fields) {
    const auto space = part.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    f = part.substr(0, space);
    part.remove_prefix(space + 1);
  }
  std::size_t index = 0, count = 0;
  try {
    index = std::stoul(std::string(fields[2]));
    count = std::stoul(std::string(fields[3]));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (count == 0 || index >= count || count > kMaxPayload / 1000 + 1) return std::nullopt;
  if (count == 1) return std::string(part);
  const std::string key = std::string(fields[0]) + " " + std::string(fields[1]);
  Pending& p = pending_[key];
  if (p.parts.empty()) {
    p.parts.resize(count);
    p.started = now_ms;
  }
  if (p.parts.size() != count || !p.parts[index].empty()) return std::nullopt;
  p.parts[index] = std::string(part);
  if (++p.have < count) return std::nullopt;
  std::string whole;
  for (const std::string& s : p.parts) whole += s;
  pending_.erase(key);
  return whole;
}

std::unique_ptr<Bus> NewInProcessBus() { return std::make_unique<InProcessBus>(); }

Result<std::unique_ptr<Bus>> NewPostgresBus(const std::string& url, const crypto::Sealer& sealer,
                                            PostgresBusOptions options) {
  PGconn* listen = PQconnectdb(url.c_str());
  PGconn* notify = PQconnectdb(url.c_str());
  if (PQstatus(listen) != CONNECTION_OK || PQstatus(notify) != CONNECTION_OK) {
    std::string error = PQerrorMessage(PQstatus(listen) != CONNECTION_OK ? listen : notify);
    PQfinish(listen);
    PQfinish(notify);
    return Error::Unavailable("live bus cannot connect to PostgreSQL: " + error);
  }
  auto bus = std::make_unique<PostgresBus>(listen, notify, sealer, options);
  if (!bus->Subscribe()) return Error::Unavailable("live bus cannot LISTEN");
  return std::unique_ptr<Bus>(std::move(bus));
}

}  // namespace rk::bus
