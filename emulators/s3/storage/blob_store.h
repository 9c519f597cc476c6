#pragma once
// Object bodies. A blob is the bytes of one upload (a PutObject body, a
// part): written once through a BlobWriter, then immutable and shared by
// every object version, part, copy and snapshot that refers to it. The bytes
// are removed after the last reference goes (see RemoveReleased), so a snapshot of a large bucket
// costs metadata only.
//
// On disk a blob is written under `incoming/` and renamed into `blobs/` when
// committed: an interrupted upload never appears, and what `incoming/` holds
// at start-up is removed. Without fsync: a committed blob survives a crash of
// the process (the page cache keeps it), not of the machine.
//
// Small blobs (up to kInlineBlobSize) go into the state database instead of
// a file of their own: creating, closing, renaming and unlinking a file costs
// more than the bytes of a 4 KiB object. They are read from there on each
// GET, not kept in memory.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace sim {
class StateStore;
}

namespace sim::s3 {

class Blob {
 public:
  virtual ~Blob() = default;
  virtual const std::string& id() const = 0;
  virtual std::uint64_t size() const = 0;
  // Copies up to `n` bytes from `offset`; returns how many (0 past the end).
  // Throws std::runtime_error when the bytes cannot be read.
  virtual std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const = 0;
  // The file holding the bytes, for blobs on disk.
  virtual const std::filesystem::path* file() const { return nullptr; }
};
using BlobRef = std::shared_ptr<const Blob>;

class BlobWriter {
 public:
  // Discards what was written unless committed.
  virtual ~BlobWriter() = default;
  // Throws std::runtime_error on an I/O failure (disk full, ...).
  virtual void Append(std::string_view bytes) = 0;
  virtual std::uint64_t size() const = 0;
  virtual BlobRef Commit() = 0;
};

// Blobs up to this size are kept in the state database.
inline constexpr std::size_t kInlineBlobSize = 16 * 1024;

class BlobStore {
 public:
  // Creates `dir` if needed and clears what an interrupted run left in it.
  // Small blobs go to `small_blobs` (a table of its own).
  static std::unique_ptr<BlobStore> OpenDirectory(const std::filesystem::path& dir, StateStore& small_blobs);
  static std::unique_ptr<BlobStore> InMemory();
  virtual ~BlobStore() = default;

  virtual std::unique_ptr<BlobWriter> NewWriter() = 0;
  // The blob with this id: the live one, or one an earlier run stored (for
  // reloading metadata); nullptr when it is gone.
  virtual BlobRef Find(std::string_view id) = 0;
  // Removes stored blobs nothing Found since start-up: bytes whose metadata
  // was never committed (a crash between the two).
  virtual void RemoveUnreferenced() = 0;
  // From now on releasing the last reference keeps the bytes (shutdown).
  virtual void KeepOnRelease() = 0;
  // Removes the bytes of blobs whose last reference went since the last
  // call. Their removal waits for this so that it follows the commit of the
  // metadata that stopped naming them: a crash in between leaves an orphan
  // (removed at the next start), never a version without its bytes.
  virtual void RemoveReleased() = 0;
  // The part of RemoveReleased that is transactional: erases the rows of
  // released small blobs inside the caller's open transaction. Call it in the
  // transaction that writes the metadata that released them (one commit for
  // both, so nothing is left without its bytes), to save RemoveReleased a
  // commit of its own.
  virtual void EraseReleasedSmallBlobs() = 0;
  // The commit of the writes that released blobs failed: forgets them, so no
  // later RemoveReleased removes bytes the database may still name. They
  // stay stored; RemoveUnreferenced decides at the next start.
  virtual void ForgetReleased() = 0;
};

}  // namespace sim::s3
