#pragma once
// The admin API's request and reply plumbing, shared by its resource files:
// one decoded call, Keycloak's JSON error bodies, query parameters and paging.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/identity/oidc/token_service.h"
#include "sim/aws/http_message.h"

namespace sim::identity::admin {

// One request below /admin/realms/{realm}.
struct Call {
  std::string method;
  std::vector<std::string> path;  // decoded segments after the realm: {"users", "<id>", "groups"}
  Form query;
  std::string body;
  std::string realm_url;  // <base>/admin/realms/{realm}, for Location headers
};

aws::HttpReply Json(int status, const nlohmann::json& body);
aws::HttpReply NoContent();
aws::HttpReply Created(const std::string& location);
// Keycloak's two error shapes: {"error": ...} for missing objects and
// refused access, {"errorMessage": ...} for rejected representations.
aws::HttpReply Error(int status, std::string_view message);
aws::HttpReply ErrorMessage(int status, std::string_view message);
aws::HttpReply NotFound();  // no such resource method
aws::HttpReply MethodNotAllowed();
aws::HttpReply BadJson();

// The body as JSON; nullopt when it does not parse.
std::optional<nlohmann::json> ParseBody(const Call& call);

int QueryInt(const Form& query, const char* name, int fallback);
bool QueryBool(const Form& query, const char* name, bool fallback);
std::string QueryString(const Form& query, const char* name);
// A string member of a JSON object, "" when absent or not a string.
std::string StringField(const nlohmann::json& object, const char* key);

// The `first`/`max` window of a list, as Keycloak pages its results.
nlohmann::json Page(const nlohmann::json& items, const Form& query, int default_max);

// Case-insensitive substring test (ASCII).
bool ContainsFolded(std::string_view text, std::string_view needle);

}  // namespace sim::identity::admin
