#pragma once
// Durable documents for every emulator: (table, account, region, key) -> text.
// Persistent mode keeps one SQLite database in WAL mode in the environment's
// state directory; every Put/Erase is committed before it returns (or with
// its Transaction, or its batch: see BatchScope), so an acknowledged write
// survives a crash of the process. Ephemeral mode keeps the
// same tables in an in-memory SQLite database.
//
// Emulators keep their working set in memory and write through here; on start
// they Scan their tables back. Snapshots are copies of documents, taken through
// the owning service (see sim/store/snapshot.h).

#include <filesystem>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

  // Groups the writes of its lifetime into one commit (one WAL append
  // instead of one per write). Always commits: emulators change memory as
  // they write, so the database follows whatever happened. Nests.
  class Transaction {
   public:
    explicit Transaction(StateStore& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    StateStore& store_;
  };

  // Group commit (see sim/store/commit_batch.h). The writes made inside a
  // BatchScope join one open transaction, kept open after the scope ends
  // until CommitBatch(). A write or Transaction outside every BatchScope
  // commits the open batch first, so it never waits on, or hides in, a batch
  // its caller knows nothing of.
  class BatchScope {
   public:
    explicit BatchScope(StateStore& store);
    ~BatchScope();
    BatchScope(const BatchScope&) = delete;
    BatchScope& operator=(const BatchScope&) = delete;

   private:
    StateStore& store_;
  };
  bool batch_open() const { return batch_open_; }
  // Inside a Transaction or an open batch: writes made now are not yet
  // committed.
  bool in_transaction() const { return transaction_depth_ > 0; }
  // Commits the open batch. On an SQLite failure the batch is rolled back
  // and the error returned as text; so is the failure of a SettleBatch since
  // the last call, which the batch's waiters must hear of too.
  std::optional<std::string> CommitBatch();
  // Commits the open batch ahead of CommitBatch(), unless a BatchScope is
  // open: before a write that is not part of it (Put, Erase and Transaction
  // do this themselves), or before removing bytes the batch released. False
  // when that commit, or an earlier one not yet reported, failed
  // (CommitBatch() will report it).
  bool SettleBatch();

  // Each returns only once the change is durable (in a Transaction or batch:
  // once that commits). Throw std::runtime_error on
  // an SQLite failure (disk full, ...): the front door answers InternalFailure.
  void Put(std::string_view table, const Scope& scope, std::string_view key, std::string_view body);
  void Erase(std::string_view table, const Scope& scope, std::string_view key);
  // All documents of a table, every scope, ordered by (account, region, key).
  std::vector<StoredDocument> Scan(std::string_view table) const;
  // One document's body, or nullopt.
  std::optional<std::string> Get(std::string_view table, const Scope& scope, std::string_view key) const;
  // The keys of a table in one scope with their bodies' sizes, without
  // reading the bodies.
  std::vector<std::pair<std::string, std::uint64_t>> KeySizes(std::string_view table, const Scope& scope) const;

 private:
  StateStore(sqlite3* db, bool persistent);
  void Exec(const char* sql) const;
  sqlite3* db_;
  bool persistent_;
  int transaction_depth_ = 0;  // an open batch holds one level
  bool batch_open_ = false;
  int batch_scopes_ = 0;
  std::optional<std::string> batch_error_;  // a settled batch's failed commit, for CommitBatch()
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* erase_ = nullptr;
  sqlite3_stmt* scan_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  sqlite3_stmt* key_sizes_ = nullptr;
};

}  // namespace sim
