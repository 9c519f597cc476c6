#include "emulators/identity/realm/realm_import.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "sim/aws/crypto.h"

namespace sim::identity {
namespace {

using json = nlohmann::json;

std::string At(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string At(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// Reads typed fields out of the realm JSON and remembers the first problem
// with its path. Readers go on after a failure (their results are dropped),
// which keeps every call site free of error plumbing.
class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  const std::string& error() const { return *error_; }
  void Fail(const std::string& path, std::string_view what) {
    if (!error_) error_ = (path.empty() ? "$" : path) + ": " + std::string(what);
  }

  // Each reads obj[key] into `out`; an absent or null field leaves `out` as it was.
  void Read(const json& obj, const std::string& path, const char* key, std::string& out) {
    if (const json* v = Field(obj, key)) {
      if (v->is_string())
        out = v->get<std::string>();
      else
        Fail(At(path, key), "expected a string");
    }
  }
  void Read(const json& obj, const std::string& path, const char* key, bool& out) {
    if (const json* v = Field(obj, key)) {
      if (v->is_boolean())
        out = v->get<bool>();
      else
        Fail(At(path, key), "expected true or false");
    }
  }
  void Read(const json& obj, const std::string& path, const char* key, std::int64_t& out) {
    if (const json* v = Field(obj, key)) {
      if (v->is_number_integer() &&
          (!v->is_number_unsigned() ||
           v->get<std::uint64_t>() <= std::numeric_limits<std::int64_t>::max())) {
        out = v->get<std::int64_t>();
      } else {
        Fail(At(path, key), "expected an integer");
      }
    }
  }
  void Read(const json& obj, const std::string& path, const char* key, int& out) {
    std::int64_t wide = out;
    Read(obj, path, key, wide);
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
      Fail(At(path, key), "integer out of range");
    } else {
      out = static_cast<int>(wide);
    }
  }
  void Read(const json& obj, const std::string& path, const char* key,
            std::vector<std::string>& out) {
    if (const json* v = Field(obj, key)) out = Strings(*v, At(path, key));
  }
  // String-valued maps (client attributes, mapper config). Keycloak's Java
  // model coerces scalars to strings, so `true` and `5` are taken as text.
  void Read(const json& obj, const std::string& path, const char* key,
            std::map<std::string, std::string>& out) {
    const json* v = ObjectField(obj, path, key);
    if (v == nullptr) return;
    for (const auto& [name, value] : v->items()) {
      if (value.is_string())
        out[name] = value.get<std::string>();
      else if (value.is_primitive() && !value.is_null())
        out[name] = value.dump();
      else if (!value.is_null())
        Fail(At(At(path, key), name), "expected a string");
    }
  }
  // Lists by name (attributes, client role mappings); a lone string counts
  // as a list of one, as hand-written files tend to have it.
  void Read(const json& obj, const std::string& path, const char* key,
            std::map<std::string, std::vector<std::string>>& out) {
    const json* v = ObjectField(obj, path, key);
    if (v == nullptr) return;
    for (const auto& [name, value] : v->items()) {
      if (value.is_string())
        out[name] = {value.get<std::string>()};
      else
        out[name] = Strings(value, At(At(path, key), name));
    }
  }

  // obj[key] when it is an object / array; nullptr when absent; fails when
  // it is something else.
  const json* ObjectField(const json& obj, const std::string& path, const char* key) {
    const json* v = Field(obj, key);
    if (v != nullptr && !v->is_object()) {
      Fail(At(path, key), "expected an object");
      return nullptr;
    }
    return v;
  }
  const json* ArrayField(const json& obj, const std::string& path, const char* key) {
    const json* v = Field(obj, key);
    if (v != nullptr && !v->is_array()) {
      Fail(At(path, key), "expected an array");
      return nullptr;
    }
    return v;
  }

  // Calls fn(element, element_path) for each object in the array obj[key].
  template <class Fn>
  void EachObject(const json& obj, const std::string& path, const char* key, Fn fn) {
    const json* array = ArrayField(obj, path, key);
    if (array == nullptr) return;
    for (std::size_t i = 0; i < array->size() && !failed(); ++i) {
      std::string at = At(At(path, key), i);
      if ((*array)[i].is_object())
        fn((*array)[i], at);
      else
        Fail(at, "expected an object");
    }
  }

  // A string field the entity cannot do without.
  std::string Required(const json& obj, const std::string& path, const char* key) {
    std::string out;
    if (Field(obj, key) == nullptr) Fail(At(path, key), "missing");
    Read(obj, path, key, out);
    return out;
  }

 private:
  static const json* Field(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }
  std::vector<std::string> Strings(const json& v, const std::string& path) {
    std::vector<std::string> out;
    if (!v.is_array()) {
      Fail(path, "expected an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string())
        out.push_back(v[i].get<std::string>());
      else
        Fail(At(path, i), "expected a string");
    }
    return out;
  }

  std::optional<std::string> error_;
};

// Settings are flat scalars on the realm object: tables keep them one line each.
constexpr std::pair<const char*, int RealmSettings::*> kIntSettings[] = {
    {"accessTokenLifespan", &RealmSettings::access_token_lifespan},
    {"accessTokenLifespanForImplicitFlow", &RealmSettings::access_token_lifespan_for_implicit_flow},
    {"accessCodeLifespan", &RealmSettings::access_code_lifespan},
    {"accessCodeLifespanUserAction", &RealmSettings::access_code_lifespan_user_action},
    {"accessCodeLifespanLogin", &RealmSettings::access_code_lifespan_login},
    {"ssoSessionIdleTimeout", &RealmSettings::sso_session_idle_timeout},
    {"ssoSessionMaxLifespan", &RealmSettings::sso_session_max_lifespan},
    {"offlineSessionIdleTimeout", &RealmSettings::offline_session_idle_timeout},
    {"clientSessionIdleTimeout", &RealmSettings::client_session_idle_timeout},
    {"clientSessionMaxLifespan", &RealmSettings::client_session_max_lifespan},
    {"refreshTokenMaxReuse", &RealmSettings::refresh_token_max_reuse},
    {"maxTemporaryLockouts", &RealmSettings::max_temporary_lockouts},
    {"failureFactor", &RealmSettings::failure_factor},
    {"waitIncrementSeconds", &RealmSettings::wait_increment_seconds},
    {"quickLoginCheckMilliSeconds", &RealmSettings::quick_login_check_milli_seconds},
    {"minimumQuickLoginWaitSeconds", &RealmSettings::minimum_quick_login_wait_seconds},
    {"maxFailureWaitSeconds", &RealmSettings::max_failure_wait_seconds},
    {"maxDeltaTimeSeconds", &RealmSettings::max_delta_time_seconds},
};
constexpr std::pair<const char*, bool RealmSettings::*> kBoolSettings[] = {
    {"revokeRefreshToken", &RealmSettings::revoke_refresh_token},
    {"bruteForceProtected", &RealmSettings::brute_force_protected},
    {"permanentLockout", &RealmSettings::permanent_lockout},
    {"registrationAllowed", &RealmSettings::registration_allowed},
    {"loginWithEmailAllowed", &RealmSettings::login_with_email_allowed},
    {"duplicateEmailsAllowed", &RealmSettings::duplicate_emails_allowed},
    {"resetPasswordAllowed", &RealmSettings::reset_password_allowed},
    {"rememberMe", &RealmSettings::remember_me},
    {"verifyEmail", &RealmSettings::verify_email},
};
constexpr std::pair<const char*, std::string RealmSettings::*> kStringSettings[] = {
    {"sslRequired", &RealmSettings::ssl_required},
    {"passwordPolicy", &RealmSettings::password_policy},
    {"defaultSignatureAlgorithm", &RealmSettings::default_signature_algorithm},
};

RealmSettings ReadSettings(Reader& r, const json& j) {
  RealmSettings s;
  for (auto [key, member] : kIntSettings) r.Read(j, "", key, s.*member);
  for (auto [key, member] : kBoolSettings) r.Read(j, "", key, s.*member);
  for (auto [key, member] : kStringSettings) r.Read(j, "", key, s.*member);
  r.Read(j, "", "defaultDefaultClientScopes", s.default_default_client_scopes);
  r.Read(j, "", "defaultOptionalClientScopes", s.default_optional_client_scopes);
  return s;
}

Role ReadRole(Reader& r, const json& j, const std::string& path, std::string client_id) {
  Role role;
  role.client_id = std::move(client_id);
  r.Read(j, path, "id", role.id);
  role.name = r.Required(j, path, "name");
  r.Read(j, path, "description", role.description);
  r.Read(j, path, "attributes", role.attributes);
  if (const json* composites = r.ObjectField(j, path, "composites")) {
    std::string at = At(path, "composites");
    r.Read(*composites, at, "realm", role.composite_realm_roles);
    r.Read(*composites, at, "client", role.composite_client_roles);
  }
  return role;
}

void ReadRoles(Reader& r, const json& j, Realm& realm) {
  const json* roles = r.ObjectField(j, "", "roles");
  if (roles == nullptr) return;
  r.EachObject(*roles, "roles", "realm", [&](const json& role, const std::string& at) {
    realm.realm_roles.push_back(ReadRole(r, role, at, ""));
  });
  const json* by_client = r.ObjectField(*roles, "roles", "client");
  if (by_client == nullptr) return;
  for (const auto& item : by_client->items()) {
    const std::string& client_id = item.key();
    auto& out = realm.client_roles[client_id];
    r.EachObject(*by_client, "roles.client", client_id.c_str(),
                 [&](const json& role, const std::string& at) {
                   out.push_back(ReadRole(r, role, at, client_id));
                 });
  }
}

ProtocolMapper ReadMapper(Reader& r, const json& j, const std::string& path) {
  ProtocolMapper m;
  r.Read(j, path, "id", m.id);
  m.name = r.Required(j, path, "name");
  r.Read(j, path, "protocol", m.protocol);
  m.protocol_mapper = r.Required(j, path, "protocolMapper");
  r.Read(j, path, "consentRequired", m.consent_required);
  r.Read(j, path, "config", m.config);
  return m;
}

std::vector<ProtocolMapper> ReadMappers(Reader& r, const json& j, const std::string& path) {
  std::vector<ProtocolMapper> out;
  r.EachObject(j, path, "protocolMappers",
               [&](const json& m, const std::string& at) { out.push_back(ReadMapper(r, m, at)); });
  return out;
}

Client ReadClient(Reader& r, const json& j, const std::string& path) {
  Client c;
  r.Read(j, path, "id", c.id);
  c.client_id = r.Required(j, path, "clientId");
  r.Read(j, path, "name", c.name);
  r.Read(j, path, "description", c.description);
  r.Read(j, path, "enabled", c.enabled);
  r.Read(j, path, "protocol", c.protocol);
  r.Read(j, path, "clientAuthenticatorType", c.client_authenticator_type);
  r.Read(j, path, "secret", c.secret);
  r.Read(j, path, "publicClient", c.public_client);
  r.Read(j, path, "bearerOnly", c.bearer_only);
  r.Read(j, path, "standardFlowEnabled", c.standard_flow_enabled);
  r.Read(j, path, "implicitFlowEnabled", c.implicit_flow_enabled);
  r.Read(j, path, "directAccessGrantsEnabled", c.direct_access_grants_enabled);
  r.Read(j, path, "serviceAccountsEnabled", c.service_accounts_enabled);
  r.Read(j, path, "fullScopeAllowed", c.full_scope_allowed);
  r.Read(j, path, "rootUrl", c.root_url);
  r.Read(j, path, "baseUrl", c.base_url);
  r.Read(j, path, "adminUrl", c.admin_url);
  r.Read(j, path, "redirectUris", c.redirect_uris);
  r.Read(j, path, "webOrigins", c.web_origins);
  r.Read(j, path, "attributes", c.attributes);
  r.Read(j, path, "defaultClientScopes", c.default_client_scopes);
  r.Read(j, path, "optionalClientScopes", c.optional_client_scopes);
  c.protocol_mappers = ReadMappers(r, j, path);
  return c;
}

ClientScope ReadClientScope(Reader& r, const json& j, const std::string& path) {
  ClientScope s;
  r.Read(j, path, "id", s.id);
  s.name = r.Required(j, path, "name");
  r.Read(j, path, "description", s.description);
  r.Read(j, path, "protocol", s.protocol);
  r.Read(j, path, "attributes", s.attributes);
  s.protocol_mappers = ReadMappers(r, j, path);
  return s;
}

Group ReadGroup(Reader& r, const json& j, const std::string& path, const std::string& parent_path) {
  Group g;
  r.Read(j, path, "id", g.id);
  g.name = r.Required(j, path, "name");
  g.path = parent_path + "/" + g.name;  // exports carry "path" too; the nesting is what counts
  r.Read(j, path, "attributes", g.attributes);
  r.Read(j, path, "realmRoles", g.realm_roles);
  r.Read(j, path, "clientRoles", g.client_roles);
  r.EachObject(j, path, "subGroups", [&](const json& sub, const std::string& at) {
    g.sub_groups.push_back(ReadGroup(r, sub, at, g.path));
  });
  return g;
}

// secretData / credentialData: a JSON document inside a JSON string. An
// object is taken as well, for hand-written files.
std::optional<json> EmbeddedJson(Reader& r, const json& j, const std::string& path, const char* key,
                                 std::string& raw) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_object()) {
    raw = it->dump();
    return *it;
  }
  if (!it->is_string()) {
    r.Fail(At(path, key), "expected a string holding JSON");
    return std::nullopt;
  }
  raw = it->get<std::string>();
  json parsed = json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    r.Fail(At(path, key), "not valid JSON");
    return std::nullopt;
  }
  return parsed;
}

