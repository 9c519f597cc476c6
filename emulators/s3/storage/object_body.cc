#include "emulators/s3/storage/object_body.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace sim::s3 {

ObjectBody::ObjectBody(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {
  for (const auto& piece : pieces_) size_ += piece.length;
}

BodyRef ObjectBody::Whole(BlobRef blob) {
  std::uint64_t length = blob->size();
  return std::make_shared<ObjectBody>(std::vector<Piece>{{std::move(blob), 0, length}});
}

BodyRef ObjectBody::Empty() { return std::make_shared<ObjectBody>(std::vector<Piece>{}); }

BodyRef ObjectBody::Concat(const std::vector<BodyRef>& bodies) {
  std::vector<Piece> pieces;
  for (const auto& body : bodies) pieces.insert(pieces.end(), body->pieces_.begin(), body->pieces_.end());
  return std::make_shared<ObjectBody>(std::move(pieces));
}

std::size_t ObjectBody::Read(std::uint64_t offset, char* out, std::size_t n) const {
  std::size_t done = 0;
  std::uint64_t start = 0;  // of the current piece within the body
  for (const auto& piece : pieces_) {
    if (done == n) break;
    std::uint64_t end = start + piece.length;
    if (offset < end) {
      std::uint64_t within = offset - start;
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, piece.length - within));
      std::size_t got = piece.blob->Read(piece.offset + within, out + done, want);
      if (got != want) throw std::runtime_error("object body shorter than recorded");
      done += got;
      offset += got;
    }
    start = end;
  }
  return done;
}

std::optional<aws::BodySource::FileSlice> ObjectBody::FileAt(std::uint64_t offset) const {
  std::uint64_t start = 0;
  for (const auto& piece : pieces_) {
    std::uint64_t end = start + piece.length;
    if (offset < end) {
      const std::filesystem::path* file = piece.blob->file();
      if (!file) return std::nullopt;
      std::uint64_t within = offset - start;
      return FileSlice{file->string(), piece.offset + within, piece.length - within};
    }
    start = end;
  }
  return std::nullopt;
}

BodyRef ObjectBody::Slice(std::uint64_t offset, std::uint64_t length) const {
  std::vector<Piece> pieces;
  std::uint64_t start = 0;
  for (const auto& piece : pieces_) {
    if (length == 0) break;
    std::uint64_t end = start + piece.length;
    if (offset < end) {
      std::uint64_t within = offset - start;
      std::uint64_t take = std::min(length, piece.length - within);
      pieces.push_back({piece.blob, piece.offset + within, take});
      offset += take;
      length -= take;
    }
    start = end;
  }
  return std::make_shared<ObjectBody>(std::move(pieces));
}

std::string ObjectBody::ReadAll() const {
  std::string out(static_cast<std::size_t>(size_), '\0');
  Read(0, out.data(), out.size());
  return out;
}

nlohmann::json ObjectBody::ToJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& piece : pieces_) out.push_back({piece.blob->id(), piece.offset, piece.length});
  return out;
}

BodyRef ObjectBody::FromJson(const nlohmann::json& pieces, BlobStore& blobs) {
  std::vector<Piece> out;
  for (const auto& piece : pieces) {
    BlobRef blob = blobs.Find(piece.at(0).get<std::string>());
    if (!blob) return nullptr;
    out.push_back({std::move(blob), piece.at(1).get<std::uint64_t>(), piece.at(2).get<std::uint64_t>()});
  }
  return std::make_shared<ObjectBody>(std::move(out));
}

}  // namespace sim::s3
