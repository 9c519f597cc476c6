#pragma once
// An object's bytes as pieces of blobs: a PutObject body is one whole blob,
// a multipart object its parts in order, a copy shares its source's pieces
// and a range is a slice of them. Nothing is copied to build one.

#include <cstdint>
#include <memory>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "emulators/s3/storage/blob_store.h"
#include "sim/aws/http_message.h"

namespace sim::s3 {

class ObjectBody;
using BodyRef = std::shared_ptr<const ObjectBody>;

class ObjectBody final : public aws::BodySource {
 public:
  struct Piece {
    BlobRef blob;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };

  explicit ObjectBody(std::vector<Piece> pieces);
  static BodyRef Whole(BlobRef blob);
  static BodyRef Empty();
  // The pieces of several bodies, one after another.
  static BodyRef Concat(const std::vector<BodyRef>& bodies);

  std::uint64_t size() const override { return size_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const override;
  std::optional<FileSlice> FileAt(std::uint64_t offset) const override;
  // [offset, offset + length) of this body; the caller keeps it within size().
  BodyRef Slice(std::uint64_t offset, std::uint64_t length) const;
  // The whole body in memory (small bodies only).
  std::string ReadAll() const;

  const std::vector<Piece>& pieces() const { return pieces_; }
  // [[blob id, offset, length], ...]
  nlohmann::json ToJson() const;
  // nullptr when a blob is missing.
  static BodyRef FromJson(const nlohmann::json& pieces, BlobStore& blobs);

 private:
  std::vector<Piece> pieces_;
  std::uint64_t size_ = 0;
};

}  // namespace sim::s3
