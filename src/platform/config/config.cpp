#include "platform/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>

extern char** environ;

namespace rk::config {
namespace {

// One settable key: how to apply a text value (from env or flags) and a TOML node.
struct Key {
  std::string name;  // TOML key (dotted for tables)
  std::function<bool(Config&, const std::string&)> set_text;
};

bool ParseInt(const std::string& s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
bool ParseBool(const std::string& s, bool& out) {
  if (s == "true" || s == "1" || s == "yes") return out = true, true;
  if (s == "false" || s == "0" || s == "no") return out = false, true;
  return false;
}

template <class T>
std::function<bool(Config&, const std::string&)> IntSetter(T Config::*field, long long min, long long max,
                                                           long long scale = 1) {
  return [=](Config& c, const std::string& v) {
    long long n;
    if (!ParseInt(v, n) || n < min || n > max) return false;
    c.*field = static_cast<T>(n * scale);
    return true;
  };
}
std::function<bool(Config&, const std::string&)> StrSetter(std::string Config::*field) {
  return [=](Config& c, const std::string& v) {
    c.*field = v;
    return true;
  };
}
std::function<bool(Config&, const std::string&)> BoolSetter(bool Config::*field) {
  return [=](Config& c, const std::string& v) { return ParseBool(v, c.*field); };
}

// A comma-separated list; empty items (and surrounding spaces) are dropped.
std::function<bool(Config&, const std::string&)> ListSetter(std::vector<std::string> Config::*field) {
  return [=](Config& c, const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      std::string item = v.substr(start, end - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
      start = end + 1;
    }
    c.*field = std::move(out);
    return true;
  };
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      {"listen", StrSetter(&Config::listen)},
      {"database", StrSetter(&Config::database)},
      {"web_root", StrSetter(&Config::web_root)},
      {"content_dir", StrSetter(&Config::content_dir)},
      {"key_file", StrSetter(&Config::key_file)},
      {"data_key", StrSetter(&Config::data_key)},
      {"public_url", StrSetter(&Config::public_url)},
      {"metrics_token", StrSetter(&Config::metrics_token)},
      {"threads", IntSetter(&Config::threads, 0, 256)},
      {"db_pool", IntSetter(&Config::db_pool, 0, 1024)},
      {"db_sqlite_memory_mib", IntSetter(&Config::db_sqlite_memory_mib, 0, 65536)},
      {"db_acquire_timeout_ms", IntSetter(&Config::db_acquire_timeout, 10, 600000)},
      {"log_level", StrSetter(&Config::log_level)},
      {"access_log", BoolSetter(&Config::access_log)},
      {"trust_proxy", BoolSetter(&Config::trust_proxy)},
      {"limits.body_bytes", IntSetter(&Config::body_limit, 1024, 1LL << 30)},
      {"limits.header_bytes", IntSetter(&Config::header_limit, 1024, 1 << 20)},
      {"limits.read_timeout_ms", IntSetter(&Config::read_timeout, 100, 3600000)},
      {"limits.idle_timeout_ms", IntSetter(&Config::idle_timeout, 100, 3600000)},
      {"limits.max_connections", IntSetter(&Config::max_connections, 0, 1000000)},
      {"limits.connections_per_address", IntSetter(&Config::connections_per_address, 0, 1000000)},
      {"live.connections_per_person", IntSetter(&Config::live_connections_per_person, 1, 10000)},
      {"limits.signups_per_address_per_hour", IntSetter(&Config::signups_per_address_per_hour, 0, 1000000)},
      {"limits.signups_per_email_per_hour", IntSetter(&Config::signups_per_email_per_hour, 0, 1000000)},
      {"limits.password_resets_per_address_per_hour",
       IntSetter(&Config::password_resets_per_address_per_hour, 0, 1000000)},
      {"limits.password_resets_per_email_per_hour", IntSetter(&Config::password_resets_per_email_per_hour, 0, 1000000)},
      {"limits.shared_reads_per_hour", IntSetter(&Config::shared_reads_per_hour, 0, 1000000)},
      {"mail.from", StrSetter(&Config::mail_from)},
      {"mail.dir", StrSetter(&Config::mail_dir)},
      {"smtp.host", StrSetter(&Config::smtp_host)},
      {"smtp.port", IntSetter(&Config::smtp_port, 1, 65535)},
      {"smtp.username", StrSetter(&Config::smtp_username)},
      {"smtp.password", StrSetter(&Config::smtp_password)},
      {"smtp.starttls", StrSetter(&Config::smtp_starttls)},
      {"smtp.ca_file", StrSetter(&Config::smtp_ca_file)},
      {"smtp.timeout_ms", IntSetter(&Config::smtp_timeout, 1000, 600000)},
      {"compute.threads", IntSetter(&Config::compute_threads, 0, 256)},
      {"compute.queue", IntSetter(&Config::compute_queue, 1, 100000)},
      {"passwords.hash_ops", IntSetter(&Config::password_hash_ops, 1, 10)},
      {"passwords.hash_mem_mib", IntSetter(&Config::password_hash_mem_mib, 1, 4096)},
      {"jobs.workers", IntSetter(&Config::jobs_workers, 0, 64)},
      {"jobs.poll_ms", IntSetter(&Config::jobs_poll, 10, 60000)},
      {"care.directory_refresh_ms", IntSetter(&Config::care_directory_refresh, 10, 3600000)},
      {"care.currency", StrSetter(&Config::care_currency)},
      {"jobs.lease_ms", IntSetter(&Config::jobs_lease, 1000, 3600000)},
      {"jobs.purge_interval_ms", IntSetter(&Config::jobs_purge_interval, 1000, 86400000)},
      {"live.queue_frames", IntSetter(&Config::live_queue_frames, 1, 1 << 20)},
      {"live.message_bytes", IntSetter(&Config::live_message_bytes, 1024, 1 << 20)},
      {"live.frames_per_second", IntSetter(&Config::live_frames_per_second, 1, 10000)},
      {"live.replay_frames", IntSetter(&Config::live_replay_frames, 1, 1 << 20)},
      {"live.replay_bytes", IntSetter(&Config::live_replay_bytes, 1024, 1LL << 30)},
      {"live.replay_retention_ms", IntSetter(&Config::live_replay_retention, 0, 86400000)},
      {"live.bus_queue", IntSetter(&Config::live_bus_queue, 1, 1 << 24)},
      {"video.stun_urls", ListSetter(&Config::video_stun_urls)},
      {"video.turn_urls", ListSetter(&Config::video_turn_urls)},
      {"video.turn_secret", StrSetter(&Config::video_turn_secret)},
      {"video.turn_ttl_ms", IntSetter(&Config::video_turn_ttl, 0, 86400000)},
      {"video.relay_only", BoolSetter(&Config::video_relay_only)},
  };
  return keys;
}

std::string EnvName(const std::string& key) {
  std::string out = "REKINDLE_";
  for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

Status Apply(Config& c, const std::string& source, const std::string& key, const std::string& value) {
  for (const Key& k : Keys()) {
    if (k.name != key) continue;
    if (!k.set_text(c, value)) return Error::Invalid(source + ": " + key + " has an invalid value");
    return {};
  }
  return Error::Invalid(source + ": unknown setting " + key);
}

Status Validate(const Config& c) {
  if (c.host().empty() || c.listen.rfind(':') == std::string::npos) return Error::Invalid("listen must be HOST:PORT");
  long long port;
  if (!ParseInt(c.listen.substr(c.listen.rfind(':') + 1), port) || port < 0 || port > 65535)
    return Error::Invalid("listen has an invalid port");
  if (!(c.database.starts_with("sqlite:") || c.database.starts_with("postgresql://") ||
        c.database.starts_with("postgres://")))
    return Error::Invalid("database must be sqlite:PATH or postgresql://...");
  if (c.care_currency.size() != 3 ||
      !std::all_of(c.care_currency.begin(), c.care_currency.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
    return Error::Invalid("care.currency must be an ISO 4217 code such as EUR");
  if (!c.public_url.empty() && !c.public_url.starts_with("http://") && !c.public_url.starts_with("https://"))
    return Error::Invalid("public_url must start with http:// or https://");
  if (c.smtp_starttls != "required" && c.smtp_starttls != "off")
    return Error::Invalid("smtp.starttls must be required or off");
  // URLs go to browsers as they are (RFC 7064 / 7065): a scheme, a host, no spaces.
  auto url_ok = [](const std::string& u, std::initializer_list<std::string_view> schemes) {
    for (std::string_view scheme : schemes)
      if (u.starts_with(scheme) && u.size() > scheme.size() && u.size() <= 512 &&
          u.find_first_of(" \t\r\n\"\\") == std::string::npos)
        return true;
    return false;
  };
  for (const std::string& u : c.video_stun_urls)
    if (!url_ok(u, {"stun:", "stuns:"})) return Error::Invalid("video.stun_urls: each must be stun:HOST[:PORT] or stuns:...");
  for (const std::string& u : c.video_turn_urls)
    if (!url_ok(u, {"turn:", "turns:"})) return Error::Invalid("video.turn_urls: each must be turn:HOST[:PORT][?transport=udp|tcp] or turns:...");
  if (!c.video_turn_urls.empty() && c.video_turn_secret.size() < 16)
    return Error::Invalid("video.turn_secret must be set (16 characters or more) when video.turn_urls is");
  if (c.video_relay_only && c.video_turn_urls.empty())
    return Error::Invalid("video.relay_only needs video.turn_urls");
  return {};
}

}  // namespace

std::string Config::host() const {
  const auto colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h;
}

std::uint16_t Config::port() const {
  long long p = 0;
  ParseInt(listen.substr(listen.rfind(':') + 1), p);
  return static_cast<std::uint16_t>(p);
}

Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env,
                    const std::map<std::string, std::string>& flags) {
  Config c;
  if (!path.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Error::Invalid(path + ": " + std::string(e.description()));
    }
    std::function<Status(const toml::table&, const std::string&)> walk = [&](const toml::table& t,
                                                                               const std::string& prefix) -> Status {
      for (const auto& [k, node] : t) {
        const std::string key = prefix + std::string(k.str());
        if (const toml::table* sub = node.as_table()) {
          RK_TRY(walk(*sub, key + "."));
          continue;
        }
        std::string text;
        if (auto s = node.value<std::string>(); s && node.is_string()) text = *s;
        else if (auto b = node.value<bool>(); b && node.is_boolean()) text = *b ? "true" : "false";
        else if (auto i = node.value<long long>(); i && node.is_integer()) text = std::to_string(*i);
        else return Error::Invalid(path + ": " + key + " has an unsupported type");
        RK_TRY(Apply(c, path, key, text));
      }
      return {};
    };
    RK_TRY(walk(table, ""));
  }
  for (const Key& k : Keys()) {
    auto it = env.find(EnvName(k.name));
    if (it != env.end()) RK_TRY(Apply(c, "environment " + it->first, k.name, it->second));
  }
  for (const auto& [k, v] : flags) RK_TRY(Apply(c, "flag", k, v));
  RK_TRY(Validate(c));
  return c;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    if (!kv.starts_with("REKINDLE_")) continue;
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return out;
}

}  // namespace rk::config
