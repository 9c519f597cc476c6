#include "sim/aws/aws_chunked.h"

#include <gtest/gtest.h>

#include "sim/aws/crypto.h"
#include "sim/aws/sigv4.h"

namespace sim::aws {
namespace {

// The PUT Object examples of the S3 API reference: "Signature Calculations for
// the Authorization Header: Transferring Payload in Multiple Chunks" and
// "Signature calculations for trailing headers (chunked uploads)". 66560 bytes
// of 'a' in chunks of 65536, 1024 and 0 bytes.
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr char kDate[] = "20130524T000000Z";

constexpr char kSeed[] = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr const char* kChunkSignatures[] = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
};
constexpr char kTrailerSeed[] = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
constexpr const char* kTrailerChunkSignatures[] = {
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
};
constexpr char kTrailerSignature[] =
    "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

constexpr std::size_t kSizes[] = {65536, 1024, 0};

std::string SignedBody(const char* const signatures[3], std::string_view trailer = "\r\n") {
  std::string body;
  char hex[32];
  for (int i = 0; i < 3; ++i) {
    std::snprintf(hex, sizeof(hex), "%zx", kSizes[i]);
    body += std::string(hex) + ";chunk-signature=" + signatures[i] + "\r\n";
    if (kSizes[i] > 0) body += std::string(kSizes[i], 'a') + "\r\n";
  }
  return body + std::string(trailer);
}

std::string ExampleBody() { return SignedBody(kChunkSignatures); }

std::string TrailerExampleBody(std::string_view checksum = "sOO8/Q==") {
  return SignedBody(kTrailerChunkSignatures,
                    "x-amz-checksum-crc32c:" + std::string(checksum) +
                        "\r\nx-amz-trailer-signature:" + kTrailerSignature + "\r\n\r\n");
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> list;
  HttpRequestView View(std::string_view target) const {
    HttpRequestView view{"PUT", target, {}};
    for (const auto& [n, v] : list) view.headers.emplace_back(n, v);
    return view;
  }
};

constexpr std::string_view kTarget = "/examplebucket/chunkObject.txt";
constexpr SigV4Options kS3{.dialect = AuthDialect::kS3};

Headers ExampleHeaders() {
  return {{{"Host", "s3.amazonaws.com"},
           {"x-amz-date", kDate},
           {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
           {"Authorization",
            std::string("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                        "aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-"
                        "content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-"
                        "class,Signature=") +
                kSeed},
           {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
           {"Content-Encoding", "aws-chunked"},
           {"x-amz-decoded-content-length", "66560"},
           {"Content-Length", "66824"}}};
}

Headers TrailerExampleHeaders() {
  return {{{"Host", "s3.amazonaws.com"},
           {"x-amz-date", kDate},
           {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
           {"Authorization",
            std::string("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                        "aws4_request,SignedHeaders=content-encoding;host;x-amz-content-sha256;x-"
                        "amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,"
                        "Signature=") +
                kTrailerSeed},
           {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"},
           {"Content-Encoding", "aws-chunked"},
           {"x-amz-decoded-content-length", "66560"},
           {"x-amz-trailer", "x-amz-checksum-crc32c"}}};
}

// Authenticates the example's headers and returns the chunk signing context.
ChunkSigningContext Authenticate(const Headers& headers) {
  HttpRequestView view = headers.View(kTarget);
  Result<SigV4Credential> cred = ParseAuthorization(view, kS3);
  EXPECT_TRUE(cred.ok()) << cred.error().message;
  Status seed = Verify(view, *cred, kSecret, std::nullopt, *ParseAmzDate(kDate), kS3);
  EXPECT_TRUE(seed.ok()) << seed.error().message;
  return ChunkSigningContext::FromCredential(*cred, kSecret);
}

struct Decoded {
  std::string data;
  Status status = Ok();
  std::vector<std::pair<std::string, std::string>> trailers;
};

// Feeds `body` in pieces of `split` bytes, then finishes.
Decoded Decode(ChunkedPayload mode, std::optional<ChunkSigningContext> signing,
               std::string_view body, std::size_t split, AwsChunkedOptions options = {}) {
  Decoded out;
  AwsChunkedDecoder decoder(mode, std::move(signing), std::move(options),
                            [&](std::string_view piece) { out.data.append(piece); });
  for (std::size_t pos = 0; pos < body.size() && out.status.ok(); pos += split) {
    out.status = decoder.Feed(body.substr(pos, split));
  }
  if (out.status.ok()) out.status = decoder.Finish();
  if (out.status.ok()) {
    EXPECT_TRUE(decoder.complete());
    EXPECT_EQ(decoder.decoded_length(), out.data.size());
  }
  out.trailers = decoder.trailers();
  return out;
}

AwsChunkedOptions Declared(std::uint64_t length) {
  AwsChunkedOptions options;
  options.decoded_length = length;
  return options;
}

TEST(AwsChunkedTest, ParsesPayloadModes) {
  EXPECT_EQ(ParseChunkedPayload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), ChunkedPayload::kSigned);
  EXPECT_EQ(ParseChunkedPayload("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
            ChunkedPayload::kSignedWithTrailer);
  EXPECT_EQ(ParseChunkedPayload("STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ChunkedPayload::kUnsignedWithTrailer);
  EXPECT_FALSE(ParseChunkedPayload("UNSIGNED-PAYLOAD").has_value());
  EXPECT_FALSE(ParseChunkedPayload("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD").has_value());
}

TEST(AwsChunkedTest, ExampleBodyHasTheDocumentedLength) {
  EXPECT_EQ(ExampleBody().size(), 66824u);  // the example's Content-Length
}

TEST(AwsChunkedTest, DecodesTheDocumentedBodyWhateverTheSplit) {
  ChunkSigningContext signing = Authenticate(ExampleHeaders());
  std::string body = ExampleBody();
  for (std::size_t split : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{8191},
                            std::size_t{65536}, body.size()}) {
    Decoded d = Decode(ChunkedPayload::kSigned, signing, body, split, Declared(66560));
    ASSERT_TRUE(d.status.ok()) << "split " << split << ": " << d.status.error().message;
    EXPECT_EQ(d.data, std::string(66560, 'a'));
    EXPECT_TRUE(d.trailers.empty());
  }
}

TEST(AwsChunkedTest, TamperedDataFailsTheChunkSignature) {
  std::string body = ExampleBody();
  body[body.find("\r\n400;") - 10] = 'b';  // inside the first chunk
  Decoded d = Decode(ChunkedPayload::kSigned, Authenticate(ExampleHeaders()), body, 4096);
  ASSERT_FALSE(d.status.ok());
  EXPECT_EQ(d.status.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(d.status.error().http_status, 403);
}

TEST(AwsChunkedTest, WrongSeedOrReorderedSignaturesFail) {
  ChunkSigningContext signing = Authenticate(ExampleHeaders());
  ChunkSigningContext wrong_seed = signing;
  wrong_seed.seed_signature = kTrailerSeed;
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, wrong_seed, ExampleBody(), 512).status.error().code,
            "SignatureDoesNotMatch");

  const char* swapped[] = {kChunkSignatures[1], kChunkSignatures[0], kChunkSignatures[2]};
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, SignedBody(swapped), 512).status.error().code,
            "SignatureDoesNotMatch");

  const char* wrong_final[] = {kChunkSignatures[0], kChunkSignatures[1], kChunkSignatures[1]};
  EXPECT_EQ(
      Decode(ChunkedPayload::kSigned, signing, SignedBody(wrong_final), 512).status.error().code,
      "SignatureDoesNotMatch");
}

TEST(AwsChunkedTest, TruncatedBodyIsIncomplete) {
  ChunkSigningContext signing = Authenticate(ExampleHeaders());
  std::string body = ExampleBody();
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{100}, std::size_t{65600},
                          body.rfind("\r\n0;chunk") + 10}) {
    Decoded d = Decode(ChunkedPayload::kSigned, signing, body.substr(0, cut), 1000);
    ASSERT_FALSE(d.status.ok()) << cut;
    EXPECT_EQ(d.status.error().code, "IncompleteBody") << cut;
  }
  // Only the closing empty line missing: everything signed has arrived.
  EXPECT_TRUE(
      Decode(ChunkedPayload::kSigned, signing, body.substr(0, body.size() - 2), 1000).status.ok());
}

TEST(AwsChunkedTest, DecodedLengthMustMatchTheDeclaredLength) {
  ChunkSigningContext signing = Authenticate(ExampleHeaders());
  Decoded short_declared =
      Decode(ChunkedPayload::kSigned, signing, ExampleBody(), 1000, Declared(66559));
  EXPECT_EQ(short_declared.status.error().code, "IncompleteBody");
  EXPECT_EQ(short_declared.data.size(), 65536u);  // stopped before the chunk that overflows

  Decoded long_declared =
      Decode(ChunkedPayload::kSigned, signing, ExampleBody(), 1000, Declared(70000));
  EXPECT_EQ(long_declared.status.error().code, "IncompleteBody");
}

TEST(AwsChunkedTest, MalformedFramingIsRejected) {
  ChunkSigningContext signing = Authenticate(ExampleHeaders());
  std::string body = ExampleBody();

  std::string bad_size = body;
  bad_size.replace(0, 5, "1000g");
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, bad_size, 100).status.error().code,
            "InvalidRequest");

  std::string bare_lf = body;
  bare_lf.erase(bare_lf.find("\r\n"), 1);
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, bare_lf, 100).status.error().code,
            "InvalidRequest");

  std::string overlong_chunk = body;
  overlong_chunk.insert(overlong_chunk.find("\r\n400;"), "a");
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, overlong_chunk, 100).status.error().code,
            "InvalidRequest");

  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, body + "x", 100).status.error().code,
            "InvalidRequest");

  std::string unsigned_chunk = "10000\r\n" + body.substr(body.find("\r\n") + 2);
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, unsigned_chunk, 100).status.error().code,
            "SignatureDoesNotMatch");

  std::string long_line = std::string(5000, '1') + "\r\n";
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, signing, long_line, 100).status.error().code,
            "InvalidRequest");
}

