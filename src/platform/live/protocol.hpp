#pragma once
// The live protocol of /api/v1/live in C++: typed frames, close codes, and the schema
// that both are checked against.
//
// protocol.json (beside this file, built into the binary) is the one description of
// every frame in both directions. The web client's types are generated from it
// (web/scripts/live-protocol.mjs); the structs here are written by hand and a unit test
// proves they match it field for field, and that every golden example in
// tests/contract/live/ round-trips. At run time every client frame is checked against
// the schema before it is read into a struct.
//
// A frame is a JSON object {"type": ..., "v": kVersion, ...fields}. Event frames also
// carry "seq" (added by the hub); client frames may carry "id" (answered by ack/error).
// Each struct below holds only the frame's own fields.
//
// Pure: no I/O. Thread-safe (the schema is immutable once loaded).

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"

namespace rk::live {

inline constexpr int kVersion = 1;

// WebSocket close codes the server uses. The schema's close_codes section names them and
// says what a client does next (docs/live.md).
enum class CloseCode : std::uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,        // server shutdown: reconnect
  kUnsupportedData = 1003,  // a binary message
  kInvalidPayload = 1007,   // text that is not UTF-8 (Beast sends it)
  kPolicy = 1008,           // flooding
  kTooBig = 1009,           // a frame over the limit (Beast sends it)
  kTryAgainLater = 1013,    // slow consumer
  kSessionEnded = 4000,     // sign-out, password change, erasure: do not reconnect
  kCoupleChanged = 4001,    // joined or left a couple: reconnect
};
// Every code above, for tests and the schema check.
inline constexpr CloseCode kCloseCodes[] = {
    CloseCode::kNormal,   CloseCode::kGoingAway,     CloseCode::kUnsupportedData,
    CloseCode::kInvalidPayload, CloseCode::kPolicy,  CloseCode::kTooBig,
    CloseCode::kTryAgainLater,  CloseCode::kSessionEnded, CloseCode::kCoupleChanged};
// The schema's name of `code` ("session_ended").
std::string_view CloseCodeName(CloseCode code);

// How a server frame travels: a reply goes to one connection; an event to every
// connection of a person, numbered and kept for replay; an ephemeral frame to the
// partner's connections, never numbered, kept or stored.
enum class Kind { kReply, kEvent, kEphemeral };

// --- types shared by frames ----------------------------------------------------------

struct Message {
  std::string id;
  std::string author;  // "me" or "partner"
  std::string text;
  std::string created_at;  // RFC 3339
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("id", s.id);
    v("author", s.author);
    v("text", s.text);
    v("created_at", s.created_at);
  }
};

// --- server -> client ----------------------------------------------------------------

struct Hello {
  static constexpr std::string_view kType = "hello";
  static constexpr Kind kKind = Kind::kReply;
  std::string epoch;
  std::int64_t seq = 0;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("epoch", s.epoch);
    v("seq", s.seq);
  }
};

struct Pong {
  static constexpr std::string_view kType = "pong";
  static constexpr Kind kKind = Kind::kReply;
  std::optional<std::string> id;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("id", s.id); }
};

struct Ack {
  static constexpr std::string_view kType = "ack";
  static constexpr Kind kKind = Kind::kReply;
  std::string id;
  std::optional<std::string> ref;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("id", s.id);
    v("ref", s.ref);
  }
};

// The "error" frame (named so as not to shadow rk::Error).
struct Refusal {
  static constexpr std::string_view kType = "error";
  static constexpr Kind kKind = Kind::kReply;
  std::optional<std::string> id;
  std::string code;  // one of the schema's error codes
  std::string message;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("id", s.id);
    v("code", s.code);
    v("message", s.message);
  }
};

struct Resumed {
  static constexpr std::string_view kType = "resumed";
  static constexpr Kind kKind = Kind::kReply;
  std::int64_t seq = 0;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("seq", s.seq); }
};

struct Reload {
  static constexpr std::string_view kType = "reload";
  static constexpr Kind kKind = Kind::kReply;
  std::string reason;  // "epoch" or "gone"
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("reason", s.reason); }
};

