#include "platform/http/metrics.hpp"

#include <cstdio>

namespace rk::http {
namespace {
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') { out += "\\n"; continue; }
    out.push_back(c);
  }
  return out;
}
std::string Num(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}
}  // namespace

void Metrics::Observe(const std::string& route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mu_);
  const auto key = std::make_tuple(std::string_view(route), method, status);
  auto count = counts_.find(key);
  if (count == counts_.end()) count = counts_.emplace(std::make_tuple(route, std::string(method), status), 0).first;
  ++count->second;
  auto hist = latency_.find(std::string_view(route));
  if (hist == latency_.end()) hist = latency_.emplace(route, Histogram{}).first;
  Histogram& h = hist->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::SetGauge(const std::string& name, const Labels& labels, std::int64_t value) {
  Set(name, false, labels, value);
}

void Metrics::SetCounter(const std::string& name, const Labels& labels, std::uint64_t value) {
  Set(name, true, labels, static_cast<std::int64_t>(value));
}

void Metrics::Set(const std::string& name, bool counter, const Labels& labels, std::int64_t value) {
  std::string key;
  for (const auto& [k, v] : labels) key += (key.empty() ? "{" : ",") + k + "=\"" + Escape(v) + "\"";
  if (!key.empty()) key += "}";
  std::lock_guard lock(mu_);
  Family& f = families_[name];
  f.counter = counter;
  f.series[key] = value;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP rekindle_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE rekindle_http_requests_total counter\n";
  for (const auto& [key, n] : counts_) {
    const auto& [route, method, status] = key;
    out += "rekindle_http_requests_total{route=\"" + Escape(route) + "\",method=\"" + method + "\",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP rekindle_http_request_duration_seconds Time from a request's last byte to its response.\n";
  out += "# TYPE rekindle_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + Escape(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += "rekindle_http_request_duration_seconds_bucket{" + label + ",le=\"" + Num(kBuckets[i]) + "\"} " +
             std::to_string(h.buckets[i]) + "\n";
    out += "rekindle_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += "rekindle_http_request_duration_seconds_sum{" + label + "} " + Num(h.sum) + "\n";
    out += "rekindle_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
  }
  for (const auto& [name, f] : families_) {
    out += "# TYPE " + name + (f.counter ? " counter\n" : " gauge\n");
    for (const auto& [labels, v] : f.series) out += name + labels + " " + std::to_string(v) + "\n";
  }
  return out;
}

}  // namespace rk::http
