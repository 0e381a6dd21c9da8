#pragma once
// An e-mail message as bytes on the wire (RFC 5322 with MIME): pure functions, no I/O.
//
// Every message is multipart/alternative with a plain-text and an HTML part, both UTF-8
// in quoted-printable, CRLF line endings. Header values never carry CR, LF or NUL: a
// value with one is refused, so no input can add a header. Non-ASCII in the subject
// and the sender's name is encoded as RFC 2047 words.

#include <string>
#include <string_view>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"

namespace rk::mail {

// A mailbox: an address and, for the sender, an optional display name.
struct Mailbox {
  std::string name;     // "rekindle" (may be empty)
  std::string address;  // "no-reply@example.org"
};

// Parses "Name <address>" or a bare "address". kInvalidArgument when it is neither, or
// the address is not one we send to or from (see IsSendableAddress).
Result<Mailbox> ParseMailbox(std::string_view text);

// True for an address we can put in a header and hand to SMTP: one '@', a non-empty
// local part and a dotted domain, printable ASCII without spaces, quotes, angle brackets,
// commas, semicolons or backslashes, at most 254 characters. (Addresses with non-ASCII
// characters would need SMTPUTF8, which we do not use.)
bool IsSendableAddress(std::string_view address);

// The parts of a message that change from one to the next.
struct Message {
  std::string to;       // the recipient's address
  std::string subject;  // one line of UTF-8
  std::string text;     // the plain-text body, UTF-8, any line endings
  std::string html;     // the HTML body (a whole document), UTF-8
};

// What the sender adds.
struct Envelope {
  Mailbox from;
  std::string message_id;  // without angle brackets: "JOBID@example.org"
  Millis date = 0;         // the Date header
  std::string boundary;    // the multipart boundary; must not occur in either body
};

// The whole message, headers and bodies. kInvalidArgument when a header value holds CR,
// LF or NUL, an address is not sendable, the subject is empty or not UTF-8, or the
// boundary is unusable.
Result<std::string> BuildMime(const Message& message, const Envelope& envelope);

// "Sat, 21 Nov 2026 10:30:00 +0000" (RFC 5322 date-time, in UTC).
std::string FormatRfc5322Date(Millis t);

// `text` in quoted-printable (RFC 2045): line breaks become CRLF, lines are at most 76
// characters (soft breaks end in '='), '=' and bytes outside printable ASCII become =XX,
// as do a space or tab before a line break and a '.' that starts a line (so SMTP never
// sees a line that is only a dot).
std::string QuotedPrintable(std::string_view text);

// A header value: as it is when it is printable ASCII, else RFC 2047 "B" encoded words
// of at most 75 characters each, split between UTF-8 characters and folded onto
// continuation lines. REQUIRES: valid UTF-8 without CR, LF or NUL.
std::string EncodeHeaderText(std::string_view text);

// True if `value` contains CR, LF or NUL (it could end a header line).
bool HasLineBreak(std::string_view value);

// `text` with &, <, >, " and ' as HTML character references.
std::string EscapeHtml(std::string_view text);

}  // namespace rk::mail
