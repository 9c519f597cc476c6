#include "emulators/elasticache/server/session.h"

#include <unordered_map>

#include "emulators/elasticache/redis/arg_parse.h"
#include "emulators/elasticache/redis/redis_errors.h"
#include "emulators/elasticache/server/watch_rules.h"

namespace sim::elasticache::redis {
namespace {

// Commands a RESP2 client may send while subscribed.
bool AllowedWhileSubscribed(std::string_view name) {
  return name == "subscribe" || name == "unsubscribe" || name == "psubscribe" ||
         name == "punsubscribe" || name == "ping" || name == "quit" || name == "reset";
}

// Commands that run at once inside MULTI instead of being queued.
bool RunsInsideMulti(std::string_view name) {
  return name == "exec" || name == "discard" || name == "multi" || name == "watch" ||
         name == "quit" || name == "reset";
}

}  // namespace

Session::Session(RedisInstance* instance, SessionOptions options, std::function<void()> on_output)
    : instance_(instance),
      options_(std::move(options)),
      on_output_(std::move(on_output)),
      connected_at_(instance->clock().Now()),
      writer_(&out_) {
  id_ = instance_->Register(this);
  authenticated_ = !instance_->requires_auth();
}

Session::~Session() {
  if (blocked_) EndBlock();
  UnwatchAll();
  UnsubscribeAll();
  instance_->Unregister(this);
}

std::string Session::TakeOutput() {
  std::string taken;
  taken.swap(out_);
  return taken;
}

void Session::Notify() {
  if (on_output_) on_output_();
}

void Session::Feed(std::string_view bytes) {
  if (closing_) return;
  parser_.Feed(bytes);
  ProcessPending();
}

void Session::ProcessPending() {
  while (!closing_ && !blocked_ && parser_.Next(command_)) {
    Execute(command_);
    instance_->ServeReadyKeys();
  }
  if (!closing_ && !blocked_ && parser_.failed()) {
    // networking.c: reply, then close once the reply is written.
    writer_.Error(parser_.error());
    closing_ = true;
  }
}

Session::Handler Session::FindHandler(std::string_view name) const {
  static const std::unordered_map<std::string_view, Handler> kHandlers = {
      {"hello", &Session::Hello},         {"auth", &Session::Auth},
      {"client", &Session::Client},       {"quit", &Session::Quit},
      {"reset", &Session::Reset},         {"multi", &Session::Multi},
      {"exec", &Session::Exec},           {"discard", &Session::Discard},
      {"watch", &Session::WatchCommand},  {"unwatch", &Session::UnwatchCommand},
      {"subscribe", &Session::Subscribe}, {"unsubscribe", &Session::Unsubscribe},
      {"psubscribe", &Session::PSubscribe}, {"punsubscribe", &Session::PUnsubscribe},
      {"publish", &Session::Publish},     {"pubsub", &Session::PubSub},
      {"wait", &Session::Wait},
      {"info", &Session::Info},           {"config", &Session::Config},
      {"command", &Session::Command},
  };
  auto it = kHandlers.find(name);
  return it == kHandlers.end() ? nullptr : it->second;
}

void Session::Execute(std::vector<std::string>& argv) {
  ++instance_->stats().commands_processed;
  char lower[64];
  std::string_view name = LowerCommandName(argv[0], lower);
  bool too_long = argv[0].size() > sizeof lower;
  const CommandSpec* spec = too_long ? nullptr : instance_->registry().FindLower(name);
  Handler handler = nullptr;
  if (spec == nullptr && !too_long) {
    spec = SessionCommandTable().FindLower(name);
    if (spec != nullptr) handler = FindHandler(name);
  }
  if (instance_->fault_probe() && spec != nullptr) {
    if (std::optional<FaultRule> fault = instance_->fault_probe()(name)) {
      switch (fault->kind) {
        case FaultKind::kError:
          return writer_.Error(Error{fault->error_code, fault->error_message, 400, true});
        case FaultKind::kOutage:
          closing_ = true;
          return;
        case FaultKind::kNodeFailure:
          closing_ = true;
          instance_->ReportNodeFailure();
          return;
        case FaultKind::kLatency:
          break;  // RESP replies are not delayed; latency applies to AWS APIs
      }
    }
  }
  // processCommand's checks, in Redis's order; a rejected command inside
  // MULTI also dooms the transaction.
  auto reject = [&](const Error& error) {
    if (in_multi_) multi_error_ = true;
    writer_.Error(error);
  };
  if (spec == nullptr) return reject(RedisError(UnknownCommandMessage(argv)));
  if (!ArityAccepts(spec->arity, argv.size())) return reject(WrongArityError(spec->name));
  if (!authenticated_ && !(spec->flags & kNoAuth)) {
    return reject(Error{"NOAUTH", "Authentication required.", 400, true});
  }
  if (writer_.protocol() == RespProtocol::kResp2 && subscriptions() > 0 &&
      !AllowedWhileSubscribed(name)) {
    return reject(RedisError("Can't execute '" + spec->name +
                             "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                             "are allowed in this context"));
  }
  if (options_.read_only && (spec->flags & kWrite)) {
    return reject(Error{"READONLY", "You can't write against a read only replica.", 400, true});
  }
  last_command_ = spec;
  if (in_multi_ && !RunsInsideMulti(name)) {
    queued_.push_back(std::move(argv));
    writer_.SimpleString("QUEUED");
    return;
  }
  if (name == "ping" && subscriptions() > 0 && writer_.protocol() == RespProtocol::kResp2) {
    return Ping(argv);
  }
  if (handler != nullptr) return (this->*handler)(argv);
  RunCommand(*spec, argv, /*may_block=*/true);
}

void Session::RunCommand(const CommandSpec& spec, const std::vector<std::string>& argv,
                         bool may_block) {
  CommandContext ctx;
  ctx.keyspace = &instance_->keyspace();
  ctx.writer = &writer_;
  ctx.rng = &instance_->rng();
  ctx.db_index = db_index_;
  ctx.may_block = may_block;
  // A flush touches the watched keys that exist before it empties them.
  std::vector<Session*> flushed;
  if (spec.name == "flushdb" || spec.name == "flushall") {
    flushed = instance_->WatchersOfLiveKeys(spec.name == "flushall" ? -1 : db_index_);
  }
  std::size_t reply_at = out_.size();
  Status status = spec.handler(CommandArgs(argv), ctx);
  if (!status.ok()) {
    writer_.Error(status.error());
    return;
  }
  for (Session* session : flushed) session->MarkDirty();
  db_index_ = ctx.db_index;
  if (ctx.block) {
    Blocked blocked;
    blocked.argv = argv;
    blocked.keys = std::move(ctx.block->keys);
    blocked.db = db_index_;
    if (ctx.block->deadline_ms != 0) {
      blocked.timer = instance_->clock().ScheduleAt(
          TimePoint(Duration(ctx.block->deadline_ms)), [this] { OnBlockTimeout(); });
      blocked.has_timer = true;
    }
    instance_->Block(this, blocked.db, blocked.keys);
    blocked_ = std::move(blocked);
    return;
  }
  if (!(spec.flags & kWrite) || !instance_->has_watchers()) return;
  std::string_view reply = reply_at <= out_.size() ? std::string_view(out_).substr(reply_at) : std::string_view();
  if (!WriteChangedNothing(spec.name, argv, reply)) TouchWrittenKeys(spec, argv);
}

void Session::TouchWrittenKeys(const CommandSpec& spec, const std::vector<std::string>& argv) {
  // LMPOP / ZMPOP numkeys key...; BLMPOP / BZMPOP timeout numkeys key...: key
  // positions the registry's fixed range cannot describe.
  if (spec.name == "lmpop" || spec.name == "zmpop" || spec.name == "blmpop" ||
      spec.name == "bzmpop") {
    std::size_t numkeys_at = spec.name[0] == 'b' ? 2 : 1;
    std::optional<std::int64_t> numkeys = ParseRedisInteger(argv[numkeys_at]);
    if (!numkeys || *numkeys <= 0) return;
    for (std::size_t i = numkeys_at + 1;
         i < argv.size() && i <= numkeys_at + static_cast<std::size_t>(*numkeys); ++i) {
      instance_->TouchKey(db_index_, argv[i]);
    }
    return;
  }
  // COPY source destination [DB n] [REPLACE] writes only the destination,
  // in database n when given.
  if (spec.name == "copy") {
    int dest_db = db_index_;
    for (std::size_t i = 3; i + 1 < argv.size(); ++i)
      if (EqualsIgnoreCase(argv[i], "db"))
        if (auto n = ParseRedisInteger(argv[i + 1])) dest_db = static_cast<int>(*n);
    instance_->TouchKey(dest_db, argv[2]);
    return;
  }
  if (spec.first_key <= 0) return;
  auto argc = static_cast<int>(argv.size());
  int last = spec.last_key < 0 ? argc + spec.last_key : spec.last_key;
  int step = spec.step > 0 ? spec.step : 1;
  for (int i = spec.first_key; i <= last && i < argc; i += step) {
    instance_->TouchKey(db_index_, argv[static_cast<std::size_t>(i)]);
  }
  // RENAME's destination is inside the key range.
}

bool Session::WaitsFor(ValueType type) const {
  if (!blocked_) return false;
  char lower[64];
  std::string_view name = blocked_->argv[0].size() > sizeof lower
                              ? std::string_view()
                              : LowerCommandName(blocked_->argv[0], lower);
  return type == (name.starts_with("bz") ? ValueType::kZSet : ValueType::kList);
}

void Session::RetryBlocked() {
  if (!blocked_) return;
  Blocked& blocked = *blocked_;
  const CommandSpec* spec = instance_->registry().Find(blocked.argv[0]);
  CommandContext ctx;
  ctx.keyspace = &instance_->keyspace();
  ctx.writer = &writer_;
  ctx.rng = &instance_->rng();
  ctx.db_index = blocked.db;
  ctx.may_block = true;
  Status status = spec->handler(CommandArgs(blocked.argv), ctx);
  if (status.ok() && ctx.block) return;  // nothing for us after all: keep waiting
  if (!status.ok()) writer_.Error(status.error());
  std::vector<std::string> argv = std::move(blocked.argv);
  EndBlock();
  if (status.ok()) TouchWrittenKeys(*spec, argv);
  Notify();
  // Commands the client pipelined behind the blocking one run now.
  ProcessPending();
}

void Session::OnBlockTimeout() {
  if (!blocked_) return;
  blocked_->has_timer = false;
  EndBlock();
  writer_.NullArray();
  Notify();
  ProcessPending();
  instance_->ServeReadyKeys();
}

void Session::EndBlock() {
  Blocked& blocked = *blocked_;
  if (blocked.has_timer) instance_->clock().Cancel(blocked.timer);
  instance_->Unblock(this, blocked.db, blocked.keys);
  blocked_.reset();
}

void Session::Kill() {
  closing_ = true;
  // Redis frees a killed client at once: it is no longer waiting for keys
  // (it must not consume a later push) nor a subscriber.
  if (blocked_) EndBlock();
  UnwatchAll();
  UnsubscribeAll();
  Notify();
}

void Session::DeliverMessage(const std::string& channel, const std::string& message) {
  writer_.PushHeader(3);
  writer_.Bulk("message");
  writer_.Bulk(channel);
  writer_.Bulk(message);
  Notify();
}

void Session::DeliverPatternMessage(const std::string& pattern, const std::string& channel,
                                    const std::string& message) {
  writer_.PushHeader(4);
  writer_.Bulk("pmessage");
  writer_.Bulk(pattern);
  writer_.Bulk(channel);
  writer_.Bulk(message);
  Notify();
}

void Session::ResetTransaction() {
  in_multi_ = false;
  multi_error_ = false;
  queued_.clear();
}

void Session::UnsubscribeAll() {
  for (const std::string& channel : channels_) instance_->Unsubscribe(this, channel);
  for (const std::string& pattern : patterns_) instance_->PUnsubscribe(this, pattern);
  channels_.clear();
  patterns_.clear();
}

void Session::UnwatchAll() {
  for (const WatchedKey& w : watched_) instance_->Unwatch(this, w.db, w.key);
  watched_.clear();
  dirty_cas_ = false;
}

}  // namespace sim::elasticache::redis
