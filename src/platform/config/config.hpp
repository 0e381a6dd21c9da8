#pragma once
// Server configuration. Sources, later ones winning: built-in defaults, a TOML file
// (--config or REKINDLE_CONFIG), environment variables (REKINDLE_*), command-line flags.
// docs/operations.md lists every key.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::config {

struct Config {
  std::string listen = "127.0.0.1:8080";       // host:port; port 0 picks a free one
  std::string database = "sqlite:var/rekindle.db";
  std::string web_root = "web/dist";
  std::string content_dir = "content";         // instruments/, articles/, connect/
  std::string key_file = "var/rekindle.key";   // data keys for encryption at rest (created 0600)
  std::string data_key;                        // "ID:BASE64URL": one key from configuration instead
  std::string public_url;                      // e.g. https://rekindle.example.org; https => Secure cookies
  std::string metrics_token;                   // /metrics needs "Authorization: Bearer <it>"; empty: no /metrics
  int threads = 0;                             // server threads; 0 = 4 per core
  int db_pool = 0;                             // database connections; 0 = one per thread
  int db_sqlite_memory_mib = 8;                // SQLite's page caches, all connections together; 0 = no cap
  Millis db_acquire_timeout = 5 * kSecond;     // a request waits this long for a connection, then 503
  std::string log_level = "info";
  bool access_log = true;
  bool trust_proxy = false;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 * 1024;
  Millis read_timeout = 30 * kSecond;
  Millis idle_timeout = 60 * kSecond;
  int max_connections = 0;                     // 0 = from the open-file limit (docs/operations.md)
  int connections_per_address = 256;           // open connections from one client address (0 = no cap)
  int live_connections_per_person = 16;        // live WebSockets of one person
  int signups_per_address_per_hour = 20;       // sign-up attempts from one address; 0 = no limit
  int signups_per_email_per_hour = 5;          // sign-up attempts naming one e-mail address; 0 = no limit
  int password_resets_per_address_per_hour = 20;  // reset requests from one client address; 0 = no limit
  int password_resets_per_email_per_hour = 5;     // reset requests naming one e-mail address; 0 = no limit
  int shared_reads_per_hour = 600;  // a therapist's recorded reads of shared results (each logged); 0 = no limit
  // E-mail (docs/operations.md "E-mail"). Without smtp_host, messages are written to
  // files in mail_dir instead of being sent (development).
  std::string mail_from = "rekindle <no-reply@rekindle.invalid>";
  std::string mail_dir = "var/mail";
  std::string smtp_host;
  int smtp_port = 587;
  std::string smtp_username;
  std::string smtp_password;
  std::string smtp_starttls = "required";  // "required" or "off"
  std::string smtp_ca_file;                // a CA bundle to verify the server with; empty: the system's
  Millis smtp_timeout = 30 * kSecond;
  int compute_threads = 0;                     // password hashing pool; 0 = half the cores
  int compute_queue = 64;                      // hashing steps waiting before new ones get 503
  unsigned long long password_hash_ops = 3;
  std::size_t password_hash_mem_mib = 64;
  int jobs_workers = 2;                 // job queue workers in this process; 0 = none
  Millis jobs_poll = kSecond;           // how often idle workers look for due jobs
  Millis care_directory_refresh = 2 * kSecond;  // how often a server looks for changed therapist profiles
  std::string care_currency = "EUR";    // ISO 4217: the currency of therapists' fees
  Millis jobs_lease = kMinute;          // how long a claimed job may run before others may take it
  Millis jobs_purge_interval = kHour;   // how often expired sessions and invites are deleted
  // Live connections (docs/live.md).
  std::size_t live_queue_frames = 256;       // per connection, before a slow reader is closed
  std::size_t live_message_bytes = 16384;    // largest client frame
  int live_frames_per_second = 20;           // from one client, before it is closed
  std::size_t live_replay_frames = 128;      // per person, kept for clients that reconnect
  std::size_t live_replay_bytes = 65536;
  Millis live_replay_retention = 5 * kMinute;  // how long a buffer outlives the last connection
  std::size_t live_bus_queue = 4096;         // PostgreSQL: events waiting to be sent
  // Video calls (docs/operations.md "Video calls and TURN"). URLs are given as one
  // comma-separated text; browsers get them with each call's state.
  std::vector<std::string> video_stun_urls;  // stun:host:port
  std::vector<std::string> video_turn_urls;  // turn:host:port?transport=udp, turns:...
  std::string video_turn_secret;             // coturn's static-auth-secret: never logged, never sent
  Millis video_turn_ttl = 15 * kMinute;      // a TURN credential lasts until the session's end plus this
  bool video_relay_only = false;             // browsers use TURN relays only (hides their addresses)

  std::string host() const;
  std::uint16_t port() const;
  bool secure() const { return public_url.starts_with("https://"); }
};

// Loads `path` (if not empty) over the defaults, then applies environment variables
// from `env`, then `flags` (key -> value, using the TOML key names). Errors name the
// source and the key.
Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env,
                    const std::map<std::string, std::string>& flags);

// The process environment's REKINDLE_* variables, keyed by their full names.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace rk::config
