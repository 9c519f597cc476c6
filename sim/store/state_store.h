#pragma once
// Durable documents for every emulator: (table, account, region, key) -> text.
// Persistent mode keeps one SQLite database in WAL mode in the environment's
// state directory; every Put/Erase is committed before it returns, so an
// acknowledged write survives a crash of the process. Ephemeral mode keeps the
// same tables in an in-memory SQLite database.
//
// Emulators keep their working set in memory and write through here; on start
// they Scan their tables back. Snapshots are copies of documents, taken through
// the owning service (see sim/store/snapshot.h).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sim {

struct Scope {
  std::string account_id;
  std::string region;
  bool operator<(const Scope& o) const {
    return account_id != o.account_id ? account_id < o.account_id : region < o.region;
  }
  bool operator==(const Scope& o) const = default;
};

struct StoredDocument {
  Scope scope;
  std::string key;
  std::string body;
};

class StateStore {
 public:
  // Opens (creating if needed) `<dir>/state.db`. Throws std::runtime_error
  // naming the path when the directory or database cannot be opened.
  static std::unique_ptr<StateStore> OpenDirectory(const std::filesystem::path& dir);
  static std::unique_ptr<StateStore> OpenInMemory();
  ~StateStore();

  bool persistent() const { return persistent_; }

  // Each returns only once the change is durable. Throw std::runtime_error on
  // an SQLite failure (disk full, ...): the front door answers InternalFailure.
  void Put(std::string_view table, const Scope& scope, std::string_view key, std::string_view body);
  void Erase(std::string_view table, const Scope& scope, std::string_view key);
  // All documents of a table, every scope, ordered by (account, region, key).
  std::vector<StoredDocument> Scan(std::string_view table) const;

 private:
  StateStore(sqlite3* db, bool persistent);
  void Exec(const char* sql) const;
  sqlite3* db_;
  bool persistent_;
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* erase_ = nullptr;
  sqlite3_stmt* scan_ = nullptr;
};

}  // namespace sim
