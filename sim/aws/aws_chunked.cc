#include "sim/aws/aws_chunked.h"

#include <algorithm>
#include <cctype>

#include "sim/aws/text.h"

namespace sim::aws {
namespace {

constexpr char kEmptySha256[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kTrailerSignature = "x-amz-trailer-signature";

Error SignatureMismatch() {
  return MakeAuthError(AuthFailure::kSignatureMismatch, AuthDialect::kS3);
}

Error Malformed(std::string detail) {
  return MakeError("InvalidRequest", "Invalid aws-chunked body: " + detail, 400);
}

Error Truncated() {
  return MakeError("IncompleteBody", "The request body terminated unexpectedly", 400);
}

Error LengthMismatch() {
  return MakeError("IncompleteBody",
                   "You did not provide the number of bytes specified by the "
                   "x-amz-decoded-content-length HTTP header",
                   400);
}

Error MalformedTrailer() {
  return MakeError("MalformedTrailerError",
                   "The request contained trailing data that was not well-formed or did not "
                   "conform to our published schema.",
                   400);
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::optional<ChunkedPayload> ParseChunkedPayload(std::string_view value) {
  if (value == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") return ChunkedPayload::kSigned;
  if (value == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") {
    return ChunkedPayload::kSignedWithTrailer;
  }
  if (value == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") return ChunkedPayload::kUnsignedWithTrailer;
  return std::nullopt;
}

ChunkSigningContext ChunkSigningContext::FromCredential(const SigV4Credential& credential,
                                                        std::string_view secret_key) {
  return ChunkSigningContext{
      DeriveSigningKey(secret_key, credential.date, credential.region, credential.service),
      credential.amz_date, credential.Scope(), credential.signature};
}

AwsChunkedDecoder::AwsChunkedDecoder(ChunkedPayload mode,
                                     std::optional<ChunkSigningContext> signing,
                                     AwsChunkedOptions options, Sink sink)
    : mode_(mode),
      signing_(std::move(signing)),
      options_(std::move(options)),
      sink_(std::move(sink)) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

std::optional<std::string_view> AwsChunkedDecoder::Trailer(std::string_view name) const {
  std::string lower = ToLower(name);
  for (const auto& [n, v] : trailers_) {
    if (n == lower) return v;
  }
  return std::nullopt;
}

Status AwsChunkedDecoder::Fail(Error error) {
  state_ = State::kFailed;
  error_ = error;
  return error;
}

Status AwsChunkedDecoder::TakeLine(std::string_view& bytes, bool* have_line) {
  std::size_t newline = bytes.find('\n');
  std::size_t take = newline == std::string_view::npos ? bytes.size() : newline + 1;
  if (line_.size() + take > options_.max_line_length + 2) {
    return Fail(Malformed("line longer than " + std::to_string(options_.max_line_length)));
  }
  line_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  *have_line = newline != std::string_view::npos;
  if (*have_line) {
    if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
      return Fail(Malformed("line not terminated by CRLF"));
    }
    line_.resize(line_.size() - 2);
  }
  return Ok();
}

std::string AwsChunkedDecoder::ChunkSignature(std::string_view chunk_sha256_hex) const {
  std::string to_sign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing_->amz_date + "\n" + signing_->scope +
                        "\n" + previous_signature_ + "\n" + kEmptySha256 + "\n" +
                        std::string(chunk_sha256_hex);
  return Hex(HmacSha256(signing_->signing_key, to_sign));
}

Status AwsChunkedDecoder::OnChunkHeader(std::string_view line) {
  std::size_t semicolon = line.find(';');
  std::string_view size_text = line.substr(0, semicolon);
  if (size_text.empty() || size_text.size() > 16 || !IsHex(size_text)) {
    return Fail(Malformed("bad chunk size '" + std::string(size_text) + "'"));
  }
  std::uint64_t size = std::stoull(std::string(size_text), nullptr, 16);

  chunk_signature_.clear();
  bool is_signed = mode_ != ChunkedPayload::kUnsignedWithTrailer;
  if (semicolon != std::string_view::npos) {
    std::string_view ext = line.substr(semicolon + 1);
    constexpr std::string_view kKey = "chunk-signature=";
    if (ext.substr(0, kKey.size()) == kKey) chunk_signature_ = ToLower(ext.substr(kKey.size()));
  }
  if (is_signed && chunk_signature_.empty()) return Fail(SignatureMismatch());

  if (size > 0) {
    if (last_data_chunk_size_ && *last_data_chunk_size_ < options_.min_chunk_size) {
      return Fail(MakeError("InvalidChunkSizeError",
                            "Only the last chunk is allowed to have a size less than " +
                                std::to_string(options_.min_chunk_size) + " bytes",
                            403));
    }
    if (options_.decoded_length && decoded_ + size > *options_.decoded_length) {
      return Fail(LengthMismatch());
    }
    last_data_chunk_size_ = size;
    chunk_size_ = size;
    chunk_remaining_ = size;
    state_ = State::kData;
    return Ok();
  }

  // The final, empty chunk: signed like any other, then trailers or the end.
  chunk_size_ = 0;
  if (is_signed) {
    std::string expected = ChunkSignature(kEmptySha256);
    if (!ConstantTimeEquals(expected, chunk_signature_)) return Fail(SignatureMismatch());
    previous_signature_ = expected;
  }
  state_ = State::kTrailer;
  return Ok();
}

Status AwsChunkedDecoder::OnChunkEnd() {
  std::string hash = chunk_hash_.FinalHex();
  if (mode_ != ChunkedPayload::kUnsignedWithTrailer) {
    std::string expected = ChunkSignature(hash);
    if (!ConstantTimeEquals(expected, chunk_signature_)) return Fail(SignatureMismatch());
    previous_signature_ = expected;
  }
  state_ = State::kHeader;
  return Ok();
}

Status AwsChunkedDecoder::OnTrailerLine(std::string_view line) {
  if (mode_ == ChunkedPayload::kSigned)
    return Fail(Malformed("trailer in a body without trailers"));
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return Fail(MalformedTrailer());
  std::string name = ToLower(TrimSpaces(line.substr(0, colon)));
  std::string value(TrimSpaces(line.substr(colon + 1)));
  if (name == kTrailerSignature) {
    trailer_signature_ = ToLower(value);
  } else {
    trailers_.emplace_back(std::move(name), std::move(value));
  }
  return Ok();
}

Status AwsChunkedDecoder::OnTrailersEnd() {
  for (const std::string& expected : options_.expected_trailers) {
    if (!Trailer(expected)) return Fail(MalformedTrailer());
  }
  if (mode_ == ChunkedPayload::kSignedWithTrailer) {
    if (!trailer_signature_) return Fail(SignatureMismatch());
    std::string canonical;
    for (const auto& [name, value] : trailers_) canonical += name + ":" + value + "\n";
    std::string to_sign = "AWS4-HMAC-SHA256-TRAILER\n" + signing_->amz_date + "\n" +
                          signing_->scope + "\n" + previous_signature_ + "\n" +
                          Sha256Hex(canonical);
    std::string expected = Hex(HmacSha256(signing_->signing_key, to_sign));
    if (!ConstantTimeEquals(expected, *trailer_signature_)) return Fail(SignatureMismatch());
  }
  if (options_.decoded_length && decoded_ != *options_.decoded_length) {
    return Fail(LengthMismatch());
  }
  state_ = State::kDone;
  return Ok();
}

Status AwsChunkedDecoder::Feed(std::string_view bytes) {
  if (error_) return *error_;
  if (mode_ != ChunkedPayload::kUnsignedWithTrailer && !signing_) {
    return Fail(
        MakeError("InternalFailure", "aws-chunked signed body without signing context", 500));
  }
  while (!bytes.empty()) {
    switch (state_) {
      case State::kHeader:
      case State::kTrailer: {
        bool have_line = false;
        if (Status s = TakeLine(bytes, &have_line); !s.ok()) return s;
        if (!have_line) break;
        std::string line = std::move(line_);
        line_.clear();
        Status s = state_ == State::kHeader ? OnChunkHeader(line)
                   : line.empty()           ? OnTrailersEnd()
                                            : OnTrailerLine(line);
        if (!s.ok()) return s;
        break;
      }
      case State::kData: {
        std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(chunk_remaining_, bytes.size()));
        std::string_view piece = bytes.substr(0, n);
        chunk_hash_.Update(piece);
        sink_(piece);
        decoded_ += n;
        chunk_remaining_ -= n;
        bytes.remove_prefix(n);
        if (chunk_remaining_ == 0) {
          state_ = State::kDataEnd;
          crlf_seen_ = 0;
        }
        break;
      }
      case State::kDataEnd: {
        static constexpr char kCrlf[] = "\r\n";
        if (bytes.front() != kCrlf[crlf_seen_]) {
          return Fail(Malformed("chunk data longer than its declared size"));
        }
        bytes.remove_prefix(1);
        if (++crlf_seen_ == 2) {
          if (Status s = OnChunkEnd(); !s.ok()) return s;
        }
        break;
      }
      case State::kDone:
        return Fail(Malformed("data after the final chunk"));
      case State::kFailed:
        return *error_;
    }
  }
  return Ok();
}

Status AwsChunkedDecoder::Finish() {
  if (error_) return *error_;
  // Tolerate a body that stops right after the final chunk or the last
  // trailer line, without the closing empty line: everything signed has arrived.
  if (state_ == State::kTrailer && line_.empty()) {
    if (Status s = OnTrailersEnd(); !s.ok()) return s;
  }
  if (state_ != State::kDone) return Fail(Truncated());
  return Ok();
}

}  // namespace sim::aws
