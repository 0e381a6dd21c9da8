#pragma once
// Where finished messages go: an SMTP server (libcurl, with STARTTLS), or files in a
// folder (development and tests, when no SMTP server is configured). libcurl's headers
// stay inside smtp.cpp.

#include <memory>
#include <string>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::mail {

// One message on its way: the SMTP envelope and the bytes (BuildMime's output).
struct Outbound {
  std::string id;    // the job's id: names the file (and is in the Message-ID)
  Millis at = 0;     // when it was written (the Date header)
  std::string from;  // envelope sender address
  std::string to;    // envelope recipient address
  std::string mime;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Hands the message on. An error is kUnavailable with a message that names no address,
  // token or server reply (it lands in the jobs table's last_error); the job retries.
  virtual Status Send(const Outbound& message) = 0;
  // "smtp" or "file", for the start-up log line.
  virtual std::string_view kind() const = 0;
};

struct SmtpOptions {
  std::string host;
  int port = 587;
  std::string username;  // empty: no AUTH
  std::string password;
  bool require_starttls = true;  // false: plain SMTP (a relay on the same host, tests)
  std::string ca_file;           // extra CA bundle to verify the server with (empty: the system's)
  std::string helo = "localhost";  // the name we give in EHLO
  Millis connect_timeout = 10 * kSecond;
  Millis timeout = 30 * kSecond;  // the whole conversation; keep well within jobs.lease_ms
};

// An SMTP client. With require_starttls the conversation is upgraded with STARTTLS and
// fails if the server does not offer it; the server's certificate and name are always
// verified. Thread-safe: each Send is a connection of its own.
std::unique_ptr<Transport> NewSmtpTransport(SmtpOptions options);

// Writes each message to `dir` (created 0700) as <millis>-<id>.eml (mode 0600), atomically
// (a temporary name, then rename). Thread-safe.
std::unique_ptr<Transport> NewFileTransport(std::string dir);

}  // namespace rk::mail
