#include "emulators/s3/api/cors.h"

#include <pugixml.hpp>

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

struct CorsRule {
  std::vector<std::string> origins, methods, headers, expose;
  std::string max_age;
};

std::vector<CorsRule> ParseRules(const std::string& document) {
  std::vector<CorsRule> rules;
  pugi::xml_document doc;
  if (!doc.load_buffer(document.data(), document.size())) return rules;
  for (pugi::xml_node node : doc.child("CORSConfiguration").children("CORSRule")) {
    CorsRule rule;
    for (pugi::xml_node n : node.children("AllowedOrigin")) rule.origins.emplace_back(n.text().get());
    for (pugi::xml_node n : node.children("AllowedMethod")) rule.methods.emplace_back(n.text().get());
    for (pugi::xml_node n : node.children("AllowedHeader")) rule.headers.emplace_back(aws::ToLower(n.text().get()));
    for (pugi::xml_node n : node.children("ExposeHeader")) rule.expose.emplace_back(n.text().get());
    rule.max_age = node.child("MaxAgeSeconds").text().get();
    rules.push_back(std::move(rule));
  }
  return rules;
}

// S3 allows one '*' wildcard in an origin or header pattern.
bool WildcardMatch(std::string_view pattern, std::string_view text) {
  auto star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  std::string_view head = pattern.substr(0, star), tail = pattern.substr(star + 1);
  return text.size() >= head.size() + tail.size() && text.substr(0, head.size()) == head &&
         text.substr(text.size() - tail.size()) == tail;
}

bool AnyMatches(const std::vector<std::string>& patterns, std::string_view text) {
  for (const auto& p : patterns)
    if (WildcardMatch(p, text)) return true;
  return false;
}

const CorsRule* Find(const std::vector<CorsRule>& rules, std::string_view origin, std::string_view method,
                     const std::vector<std::string>& headers) {
  for (const auto& rule : rules) {
    if (!AnyMatches(rule.origins, origin)) continue;
    bool method_ok = false;
    for (const auto& m : rule.methods) method_ok = method_ok || m == method;
    if (!method_ok) continue;
    bool headers_ok = true;
    for (const auto& h : headers) headers_ok = headers_ok && AnyMatches(rule.headers, h);
    if (headers_ok) return &rule;
  }
  return nullptr;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void AddRuleHeaders(aws::HttpResponse& r, const CorsRule& rule, std::string_view origin) {
  bool any_origin = rule.origins.size() == 1 && rule.origins.front() == "*";
  r.SetHeader("Access-Control-Allow-Origin", any_origin ? "*" : std::string(origin));
  r.SetHeader("Access-Control-Allow-Methods", Join(rule.methods));
  if (!rule.expose.empty()) r.SetHeader("Access-Control-Expose-Headers", Join(rule.expose));
  if (!rule.max_age.empty()) r.SetHeader("Access-Control-Max-Age", rule.max_age);
  if (!any_origin) r.SetHeader("Access-Control-Allow-Credentials", "true");
  r.SetHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
}

}  // namespace

aws::HttpResponse PreflightCors(S3Context& s3, const S3Call& call) {
  Bucket* bucket = s3.store.FindBucket(call.bucket);
  if (!bucket) throw NoSuchBucket(call.bucket);
  const std::string* origin = call.Header("Origin");
  const std::string* method = call.Header("Access-Control-Request-Method");
  if (!origin || !method)
    throw S3Error{400, "BadRequest", "Insufficient information. Origin request header needed.", {}, {}};
  auto it = bucket->configs.find("cors");
  if (it == bucket->configs.end())
    throw S3Error{403, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.",
                  {{"Method", *method}, {"ResourceType", "BUCKET"}}, {}};
  std::vector<std::string> headers;
  if (const std::string* requested = call.Header("Access-Control-Request-Headers")) {
    std::string_view list = *requested;
    while (!list.empty()) {
      auto comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) headers.push_back(aws::ToLower(item));
    }
  }
  auto rules = ParseRules(it->second);
  const CorsRule* rule = Find(rules, *origin, *method, headers);
  if (!rule)
    throw S3Error{403, "AccessForbidden",
                  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
                  "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
                  "whitelisted by the resource's CORS spec.",
                  {{"Method", *method}, {"ResourceType", call.key.empty() ? "BUCKET" : "OBJECT"}}, {}};
  aws::HttpResponse r = NewResponse(call);
  AddRuleHeaders(r, *rule, *origin);
  if (const std::string* requested = call.Header("Access-Control-Request-Headers"))
    r.SetHeader("Access-Control-Allow-Headers", *requested);
  return r;
}

void AddCorsHeaders(S3Context& s3, const S3Call& call, aws::HttpResponse& response) {
  const std::string* origin = call.Header("Origin");
  if (!origin || call.bucket.empty()) return;
  Bucket* bucket = s3.store.FindBucket(call.bucket);
  if (!bucket) return;
  auto it = bucket->configs.find("cors");
  if (it == bucket->configs.end()) return;
  auto rules = ParseRules(it->second);
  if (const CorsRule* rule = Find(rules, *origin, call.http->method, {})) AddRuleHeaders(response, *rule, *origin);
}

}  // namespace sim::s3