struct ChatMessage {
  static constexpr std::string_view kType = "chat.message";
  static constexpr Kind kKind = Kind::kEvent;
  Message message;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("message", s.message); }
};

struct ChatRead {
  static constexpr std::string_view kType = "chat.read";
  static constexpr Kind kKind = Kind::kEvent;
  std::string up_to;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("up_to", s.up_to); }
};

struct DailyChanged {
  static constexpr std::string_view kType = "daily.changed";
  static constexpr Kind kKind = Kind::kEvent;
  template <class S, class V>
  static void Fields(S&, V&&) {}
};

struct ConversationChanged {
  static constexpr std::string_view kType = "conversation.changed";
  static constexpr Kind kKind = Kind::kEvent;
  std::string id;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("id", s.id); }
};

struct RoomChanged {
  static constexpr std::string_view kType = "room.changed";
  static constexpr Kind kKind = Kind::kEvent;
  std::string relationship;
  std::string thread;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("relationship", s.relationship);
    v("thread", s.thread);
  }
};

struct TogetherChanged {
  static constexpr std::string_view kType = "together.changed";
  static constexpr Kind kKind = Kind::kEvent;
  template <class S, class V>
  static void Fields(S&, V&&) {}
};

// --- both directions (ephemeral from server, relayed from the partner's client) ---------

struct ChatTyping {
  static constexpr std::string_view kType = "chat.typing";
  static constexpr Kind kKind = Kind::kEphemeral;
  bool typing = false;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("typing", s.typing); }
};

struct Relay {
  static constexpr std::string_view kType = "relay";
  static constexpr Kind kKind = Kind::kEphemeral;
  boost::json::value payload;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("payload", s.payload); }
};

// --- video calls (features/video) ---------------------------------------------------------

struct CallSignal {
  static constexpr std::string_view kType = "call.signal";
  static constexpr Kind kKind = Kind::kEphemeral;
  std::string session;
  std::string from;
  boost::json::value payload;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("session", s.session);
    v("from", s.from);
    v("payload", s.payload);
  }
};

struct CallState {
  static constexpr std::string_view kType = "call.state";
  static constexpr Kind kKind = Kind::kEphemeral;
  std::string session;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("session", s.session); }
};

// --- client -> server ------------------------------------------------------------------

struct Ping {
  static constexpr std::string_view kType = "ping";
  template <class S, class V>
  static void Fields(S&, V&&) {}
};

struct Resume {
  static constexpr std::string_view kType = "resume";
  std::string epoch;
  std::int64_t seq = 0;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("epoch", s.epoch);
    v("seq", s.seq);
  }
};

struct ChatSend {
  static constexpr std::string_view kType = "chat.send";
  std::string text;
  template <class S, class V>
  static void Fields(S& s, V&& v) { v("text", s.text); }
};

// The client's call.signal: to one participant of the call (the server's names the sender).
struct CallSignalSend {
  static constexpr std::string_view kType = "call.signal";
  std::string session;
  std::string to;
  boost::json::value payload;
  template <class S, class V>
  static void Fields(S& s, V&& v) {
    v("session", s.session);
    v("to", s.to);
    v("payload", s.payload);
  }
};

// --- reading and writing -----------------------------------------------------------------

