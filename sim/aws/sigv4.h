#pragma once
// AWS Signature Version 4 verification, independent of any HTTP library:
// plain views of the request in, sim::Status / sim::Result out.
//
//   auto cred = ParseAuthorization(request, options);      // header or presigned query
//   ... look up cred->access_key_id; unknown -> MakeAuthError(kUnknownAccessKey, ...)
//   Status ok = Verify(request, *cred, secret, body_sha256, clock.Now(), options);
//
// Errors are rendered in the caller's error dialect: JSON services
// (InvalidSignatureException, ...), query services (SignatureDoesNotMatch,
// InvalidClientTokenId, ...) or S3 (SignatureDoesNotMatch, InvalidAccessKeyId,
// AccessDenied, ...). The dialect also selects S3's canonical URI rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/clock.h"
#include "sim/core/result.h"

namespace sim::aws {

struct HttpRequestView {
  std::string_view method;
  std::string_view raw_target;  // path?query exactly as received
  std::vector<std::pair<std::string_view, std::string_view>> headers;
};

// Which family of AWS error codes a protocol answers with.
enum class AuthDialect {
  kJson,   // awsJson services: Secrets Manager, DynamoDB, KMS, ...
  kQuery,  // query / ec2 protocol services: STS, IAM, SQS, SNS, ...
  kS3,     // S3; also selects S3's canonical URI rules
};

// Why authentication failed. MakeAuthError renders one for a dialect.
enum class AuthFailure {
  kMissingAuthentication,     // neither an Authorization header nor X-Amz-* query auth
  kIncompleteSignature,       // Authorization header lacks or garbles a component
  kIncompleteQuerySignature,  // presigned query lacks or garbles a parameter
  kUnsupportedAlgorithm,      // not AWS4-HMAC-SHA256
  kMultipleAuthMechanisms,    // both Authorization header and X-Amz-* query auth
  kMissingDate,               // no usable X-Amz-Date / Date
  kCredentialDateMismatch,    // credential scope date differs from the request date
  kInvalidExpires,            // X-Amz-Expires not in 1..604800
  kUnknownAccessKey,          // the caller's key lookup failed
  kSignatureMismatch,
  kRequestTimeTooSkewed,   // header-signed request more than max_skew away from now
  kRequestExpired,         // presigned request past X-Amz-Date + X-Amz-Expires
  kMissingContentSha256,   // S3 header auth without x-amz-content-sha256
  kInvalidContentSha256,   // S3: x-amz-content-sha256 neither a hash nor a known mode
  kContentSha256Mismatch,  // body does not hash to x-amz-content-sha256
};

// The error AWS answers with. `message` overrides the default wording of JSON
// and query services (which embed request details); S3's wording is fixed per
// failure, so S3 ignores it.
Error MakeAuthError(AuthFailure failure, AuthDialect dialect, std::string message = {});

struct SigV4Options {
  AuthDialect dialect = AuthDialect::kJson;
  // Header-signed requests further than this from now are rejected.
  Duration max_skew = std::chrono::minutes(15);
};

struct SigV4Credential {
  std::string access_key_id;
  std::string date;  // credential scope date, yyyymmdd
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lower-case, as listed
  std::string signature;                    // lower-case hex, as sent
  std::string amz_date;                     // request time, yyyymmddThhmmssZ
  std::optional<std::int64_t> expires;      // seconds, presigned only
  bool presigned = false;
  std::optional<std::string> security_token;  // X-Amz-Security-Token, header or query

  std::string Scope() const { return date + "/" + region + "/" + service + "/aws4_request"; }
};

// Reads the Authorization header or the presigned X-Amz-* query parameters,
// and the request date. Does not check the signature or the clock.
Result<SigV4Credential> ParseAuthorization(const HttpRequestView& request,
                                           const SigV4Options& options = {});

// Checks the signature, the request time against `now`, and (when
// `body_sha256` is given) that the body matches x-amz-content-sha256.
// `body_sha256` is the lower-case hex SHA-256 of the body; it is required when
// the request has no x-amz-content-sha256 header (and is not an S3 presigned
// request, whose payload is UNSIGNED-PAYLOAD). Leave it empty when the body is
// still to be read: the caller then checks the hash itself
// (kContentSha256Mismatch) or decodes aws-chunked.
Status Verify(const HttpRequestView& request, const SigV4Credential& credential,
              std::string_view secret_key, std::optional<std::string_view> body_sha256,
              TimePoint now, const SigV4Options& options = {});

// The pieces of the computation, exposed for aws-chunked and for tests.
std::string DeriveSigningKey(std::string_view secret_key, std::string_view date,
                             std::string_view region, std::string_view service);
// DeriveSigningKey, remembered for the few (secret, date, region, service) in use.
const std::string& CachedSigningKey(std::string_view secret_key, std::string_view date,
                                    std::string_view region, std::string_view service);
// Canonical request with the given payload hash; query parameter
// X-Amz-Signature is left out.
std::string CanonicalRequest(const HttpRequestView& request,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash, bool s3);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
// The payload hash a request was signed with: x-amz-content-sha256 when
// present, UNSIGNED-PAYLOAD for S3 presigned requests, else `body_sha256`
// (nullopt when that is needed and missing).
std::optional<std::string> SignedPayloadHash(const HttpRequestView& request, bool presigned,
                                             bool s3, std::optional<std::string_view> body_sha256);

// URI encoding per SigV4: unreserved characters kept, everything else %XX
// (upper case); '/' kept only when `keep_slash`.
std::string UriEncode(std::string_view s, bool keep_slash);
// Dates: "yyyymmddThhmmssZ".
std::string FormatAmzDate(TimePoint t);
std::optional<TimePoint> ParseAmzDate(std::string_view text);
// RFC 1123 HTTP date, e.g. "Fri, 24 May 2013 00:00:00 GMT".
std::optional<TimePoint> ParseHttpDate(std::string_view text);

}  // namespace sim::aws