// A base64 field of a hashed password (hash or salt), decoded.
std::string Base64Field(Reader& r, const json& j, const std::string& path, const char* key) {
  std::string text = r.Required(j, path, key);
  auto bytes = aws::Base64Decode(text);
  if (!bytes) r.Fail(At(path, key), "not valid base64");
  return bytes.value_or("");
}

Credential ReadCredential(Reader& r, const json& j, const std::string& path) {
  Credential c;
  r.Read(j, path, "id", c.id);
  r.Read(j, path, "type", c.type);
  r.Read(j, path, "userLabel", c.user_label);
  r.Read(j, path, "createdDate", c.created_date);
  r.Read(j, path, "temporary", c.temporary);
  if (auto value_it = j.find("value"); value_it != j.end() && !value_it->is_null()) {
    std::string value;
    r.Read(j, path, "value", value);
    c.plain_value = std::move(value);
    return c;
  }
  std::optional<json> secret = EmbeddedJson(r, j, path, "secretData", c.secret_data);
  std::optional<json> data = EmbeddedJson(r, j, path, "credentialData", c.credential_data);
  if (c.type != kPasswordType) return c;
  if (secret) {  // Keycloak 12+
    std::string secret_path = At(path, "secretData");
    std::string data_path = At(path, "credentialData");
    c.hash = Base64Field(r, *secret, secret_path, "value");
    c.salt = Base64Field(r, *secret, secret_path, "salt");
    if (!data) {
      r.Fail(data_path, "missing");
      return c;
    }
    c.algorithm = r.Required(*data, data_path, "algorithm");
    if (!data->contains("hashIterations")) r.Fail(At(data_path, "hashIterations"), "missing");
    r.Read(*data, data_path, "hashIterations", c.hash_iterations);
  } else if (j.contains("hashedSaltedValue")) {  // before Keycloak 12
    c.hash = Base64Field(r, j, path, "hashedSaltedValue");
    c.salt = Base64Field(r, j, path, "salt");
    c.algorithm = r.Required(j, path, "algorithm");
    r.Read(j, path, "hashIterations", c.hash_iterations);
    c.secret_data = PasswordSecretData(c);
    c.credential_data = PasswordCredentialData(c);
  }
  return c;
}

