#include "platform/mail/message.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "platform/base/text.hpp"

namespace rk::mail {
namespace {

constexpr std::size_t kMaxLine = 76;  // RFC 2045 6.7: encoded lines at most 76 characters
constexpr std::string_view kHex = "0123456789ABCDEF";

std::string Base64(std::string_view in) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(in[i + k]) : 0);
    for (std::size_t k = 0; k < 4; ++k) out.push_back(k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 0x3F] : '=');
  }
  return out;
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// The length of the UTF-8 character that starts with byte `c` (1 for anything else).
std::size_t Utf8Length(unsigned char c) { return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// A display name as a header phrase: as it is when it is only letters, digits and
// spaces, quoted when it has other printable ASCII, else encoded words.
std::string Phrase(std::string_view name) {
  bool plain = true;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ')) plain = false;
  if (plain) return std::string(name);
  if (IsPrintableAscii(name)) {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }
  return EncodeHeaderText(name);
}

std::string MailboxHeader(const Mailbox& m) {
  if (m.name.empty()) return m.address;
  return Phrase(m.name) + " <" + m.address + ">";
}

}  // namespace

bool HasLineBreak(std::string_view value) { return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; }

bool IsSendableAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = a.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : a) {
    if (c <= 0x20 || c > 0x7E) return false;
    if (std::string_view("\"<>(),;:\\[]").find(c) != std::string_view::npos) return false;
  }
  return true;
}

Result<Mailbox> ParseMailbox(std::string_view text) {
  if (HasLineBreak(text)) return Error::Invalid("A mailbox cannot span lines.");
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  Mailbox m;
  text = trim(text);
  const auto open = text.rfind('<');
  if (open != std::string_view::npos) {
    if (text.back() != '>') return Error::Invalid("Write the sender as Name <address>.");
    m.name = std::string(trim(text.substr(0, open)));
    if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"') m.name = m.name.substr(1, m.name.size() - 2);
    m.address = std::string(text.substr(open + 1, text.size() - open - 2));
    if (!CodePoints(m.name)) return Error::Invalid("The sender's name must be UTF-8 text.");
  } else {
    m.address = std::string(text);
  }
  if (!IsSendableAddress(m.address)) return Error::Invalid("The sender's address is not one we can send from.");
  return m;
}

std::string FormatRfc5322Date(Millis t) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = FormatRfc3339(t);  // 2026-11-21T05:02:34.123Z
  Millis days = t / kDay;
  if (t % kDay < 0) --days;
  const int weekday = static_cast<int>(((days % 7) + 7) % 7);
  const int month = std::stoi(iso.substr(5, 2));
  return std::string(kDays[weekday]) + ", " + iso.substr(8, 2) + " " + kMonths[month - 1] + " " + iso.substr(0, 4) +
         " " + iso.substr(11, 8) + " +0000";
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  std::string line;  // the current encoded line, without its break
  auto flush = [&](bool hard) {
    out += line;
    out += hard ? "\r\n" : "=\r\n";
    line.clear();
  };
  // Appends one encoded unit, breaking the line softly first if it would grow too long.
  auto put = [&](std::string_view unit) {
    if (line.size() + unit.size() > kMaxLine - 1) flush(false);
    line += line.empty() && unit == "." ? "=2E" : unit;
  };
  auto escaped = [](unsigned char c) { return std::string{'=', kHex[c >> 4], kHex[c & 0xF]}; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      // A space or tab at the end of a line would be lost in transport.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const auto last = static_cast<unsigned char>(line.back());
        line.pop_back();
        put(escaped(last));
      }
      flush(true);
      continue;
    }
    const bool literal = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
    put(literal ? std::string(1, static_cast<char>(c)) : escaped(c));
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      const auto last = static_cast<unsigned char>(line.back());
      line.pop_back();
      put(escaped(last));
    }
    out += line;
  }
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  if (IsPrintableAscii(text) && text.size() <= 900) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" within 75 characters: at most 45 bytes of text a word.
  constexpr std::size_t kChunk = 45;
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t len = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + len - i > kChunk) break;
      end += len;
    }
    if (end == i) end = std::min(text.size(), i + Utf8Length(static_cast<unsigned char>(text[i])));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

Result<std::string> BuildMime(const Message& m, const Envelope& e) {
  for (std::string_view v : {std::string_view(m.to), std::string_view(m.subject), std::string_view(e.from.name),
                             std::string_view(e.from.address), std::string_view(e.message_id),
                             std::string_view(e.boundary)}) {
    if (HasLineBreak(v)) return Error::Invalid("A header value cannot contain a line break.");
  }
  if (!IsSendableAddress(m.to)) return Error::Invalid("The recipient's address is not one we can send to.");
  if (!IsSendableAddress(e.from.address)) return Error::Invalid("The sender's address is not one we can send from.");
  if (m.subject.empty() || !CodePoints(m.subject)) return Error::Invalid("A message needs a subject in UTF-8.");
  if (!CodePoints(e.from.name)) return Error::Invalid("The sender's name must be UTF-8 text.");
  if (!CodePoints(m.text) || !CodePoints(m.html)) return Error::Invalid("A message body must be UTF-8 text.");
  if (e.message_id.empty() || !IsPrintableAscii(e.message_id) ||
      e.message_id.find_first_of("<> ") != std::string::npos || e.message_id.find('@') == std::string::npos)
    return Error::Invalid("A message id looks like local@domain.");
  if (e.boundary.empty() || e.boundary.size() > 70 || !IsPrintableAscii(e.boundary) ||
      e.boundary.find('"') != std::string::npos)
    return Error::Invalid("The boundary is not usable.");
  const std::string text = QuotedPrintable(m.text);
  const std::string html = QuotedPrintable(m.html);
  if (text.find(e.boundary) != std::string::npos || html.find(e.boundary) != std::string::npos)
    return Error::Invalid("The boundary occurs in a body.");

  std::string out;
  auto header = [&out](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  };
  header("Date", FormatRfc5322Date(e.date));
  header("From", MailboxHeader(e.from));
  header("To", m.to);
  header("Subject", EncodeHeaderText(m.subject));
  header("Message-ID", "<" + e.message_id + ">");
  header("MIME-Version", "1.0");
  header("Auto-Submitted", "auto-generated");
  header("Content-Type", "multipart/alternative; boundary=\"" + e.boundary + "\"");
  out += "\r\n";
  auto part = [&](std::string_view type, const std::string& body) {
    out += "--" + e.boundary + "\r\n";
    out += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += body;
    if (!body.ends_with("\r\n")) out += "\r\n";
  };
  part("text/plain", text);
  part("text/html", html);
  out += "--" + e.boundary + "--\r\n";
  return out;
}

}  // namespace rk::mail
