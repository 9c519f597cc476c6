#include "emulators/identity/oidc/admin_http.h"

#include <charconv>

#include "emulators/identity/realm/realm.h"

namespace sim::identity::admin {

using nlohmann::json;

aws::HttpReply Json(int status, const json& body) {
  aws::HttpReply reply;
  reply.response.status = status;
  reply.response.SetHeader("Content-Type", "application/json");
  reply.response.body = body.dump();
  return reply;
}

aws::HttpReply NoContent() {
  aws::HttpReply reply;
  reply.response.status = 204;
  return reply;
}

aws::HttpReply Created(const std::string& location) {
  aws::HttpReply reply;
  reply.response.status = 201;
  reply.response.SetHeader("Location", location);
  return reply;
}

aws::HttpReply Error(int status, std::string_view message) {
  return Json(status, {{"error", message}});
}

aws::HttpReply ErrorMessage(int status, std::string_view message) {
  return Json(status, {{"errorMessage", message}});
}

aws::HttpReply NotFound() { return Error(404, "Unable to find matching target resource method"); }
aws::HttpReply MethodNotAllowed() { return Error(405, "HTTP 405 Method Not Allowed"); }
aws::HttpReply BadJson() { return Error(400, "unknown_error"); }

std::optional<json> ParseBody(const Call& call) {
  json body = json::parse(call.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return std::nullopt;
  return body;
}

int QueryInt(const Form& query, const char* name, int fallback) {
  auto it = query.find(name);
  if (it == query.end()) return fallback;
  int value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

bool QueryBool(const Form& query, const char* name, bool fallback) {
  auto it = query.find(name);
  if (it == query.end()) return fallback;
  return Lowercase(it->second) == "true";
}

std::string QueryString(const Form& query, const char* name) {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::string StringField(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

json Page(const json& items, const Form& query, int default_max) {
  int first = std::max(0, QueryInt(query, "first", 0));
  int max = QueryInt(query, "max", default_max);
  if (max < 0) max = default_max;
  json page = json::array();
  for (std::size_t i = first; i < items.size() && page.size() < static_cast<std::size_t>(max);
       ++i) {
    page.push_back(items[i]);
  }
  return page;
}

bool ContainsFolded(std::string_view text, std::string_view needle) {
  return Lowercase(text).find(Lowercase(needle)) != std::string::npos;
}

}  // namespace sim::identity::admin
