// SMTP through libcurl. The only file that includes curl.h.
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "platform/mail/transport.hpp"

namespace rk::mail {
namespace {

// curl_global_init once, before the first handle (it is not thread-safe everywhere).
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Reader {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Reader*>(user);
  const std::size_t n = std::min(size * count, r->data->size() - r->pos);
  std::memcpy(buffer, r->data->data() + r->pos, n);
  r->pos += n;
  return n;
}

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(SmtpOptions o) : o_(std::move(o)) {
    GlobalInit();
    url_ = "smtp://" + o_.host + ":" + std::to_string(o_.port) + "/" + o_.helo;
  }

  std::string_view kind() const override { return "smtp"; }

  Status Send(const Outbound& m) override {
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return Error::Unavailable("SMTP: could not start a connection.");
    CURL* h = curl.get();
    const std::string from = "<" + m.from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> rcpt_guard(rcpt, curl_slist_free_all);
    Reader reader{&m.mime};
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp");
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(o_.require_starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, o_.ca_file.c_str());
    if (!o_.username.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, o_.username.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, o_.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &Read);
    curl_easy_setopt(h, CURLOPT_READDATA, &reader);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m.mime.size()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o_.connect_timeout));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) return {};
    // curl's own words for the failure and the server's reply code: never the reply's
    // text, which may repeat the address.
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    std::string why = std::string("SMTP: ") + curl_easy_strerror(rc);
    if (reply > 0) why += " (reply " + std::to_string(reply) + ")";
    return Error::Unavailable(why);
  }

 private:
  SmtpOptions o_;
  std::string url_;
};

class FileTransport final : public Transport {
 public:
  explicit FileTransport(std::string dir) : dir_(std::move(dir)) {}

  std::string_view kind() const override { return "file"; }

  Status Send(const Outbound& m) override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Error::Unavailable("mail folder: cannot create it.");
    ::chmod(dir_.c_str(), 0700);
    const std::string name = std::to_string(m.at) + "-" + m.id + ".eml";
    const std::string tmp = dir_ + "/." + name + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Error::Unavailable(std::string("mail folder: ") + std::strerror(errno));
    std::size_t done = 0;
    while (done < m.mime.size()) {
      const ssize_t n = ::write(fd, m.mime.data() + done, m.mime.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return Error::Unavailable("mail folder: cannot write.");
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (::rename(tmp.c_str(), (dir_ + "/" + name).c_str()) != 0) {
      ::unlink(tmp.c_str());
      return Error::Unavailable("mail folder: cannot write.");
    }
    return {};
  }

 private:
  std::string dir_;
};

}  // namespace

std::unique_ptr<Transport> NewSmtpTransport(SmtpOptions options) {
  return std::make_unique<SmtpTransport>(std::move(options));
}

std::unique_ptr<Transport> NewFileTransport(std::string dir) { return std::make_unique<FileTransport>(std::move(dir)); }

}  // namespace rk::mail
