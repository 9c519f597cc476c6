#include "sim/aws/sigv4.h"

#include <algorithm>
#include <map>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "sim/aws/crypto.h"
#include "sim/aws/text.h"

namespace sim::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::int64_t kMaxPresignedExpires = 7 * 24 * 3600;
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct ErrorSpec {
  const char* code;
  int status;
  const char* message;
};

constexpr char kIncompleteMessage[] = "The request signature does not conform to AWS standards.";
constexpr char kUnknownKeyMessage[] = "The security token included in the request is invalid.";
constexpr char kMismatchMessage[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// The json and query protocols word SigV4 failures alike; only the codes and
// statuses differ.
struct DialectCodes {
  ErrorSpec missing_authentication;
  const char* incomplete_code;  // always 400
  const char* unknown_key_code;
  int unknown_key_status;
  const char* mismatch_code;  // also for expired and skewed requests
  int mismatch_status;
};

constexpr DialectCodes kJsonCodes = {
    .missing_authentication = {"MissingAuthenticationTokenException", 400,
                               "Missing Authentication Token"},
    .incomplete_code = "IncompleteSignatureException",
    .unknown_key_code = "UnrecognizedClientException",
    .unknown_key_status = 400,
    .mismatch_code = "InvalidSignatureException",
    .mismatch_status = 400,
};

constexpr DialectCodes kQueryCodes = {
    .missing_authentication = {"MissingAuthenticationToken", 403,
                               "Request is missing Authentication Token"},
    .incomplete_code = "IncompleteSignature",
    .unknown_key_code = "InvalidClientTokenId",
    .unknown_key_status = 403,
    .mismatch_code = "SignatureDoesNotMatch",
    .mismatch_status = 403,
};

ErrorSpec DialectSpec(const DialectCodes& codes, AuthFailure failure) {
  switch (failure) {
    case AuthFailure::kMissingAuthentication:
      return codes.missing_authentication;
    case AuthFailure::kIncompleteSignature:
    case AuthFailure::kIncompleteQuerySignature:
    case AuthFailure::kUnsupportedAlgorithm:
    case AuthFailure::kMultipleAuthMechanisms:
    case AuthFailure::kMissingDate:
    case AuthFailure::kInvalidExpires:
      return {codes.incomplete_code, 400, kIncompleteMessage};
    case AuthFailure::kUnknownAccessKey:
      return {codes.unknown_key_code, codes.unknown_key_status, kUnknownKeyMessage};
    case AuthFailure::kCredentialDateMismatch:
    case AuthFailure::kSignatureMismatch:
    case AuthFailure::kMissingContentSha256:
    case AuthFailure::kInvalidContentSha256:
    case AuthFailure::kContentSha256Mismatch:
      return {codes.mismatch_code, codes.mismatch_status, kMismatchMessage};
    case AuthFailure::kRequestTimeTooSkewed:
      return {codes.mismatch_code, codes.mismatch_status, "Signature expired"};
    case AuthFailure::kRequestExpired:
      return {codes.mismatch_code, codes.mismatch_status, "Request has expired"};
  }
  return {codes.mismatch_code, codes.mismatch_status, kMismatchMessage};
}

ErrorSpec S3Spec(AuthFailure failure) {
  switch (failure) {
    case AuthFailure::kMissingAuthentication:
      return {"AccessDenied", 403, "Access Denied"};
    case AuthFailure::kIncompleteSignature:
      return {"AuthorizationHeaderMalformed", 400,
              "The authorization header is malformed; the authorization header requires three "
              "components: Credential, SignedHeaders, and Signature."};
    case AuthFailure::kIncompleteQuerySignature:
      return {"AuthorizationQueryParametersError", 400,
              "Query-string authentication version 4 requires the X-Amz-Algorithm, "
              "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
              "X-Amz-Expires parameters."};
    case AuthFailure::kUnsupportedAlgorithm:
      return {"InvalidArgument", 400, "Unsupported Authorization Type"};
    case AuthFailure::kMultipleAuthMechanisms:
      return {"InvalidArgument", 400,
              "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
              "Signature query string parameter or the Authorization header should be "
              "specified"};
    case AuthFailure::kMissingDate:
      return {"AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header"};
    case AuthFailure::kCredentialDateMismatch:
      return {"AuthorizationHeaderMalformed", 400,
              "The authorization header is malformed; Invalid credential date. Date is not the "
              "same as X-Amz-Date."};
    case AuthFailure::kInvalidExpires:
      return {"AuthorizationQueryParametersError", 400,
              "X-Amz-Expires must be less than a week (in seconds) that is 604800"};
    case AuthFailure::kUnknownAccessKey:
      return {"InvalidAccessKeyId", 403,
              "The AWS Access Key Id you provided does not exist in our records."};
    case AuthFailure::kSignatureMismatch:
      return {"SignatureDoesNotMatch", 403,
              "The request signature we calculated does not match the signature you provided. "
              "Check your key and signing method."};
    case AuthFailure::kRequestTimeTooSkewed:
      return {"RequestTimeTooSkewed", 403,
              "The difference between the request time and the current time is too large."};
    case AuthFailure::kRequestExpired:
      return {"AccessDenied", 403, "Request has expired"};
    case AuthFailure::kMissingContentSha256:
      return {"InvalidRequest", 400,
              "Missing required header for this request: x-amz-content-sha256"};
    case AuthFailure::kInvalidContentSha256:
      return {"InvalidArgument", 400,
              "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
              "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
              "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
              "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value."};
    case AuthFailure::kContentSha256Mismatch:
      return {"XAmzContentSHA256Mismatch", 400,
              "The provided 'x-amz-content-sha256' header does not match what was computed."};
  }
  return {"SignatureDoesNotMatch", 403, "Signature does not match."};
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Header value as SigV4 canonicalizes it: trimmed, inner whitespace runs
// collapsed to one space.
std::string CanonicalHeaderValue(std::string_view value) {
  value = TrimSpaces(value);
  std::string out;
  out.reserve(value.size());
  bool in_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string_view> FindHeader(const HttpRequestView& request, std::string_view name) {
  for (const auto& [n, v] : request.headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return std::nullopt;
}

// Percent-decoding; '+' stays '+' (SigV4 clients send spaces as %20), and a
// malformed escape is kept literally.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

struct SplitTarget {
  std::string_view path;
  std::string_view query;  // without '?'
};

SplitTarget Split(std::string_view target) {
  // Absolute-form targets ("http://host/path") carry the path after the authority.
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    std::size_t start = target.find("//") + 2;
    std::size_t slash = target.find_first_of("/?", start);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// Decoded query parameters, in order.
std::vector<std::pair<std::string, std::string>> DecodedQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  if (query.empty()) return out;
  for (std::string_view part : SplitOn(query, '&')) {
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(PercentDecode(part), "");
    } else {
      out.emplace_back(PercentDecode(part.substr(0, eq)), PercentDecode(part.substr(eq + 1)));
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view raw_path, bool s3) {
  if (raw_path.empty()) return "/";
  std::vector<std::string_view> segments = SplitOn(raw_path, '/');
  std::string out;
  if (s3) {
    // S3 signs the path exactly as the object key reads, encoded once: decode
    // each segment and re-encode it, so an escaped '/' inside a key stays %2F.
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) out.push_back('/');
      out += UriEncode(PercentDecode(segments[i]), /*keep_slash=*/false);
    }
    if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
    return out;
  }
  // Other services: remove dot segments and empty segments, then encode the
  // path as received (which the client already encoded once).
  std::vector<std::string_view> kept;
  for (std::string_view seg : segments) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(seg);
  }
  for (std::string_view seg : kept) {
    out.push_back('/');
    out += UriEncode(seg, /*keep_slash=*/false);
  }
  bool trailing_slash = raw_path.back() == '/' || segments.back() == "." || segments.back() == "..";
  if (out.empty() || trailing_slash) out.push_back('/');
  return out;
}

std::string CanonicalQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> params;
  for (auto& [key, value] : DecodedQuery(raw_query)) {
    if (key == "X-Amz-Signature") continue;
    params.emplace_back(UriEncode(key, false), UriEncode(value, false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out.push_back('=');
    out += value;
  }
  return out;
}

bool IsLowerHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsKnownPayloadMode(std::string_view v) {
  static constexpr std::array<std::string_view, 6> kModes = {
      "UNSIGNED-PAYLOAD",
      "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
      "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
      "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
  };
  return std::find(kModes.begin(), kModes.end(), v) != kModes.end();
}

Error Fail(AuthFailure failure, const SigV4Options& options, std::string message = {}) {
  return MakeAuthError(failure, options.dialect, std::move(message));
}

// "Authorization header requires ..." sentences, as AWS lists what is missing.
std::string IncompleteHeaderMessage(bool no_credential, bool no_signature, bool no_signed_headers,
                                    bool no_date, std::string_view authorization) {
  std::string m;
  if (no_credential) m += "Authorization header requires 'Credential' parameter. ";
  if (no_signature) m += "Authorization header requires 'Signature' parameter. ";
  if (no_signed_headers) m += "Authorization header requires 'SignedHeaders' parameter. ";
  if (no_date) {
    m += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  m += "Authorization=";
  m += authorization;
  return m;
}

// Splits "AKID/20150830/us-east-1/service/aws4_request" into the credential.
std::optional<std::string> ParseCredentialScope(std::string_view value, SigV4Credential* out) {
  std::vector<std::string_view> parts = SplitOn(value, '/');
  if (parts.size() != 5) {
    return "Credential must have exactly 5 slash-delimited elements, e.g. "
           "keyid/date/region/service/term, got '" +
           std::string(value) + "'";
  }
  if (parts[4] != "aws4_request") {
    return "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
           std::string(parts[4]) + "'. ";
  }
  if (parts[0].empty()) return std::string("Credential should not have an empty access key. ");
  if (parts[2].empty()) return std::string("Credential should be scoped to a valid region. ");
  if (parts[3].empty()) return std::string("Credential should be scoped to a valid service. ");
  out->access_key_id = std::string(parts[0]);
  out->date = std::string(parts[1]);
  out->region = std::string(parts[2]);
  out->service = std::string(parts[3]);
  return std::nullopt;
}

std::vector<std::string> ParseSignedHeaders(std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view name : SplitOn(value, ';')) {
    name = TrimSpaces(name);
    if (!name.empty()) out.push_back(ToLower(name));
  }
  return out;
}

bool SignsHost(const std::vector<std::string>& signed_headers) {
  return std::find(signed_headers.begin(), signed_headers.end(), "host") != signed_headers.end() ||
         std::find(signed_headers.begin(), signed_headers.end(), ":authority") !=
             signed_headers.end();
}

constexpr char kHostNotSigned[] =
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

bool IsQueryAuthParameter(std::string_view key) {
  return key == "X-Amz-Algorithm" || key == "X-Amz-Credential" || key == "X-Amz-Signature";
}

Result<SigV4Credential> ParsePresigned(
    const std::vector<std::pair<std::string, std::string>>& params, const SigV4Options& options) {
  auto get = [&](std::string_view key) -> const std::string* {
    for (const auto& [k, v] : params) {
      if (k == key) return &v;
    }
    return nullptr;
  };
  const std::string* algorithm = get("X-Amz-Algorithm");
  const std::string* credential = get("X-Amz-Credential");
  const std::string* signature = get("X-Amz-Signature");
  const std::string* signed_headers = get("X-Amz-SignedHeaders");
  const std::string* date = get("X-Amz-Date");
  const std::string* expires = get("X-Amz-Expires");
  bool s3 = options.dialect == AuthDialect::kS3;

  std::string missing;
  auto require = [&](const std::string* value, std::string_view name) {
    if (value == nullptr) {
      missing += "AWS query-string parameters must include '" + std::string(name) + "'. ";
    }
  };
  require(algorithm, "X-Amz-Algorithm");
  require(credential, "X-Amz-Credential");
  require(signature, "X-Amz-Signature");
  require(signed_headers, "X-Amz-SignedHeaders");
  require(date, "X-Amz-Date");
  if (s3) require(expires, "X-Amz-Expires");  // other services let a presigned URL omit it
  if (!missing.empty()) {
    return Fail(AuthFailure::kIncompleteQuerySignature, options,
                missing + "Re-examine the query-string parameters.");
  }
  if (*algorithm != kAlgorithm) {
    return Fail(AuthFailure::kUnsupportedAlgorithm, options,
                "Unsupported AWS 'algorithm': '" + *algorithm + "'");
  }

  SigV4Credential out;
  out.presigned = true;
  if (auto problem = ParseCredentialScope(*credential, &out)) {
    return Fail(AuthFailure::kIncompleteQuerySignature, options, *problem);
  }
  out.signed_headers = ParseSignedHeaders(*signed_headers);
  if (out.signed_headers.empty()) {
    return Fail(AuthFailure::kIncompleteQuerySignature, options,
                "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the "
                "query-string parameters.");
  }
  if (!SignsHost(out.signed_headers)) {
    return Fail(AuthFailure::kIncompleteQuerySignature, options, kHostNotSigned);
  }
  out.signature = ToLower(*signature);
  if (!ParseAmzDate(*date)) {
    return Fail(AuthFailure::kIncompleteQuerySignature, options,
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  out.amz_date = *date;
  if (expires != nullptr) {
    std::int64_t seconds = -1;
    bool digits =
        !expires->empty() && expires->size() <= 12 &&
        std::all_of(expires->begin(), expires->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) seconds = std::stoll(*expires);
    if (!digits || seconds <= 0) {
      return Fail(AuthFailure::kInvalidExpires, options, "X-Amz-Expires must be non-negative");
    }
    if (seconds > kMaxPresignedExpires) {
      return Fail(AuthFailure::kInvalidExpires, options,
                  "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
    out.expires = seconds;
  }
  if (const std::string* token = get("X-Amz-Security-Token")) out.security_token = *token;
  return out;
}

Result<SigV4Credential> ParseHeader(const HttpRequestView& request, std::string_view authorization,
                                    const SigV4Options& options) {
  std::string_view value = TrimSpaces(authorization);
  std::optional<std::string_view> amz_date = FindHeader(request, "x-amz-date");
  std::optional<std::string_view> http_date = FindHeader(request, "date");
  bool no_date = !amz_date && !http_date;

  std::size_t space = value.find(' ');
  std::string_view algorithm = value.substr(0, space);
  std::string_view rest =
      space == std::string_view::npos ? std::string_view() : value.substr(space);
  if (algorithm != kAlgorithm) {
    return Fail(AuthFailure::kUnsupportedAlgorithm, options,
                IncompleteHeaderMessage(true, true, true, no_date, value));
  }

  std::optional<std::string_view> credential, signed_headers, signature;
  for (std::string_view part : SplitOn(rest, ',')) {
    part = TrimSpaces(part);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = TrimSpaces(part.substr(0, eq));
    std::string_view v = TrimSpaces(part.substr(eq + 1));
    if (key == "Credential" && !credential) credential = v;
    if (key == "SignedHeaders" && !signed_headers) signed_headers = v;
    if (key == "Signature" && !signature) signature = v;
  }
  if (!credential || !signed_headers || !signature) {
    return Fail(AuthFailure::kIncompleteSignature, options,
                IncompleteHeaderMessage(!credential, !signature, !signed_headers, no_date, value));
  }
  if (no_date) {
    return Fail(AuthFailure::kMissingDate, options,
                IncompleteHeaderMessage(false, false, false, true, value));
  }

  SigV4Credential out;
  if (auto problem = ParseCredentialScope(*credential, &out)) {
    return Fail(AuthFailure::kIncompleteSignature, options,
                *problem + " Authorization=" + std::string(value));
  }
  out.signed_headers = ParseSignedHeaders(*signed_headers);
  if (out.signed_headers.empty()) {
    return Fail(AuthFailure::kIncompleteSignature, options,
                IncompleteHeaderMessage(false, false, true, false, value));
  }
  if (!SignsHost(out.signed_headers)) {
    return Fail(AuthFailure::kIncompleteSignature, options, kHostNotSigned);
  }
  out.signature = ToLower(*signature);

  if (amz_date) {
    if (!ParseAmzDate(TrimSpaces(*amz_date))) {
      return Fail(AuthFailure::kMissingDate, options,
                  "Date must be in ISO-8601 'basic format'. Got '" + std::string(*amz_date) +
                      "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    out.amz_date = std::string(TrimSpaces(*amz_date));
  } else {
    std::optional<TimePoint> t = ParseHttpDate(TrimSpaces(*http_date));
    if (!t) {
      return Fail(AuthFailure::kMissingDate, options,
                  "Date must be in RFC 1123 format. Got '" + std::string(*http_date) + "'.");
    }
    out.amz_date = FormatAmzDate(*t);
  }
  if (std::optional<std::string_view> token = FindHeader(request, "x-amz-security-token")) {
    out.security_token = std::string(TrimSpaces(*token));
  }
  return out;
}

}  // namespace

Error MakeAuthError(AuthFailure failure, AuthDialect dialect, std::string message) {
  ErrorSpec spec;
  switch (dialect) {
    case AuthDialect::kJson:
      spec = DialectSpec(kJsonCodes, failure);
      break;
    case AuthDialect::kQuery:
      spec = DialectSpec(kQueryCodes, failure);
      break;
    case AuthDialect::kS3:
      spec = S3Spec(failure);
      message.clear();  // S3's wording does not vary with the request
      break;
  }
  return MakeError(spec.code, message.empty() ? spec.message : std::move(message), spec.status);
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

std::string FormatAmzDate(TimePoint t) {
  using namespace std::chrono;
  sys_days day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<seconds> hms(floor<seconds>(t - day));
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

namespace {

bool ParseDigits(std::string_view s, int* out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::optional<TimePoint> MakeTime(int y, int mo, int d, int h, int mi, int s) {
  using namespace std::chrono;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return time_point_cast<Duration>(sys_days(ymd) + hours(h) + minutes(mi) + seconds(s));
}

}  // namespace

std::optional<TimePoint> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int y, mo, d, h, mi, s;
  if (!ParseDigits(text.substr(0, 4), &y) || !ParseDigits(text.substr(4, 2), &mo) ||
      !ParseDigits(text.substr(6, 2), &d) || !ParseDigits(text.substr(9, 2), &h) ||
      !ParseDigits(text.substr(11, 2), &mi) || !ParseDigits(text.substr(13, 2), &s)) {
    return std::nullopt;
  }
  return MakeTime(y, mo, d, h, mi, s);
}

std::optional<TimePoint> ParseHttpDate(std::string_view text) {
  // "Fri, 24 May 2013 00:00:00 GMT"; the weekday is optional (RFC 5322).
  std::size_t comma = text.find(", ");
  std::string_view rest = comma == std::string_view::npos ? text : text.substr(comma + 2);
  std::vector<std::string_view> parts = SplitOn(rest, ' ');
  if (parts.size() != 5 || parts[4] != "GMT") return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto month = std::find(kMonths.begin(), kMonths.end(), parts[1]);
  std::vector<std::string_view> clock = SplitOn(parts[3], ':');
  int d, y, h, mi, s;
  if (month == kMonths.end() || clock.size() != 3 || parts[0].size() > 2 || parts[2].size() != 4 ||
      !ParseDigits(parts[0], &d) || !ParseDigits(parts[2], &y) || !ParseDigits(clock[0], &h) ||
      !ParseDigits(clock[1], &mi) || !ParseDigits(clock[2], &s)) {
    return std::nullopt;
  }
  return MakeTime(y, static_cast<int>(month - kMonths.begin()) + 1, d, h, mi, s);
}

// The signing key changes once a day per (secret, region, service): deriving
// it costs four HMACs, so keep the few recent ones (per thread, bounded).
const std::string& CachedSigningKey(std::string_view secret_key, std::string_view date,
                                    std::string_view region, std::string_view service) {
  thread_local std::map<std::string, std::string, std::less<>> cache;
  std::string id;
  id.reserve(secret_key.size() + date.size() + region.size() + service.size() + 3);
  id.append(secret_key).append(1, '\n').append(date).append(1, '\n').append(region).append(1, '\n').append(service);
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  if (cache.size() >= 64) cache.clear();
  return cache.emplace(std::move(id), DeriveSigningKey(secret_key, date, region, service)).first->second;
}

std::string DeriveSigningKey(std::string_view secret_key, std::string_view date,
                             std::string_view region, std::string_view service) {
  std::string k_date = HmacSha256("AWS4" + std::string(secret_key), date);
  std::string k_region = HmacSha256(k_date, region);
  std::string k_service = HmacSha256(k_region, service);
  return HmacSha256(k_service, "aws4_request");
}

std::string CanonicalRequest(const HttpRequestView& request,
                             const std::vector<std::string>& signed_headers,
                             std::string_view payload_hash, bool s3) {
  SplitTarget target = Split(request.raw_target);
  std::string out;
  out += request.method;
  out += '\n';
  out += CanonicalUri(target.path, s3);
  out += '\n';
  out += CanonicalQuery(target.query);
  out += '\n';
  for (const std::string& name : signed_headers) {
    out += name;
    out += ':';
    bool first = true;
    for (const auto& [n, v] : request.headers) {
      if (!EqualsIgnoreCase(n, name)) continue;
      if (!first) out += ',';
      out += CanonicalHeaderValue(v);
      first = false;
    }
    out += '\n';
  }
  out += '\n';
  for (std::size_t i = 0; i < signed_headers.size(); ++i) {
    if (i > 0) out += ';';
    out += signed_headers[i];
  }
  out += '\n';
  out += payload_hash;
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out += '\n';
  out += amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  out += Sha256Hex(canonical_request);
  return out;
}

std::optional<std::string> SignedPayloadHash(const HttpRequestView& request, bool presigned,
                                             bool s3, std::optional<std::string_view> body_sha256) {
  if (std::optional<std::string_view> header = FindHeader(request, "x-amz-content-sha256")) {
    return std::string(TrimSpaces(*header));
  }
  if (s3 && presigned) return std::string(kUnsignedPayload);
  if (body_sha256) return std::string(*body_sha256);
  return std::nullopt;
}

Result<SigV4Credential> ParseAuthorization(const HttpRequestView& request,
                                           const SigV4Options& options) {
  std::optional<std::string_view> authorization = FindHeader(request, "authorization");
  std::vector<std::pair<std::string, std::string>> params =
      DecodedQuery(Split(request.raw_target).query);
  bool query_auth = std::any_of(params.begin(), params.end(),
                                [](const auto& p) { return IsQueryAuthParameter(p.first); });
  if (authorization && query_auth) {
    return Fail(AuthFailure::kMultipleAuthMechanisms, options,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
                "Authorization header should be specified");
  }
  if (!query_auth && !authorization) return Fail(AuthFailure::kMissingAuthentication, options);
  Result<SigV4Credential> parsed =
      query_auth ? ParsePresigned(params, options) : ParseHeader(request, *authorization, options);
  if (!parsed.ok()) return parsed;

  const SigV4Credential& c = parsed.value();
  if (c.amz_date.compare(0, 8, c.date) != 0) {
    return Fail(AuthFailure::kCredentialDateMismatch, options,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                "from HTTP: '" +
                    c.date + "' != '" + c.amz_date.substr(0, 8) + "', from '" + c.amz_date + "'.");
  }
  return parsed;
}

Status Verify(const HttpRequestView& request, const SigV4Credential& credential,
              std::string_view secret_key, std::optional<std::string_view> body_sha256,
              TimePoint now, const SigV4Options& options) {
  bool s3 = options.dialect == AuthDialect::kS3;
  std::optional<std::string_view> content_sha = FindHeader(request, "x-amz-content-sha256");
  if (content_sha) content_sha = TrimSpaces(*content_sha);
  if (s3 && content_sha && !IsLowerHex64(*content_sha) && !IsKnownPayloadMode(*content_sha)) {
    return Fail(AuthFailure::kInvalidContentSha256, options);
  }
  if (s3 && !credential.presigned && !content_sha) {
    return Fail(AuthFailure::kMissingContentSha256, options);
  }
  std::optional<std::string> payload_hash =
      SignedPayloadHash(request, credential.presigned, s3, body_sha256);
  if (!payload_hash) {
    return MakeError("InternalFailure", "SigV4 verification needs the body hash", 500);
  }

  // Time first: a stale request is reported as stale even when its signature
  // is also wrong, which is what lets SDKs correct their clock skew.
  std::optional<TimePoint> request_time = ParseAmzDate(credential.amz_date);
  if (!request_time) return Fail(AuthFailure::kMissingDate, options);
  auto skew_minutes = std::chrono::duration_cast<std::chrono::minutes>(options.max_skew).count();
  if (credential.presigned && credential.expires) {
    if (now > *request_time + std::chrono::seconds(*credential.expires)) {
      return Fail(AuthFailure::kRequestExpired, options);
    }
  } else if (*request_time < now - options.max_skew) {
    return Fail(AuthFailure::kRequestTimeTooSkewed, options,
                "Signature expired: " + credential.amz_date + " is now earlier than " +
                    FormatAmzDate(now - options.max_skew) + " (" + FormatAmzDate(now) + " - " +
                    std::to_string(skew_minutes) + " min.)");
  }
  if (*request_time > now + options.max_skew) {
    return Fail(AuthFailure::kRequestTimeTooSkewed, options,
                "Signature not yet current: " + credential.amz_date + " is still later than " +
                    FormatAmzDate(now + options.max_skew) + " (" + FormatAmzDate(now) + " + " +
                    std::to_string(skew_minutes) + " min.)");
  }

  std::string canonical = CanonicalRequest(request, credential.signed_headers, *payload_hash, s3);
  std::string string_to_sign = StringToSign(credential.amz_date, credential.Scope(), canonical);
  const std::string& key =
      CachedSigningKey(secret_key, credential.date, credential.region, credential.service);
  std::string expected = Hex(HmacSha256(key, string_to_sign));
  if (!ConstantTimeEquals(expected, credential.signature)) {
    // Like AWS, tell the caller what was signed: it is the only way to debug a mismatch.
    std::string message = kMismatchMessage;
    message += "\n\nThe Canonical String for this request should have been\n'" + canonical +
               "'\n\nThe String-to-Sign should have been\n'" + string_to_sign + "'\n";
    return Fail(AuthFailure::kSignatureMismatch, options, std::move(message));
  }

  if (body_sha256 && content_sha && IsLowerHex64(*content_sha) && *content_sha != *body_sha256) {
    return Fail(AuthFailure::kContentSha256Mismatch, options,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  return Ok();
}

}  // namespace sim::aws