TEST(AwsChunkedTest, ErrorsAreSticky) {
  AwsChunkedDecoder decoder(ChunkedPayload::kUnsignedWithTrailer, std::nullopt, {},
                            [](std::string_view) {});
  EXPECT_FALSE(decoder.Feed("zz\r\n").ok());
  Status again = decoder.Feed("5\r\nhello\r\n");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidRequest");
  EXPECT_FALSE(decoder.Finish().ok());
}

TEST(AwsChunkedTest, SignedTrailerExampleDecodesAndExposesTheChecksum) {
  ChunkSigningContext signing = Authenticate(TrailerExampleHeaders());
  AwsChunkedOptions options = Declared(66560);
  options.expected_trailers = {"x-amz-checksum-crc32c"};
  std::string body = TrailerExampleBody();
  for (std::size_t split : {std::size_t{1}, std::size_t{33}, body.size()}) {
    Decoded d = Decode(ChunkedPayload::kSignedWithTrailer, signing, body, split, options);
    ASSERT_TRUE(d.status.ok()) << split << ": " << d.status.error().message;
    EXPECT_EQ(d.data, std::string(66560, 'a'));
    ASSERT_EQ(d.trailers.size(), 1u);
    EXPECT_EQ(d.trailers[0].first, "x-amz-checksum-crc32c");
    EXPECT_EQ(d.trailers[0].second, "sOO8/Q==");
  }
}

