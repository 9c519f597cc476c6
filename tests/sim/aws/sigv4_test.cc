#include "sim/aws/sigv4.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/aws/crypto.h"

#ifndef SIGV4_VECTORS_DIR
#error "SIGV4_VECTORS_DIR must name tests/sim/aws/sigv4_vectors"
#endif

namespace sim::aws {
namespace {

// Credentials of AWS's SigV4 test suite (docs: "Signature Version 4 test suite").
constexpr char kSuiteSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
// Credentials of the S3 SigV4 examples (S3 API reference, "Examples of signature calculations").
constexpr char kS3Secret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr char kS3Akid[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TimePoint At(std::string_view amz_date) { return *ParseAmzDate(amz_date); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// An HTTP request owning its strings; View() is what the verifier reads.
struct Request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  HttpRequestView View() const {
    HttpRequestView view{method, target, {}};
    for (const auto& [n, v] : headers) view.headers.emplace_back(n, v);
    return view;
  }
  Request With(std::string name, std::string value) const {
    Request copy = *this;
    copy.headers.emplace_back(std::move(name), std::move(value));
    return copy;
  }
  Request Without(std::string_view name) const {
    Request copy = *this;
    std::erase_if(copy.headers, [&](const auto& h) { return h.first == name; });
    return copy;
  }
  Request Replacing(std::string_view name, std::string value) const {
    return Without(name).With(std::string(name), std::move(value));
  }
};

// Parses a test-suite .req file: "METHOD target HTTP/1.1", "Name:value"
// lines, an empty line, the body. The target may hold spaces (get-space).
Request ParseReqFile(const std::string& text) {
  Request r;
  std::size_t eol = text.find('\n');
  std::string first = text.substr(0, eol);
  std::size_t space = first.find(' ');
  std::size_t version = first.rfind(" HTTP/");
  r.method = first.substr(0, space);
  r.target = first.substr(space + 1, version - space - 1);
  std::size_t pos = eol == std::string::npos ? text.size() : eol + 1;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    if (line.empty()) {
      r.body = text.substr(pos);
      break;
    }
    std::size_t colon = line.find(':');
    r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return r;
}

std::vector<std::string> SuiteCases() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(SIGV4_VECTORS_DIR)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && std::filesystem::exists(entry.path() / (name + ".creq"))) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct SuiteCase {
  Request request;  // with the published Authorization header
  std::string creq, sts;
};

SuiteCase LoadCase(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(SIGV4_VECTORS_DIR) / name;
  SuiteCase c;
  c.request = ParseReqFile(ReadFile(dir / (name + ".req")))
                  .With("Authorization", ReadFile(dir / (name + ".authz")));
  c.creq = ReadFile(dir / (name + ".creq"));
  c.sts = ReadFile(dir / (name + ".sts"));
  return c;
}

TEST(SigV4SuiteTest, AllPublishedCasesArePresent) { EXPECT_EQ(SuiteCases().size(), 29u); }

class SigV4SuiteCaseTest : public testing::TestWithParam<std::string> {};

TEST_P(SigV4SuiteCaseTest, ReproducesCanonicalRequestStringToSignAndSignature) {
  SuiteCase c = LoadCase(GetParam());
  HttpRequestView view = c.request.View();
  Result<SigV4Credential> cred = ParseAuthorization(view);
  ASSERT_TRUE(cred.ok()) << cred.error().code << ": " << cred.error().message;
  EXPECT_EQ(cred->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(cred->Scope(), "20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(cred->amz_date, "20150830T123600Z");
  EXPECT_FALSE(cred->presigned);

  std::string body_sha256 = Sha256Hex(c.request.body);
  std::string canonical = CanonicalRequest(view, cred->signed_headers, body_sha256, false);
  // AWS's published .creq for this case lists content-length, which its own
  // .authz does not sign; the .sts and signature follow the .authz.
  if (GetParam() != "post-x-www-form-urlencoded") {
    EXPECT_EQ(canonical, c.creq);
  }
  EXPECT_EQ(StringToSign(cred->amz_date, cred->Scope(), canonical), c.sts);

  Status ok = Verify(view, *cred, kSuiteSecret, body_sha256, At("20150830T123600Z"));
  EXPECT_TRUE(ok.ok()) << ok.error().message;

  Status wrong_secret = Verify(view, *cred, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", body_sha256,
                               At("20150830T123600Z"));
  ASSERT_FALSE(wrong_secret.ok());
  EXPECT_EQ(wrong_secret.error().code, "InvalidSignatureException");
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4SuiteCaseTest, testing::ValuesIn(SuiteCases()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---------------------------------------------------------------------------
// Failures, in the JSON services' dialect unless stated.

Request Vanilla() { return LoadCase("get-vanilla").request; }

Status VerifyAt(const Request& r, std::string_view now, const SigV4Options& options = {},
                std::string_view secret = kSuiteSecret) {
  HttpRequestView view = r.View();
  Result<SigV4Credential> cred = ParseAuthorization(view, options);
  if (!cred.ok()) return cred.error();
  return Verify(view, *cred, secret, Sha256Hex(r.body), At(now), options);
}

TEST(SigV4VerifyTest, WrongSecretGivesAwsMismatchMessageWithCanonicalRequest) {
  Status s = VerifyAt(Vanilla(), "20150830T123600Z", {}, "not-the-secret");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "InvalidSignatureException");
  EXPECT_EQ(s.error().http_status, 400);
  EXPECT_EQ(s.error().message.rfind(
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.",
                0),
            0u);
  EXPECT_NE(s.error().message.find("The Canonical String for this request should have been\n'GET"),
            std::string::npos);
}

TEST(SigV4VerifyTest, TamperedSignedHeaderOrQueryFails) {
  Request sorted = LoadCase("post-header-key-sort").request;
  EXPECT_FALSE(VerifyAt(sorted.Replacing("My-Header1", "value2"), "20150830T123600Z").ok());
  EXPECT_FALSE(
      VerifyAt(Vanilla().Replacing("Host", "evil.amazonaws.com"), "20150830T123600Z").ok());

  Request query = LoadCase("get-vanilla-query-order-key-case").request;
  query.target = "/?Param2=value2&Param1=value9";
  EXPECT_FALSE(VerifyAt(query, "20150830T123600Z").ok());
  query.target = "/?Param1=value1&Param2=value2";  // order does not matter
  EXPECT_TRUE(VerifyAt(query, "20150830T123600Z").ok());

  Request path = Vanilla();
  path.target = "/other";
  EXPECT_FALSE(VerifyAt(path, "20150830T123600Z").ok());
  path.method = "POST";
  path.target = "/";
  EXPECT_FALSE(VerifyAt(path, "20150830T123600Z").ok());
}

TEST(SigV4VerifyTest, UnsignedHeadersAndSignatureCaseDoNotMatter) {
  EXPECT_TRUE(VerifyAt(Vanilla().With("User-Agent", "test/1.0"), "20150830T123600Z").ok());
  Request upper = Vanilla();
  std::string& authz = upper.headers.back().second;
  std::size_t sig = authz.find("Signature=") + 10;
  std::transform(authz.begin() + sig, authz.end(), authz.begin() + sig, ::toupper);
  EXPECT_TRUE(VerifyAt(upper, "20150830T123600Z").ok());
}

TEST(SigV4VerifyTest, WrongBodyFails) {
  Request form = LoadCase("post-x-www-form-urlencoded").request;
  EXPECT_TRUE(VerifyAt(form, "20150830T123600Z").ok());
  form.body = "Param1=value2";
  EXPECT_FALSE(VerifyAt(form, "20150830T123600Z").ok());
}

TEST(SigV4VerifyTest, ClockSkewOfMoreThanFifteenMinutesIsRejected) {
  EXPECT_TRUE(VerifyAt(Vanilla(), "20150830T125100Z").ok());  // exactly 15 min later
  EXPECT_TRUE(VerifyAt(Vanilla(), "20150830T122100Z").ok());  // exactly 15 min earlier

  Status late = VerifyAt(Vanilla(), "20150830T125200Z");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "InvalidSignatureException");
  EXPECT_EQ(late.error().message,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z "
            "(20150830T125200Z - 15 min.)");

  Status early = VerifyAt(Vanilla(), "20150830T122000Z");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z "
            "(20150830T122000Z + 15 min.)");

  SigV4Options query{.dialect = AuthDialect::kQuery};
  Status query_late = VerifyAt(Vanilla(), "20150830T125200Z", query);
  EXPECT_EQ(query_late.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(query_late.error().http_status, 403);

  SigV4Options wide{.max_skew = std::chrono::minutes(60)};
  EXPECT_TRUE(VerifyAt(Vanilla(), "20150830T132000Z", wide).ok());
}

TEST(SigV4VerifyTest, MissingAuthenticationPerDialect) {
  Request none = Vanilla().Without("Authorization");
  Result<SigV4Credential> json = ParseAuthorization(none.View());
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "MissingAuthenticationTokenException");
  EXPECT_EQ(json.error().message, "Missing Authentication Token");

  Result<SigV4Credential> query = ParseAuthorization(none.View(), {.dialect = AuthDialect::kQuery});
  EXPECT_EQ(query.error().code, "MissingAuthenticationToken");
  EXPECT_EQ(query.error().http_status, 403);

  Result<SigV4Credential> s3 = ParseAuthorization(none.View(), {.dialect = AuthDialect::kS3});
  EXPECT_EQ(s3.error().code, "AccessDenied");
  EXPECT_EQ(s3.error().http_status, 403);
}

TEST(SigV4ParseTest, IncompleteAuthorizationListsWhatIsMissing) {
  Request basic = Vanilla().Without("X-Amz-Date").Replacing("Authorization", "Basic dXNlcjpwdw==");
  Result<SigV4Credential> r = ParseAuthorization(basic.View());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "IncompleteSignatureException");
  EXPECT_EQ(r.error().message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            "Authorization=Basic dXNlcjpwdw==");

  Request no_credential = Vanilla().Replacing(
      "Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc");
  r = ParseAuthorization(no_credential.View());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 "
            "SignedHeaders=host;x-amz-date, Signature=abc");

