#include "platform/bus/bus.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "platform/log/log.hpp"

namespace rk::bus {
namespace {

constexpr std::size_t kMaxPayload = 7900;
constexpr const char* kChannel = "rekindle_live";

class InProcessBus final : public Bus {
 public:
  void SetHandler(Handler h) override { handler_ = std::move(h); }
  Status Publish(std::string_view key, std::string_view payload) override {
    if (handler_) handler_(std::string(key), std::string(payload));
    return {};
  }
  std::string_view kind() const override { return "in-process"; }

 private:
  Handler handler_;
};

class PostgresBus final : public Bus {
 public:
  PostgresBus(std::string url, PGconn* listen, PGconn* notify) : url_(std::move(url)), listen_(listen), notify_(notify) {}
  ~PostgresBus() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    PQfinish(listen_);
    PQfinish(notify_);
  }

  void SetHandler(Handler h) override {
    handler_ = std::move(h);
    thread_ = std::thread([this] { Listen(); });
  }

  Status Publish(std::string_view key, std::string_view payload) override {
    std::string message = std::string(key) + "\n" + std::string(payload);
    if (message.size() > kMaxPayload) return Error::Invalid("live event too large for NOTIFY");
    std::lock_guard lock(notify_mu_);
    if (PQstatus(notify_) != CONNECTION_OK) PQreset(notify_);
    const char* params[] = {kChannel, message.c_str()};
    PGresult* r = PQexecParams(notify_, "SELECT pg_notify($1, $2)", 2, nullptr, params, nullptr, nullptr, 0);
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (!ok) {
      log::Warn("bus_notify_failed", {{"error", PQerrorMessage(notify_)}});
      return Error::Unavailable("live events are not available right now");
    }
    return {};
  }
  std::string_view kind() const override { return "postgresql"; }

 private:
  void Listen() {
    while (!stop_) {
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
        const std::string_view m(n->extra);
        const auto nl = m.find('\n');
        if (nl != std::string_view::npos && handler_) handler_(std::string(m.substr(0, nl)), std::string(m.substr(nl + 1)));
        PQfreemem(n);
      }
    }
  }

 public:
  bool Subscribe() {
    PGresult* r = PQexec(listen_, "LISTEN rekindle_live");
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
  }

 private:
  std::string url_;
  PGconn* listen_;
  PGconn* notify_;
  std::mutex notify_mu_;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Bus> NewInProcessBus() { return std::make_unique<InProcessBus>(); }

Result<std::unique_ptr<Bus>> NewPostgresBus(const std::string& url) {
  PGconn* listen = PQconnectdb(url.c_str());
  PGconn* notify = PQconnectdb(url.c_str());
  if (PQstatus(listen) != CONNECTION_OK || PQstatus(notify) != CONNECTION_OK) {
    std::string error = PQerrorMessage(PQstatus(listen) != CONNECTION_OK ? listen : notify);
    PQfinish(listen);
    PQfinish(notify);
    return Error::Unavailable("live bus cannot connect to PostgreSQL: " + error);
  }
  auto bus = std::make_unique<PostgresBus>(url, listen, notify);
  if (!bus->Subscribe()) return Error::Unavailable("live bus cannot LISTEN");
  return std::unique_ptr<Bus>(std::move(bus));
}

}  // namespace rk::bus