TEST(AwsChunkedTest, SignedTrailerFailures) {
  ChunkSigningContext signing = Authenticate(TrailerExampleHeaders());
  Decoded tampered =
      Decode(ChunkedPayload::kSignedWithTrailer, signing, TrailerExampleBody("AAAAAA=="), 500);
  EXPECT_EQ(tampered.status.error().code, "SignatureDoesNotMatch");

  std::string unsigned_trailer =
      SignedBody(kTrailerChunkSignatures, "x-amz-checksum-crc32c:sOO8/Q==\r\n\r\n");
  EXPECT_EQ(Decode(ChunkedPayload::kSignedWithTrailer, signing, unsigned_trailer, 500)
                .status.error()
                .code,
            "SignatureDoesNotMatch");

  AwsChunkedOptions other_trailer;
  other_trailer.expected_trailers = {"x-amz-checksum-sha256"};
  EXPECT_EQ(
      Decode(ChunkedPayload::kSignedWithTrailer, signing, TrailerExampleBody(), 500, other_trailer)
          .status.error()
          .code,
      "MalformedTrailerError");

  // The plain signed mode takes no trailers.
  EXPECT_EQ(Decode(ChunkedPayload::kSigned, Authenticate(ExampleHeaders()),
                   SignedBody(kChunkSignatures, "x-amz-checksum-crc32:AAAAAA==\r\n\r\n"), 500)
                .status.error()
                .code,
            "InvalidRequest");
}

