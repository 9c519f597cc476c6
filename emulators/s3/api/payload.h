#pragma once
// Reads an S3 request body as it arrives: checks x-amz-content-sha256 (a
// hash, UNSIGNED-PAYLOAD, or one of the aws-chunked modes, decoded here with
// their chunk signatures and trailers), hashes the decoded bytes for the ETag
// (MD5) and for the checksum the request carries or asks for, and passes the
// decoded bytes on. Finish() compares everything the client claimed:
// Content-MD5 (BadDigest), x-amz-checksum-* headers or trailers (BadDigest),
// the SHA-256 (XAmzContentSHA256Mismatch), the decoded length.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "emulators/s3/checksum/checksum.h"
#include "emulators/s3/model/s3_model.h"
#include "sim/aws/aws_chunked.h"
#include "sim/aws/crypto.h"
#include "sim/aws/http_message.h"
#include "sim/aws/sigv4.h"

namespace sim::s3 {

struct PayloadDigests {
  std::string md5;  // raw
  std::optional<Checksum> checksum;
  std::uint64_t size = 0;
};

class PayloadReader {
 public:
  using Sink = std::function<void(std::string_view decoded)>;

  // Throws S3Error when the head announces something S3 refuses (an unknown
  // checksum algorithm, a malformed Content-MD5, ...). `signature` and
  // `secret` are needed for signed aws-chunked bodies (nullptr when the
  // request is presigned or anonymous).
  // `checksum_headers_are_the_body`: false for CompleteMultipartUpload,
  // whose x-amz-checksum-* headers describe the assembled object, not the
  // XML it sends.
  PayloadReader(const aws::HttpRequest& head, const aws::SigV4Credential* signature,
                const std::string* secret, Sink sink, bool checksum_headers_are_the_body = true);

  // Throws S3Error on bad framing or a bad chunk signature.
  void Feed(std::string_view bytes);
  // Throws S3Error when a digest or length does not match.
  PayloadDigests Finish();

 private:
  void Decoded(std::string_view bytes);

  Sink sink_;
  std::optional<std::string> expected_sha256_;  // hex, when the head gives a hash
  std::optional<aws::Sha256Hasher> sha256_;
  std::unique_ptr<aws::AwsChunkedDecoder> chunked_;
  std::optional<std::string> expected_md5_;  // raw
  Md5Hasher md5_;
  std::optional<ChecksumAlgorithm> algorithm_;
  std::optional<ChecksumHasher> checksum_;
  std::optional<std::string> expected_checksum_;  // base64, from a header
  bool checksum_in_trailer_ = false;
  std::uint64_t size_ = 0;
};

}  // namespace sim::s3
