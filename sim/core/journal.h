#pragma once
// Append-only record of what happened in the sim, in simulated time. Drives
// drill reports and `simctl journal`. Never holds secret values.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/clock.h"

namespace sim {

struct JournalEntry {
  std::uint64_t sequence = 0;  // assigned by Record, starts at 1
  TimePoint time{};            // assigned by Record from the Clock
  std::string service;         // "secretsmanager", "s3", "sim", ...
  std::string resource;        // ARN or name, may be empty
  std::string action;          // operation name, "provision", "fault", ...
  std::string outcome;         // "ok" or an error code
  std::string request_id;
};

struct JournalQuery {
  std::optional<std::string> service;
  std::optional<std::string> action;
  std::uint64_t after_sequence = 0;  // only entries with a larger sequence
  std::size_t limit = 1000;          // most recent `limit` matching entries
};

class Journal {
 public:
  // Keeps at most `capacity` entries; the oldest are dropped first.
  Journal(const Clock& clock, std::size_t capacity = 100000) : clock_(clock), capacity_(capacity) {}

  const JournalEntry& Record(JournalEntry entry);
  std::vector<JournalEntry> Query(const JournalQuery& query) const;
  std::uint64_t LastSequence() const { return next_sequence_ - 1; }

 private:
  const Clock& clock_;
  std::size_t capacity_;
  std::deque<JournalEntry> entries_;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace sim