std::string UnsignedBody(std::initializer_list<std::size_t> sizes, std::string trailer) {
  std::string body;
  char hex[32];
  for (std::size_t size : sizes) {
    std::snprintf(hex, sizeof(hex), "%zx", size);
    body += std::string(hex) + "\r\n" + std::string(size, 'x') + "\r\n";
  }
  return body + "0\r\n" + trailer + "\r\n";
}

TEST(AwsChunkedTest, UnsignedTrailerBody) {
  std::string body = UnsignedBody({8192, 100}, "x-amz-checksum-crc32:i9aeUg==\r\n");
  AwsChunkedOptions options = Declared(8292);
  options.expected_trailers = {"x-amz-checksum-crc32"};
  for (std::size_t split : {std::size_t{1}, std::size_t{3000}}) {
    Decoded d = Decode(ChunkedPayload::kUnsignedWithTrailer, std::nullopt, body, split, options);
    ASSERT_TRUE(d.status.ok()) << d.status.error().message;
    EXPECT_EQ(d.data, std::string(8292, 'x'));
    ASSERT_EQ(d.trailers.size(), 1u);
    EXPECT_EQ(d.trailers[0],
              (std::pair<std::string, std::string>{"x-amz-checksum-crc32", "i9aeUg=="}));
  }

  AwsChunkedOptions missing_trailer;
  missing_trailer.expected_trailers = {"x-amz-checksum-crc32"};
  EXPECT_EQ(Decode(ChunkedPayload::kUnsignedWithTrailer, std::nullopt, UnsignedBody({10}, ""), 4,
                   missing_trailer)
                .status.error()
                .code,
            "MalformedTrailerError");
  EXPECT_EQ(Decode(ChunkedPayload::kUnsignedWithTrailer, std::nullopt,
                   UnsignedBody({10}, "no-colon-here\r\n"), 4)
                .status.error()
                .code,
            "MalformedTrailerError");
}

TEST(AwsChunkedTest, OnlyTheLastChunkMayBeSmallerThanTheMinimum) {
  Decoded small_first =
      Decode(ChunkedPayload::kUnsignedWithTrailer, std::nullopt, UnsignedBody({100, 8192}, ""), 64);
  ASSERT_FALSE(small_first.status.ok());
  EXPECT_EQ(small_first.status.error().code, "InvalidChunkSizeError");

  AwsChunkedOptions no_minimum;
  no_minimum.min_chunk_size = 0;
  EXPECT_TRUE(Decode(ChunkedPayload::kUnsignedWithTrailer, std::nullopt,
                     UnsignedBody({100, 8192}, ""), 64, no_minimum)
                  .status.ok());
}

TEST(AwsChunkedTest, SignedModeWithoutSigningContextIsAnInternalError) {
  Decoded d = Decode(ChunkedPayload::kSigned, std::nullopt, ExampleBody(), 1000);
  EXPECT_EQ(d.status.error().code, "InternalFailure");
}

}  // namespace
}  // namespace sim::aws
