#pragma once
// Incremental decoder for S3 `Content-Encoding: aws-chunked` bodies:
//
//   <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n
//   [<trailer name>:<value>\r\n ... [x-amz-trailer-signature:<sig>\r\n]] \r\n
//
// (unsigned-trailer bodies carry no ";chunk-signature=..."). Bytes are fed as
// they arrive, split anywhere; decoded payload bytes go to the sink as soon as
// they are read, so nothing but one framing line is ever buffered. A chunk's
// signature can only be checked once the whole chunk has passed, so the sink
// may already hold bytes of a chunk that then fails: on any error the caller
// must discard everything it received.
//
// Each chunk signature chains from the previous one, starting at the seed
// signature of the request's Authorization header:
//   AWS4-HMAC-SHA256-PAYLOAD\n<amz date>\n<scope>\n<previous signature>\n
//   <sha256 of "">\n<sha256 of chunk data>
// and the trailer signature from the final (empty) chunk's signature:
//   AWS4-HMAC-SHA256-TRAILER\n<amz date>\n<scope>\n<previous signature>\n
//   <sha256 of the trailer lines, each "name:value\n">
//
// Errors are S3's: SignatureDoesNotMatch, IncompleteBody, InvalidChunkSizeError,
// MalformedTrailerError, InvalidRequest (bad framing). Checksums named in the
// trailers (x-amz-checksum-crc32, ...) are exposed, not verified: the S3 layer
// computes them over the decoded bytes.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/aws/crypto.h"
#include "sim/aws/sigv4.h"
#include "sim/core/result.h"

namespace sim::aws {

// The x-amz-content-sha256 values that announce an aws-chunked body.
enum class ChunkedPayload {
  kSigned,               // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
  kSignedWithTrailer,    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  kUnsignedWithTrailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER
};

// nullopt for anything else, including the ECDSA (SigV4a) streaming modes.
std::optional<ChunkedPayload> ParseChunkedPayload(std::string_view x_amz_content_sha256);

// What chunk signatures are computed with.
struct ChunkSigningContext {
  std::string signing_key;     // raw bytes, see DeriveSigningKey
  std::string amz_date;        // yyyymmddThhmmssZ of the request
  std::string scope;           // date/region/service/aws4_request
  std::string seed_signature;  // Signature= of the Authorization header

  static ChunkSigningContext FromCredential(const SigV4Credential& credential,
                                            std::string_view secret_key);
};

struct AwsChunkedOptions {
  std::optional<std::uint64_t> decoded_length;  // x-amz-decoded-content-length
  // Trailer names announced in x-amz-trailer; each must arrive.
  std::vector<std::string> expected_trailers;
  // Every data chunk but the last must be at least this big (S3: 8 KiB); 0 disables.
  std::uint64_t min_chunk_size = 8192;
  std::size_t max_line_length = 4096;  // a chunk header or trailer line
};

class AwsChunkedDecoder {
 public:
  using Sink = std::function<void(std::string_view decoded)>;

  // `signing` is required for the signed modes and ignored otherwise.
  AwsChunkedDecoder(ChunkedPayload mode, std::optional<ChunkSigningContext> signing,
                    AwsChunkedOptions options, Sink sink);

  // Consumes the next piece of the body. After an error every later call
  // returns the same error.
  Status Feed(std::string_view bytes);
  // The body ended: fails when it was cut short or its decoded length differs
  // from x-amz-decoded-content-length.
  Status Finish();

  bool complete() const { return state_ == State::kDone; }
  std::uint64_t decoded_length() const { return decoded_; }
  // Trailer headers in arrival order, names lower-cased, without
  // x-amz-trailer-signature.
  const std::vector<std::pair<std::string, std::string>>& trailers() const { return trailers_; }
  std::optional<std::string_view> Trailer(std::string_view name) const;

 private:
  enum class State { kHeader, kData, kDataEnd, kTrailer, kDone, kFailed };

  Status Fail(Error error);
  // Appends to line_ up to and including '\n'; true once a whole line is in.
  Status TakeLine(std::string_view& bytes, bool* have_line);
  Status OnChunkHeader(std::string_view line);
  Status OnChunkEnd();
  Status OnTrailerLine(std::string_view line);
  Status OnTrailersEnd();
  std::string ChunkSignature(std::string_view chunk_sha256_hex) const;

  ChunkedPayload mode_;
  std::optional<ChunkSigningContext> signing_;
  AwsChunkedOptions options_;
  Sink sink_;

  State state_ = State::kHeader;
  std::optional<Error> error_;
  std::string line_;
  std::uint64_t chunk_remaining_ = 0;
  std::uint64_t chunk_size_ = 0;
  std::string chunk_signature_;  // as sent for the current chunk
  std::string previous_signature_;
  Sha256Hasher chunk_hash_;
  std::uint64_t decoded_ = 0;
  std::optional<std::uint64_t> last_data_chunk_size_;
  std::size_t crlf_seen_ = 0;  // of the "\r\n" after chunk data
  std::vector<std::pair<std::string, std::string>> trailers_;
  std::optional<std::string> trailer_signature_;
};

}  // namespace sim::aws