namespace detail {

struct Writer {
  boost::json::object& out;
  void operator()(std::string_view name, const std::string& v) { out[name] = v; }
  void operator()(std::string_view name, std::int64_t v) { out[name] = v; }
  void operator()(std::string_view name, bool v) { out[name] = v; }
  void operator()(std::string_view name, const boost::json::value& v) { out[name] = v; }
  template <class T>
  void operator()(std::string_view name, const std::optional<T>& v) {
    if (v) (*this)(name, *v);
  }
  template <class T>
  void operator()(std::string_view name, const T& nested) {
    boost::json::object o;
    T::Fields(nested, Writer{o});
    out[name] = std::move(o);
  }
};

struct Reader {
  const boost::json::object& in;
  std::string problem;  // the first field that was missing or of the wrong kind
  bool Take(std::string_view name, const boost::json::value*& v, bool optional) {
    v = in.if_contains(name);
    if (v || optional) return true;
    if (problem.empty()) problem = std::string(name) + " is missing";
    return false;
  }
  void Wrong(std::string_view name) {
    if (problem.empty()) problem = std::string(name) + " has the wrong kind";
  }
  void Read(std::string_view name, const boost::json::value& v, std::string& out) {
    if (v.is_string()) out = std::string(v.get_string());
    else Wrong(name);
  }
  void Read(std::string_view name, const boost::json::value& v, std::int64_t& out) {
    if (v.is_int64()) out = v.get_int64();
    else if (v.is_uint64() && v.get_uint64() <= INT64_MAX) out = static_cast<std::int64_t>(v.get_uint64());
    else Wrong(name);
  }
  void Read(std::string_view name, const boost::json::value& v, bool& out) {
    if (v.is_bool()) out = v.get_bool();
    else Wrong(name);
  }
  void Read(std::string_view, const boost::json::value& v, boost::json::value& out) { out = v; }
  template <class T>
  void Read(std::string_view name, const boost::json::value& v, T& nested) {
    if (!v.is_object()) return Wrong(name);
    Reader inner{v.get_object(), {}};
    T::Fields(nested, inner);
    if (!inner.problem.empty() && problem.empty()) problem = std::string(name) + "." + inner.problem;
  }
  template <class T>
  void operator()(std::string_view name, std::optional<T>& out) {
    const boost::json::value* v = nullptr;
    if (!Take(name, v, true) || !v) return;
    out.emplace();
    Read(name, *v, *out);
  }
  template <class T>
  void operator()(std::string_view name, T& out) {
    const boost::json::value* v = nullptr;
    if (Take(name, v, false)) Read(name, *v, out);
  }
};

}  // namespace detail

// A frame's or a shared type's own fields as JSON.
template <class T>
boost::json::object FieldsToJson(const T& value) {
  boost::json::object o;
  T::Fields(value, detail::Writer{o});
  return o;
}

// The frame as JSON: {"type", "v", ...fields}.
template <class F>
boost::json::object ToJson(const F& frame) {
  boost::json::object o = FieldsToJson(frame);
  o["type"] = F::kType;
  o["v"] = kVersion;
  return o;
}

// Reads the frame's own fields from `o` (type, v, seq and id are not looked at unless
// the frame has a field of that name). Fails with kInvalidArgument naming the first
// missing or mistyped field. Bounds and unknown fields are the schema's job (Check).
template <class F>
Result<F> FromJson(const boost::json::object& o) {
  F frame;
  detail::Reader r{o, {}};
  F::Fields(frame, r);
  if (!r.problem.empty()) return Error::Invalid(std::string(F::kType) + ": " + r.problem);
  return frame;
}

// --- the schema ----------------------------------------------------------------------------

enum class Direction { kServerToClient, kClientToServer };

// Why a frame was refused: `code` is one of the schema's error codes ("invalid_frame",
// "unknown_type", "unsupported_version"), `message` says which field and why.
struct Problem {
  std::string code;
  std::string message;
};

class Schema {
 public:
  // The schema built into this binary (protocol.json). Loaded once; a broken file is
  // caught by the unit tests, and aborts at first use.
  static const Schema& Builtin();
  // Parses a schema document. Fails with kInvalidArgument when it is malformed.
  static Result<Schema> Parse(std::string_view text);

  int version() const { return version_; }
  const boost::json::object& document() const { return doc_; }
  // The frame types of one direction, sorted.
  std::vector<std::string> Types(Direction d) const;
  // A server frame type's kind, or nullopt for an unknown type.
  std::optional<Kind> KindOf(std::string_view server_type) const;

  // Checks `frame` against the schema: a known type for `d`, v equal to version(), every
  // required field present with the right kind and within its bounds, and no other
  // field. Returns nullopt when it conforms.
  std::optional<Problem> Check(Direction d, const boost::json::object& frame) const;

 private:
  boost::json::object doc_;
  int version_ = 0;
};

}  // namespace rk::live
