#include "emulators/s3/storage/blob_store.h"

#include "sim/store/state_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace sim::s3 {
namespace {

namespace fs = std::filesystem;

std::runtime_error IoError(const std::string& what, const fs::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

std::string IdFor(std::uint64_t n) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(n));
  return text;
}

// The blobs alive in a store, by id: Find hands out the same object to every
// reference, so the bytes go only when the last one does.
struct Registry {
  std::map<std::string, std::weak_ptr<const Blob>, std::less<>> live;

  BlobRef Lookup(std::string_view id) const {
    auto it = live.find(id);
    return it == live.end() ? nullptr : it->second.lock();
  }
};

// ---- in memory (--ephemeral) ----

class MemoryBlob final : public Blob {
 public:
  MemoryBlob(std::shared_ptr<Registry> registry, std::string id, std::string bytes)
      : registry_(std::move(registry)), id_(std::move(id)), bytes_(std::move(bytes)) {}
  ~MemoryBlob() override { registry_->live.erase(id_); }
  const std::string& id() const override { return id_; }
  std::uint64_t size() const override { return bytes_.size(); }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const override {
    if (offset >= bytes_.size()) return 0;
    n = std::min<std::size_t>(n, bytes_.size() - offset);
    std::memcpy(out, bytes_.data() + offset, n);
    return n;
  }

 private:
  std::shared_ptr<Registry> registry_;
  std::string id_;
  std::string bytes_;
};

class MemoryWriter final : public BlobWriter {
 public:
  MemoryWriter(std::shared_ptr<Registry> registry, std::string id) : registry_(std::move(registry)), id_(std::move(id)) {}
  void Append(std::string_view bytes) override { bytes_.append(bytes); }
  std::uint64_t size() const override { return bytes_.size(); }
  BlobRef Commit() override {
    BlobRef blob = std::make_shared<MemoryBlob>(registry_, id_, std::move(bytes_));
    registry_->live[id_] = blob;
    return blob;
  }

 private:
  std::shared_ptr<Registry> registry_;
  std::string id_;
  std::string bytes_;
};

class MemoryBlobStore final : public BlobStore {
 public:
  std::unique_ptr<BlobWriter> NewWriter() override {
    return std::make_unique<MemoryWriter>(registry_, IdFor(++last_));
  }
  BlobRef Find(std::string_view id) override { return registry_->Lookup(id); }
  void RemoveUnreferenced() override {}
  void KeepOnRelease() override {}
  void RemoveReleased() override {}  // memory goes with the last reference
  void EraseReleasedSmallBlobs() override {}
  void ForgetReleased() override {}

 private:
  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
  std::uint64_t last_ = 0;
};

// ---- on disk ----

// What every blob of a directory shares: where it lives, and whether
// releasing it removes the file.
struct DiskShared {
  Registry registry;
  fs::path blobs;
  fs::path incoming;
  StateStore* small = nullptr;  // small blobs, by id
  bool keep_on_release = false;
  // Released blobs whose bytes RemoveReleased will remove: files, and ids of small blobs.
  std::vector<fs::path> released_files;
  std::vector<std::string> released_small;

  // Blobs fan out over 256 folders by their last two hex digits.
  fs::path PathOf(const std::string& id) const { return blobs / id.substr(id.size() - 2) / id; }
};

class DiskBlob final : public Blob {
 public:
  DiskBlob(std::shared_ptr<DiskShared> shared, std::string id, std::uint64_t size)
      : shared_(std::move(shared)), id_(std::move(id)), size_(size), path_(shared_->PathOf(id_)) {}
  ~DiskBlob() override {
    shared_->registry.live.erase(id_);
    if (!shared_->keep_on_release) shared_->released_files.push_back(path_);
  }
  const std::string& id() const override { return id_; }
  std::uint64_t size() const override { return size_; }
  const fs::path* file() const override { return &path_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const override {
    if (offset >= size_) return 0;
    n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - offset));
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError("cannot open", path_);
    std::size_t done = 0;
    while (done < n) {
      ssize_t got = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      done += static_cast<std::size_t>(got);
    }
    ::close(fd);
    if (done < n) throw IoError("short read from", path_);
    return done;
  }

 private:
  std::shared_ptr<DiskShared> shared_;
  std::string id_;
  std::uint64_t size_;
  fs::path path_;
};

