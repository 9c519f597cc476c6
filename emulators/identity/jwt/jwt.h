#pragma once
// Compact RS256 JWS (RFC 7515) carrying JWT claims (RFC 7519): what Keycloak
// issues as access, ID and refresh tokens.
//
// Verification is split in two so time comes from the sim Clock: VerifyJwt
// checks the form, the algorithm and the signature; CheckTimeClaims then
// checks exp/nbf against a TimePoint the caller read from its Clock.
//
// Every failure is Error{code "invalid_token", http_status 401} with one of
// these messages (callers render them the way Keycloak's endpoints do):
//   "token is malformed"            not three base64url segments, or a header /
//                                   payload that is not a JSON object
//   "unsupported alg: <alg>"        anything but RS256 ("none", HS256, ...)
//   "unsupported crit header"       a "crit" extension we cannot honour
//   "no key for kid: <kid>"         the header's kid is not among the keys
//   "token signature is invalid"
//   "token has expired"             from CheckTimeClaims
//   "token is not yet valid"        from CheckTimeClaims
//   "token claim <name> is not a number"

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulators/identity/jwt/public_key.h"
#include "emulators/identity/jwt/signing_key.h"
#include "sim/core/clock.h"
#include "sim/core/result.h"

namespace sim::identity {

// header.payload.signature with header {"alg":"RS256","typ":"JWT","kid":<kid>}.
// `extra_header` members are added to the header and may replace "typ" (but
// never "alg" or "kid"). `claims` should be a JSON object; strings that are
// not valid UTF-8 are written with U+FFFD in their place.
std::string SignJwt(const SigningKey& key, const nlohmann::json& claims,
                    const nlohmann::json& extra_header = nlohmann::json::object());

// A token split and decoded but NOT verified: for reading the header (kid,
// alg) or claims (iss) before choosing how to verify.
struct DecodedJwt {
  nlohmann::json header;  // a JSON object
  nlohmann::json claims;  // a JSON object
  std::string signature;  // raw bytes
};
Result<DecodedJwt> DecodeJwtUnverified(std::string_view token);

// The claims of an RS256 token signed by one of `keys`. A header kid must
// name one of them; a token without kid is tried against each. Times are not
// checked here: see CheckTimeClaims.
Result<nlohmann::json> VerifyJwt(std::string_view token, std::span<const PublicKey> keys);
Result<nlohmann::json> VerifyJwt(std::string_view token, std::span<const SigningKey> keys);

// Keycloak's rules (JsonWebToken.isExpired / isNotBefore, whole seconds):
// expired once now > exp + leeway; not yet valid while now + leeway < nbf.
// An absent or zero exp never expires; an absent or zero nbf is always
// valid. iat must be a number when present but is not compared with now:
// neither Keycloak nor jose refuse a token for it (revocation by
// not-before policy compares iat, and is the caller's business).
Status CheckTimeClaims(const nlohmann::json& claims, TimePoint now, Duration leeway = Duration(0));

}  // namespace sim::identity