User ReadUser(Reader& r, const json& j, const std::string& path) {
  User u;
  r.Read(j, path, "id", u.id);
  u.username = Lowercase(r.Required(j, path, "username"));
  r.Read(j, path, "email", u.email);
  u.email = Lowercase(u.email);
  r.Read(j, path, "emailVerified", u.email_verified);
  r.Read(j, path, "firstName", u.first_name);
  r.Read(j, path, "lastName", u.last_name);
  r.Read(j, path, "enabled", u.enabled);
  r.Read(j, path, "createdTimestamp", u.created_timestamp);
  r.Read(j, path, "attributes", u.attributes);
  r.Read(j, path, "groups", u.groups);
  r.Read(j, path, "realmRoles", u.realm_roles);
  r.Read(j, path, "clientRoles", u.client_roles);
  r.Read(j, path, "requiredActions", u.required_actions);
  r.Read(j, path, "serviceAccountClientId", u.service_account_client_id);
  r.EachObject(j, path, "credentials", [&](const json& c, const std::string& at) {
    u.credentials.push_back(ReadCredential(r, c, at));
  });
  return u;
}

// Keycloak gives every realm "default-roles-<realm>"; files from before
// Keycloak 13 list "defaultRoles" instead, which it migrates to that role.
void EnsureDefaultRole(Reader& r, const json& j, Realm& realm) {
  if (const json* role = r.ObjectField(j, "", "defaultRole")) {
    realm.default_role = r.Required(*role, "defaultRole", "name");
    if (realm.FindRealmRole(realm.default_role) != nullptr) return;
  }
  if (realm.name.empty()) return;  // a fragment that names no realm
  if (realm.default_role.empty()) realm.default_role = "default-roles-" + Lowercase(realm.name);
  if (realm.FindRealmRole(realm.default_role) != nullptr) return;

  Role role;
  role.name = realm.default_role;
  role.description = "${role_default-roles}";
  r.Read(j, "", "defaultRoles", role.composite_realm_roles);
  if (role.composite_realm_roles.empty()) {
    role.composite_realm_roles = {"offline_access", "uma_authorization"};
    for (auto [name, description] : {std::pair{"offline_access", "${role_offline-access}"},
                                     std::pair{"uma_authorization", "${role_uma_authorization}"}}) {
      if (realm.FindRealmRole(name) != nullptr) continue;
      Role builtin;
      builtin.name = name;
      builtin.description = description;
      realm.realm_roles.push_back(std::move(builtin));
    }
  }
  realm.realm_roles.push_back(std::move(role));
}