constexpr const char* kSmallBlobs = "s3-small-blobs";
const Scope kSmallBlobScope{"", ""};

class SmallBlob final : public Blob {
 public:
  SmallBlob(std::shared_ptr<DiskShared> shared, std::string id, std::uint64_t size)
      : shared_(std::move(shared)), id_(std::move(id)), size_(size) {}
  ~SmallBlob() override {
    shared_->registry.live.erase(id_);
    if (!shared_->keep_on_release) shared_->released_small.push_back(id_);
  }
  const std::string& id() const override { return id_; }
  std::uint64_t size() const override { return size_; }
  std::size_t Read(std::uint64_t offset, char* out, std::size_t n) const override {
    if (offset >= size_) return 0;
    auto bytes = shared_->small->Get(kSmallBlobs, kSmallBlobScope, id_);
    if (!bytes || bytes->size() != size_) throw std::runtime_error("small blob " + id_ + " is missing");
    n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - offset));
    std::memcpy(out, bytes->data() + offset, n);
    return n;
  }

 private:
  std::shared_ptr<DiskShared> shared_;
  std::string id_;
  std::uint64_t size_;
};

class DiskWriter final : public BlobWriter {
 public:
  DiskWriter(std::shared_ptr<DiskShared> shared, std::string id)
      : shared_(std::move(shared)), id_(std::move(id)), temp_(shared_->incoming / id_) {}
  ~DiskWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (file_created_ && !committed_) ::unlink(temp_.c_str());
  }
  void Append(std::string_view bytes) override {
    // Held in memory while it may still become a small blob.
    if (fd_ < 0 && small_.size() + bytes.size() <= kInlineBlobSize) {
      small_.append(bytes);
      size_ += bytes.size();
      return;
    }
    if (fd_ < 0) {
      fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd_ < 0) throw IoError("cannot create", temp_);
      file_created_ = true;
      std::string held = std::move(small_);
      size_ -= held.size();
      Write(held);
    }
    Write(bytes);
  }
  std::uint64_t size() const override { return size_; }
  BlobRef Commit() override {
    if (fd_ < 0) {
      shared_->small->Put(kSmallBlobs, kSmallBlobScope, id_, small_);
      committed_ = true;
      BlobRef blob = std::make_shared<SmallBlob>(shared_, id_, size_);
      shared_->registry.live[id_] = blob;
      return blob;
    }
    return CommitFile();
  }

 private:
  void Write(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t put = ::write(fd_, bytes.data(), bytes.size());
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) throw IoError("cannot write", temp_);
      bytes.remove_prefix(static_cast<std::size_t>(put));
      size_ += static_cast<std::uint64_t>(put);
    }
  }
  BlobRef CommitFile() {
    if (::close(fd_) != 0) {
      fd_ = -1;
      throw IoError("cannot write", temp_);
    }
    fd_ = -1;
    fs::path final_path = shared_->PathOf(id_);
    if (::rename(temp_.c_str(), final_path.c_str()) != 0) {
      if (errno != ENOENT) throw IoError("cannot store", final_path);
      // Fan-out folders are made when first needed: start-up stays fast.
      std::error_code ec;
      fs::create_directories(final_path.parent_path(), ec);
      if (::rename(temp_.c_str(), final_path.c_str()) != 0) throw IoError("cannot store", final_path);
    }
    committed_ = true;
    BlobRef blob = std::make_shared<DiskBlob>(shared_, id_, size_);
    shared_->registry.live[id_] = blob;
    return blob;
  }

  std::shared_ptr<DiskShared> shared_;
  std::string id_;
  fs::path temp_;
  int fd_ = -1;  // the file, once the blob is too big to be small
  bool file_created_ = false;
  std::string small_;
  std::uint64_t size_ = 0;
  bool committed_ = false;
};