  Result<SigV4Credential> s3 =
      ParseAuthorization(no_credential.View(), {.dialect = AuthDialect::kS3});
  EXPECT_EQ(s3.error().code, "AuthorizationHeaderMalformed");
  EXPECT_EQ(s3.error().http_status, 400);
}

TEST(SigV4ParseTest, MalformedCredentialScopeAndUnsignedHost) {
  const std::string rest = ", SignedHeaders=host;x-amz-date, Signature=" + std::string(64, 'a');
  Result<SigV4Credential> r = ParseAuthorization(
      Vanilla()
          .Replacing("Authorization",
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service" + rest)
          .View());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "IncompleteSignatureException");
  EXPECT_NE(r.error().message.find("Credential must have exactly 5 slash-delimited elements"),
            std::string::npos);

  r = ParseAuthorization(
      Vanilla()
          .Replacing(
              "Authorization",
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5" + rest)
          .View());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("valid terminator: 'aws4_request', not 'aws5'"),
            std::string::npos);

  r = ParseAuthorization(Vanilla()
                             .Replacing("Authorization",
                                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                                        "us-east-1/service/aws4_request, SignedHeaders=x-amz-date, "
                                        "Signature=" +
                                            std::string(64, 'a'))
                             .View());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(SigV4ParseTest, CredentialDateMustMatchRequestDate) {
  Request r = Vanilla().Replacing("X-Amz-Date", "20150831T123600Z");
  Result<SigV4Credential> json = ParseAuthorization(r.View());
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "InvalidSignatureException");
  EXPECT_EQ(json.error().message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20150830' != '20150831', from '20150831T123600Z'.");
  Result<SigV4Credential> s3 = ParseAuthorization(r.View(), {.dialect = AuthDialect::kS3});
  EXPECT_EQ(s3.error().code, "AuthorizationHeaderMalformed");
}

TEST(SigV4ParseTest, BadOrMissingDate) {
  Result<SigV4Credential> r =
      ParseAuthorization(Vanilla().Replacing("X-Amz-Date", "2015-08-30T12:36:00Z").View());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "IncompleteSignatureException");
  EXPECT_EQ(r.error().message.rfind("Date must be in ISO-8601 'basic format'.", 0), 0u);

  Result<SigV4Credential> s3 =
      ParseAuthorization(Vanilla().Without("X-Amz-Date").View(), {.dialect = AuthDialect::kS3});
  ASSERT_FALSE(s3.ok());
  EXPECT_EQ(s3.error().code, "AccessDenied");
  EXPECT_EQ(s3.error().message, "AWS authentication requires a valid Date or x-amz-date header");
}

TEST(SigV4ParseTest, DateHeaderStandsInForXAmzDate) {
  EXPECT_EQ(ParseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT"), At("20150830T123600Z"));
  EXPECT_FALSE(ParseHttpDate("Sun, 30 Aug 2015 12:36:00 PST").has_value());
  EXPECT_EQ(ParseHttpDate("30 Aug 2015 12:36:00 GMT"), At("20150830T123600Z"));  // weekday optional

  // Sign a request dated by its Date header, the way a client would.
  Request r{"GET",
            "/",
            {{"Host", "example.amazonaws.com"}, {"Date", "Sun, 30 Aug 2015 12:36:00 GMT"}},
            ""};
  std::vector<std::string> signed_headers = {"date", "host"};
  std::string sts = StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request",
                                 CanonicalRequest(r.View(), signed_headers, kEmptySha256, false));
  std::string sig =
      Hex(HmacSha256(DeriveSigningKey(kSuiteSecret, "20150830", "us-east-1", "service"), sts));
  r = r.With("Authorization",
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
             "SignedHeaders=date;host, Signature=" +
                 sig);
  Result<SigV4Credential> cred = ParseAuthorization(r.View());
  ASSERT_TRUE(cred.ok()) << cred.error().message;
  EXPECT_EQ(cred->amz_date, "20150830T123600Z");
  EXPECT_TRUE(VerifyAt(r, "20150830T123600Z").ok());
}

TEST(SigV4ParseTest, SecurityTokenIsExposed) {
  Result<SigV4Credential> cred =
      ParseAuthorization(LoadCase("post-sts-header-before").request.View());
  ASSERT_TRUE(cred.ok());
  ASSERT_TRUE(cred->security_token.has_value());
  EXPECT_EQ(cred->security_token->rfind("AQoDYXdzEPT//////////wEXAMPLE", 0), 0u);
}

TEST(SigV4ErrorTest, UnknownAccessKeyPerDialect) {
  Error json = MakeAuthError(AuthFailure::kUnknownAccessKey, AuthDialect::kJson);
  EXPECT_EQ(json.code, "UnrecognizedClientException");
  EXPECT_EQ(json.message, "The security token included in the request is invalid.");
  Error query = MakeAuthError(AuthFailure::kUnknownAccessKey, AuthDialect::kQuery);
  EXPECT_EQ(query.code, "InvalidClientTokenId");
  EXPECT_EQ(query.http_status, 403);
  Error s3 = MakeAuthError(AuthFailure::kUnknownAccessKey, AuthDialect::kS3, "ignored");
  EXPECT_EQ(s3.code, "InvalidAccessKeyId");
  EXPECT_EQ(s3.message, "The AWS Access Key Id you provided does not exist in our records.");
  EXPECT_EQ(s3.http_status, 403);
  EXPECT_TRUE(s3.sender_fault);
}

TEST(SigV4EncodingTest, UriEncodeAndDates) {
  EXPECT_EQ(UriEncode("a b/c~d+e", false), "a%20b%2Fc~d%2Be");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4", false), "%E1%88%B4");
  EXPECT_EQ(FormatAmzDate(At("20240229T235959Z")), "20240229T235959Z");
  EXPECT_FALSE(ParseAmzDate("20150230T000000Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20150830T123600").has_value());
  EXPECT_FALSE(ParseAmzDate("20150830T246000Z").has_value());
}

// ---------------------------------------------------------------------------
// S3: the examples of the S3 API reference ("Signature Calculations for the
// Authorization Header" and "... Query String Parameters").

Request S3GetObject() {
  std::filesystem::path dir = std::filesystem::path(SIGV4_VECTORS_DIR) / "s3-get-object";
  return ParseReqFile(ReadFile(dir / "s3-get-object.req"))
      .With("Authorization", ReadFile(dir / "s3-get-object.authz"));
}

constexpr SigV4Options kS3{.dialect = AuthDialect::kS3};

TEST(SigV4S3Test, GetObjectExampleVerifies) {
  Request r = S3GetObject();
  Result<SigV4Credential> cred = ParseAuthorization(r.View(), kS3);
  ASSERT_TRUE(cred.ok()) << cred.error().message;
  EXPECT_EQ(cred->access_key_id, kS3Akid);
  EXPECT_EQ(cred->service, "s3");
  EXPECT_EQ(cred->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  Status ok = Verify(r.View(), *cred, kS3Secret, kEmptySha256, At("20130524T000000Z"), kS3);
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  // The body may still be unread: the signature alone checks out.
  EXPECT_TRUE(Verify(r.View(), *cred, kS3Secret, std::nullopt, At("20130524T000000Z"), kS3).ok());
}

TEST(SigV4S3Test, GetObjectFailuresUseS3Codes) {
  Request r = S3GetObject();
  Status wrong = VerifyAt(r, "20130524T000000Z", kS3, "wrong-secret");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(wrong.error().http_status, 403);
  EXPECT_EQ(wrong.error().message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.");

  EXPECT_EQ(
      VerifyAt(r.Replacing("Range", "bytes=0-99"), "20130524T000000Z", kS3, kS3Secret).error().code,
      "SignatureDoesNotMatch");

  Status skewed = VerifyAt(r, "20130524T001600Z", kS3, kS3Secret);
  EXPECT_EQ(skewed.error().code, "RequestTimeTooSkewed");
  EXPECT_EQ(skewed.error().http_status, 403);

  HttpRequestView view = r.View();
  Result<SigV4Credential> cred = ParseAuthorization(view, kS3);
  ASSERT_TRUE(cred.ok());
  Status body = Verify(view, *cred, kS3Secret, Sha256Hex("not empty"), At("20130524T000000Z"), kS3);
  EXPECT_EQ(body.error().code, "XAmzContentSHA256Mismatch");

  Request no_hash = r.Without("x-amz-content-sha256");
  Result<SigV4Credential> c2 = ParseAuthorization(no_hash.View(), kS3);
  ASSERT_TRUE(c2.ok());
  Status missing =
      Verify(no_hash.View(), *c2, kS3Secret, kEmptySha256, At("20130524T000000Z"), kS3);
  EXPECT_EQ(missing.error().code, "InvalidRequest");

  Request bad_hash = r.Replacing("x-amz-content-sha256", "STREAMING-NOPE");
  Status invalid =
      Verify(bad_hash.View(), *c2, kS3Secret, std::nullopt, At("20130524T000000Z"), kS3);
  EXPECT_EQ(invalid.error().code, "InvalidArgument");
}

constexpr char kPresignedQuery[] =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-"
    "1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders="
    "host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

Request S3Presigned(std::string query = kPresignedQuery) {
  return Request{"GET", "/test.txt?" + query, {{"Host", "examplebucket.s3.amazonaws.com"}}, ""};
}

TEST(SigV4S3Test, PresignedUrlExampleVerifiesUntilItExpires) {
  Request r = S3Presigned();
  Result<SigV4Credential> cred = ParseAuthorization(r.View(), kS3);
  ASSERT_TRUE(cred.ok()) << cred.error().message;
  EXPECT_TRUE(cred->presigned);
  EXPECT_EQ(cred->access_key_id, kS3Akid);
  EXPECT_EQ(cred->expires, 86400);
  EXPECT_EQ(cred->signed_headers, std::vector<std::string>{"host"});

  EXPECT_TRUE(VerifyAt(r, "20130524T000000Z", kS3, kS3Secret).ok());
  EXPECT_TRUE(VerifyAt(r, "20130525T000000Z", kS3, kS3Secret).ok());  // the last valid second
  Status expired = VerifyAt(r, "20130525T000001Z", kS3, kS3Secret);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "AccessDenied");
  EXPECT_EQ(expired.error().message, "Request has expired");

  EXPECT_EQ(VerifyAt(r, "20130524T000000Z", kS3, "wrong").error().code, "SignatureDoesNotMatch");
  Request other_key = r;
  other_key.target.replace(0, 9, "/test.tx2");
  EXPECT_EQ(VerifyAt(other_key, "20130524T000000Z", kS3, kS3Secret).error().code,
            "SignatureDoesNotMatch");
}

TEST(SigV4S3Test, PresignedUrlParameterErrors) {
  std::string query = kPresignedQuery;
  std::string too_long = query;
  too_long.replace(too_long.find("86400"), 5, "604801");
  Result<SigV4Credential> r = ParseAuthorization(S3Presigned(too_long).View(), kS3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AuthorizationQueryParametersError");
  EXPECT_EQ(r.error().message,
            "X-Amz-Expires must be less than a week (in seconds) that is 604800");

  std::string no_signature = query.substr(0, query.find("&X-Amz-Signature"));
  r = ParseAuthorization(S3Presigned(no_signature).View(), kS3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AuthorizationQueryParametersError");
  r = ParseAuthorization(S3Presigned(no_signature).View());
  EXPECT_EQ(r.error().message,
            "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the "
            "query-string parameters.");

  Request both = S3Presigned().With("Authorization", "AWS4-HMAC-SHA256 Credential=x");
  r = ParseAuthorization(both.View(), kS3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidArgument");
}

TEST(SigV4S3Test, CanonicalUriRulesDifferForS3) {
  auto uri = [](std::string target, bool s3) {
    Request r{"GET", std::move(target), {{"Host", "h"}}, ""};
    std::string creq = CanonicalRequest(r.View(), {"host"}, kEmptySha256, s3);
    return creq.substr(4, creq.find('\n', 4) - 4);
  };
  // S3 signs the key as it is: no dot-segment or slash normalization.
  EXPECT_EQ(uri("/bucket/a/./b//c", true), "/bucket/a/./b//c");
  EXPECT_EQ(uri("/bucket/a/./b//c", false), "/bucket/a/b/c");
  // S3 encodes the key once; other services encode the received path again.
  EXPECT_EQ(uri("/my%20key", true), "/my%20key");
  EXPECT_EQ(uri("/my%20key", false), "/my%2520key");
  // An escaped '/' inside a key stays escaped; characters AWS escapes are escaped.
  EXPECT_EQ(uri("/a%2Fb", true), "/a%2Fb");
  EXPECT_EQ(uri("/photo(1).jpg", true), "/photo%281%29.jpg");
  EXPECT_EQ(uri("/photo%281%29.jpg", true), "/photo%281%29.jpg");
  EXPECT_EQ(uri("", false), "/");
}

TEST(SigV4S3Test, QueryIsSortedAndReEncoded) {
  Request r{"GET", "/?b=2&a=x%2Fy&a=&c&d=%7e", {{"Host", "h"}}, ""};
  std::string creq = CanonicalRequest(r.View(), {"host"}, kEmptySha256, true);
  EXPECT_EQ(creq.substr(0, creq.find("\nhost:")), "GET\n/\na=&a=x%2Fy&b=2&c=&d=~");
}

}  // namespace
}  // namespace sim::aws
