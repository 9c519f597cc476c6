#include "sim/store/state_store.h"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace sim {
namespace {

std::runtime_error SqliteError(sqlite3* db, std::string_view what) {
  return std::runtime_error("state store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return p ? std::string(p, sqlite3_column_bytes(stmt, column)) : std::string();
}

}  // namespace

std::unique_ptr<StateStore> StateStore::OpenDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("state store: cannot create " + dir.string() + ": " + ec.message());
  auto path = (dir / "state.db").string();
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("state store: cannot open " + path + ": " + msg);
  }
  return std::unique_ptr<StateStore>(new StateStore(db, true));
}

std::unique_ptr<StateStore> StateStore::OpenInMemory() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) throw std::runtime_error("state store: no memory");
  return std::unique_ptr<StateStore>(new StateStore(db, false));
}

StateStore::StateStore(sqlite3* db, bool persistent) : db_(db), persistent_(persistent) {
  sqlite3_busy_timeout(db_, 5000);
  if (persistent_) {
    // WAL + synchronous=NORMAL: a committed transaction survives a crash of
    // this process (not of the OS), at a fraction of FULL's fsync cost.
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    // SQLite's default checkpoint (copy the WAL into the database, with an
    // fsync) every 4 MiB of WAL. S3 writes small objects in here: a 64 MiB
    // interval gained 4% more 4 KiB PUTs, but their p99 went from 5 ms to
    // 32-35 ms with the long checkpoints.
  }
  Exec("CREATE TABLE IF NOT EXISTS documents ("
       " tbl TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,"
       " key TEXT NOT NULL, body BLOB NOT NULL,"
       " PRIMARY KEY (tbl, account, region, key)) WITHOUT ROWID");
  auto prepare = [this](const char* sql, sqlite3_stmt** stmt) {
    if (sqlite3_prepare_v2(db_, sql, -1, stmt, nullptr) != SQLITE_OK) throw SqliteError(db_, sql);
  };
  prepare("INSERT INTO documents (tbl, account, region, key, body) VALUES (?1, ?2, ?3, ?4, ?5)"
          " ON CONFLICT (tbl, account, region, key) DO UPDATE SET body = excluded.body",
          &put_);
  prepare("DELETE FROM documents WHERE tbl = ?1 AND account = ?2 AND region = ?3 AND key = ?4",
          &erase_);
  prepare("SELECT account, region, key, body FROM documents WHERE tbl = ?1"
          " ORDER BY account, region, key",
          &scan_);
  prepare("SELECT body FROM documents WHERE tbl = ?1 AND account = ?2 AND region = ?3 AND key = ?4", &get_);
  prepare("SELECT key, length(body) FROM documents WHERE tbl = ?1 AND account = ?2 AND region = ?3", &key_sizes_);
}

StateStore::~StateStore() {
  CommitBatch();
  sqlite3_finalize(put_);
  sqlite3_finalize(erase_);
  sqlite3_finalize(scan_);
  sqlite3_finalize(get_);
  sqlite3_finalize(key_sizes_);
  sqlite3_close(db_);
}

void StateStore::Exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(std::string("state store: ") + sql + ": " + msg);
  }
}

void StateStore::Put(std::string_view table, const Scope& scope, std::string_view key,
                     std::string_view body) {
  SettleBatch();
  sqlite3_reset(put_);
  BindText(put_, 1, table);
  BindText(put_, 2, scope.account_id);
  BindText(put_, 3, scope.region);
  BindText(put_, 4, key);
  sqlite3_bind_blob(put_, 5, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(put_) != SQLITE_DONE) throw SqliteError(db_, "put");
}

void StateStore::Erase(std::string_view table, const Scope& scope, std::string_view key) {
  SettleBatch();
  sqlite3_reset(erase_);
  BindText(erase_, 1, table);
  BindText(erase_, 2, scope.account_id);
  BindText(erase_, 3, scope.region);
  BindText(erase_, 4, key);
  if (sqlite3_step(erase_) != SQLITE_DONE) throw SqliteError(db_, "erase");
}