class DiskBlobStore final : public BlobStore {
 public:
  DiskBlobStore(const fs::path& dir, StateStore& small) : shared_(std::make_shared<DiskShared>()) {
    shared_->small = &small;
    for (auto& [id, size] : small.KeySizes(kSmallBlobs, kSmallBlobScope)) {
      last_ = std::max<std::uint64_t>(last_, std::strtoull(id.c_str(), nullptr, 16));
      small_sizes_.emplace(std::move(id), size);
    }
    shared_->blobs = dir / "blobs";
    shared_->incoming = dir / "incoming";
    std::error_code ec;
    fs::remove_all(shared_->incoming, ec);  // uploads an earlier run never finished
    fs::create_directories(shared_->incoming, ec);
    if (ec) throw std::runtime_error("cannot create " + shared_->incoming.string() + ": " + ec.message());
    fs::create_directories(shared_->blobs, ec);
    if (ec) throw std::runtime_error("cannot create " + shared_->blobs.string() + ": " + ec.message());
    // New ids continue after the largest stored one.
    for (const auto& entry : fs::recursive_directory_iterator(shared_->blobs)) {
      if (!entry.is_regular_file()) continue;
      std::uint64_t n = std::strtoull(entry.path().filename().c_str(), nullptr, 16);
      if (n > last_) last_ = n;
    }
  }

  std::unique_ptr<BlobWriter> NewWriter() override {
    return std::make_unique<DiskWriter>(shared_, IdFor(++last_));
  }

  BlobRef Find(std::string_view id) override {
    if (BlobRef live = shared_->registry.Lookup(id)) return live;
    if (id.size() != 16 || id.find_first_not_of("0123456789abcdef") != std::string_view::npos) return nullptr;
    std::string key(id);
    if (auto small = small_sizes_.find(key); small != small_sizes_.end()) {
      BlobRef blob = std::make_shared<SmallBlob>(shared_, key, small->second);
      shared_->registry.live[key] = blob;
      loaded_.push_back(blob);
      return blob;
    }
    std::error_code ec;
    auto size = fs::file_size(shared_->PathOf(key), ec);
    if (ec) return nullptr;
    BlobRef blob = std::make_shared<DiskBlob>(shared_, key, size);
    shared_->registry.live[key] = blob;
    loaded_.push_back(blob);  // held until RemoveUnreferenced: the reload is still naming blobs
    return blob;
  }

  void RemoveUnreferenced() override {
    std::vector<fs::path> orphans;
    for (const auto& entry : fs::recursive_directory_iterator(shared_->blobs))
      if (entry.is_regular_file() && !shared_->registry.Lookup(entry.path().filename().string()))
        orphans.push_back(entry.path());
    for (const auto& path : orphans) ::unlink(path.c_str());
    for (const auto& [id, size] : small_sizes_)
      if (!shared_->registry.Lookup(id)) shared_->small->Erase(kSmallBlobs, kSmallBlobScope, id);
    small_sizes_.clear();
    loaded_.clear();  // from here a blob lives as long as its references
  }

  void KeepOnRelease() override { shared_->keep_on_release = true; }

  void RemoveReleased() override {
    // The metadata that released them must be committed first: a batch still
    // open (group commit) is committed now.
    if (!shared_->small->SettleBatch()) return ForgetReleased();
    if (shared_->small->in_transaction()) return;  // not committed yet: a later call removes them
    for (const auto& path : shared_->released_files) ::unlink(path.c_str());
    shared_->released_files.clear();
    if (shared_->released_small.empty()) return;
    try {
      StateStore::Transaction transaction(*shared_->small);
      EraseReleasedSmallBlobs();
    } catch (const std::exception&) {
      // Left for RemoveUnreferenced at the next start.
    }
  }

  void EraseReleasedSmallBlobs() override {
    std::vector<std::string> ids = std::move(shared_->released_small);
    shared_->released_small.clear();
    for (const auto& id : ids) shared_->small->Erase(kSmallBlobs, kSmallBlobScope, id);
  }

  void ForgetReleased() override {
    shared_->released_files.clear();
    shared_->released_small.clear();
  }

 private:
  std::shared_ptr<DiskShared> shared_;
  std::uint64_t last_ = 0;
  std::vector<BlobRef> loaded_;  // during reload only
  std::map<std::string, std::uint64_t> small_sizes_;  // stored small blobs, during reload only
};

}  // namespace

std::unique_ptr<BlobStore> BlobStore::OpenDirectory(const fs::path& dir, StateStore& small_blobs) {
  return std::make_unique<DiskBlobStore>(dir, small_blobs);
}

std::unique_ptr<BlobStore> BlobStore::InMemory() { return std::make_unique<MemoryBlobStore>(); }

}  // namespace sim::s3
