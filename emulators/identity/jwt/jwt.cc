#include "emulators/identity/jwt/jwt.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "emulators/identity/jwt/base64url.h"

namespace sim::identity {
namespace {

constexpr std::string_view kAlg = "RS256";

Error InvalidToken(std::string message) { return MakeError("invalid_token", std::move(message), 401); }
Error Malformed() { return InvalidToken("token is malformed"); }

std::string Dump(const nlohmann::json& value) {
  // `replace` instead of the default strict handler, which throws on
  // invalid UTF-8 (an attribute value imported from a realm, say).
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A base64url segment holding a JSON object; nullopt otherwise.
std::optional<nlohmann::json> DecodeObject(std::string_view segment) {
  std::optional<std::string> text = Base64UrlDecode(segment);
  if (!text) return std::nullopt;
  nlohmann::json value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;  // also the parse failure (discarded)
  return value;
}

struct Segments {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // header.payload
};

std::optional<Segments> Split(std::string_view token) {
  std::size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return Segments{token.substr(0, first), token.substr(first + 1, second - first - 1),
                  token.substr(second + 1), token.substr(0, second)};
}

// The header after the checks that do not need a key.
Result<nlohmann::json> CheckedHeader(const Segments& segments) {
  std::optional<nlohmann::json> header = DecodeObject(segments.header);
  if (!header) return Malformed();
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return InvalidToken("unsupported alg: (none given)");
  if (*alg != kAlg) return InvalidToken("unsupported alg: " + alg->get<std::string>());
  // RFC 7515 §4.1.11: a recipient that does not understand a listed
  // extension must reject the token; we understand none.
  if (header->contains("crit")) return InvalidToken("unsupported crit header");
  auto kid = header->find("kid");
  if (kid != header->end() && !kid->is_string()) return Malformed();
  return std::move(*header);
}

template <class Key, class GetPublic>
Result<nlohmann::json> Verify(std::string_view token, std::span<const Key> keys, GetPublic get_public) {
  std::optional<Segments> segments = Split(token);
  if (!segments) return Malformed();
  Result<nlohmann::json> header = CheckedHeader(*segments);
  if (!header) return header.error();
  std::optional<std::string> signature = Base64UrlDecode(segments->signature);
  if (!signature || signature->empty()) return Malformed();

  auto kid = header->find("kid");
  bool matched = false, verified = false;
  for (const Key& key : keys) {
    const PublicKey& public_key = get_public(key);
    if (kid != header->end() && public_key.kid() != kid->get_ref<const std::string&>()) continue;
    matched = true;
    if (public_key.VerifyRs256(segments->signing_input, *signature)) {
      verified = true;
      break;
    }
  }
  if (!matched) {
    return InvalidToken(kid != header->end() ? "no key for kid: " + kid->get<std::string>()
                                             : "no key for kid: (none given)");
  }
  if (!verified) return InvalidToken("token signature is invalid");
  // Parsed only once the signature vouches for it.
  std::optional<nlohmann::json> claims = DecodeObject(segments->payload);
  if (!claims) return Malformed();
  return std::move(*claims);
}

// A NumericDate (RFC 7519 §2) in whole seconds, clamped far beyond any real
// date so the millisecond arithmetic below cannot overflow.
Result<std::int64_t> NumericDate(const nlohmann::json& value, const char* name) {
  constexpr std::int64_t kLimit = 1'000'000'000'000;  // about year 33,700
  if (value.is_number_integer() || value.is_number_unsigned()) {
    if (value.is_number_unsigned()) {
      return static_cast<std::int64_t>(std::min<std::uint64_t>(value.get<std::uint64_t>(), kLimit));
    }
    return std::clamp<std::int64_t>(value.get<std::int64_t>(), -kLimit, kLimit);
  }
  if (value.is_number_float()) {
    double seconds = std::floor(value.get<double>());
    return static_cast<std::int64_t>(std::clamp(seconds, -double(kLimit), double(kLimit)));
  }
  return InvalidToken(std::string("token claim ") + name + " is not a number");
}

}  // namespace

std::string SignJwt(const SigningKey& key, const nlohmann::json& claims,
                    const nlohmann::json& extra_header) {
  nlohmann::json header = {{"alg", kAlg}, {"typ", "JWT"}, {"kid", key.kid()}};
  if (extra_header.is_object()) {
    for (const auto& [name, value] : extra_header.items()) {
      if (name != "alg" && name != "kid") header[name] = value;
    }
  }
  std::string token = Base64UrlEncode(Dump(header));
  token.push_back('.');
  token.append(Base64UrlEncode(Dump(claims)));
  std::string signature = key.SignRs256(token);
  token.push_back('.');
  token.append(Base64UrlEncode(signature));
  return token;
}

Result<DecodedJwt> DecodeJwtUnverified(std::string_view token) {
  std::optional<Segments> segments = Split(token);
  if (!segments) return Malformed();
  std::optional<nlohmann::json> header = DecodeObject(segments->header);
  std::optional<nlohmann::json> claims = DecodeObject(segments->payload);
  std::optional<std::string> signature = Base64UrlDecode(segments->signature);
  if (!header || !claims || !signature) return Malformed();
  return DecodedJwt{std::move(*header), std::move(*claims), std::move(*signature)};
}

Result<nlohmann::json> VerifyJwt(std::string_view token, std::span<const PublicKey> keys) {
  return Verify(token, keys, [](const PublicKey& k) -> const PublicKey& { return k; });
}

Result<nlohmann::json> VerifyJwt(std::string_view token, std::span<const SigningKey> keys) {
  return Verify(token, keys, [](const SigningKey& k) -> const PublicKey& { return k.public_key(); });
}

Status CheckTimeClaims(const nlohmann::json& claims, TimePoint now, Duration leeway) {
  const std::int64_t now_ms = now.time_since_epoch().count();
  const std::int64_t leeway_ms = std::max<std::int64_t>(leeway.count(), 0);
  std::optional<std::int64_t> exp, nbf;
  for (const char* name : {"exp", "nbf", "iat"}) {
    auto it = claims.find(name);
    if (it == claims.end() || it->is_null()) continue;
    Result<std::int64_t> seconds = NumericDate(*it, name);
    if (!seconds) return seconds.error();
    if (name[0] == 'e') exp = *seconds;
    if (name[0] == 'n') nbf = *seconds;
  }
  // Keycloak compares whole seconds, now truncated: still valid during the
  // second named by exp, expired from the next one.
  if (exp && *exp != 0 && now_ms - leeway_ms >= (*exp + 1) * 1000) {
    return InvalidToken("token has expired");
  }
  if (nbf && *nbf != 0 && now_ms + leeway_ms < *nbf * 1000) {
    return InvalidToken("token is not yet valid");
  }
  return Ok();
}

}  // namespace sim::identity