std::vector<StoredDocument> StateStore::Scan(std::string_view table) const {
  std::vector<StoredDocument> out;
  sqlite3_reset(scan_);
  BindText(scan_, 1, table);
  int rc;
  while ((rc = sqlite3_step(scan_)) == SQLITE_ROW) {
    out.push_back({{ColumnText(scan_, 0), ColumnText(scan_, 1)}, ColumnText(scan_, 2),
                   ColumnText(scan_, 3)});
  }
  if (rc != SQLITE_DONE) throw SqliteError(db_, "scan");
  return out;
}

StateStore::Transaction::Transaction(StateStore& store) : store_(store) {
  store_.SettleBatch();
  if (store_.transaction_depth_++ == 0) store_.Exec("BEGIN");
}

StateStore::Transaction::~Transaction() {
  if (--store_.transaction_depth_ != 0) return;
  try {
    store_.Exec("COMMIT");
  } catch (const std::exception&) {
    // A destructor cannot throw; the next write reports the broken database.
    // A COMMIT that failed leaves the transaction open: end it, so the next
    // BEGIN starts clean.
    sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

StateStore::BatchScope::BatchScope(StateStore& store) : store_(store) {
  // Inside a Transaction the writes simply join it, and it commits them.
  if (!store_.batch_open_ && store_.transaction_depth_ == 0) {
    store_.Exec("BEGIN");  // may throw: nothing is counted yet
    store_.transaction_depth_ = 1;
    store_.batch_open_ = true;
  }
  ++store_.batch_scopes_;
}

StateStore::BatchScope::~BatchScope() { --store_.batch_scopes_; }

std::optional<std::string> StateStore::CommitBatch() {
  std::optional<std::string> error = std::exchange(batch_error_, std::nullopt);
  if (!batch_open_) return error;
  batch_open_ = false;
  if (--transaction_depth_ != 0) return error;  // an enclosing Transaction commits it
  try {
    Exec("COMMIT");
  } catch (const std::exception& e) {
    // A COMMIT that failed leaves the transaction open: end it, so the next
    // write starts clean.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (!error) error = e.what();
  }
  return error;
}

bool StateStore::SettleBatch() {
  // A failure not yet reported still means: what the batch released may be
  // named by the database.
  if (!batch_open_ || batch_scopes_ > 0) return !batch_error_.has_value();
  std::optional<std::string> error = CommitBatch();
  if (!error) return true;
  batch_error_ = std::move(error);
  return false;
}

std::optional<std::string> StateStore::Get(std::string_view table, const Scope& scope,
                                           std::string_view key) const {
  sqlite3_reset(get_);
  BindText(get_, 1, table);
  BindText(get_, 2, scope.account_id);
  BindText(get_, 3, scope.region);
  BindText(get_, 4, key);
  int rc = sqlite3_step(get_);
  std::optional<std::string> body;
  if (rc == SQLITE_ROW) body = ColumnText(get_, 0);
  // Reset at once: a statement left on a row holds a read transaction,
  // and the WAL cannot restart while one is open.
  sqlite3_reset(get_);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw SqliteError(db_, "get");
  return body;
}

std::vector<std::pair<std::string, std::uint64_t>> StateStore::KeySizes(std::string_view table,
                                                                         const Scope& scope) const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  sqlite3_reset(key_sizes_);
  BindText(key_sizes_, 1, table);
  BindText(key_sizes_, 2, scope.account_id);
  BindText(key_sizes_, 3, scope.region);
  int rc;
  while ((rc = sqlite3_step(key_sizes_)) == SQLITE_ROW)
    out.emplace_back(ColumnText(key_sizes_, 0), static_cast<std::uint64_t>(sqlite3_column_int64(key_sizes_, 1)));
  if (rc != SQLITE_DONE) throw SqliteError(db_, "key sizes");
  return out;
}

}  // namespace sim
