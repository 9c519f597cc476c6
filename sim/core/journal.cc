#include "sim/core/journal.h"

#include <algorithm>
#include <utility>

namespace sim {

const JournalEntry& Journal::Record(JournalEntry entry) {
  entry.sequence = next_sequence_++;
  entry.time = clock_.Now();
  entries_.push_back(std::move(entry));
  // A capacity of 0 still keeps the entry just recorded, so the returned
  // reference stays valid.
  std::size_t keep = std::max<std::size_t>(capacity_, 1);
  while (entries_.size() > keep) entries_.pop_front();
  return entries_.back();
}

std::vector<JournalEntry> Journal::Query(const JournalQuery& query) const {
  std::vector<JournalEntry> out;
  // Walk from the newest entry so `limit` keeps the most recent matches, and
  // stop at the first entry not after `after_sequence` (sequences ascend).
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < query.limit; ++it) {
    if (it->sequence <= query.after_sequence) break;
    if (query.service && it->service != *query.service) continue;
    if (query.action && it->action != *query.action) continue;
    out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace sim