// Describes where a text stops being JSON. nlohmann's non-throwing parse only
// says that it does; its SAX interface hands over the position and reason.
class SyntaxErrorFinder : public nlohmann::json_sax<json> {
 public:
  std::string message = "not valid JSON";

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    // e.what() is "[json.exception.parse_error.101] parse error at line 3, column 7: ...".
    std::string what = e.what();
    std::size_t start = what.find("] ");
    message = "not valid JSON: " + (start == std::string::npos ? what : what.substr(start + 2));
    return false;
  }
};

}  // namespace

Result<Realm> ImportRealm(std::string_view json_text) {
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    SyntaxErrorFinder finder;
    json::sax_parse(json_text, &finder);
    return MakeError(std::string(kInvalidRealm), "$: " + finder.message);
  }
  if (!j.is_object()) return MakeError(std::string(kInvalidRealm), "$: expected an object");

  Reader r;
  Realm realm;
  r.Read(j, "", "id", realm.id);
  r.Read(j, "", "realm", realm.name);
  r.Read(j, "", "displayName", realm.display_name);
  r.Read(j, "", "enabled", realm.enabled);
  realm.settings = ReadSettings(r, j);
  ReadRoles(r, j, realm);
  r.EachObject(j, "", "clients", [&](const json& c, const std::string& at) {
    realm.clients.push_back(ReadClient(r, c, at));
  });
  r.EachObject(j, "", "clientScopes", [&](const json& s, const std::string& at) {
    realm.client_scopes.push_back(ReadClientScope(r, s, at));
  });
  r.EachObject(j, "", "groups", [&](const json& g, const std::string& at) {
    realm.groups.push_back(ReadGroup(r, g, at, ""));
  });
  r.EachObject(j, "", "users", [&](const json& u, const std::string& at) {
    realm.users.push_back(ReadUser(r, u, at));
  });
  EnsureDefaultRole(r, j, realm);
  if (r.failed()) return MakeError(std::string(kInvalidRealm), r.error());
  realm.raw = std::move(j);
  return realm;
}

}  // namespace sim::identity
