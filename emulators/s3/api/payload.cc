#include "emulators/s3/api/payload.h"

#include <cstdlib>

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

S3Error FromAuthError(const Error& error) {
  return S3Error{error.http_status, error.code, error.message, {}, {}};
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

S3Error BadChecksum(ChecksumAlgorithm algorithm) {
  return {400, "BadDigest",
          "The " + std::string(ChecksumName(algorithm)) + " you specified did not match the calculated checksum.",
          {}, {}};
}

// Decoded digest length of each algorithm's base64 value.
std::size_t DigestBytes(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c: return 4;
    case ChecksumAlgorithm::kCrc64Nvme: return 8;
    case ChecksumAlgorithm::kSha1: return 20;
    case ChecksumAlgorithm::kSha256: return 32;
  }
  return 0;
}

void CheckChecksumValue(ChecksumAlgorithm algorithm, const std::string& value) {
  auto raw = aws::Base64Decode(value);
  if (!raw || raw->size() != DigestBytes(algorithm))
    throw InvalidRequest("Value for " + std::string(ChecksumHeader(algorithm)) + " header is invalid.");
}

}  // namespace

PayloadReader::PayloadReader(const aws::HttpRequest& head, const aws::SigV4Credential* signature,
                             const std::string* secret, Sink sink, bool checksum_headers_are_the_body)
    : sink_(std::move(sink)) {
  // A presigned URL carries its signed x-amz-* values in the query.
  std::vector<std::pair<std::string, std::string>> query;
  if (head.RawQuery().find("x-amz-") != std::string_view::npos) query = aws::ParseQueryString(head.RawQuery());
  auto amz = [&](std::string_view name) -> const std::string* {
    if (const std::string* value = head.Header(name)) return value;
    for (const auto& [k, v] : query)
      if (aws::EqualsIgnoreCase(k, name)) return &v;
    return nullptr;
  };
  // Content-MD5
  if (const std::string* md5 = head.Header("Content-MD5")) {
    auto raw = aws::Base64Decode(*md5);
    if (!raw || raw->size() != 16)
      throw S3Error{400, "InvalidDigest", "The Content-MD5 you specified was not valid.", {}, {}};
    expected_md5_ = std::move(*raw);
  }

  // Which checksum: a value in a header, one announced as a trailer, or an
  // algorithm the SDK asks S3 to compute.
  std::vector<ChecksumAlgorithm> given;
  for (auto a : {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme,
                 ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256}) {
    if (!checksum_headers_are_the_body) break;
    if (const std::string* value = amz(ChecksumHeader(a))) {
      CheckChecksumValue(a, *value);
      given.push_back(a);
      expected_checksum_ = *value;
    }
  }
  if (given.size() > 1) throw InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
  if (!given.empty()) algorithm_ = given.front();
  std::vector<std::string> trailers;
  if (const std::string* trailer = head.Header("x-amz-trailer")) {
    std::string name = aws::ToLower(*trailer);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    std::optional<ChecksumAlgorithm> announced;
    if (name.rfind("x-amz-checksum-", 0) == 0) announced = ParseChecksumAlgorithm(name.substr(15));
    if (!announced) throw InvalidRequest("The value specified in the x-amz-trailer header is not supported");
    if (algorithm_ && *algorithm_ != *announced)
      throw InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    algorithm_ = announced;
    checksum_in_trailer_ = true;
    trailers.push_back(name);
  }
  if (const std::string* sdk = amz("x-amz-sdk-checksum-algorithm"); sdk && !algorithm_) {
    algorithm_ = ParseChecksumAlgorithm(*sdk);
    if (!algorithm_)
      throw InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
  }
  if (algorithm_) checksum_.emplace(*algorithm_);

  // x-amz-content-sha256
  const std::string* content_sha = head.Header("x-amz-content-sha256");
  if (!content_sha) return;  // presigned or anonymous: UNSIGNED-PAYLOAD
  if (IsHex64(*content_sha)) {
    expected_sha256_ = aws::ToLower(*content_sha);
    sha256_.emplace();
    return;
  }
  auto mode = aws::ParseChunkedPayload(*content_sha);
  if (!mode) return;  // UNSIGNED-PAYLOAD; anything else was refused by the signature check
  std::optional<aws::ChunkSigningContext> signing;
  if (*mode != aws::ChunkedPayload::kUnsignedWithTrailer) {
    if (!signature || !secret) throw InvalidRequest("A signed aws-chunked body needs a header-signed request");
    signing = aws::ChunkSigningContext::FromCredential(*signature, *secret);
  }
  aws::AwsChunkedOptions options;
  if (const std::string* decoded = head.Header("x-amz-decoded-content-length"))
    options.decoded_length = std::strtoull(decoded->c_str(), nullptr, 10);
  options.expected_trailers = trailers;
  chunked_ = std::make_unique<aws::AwsChunkedDecoder>(*mode, std::move(signing), options,
                                                      [this](std::string_view bytes) { Decoded(bytes); });
}

void PayloadReader::Decoded(std::string_view bytes) {
  md5_.Update(bytes);
  if (checksum_) checksum_->Update(bytes);
  size_ += bytes.size();
  sink_(bytes);
}

void PayloadReader::Feed(std::string_view bytes) {
  if (sha256_) sha256_->Update(bytes);
  if (!chunked_) return Decoded(bytes);
  Status fed = chunked_->Feed(bytes);
  if (!fed.ok()) throw FromAuthError(fed.error());
}

PayloadDigests PayloadReader::Finish() {
  if (chunked_) {
    Status done = chunked_->Finish();
    if (!done.ok()) throw FromAuthError(done.error());
  }
  if (sha256_) {
    std::string computed = sha256_->FinalHex();
    if (computed != *expected_sha256_)
      throw S3Error{400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    {{"ClientComputedContentSHA256", *expected_sha256_}, {"S3ComputedContentSHA256", computed}},
                    {}};
  }
  PayloadDigests out;
  out.size = size_;
  out.md5 = md5_.Final();
  if (expected_md5_ && *expected_md5_ != out.md5)
    throw S3Error{400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                  {{"ExpectedDigest", aws::Hex(*expected_md5_)}, {"CalculatedDigest", aws::Base64Encode(out.md5)}},
                  {}};
  if (checksum_) {
    std::string computed = checksum_->FinalBase64();
    std::optional<std::string> claimed = expected_checksum_;
    if (checksum_in_trailer_) {
      auto value = chunked_ ? chunked_->Trailer(ChecksumHeader(*algorithm_)) : std::nullopt;
      if (!value) throw InvalidRequest("The trailer " + std::string(ChecksumHeader(*algorithm_)) + " was announced but not sent");
      CheckChecksumValue(*algorithm_, std::string(*value));
      claimed = std::string(*value);
    }
    if (claimed && *claimed != computed) throw BadChecksum(*algorithm_);
    out.checksum = Checksum{std::string(ChecksumName(*algorithm_)), computed, "FULL_OBJECT"};
  }
  return out;
}

}  // namespace sim::s3
