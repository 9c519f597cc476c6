#include "emulators/s3/s3.h"

#include <cstdlib>

#include "emulators/s3/api/cors.h"
#include "emulators/s3/model/lifecycle.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/presigned_v2.h"
#include "emulators/s3/api/routing.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/s3_xml.h"
#include "emulators/s3/api/upload_pipeline.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

// Object bodies S3 accepts in one PutObject or UploadPart (5 GiB), plus
// room for aws-chunked framing.
constexpr std::uint64_t kMaxObjectBody = 5ull * 1024 * 1024 * 1024 + 64ull * 1024 * 1024;
// Everything else S3 reads whole: configuration documents, DeleteObjects.
constexpr std::uint64_t kMaxBufferedBody = 32ull * 1024 * 1024;
constexpr std::size_t kMaxKeyLength = 1024;
// Object bodies from this size are hashed and stored on a worker thread.
constexpr std::uint64_t kPipelinedBody = 1024 * 1024;

std::string HostWithoutPort(const aws::HttpRequest& request) {
  const std::string* host = request.Header("Host");
  if (!host) return {};
  std::string_view h = *host;
  if (!h.empty() && h.front() == '[') return std::string(h);  // IPv6 literal
  return aws::ToLower(h.substr(0, h.find(':')));
}

// The bucket named by a virtual host, or empty.
std::string VirtualHostBucket(const aws::HttpRequest& request, const std::vector<std::string>& suffixes) {
  std::string host = HostWithoutPort(request);
  // The bare endpoint host (s3.localhost) is path-style, not bucket "s3" of "localhost".
  for (const auto& suffix : suffixes)
    if (host == suffix) return {};
  for (const auto& suffix : suffixes) {
    if (host.size() > suffix.size() + 1 && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        host[host.size() - suffix.size() - 1] == '.')
      return host.substr(0, host.size() - suffix.size() - 1);
  }
  return {};
}

aws::HttpRequestView ViewOf(const aws::HttpRequest& request) {
  aws::HttpRequestView view{request.method, request.target, {}};
  view.headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) view.headers.emplace_back(name, value);
  return view;
}

// Strict UTF-8: S3 keys are UTF-8, and the metadata documents are JSON.
bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

S3Error FromError(const Error& error) { return S3Error{error.http_status, error.code, error.message, {}, {}}; }

}  // namespace

// One request in flight: its head, the call the operation sees, and how its
// body is read (into a blob for object data, into call.body otherwise).
class S3::BodySink final : public http::BodySink {
 public:
  BodySink(S3& s3, aws::HttpRequest head) : s3_(s3), head_(std::move(head)) { call_.http = &head_; }

  S3Call& call() { return call_; }
  Route& route() { return route_; }
  std::optional<aws::SigV4Credential>& signature() { return signature_; }
  const std::string*& secret() { return secret_; }

  // After routing: decides where the body goes.
  void Open() {
    if (route_.body != Route::Body::kBuffered) {
      writer_ = s3_.blobs_->NewWriter();
      const std::string* length = head_.Header("Content-Length");
      if (length && std::strtoull(length->c_str(), nullptr, 10) >= kPipelinedBody)
        pipeline_ = std::make_unique<UploadPipeline>([this](std::string_view bytes) { reader_->Feed(bytes); });
    }
    reader_.emplace(head_, signature_ ? &*signature_ : nullptr, secret_, [this](std::string_view bytes) {
      if (writer_) return writer_->Append(bytes);
      if (call_.body.size() + bytes.size() > kMaxBufferedBody)
        throw S3Error{400, "MaxMessageLengthExceeded", "Your request was too big.", {}, {}};
      call_.body.append(bytes);
    }, route_.operation != "CompleteMultipartUpload");
  }

  std::optional<aws::HttpReply> Append(std::string_view bytes) override {
    try {
      if (pipeline_) pipeline_->Push(bytes);
      else reader_->Feed(bytes);
      return std::nullopt;
    } catch (const S3Error& error) {
      return Fail(error);
    } catch (const std::exception& e) {
      return Fail(S3Error{500, "InternalError", std::string("We encountered an internal error: ") + e.what(), {}, {}});
    }
  }

  // The answer leaves once the writes are committed, together with those
  // of the other requests of this turn of the loop.
  void Finish(Respond respond) override {
    aws::HttpReply reply;
    try {
      StateStore::BatchScope batched(*s3_.env_.store);
      reply = Run();
    } catch (const std::exception& e) {  // the batch could not begin
      reply = Fail(S3Error{500, "InternalError", std::string("We encountered an internal error: ") + e.what()});
    }
    s3_.commits_->AfterCommit([respond = std::move(respond), reply = std::move(reply),
                               request_id = call_.request_id](const std::optional<std::string>& error) mutable {
      if (error)
        reply.response = ErrorResponse(S3Error{500, "InternalError", "We encountered an internal error: " + *error},
                                       request_id);
      respond(std::move(reply));
    });
  }

  void Abort() override {
    pipeline_.reset();  // the worker stops before what it writes to goes
    writer_.reset();
  }

  Duration delay_{0};
  std::optional<ObjectSettings> put_settings_;  // PutObject: what its headers say, read at admission

 private:
  aws::HttpReply Run() {
    S3Context context{*s3_.store_, *s3_.env_.rng};
    call_.now = s3_.env_.clock->Now();
    aws::HttpReply reply;
    try {
      if (pipeline_) {
        pipeline_->Drain();
        pipeline_.reset();
      }
      // The body (when small), the version and the release of what it
      // replaces all go into the turn's one commit (Finish's BatchScope).
      PayloadDigests digests = reader_->Finish();
      switch (route_.body) {
        case Route::Body::kBuffered:
          reply.response = route_.run(context, call_);
          break;
        case Route::Body::kPutObject:
          reply.response =
              FinishPutObject(context, call_, std::move(*put_settings_), ObjectBody::Whole(writer_->Commit()), digests);
          break;
        case Route::Body::kUploadPart:
          reply.response = FinishUploadPart(context, call_, ObjectBody::Whole(writer_->Commit()), digests);
          break;
      }
      s3_.blobs_->EraseReleasedSmallBlobs();  // files wait for the commit (CommitBatch's after_commit)
      s3_.Record(route_.operation, call_.bucket, "ok", call_.request_id);
    } catch (const S3Error& error) {
      return Fail(error);
    } catch (const std::exception& e) {
      return Fail(S3Error{500, "InternalError", std::string("We encountered an internal error: ") + e.what(), {}, {}});
    }
    AddCorsHeaders(context, call_, reply.response);
    reply.delay = delay_;
    return reply;
  }

  aws::HttpReply Fail(const S3Error& error) {
    pipeline_.reset();
    writer_.reset();  // nothing of a failed upload is kept
    s3_.Record(route_.operation, call_.bucket, error.code, call_.request_id);
    aws::HttpReply reply;
    reply.response = ErrorResponse(error, call_.request_id);
    reply.delay = delay_;
    return reply;
  }

  S3& s3_;
  aws::HttpRequest head_;
  S3Call call_;
  Route route_;
  std::optional<aws::SigV4Credential> signature_;
  const std::string* secret_ = nullptr;
  std::unique_ptr<BlobWriter> writer_;
  std::optional<PayloadReader> reader_;
  std::unique_ptr<UploadPipeline> pipeline_;  // declared last: stopped first
};

S3::S3(aws::ServiceEnv env, const aws::Dispatcher& auth, Faults& faults, std::unique_ptr<BlobStore> blobs,
       CommitBatch::Post post, S3Options options)
    : env_(env),
      auth_(auth),
      faults_(faults),
      blobs_(std::move(blobs)),
      store_(std::make_unique<S3Store>(*env.store, *blobs_)),
      snapshots_(std::make_unique<BucketSnapshots>(*env.store, *store_)),
      // Bytes that committed writes released go before the answers.
      commits_(std::make_unique<CommitBatch>(*env.store, std::move(post), [this](bool committed) {
        if (committed) blobs_->RemoveReleased();
        else blobs_->ForgetReleased();
      })),
      options_(std::move(options)) {}

S3::~S3() {
  if (lifecycle_timer_ != 0) env_.clock->Cancel(lifecycle_timer_);
  // Shutting down is not deleting: every body stays for the next run.
  blobs_->KeepOnRelease();
  commits_.reset();
  snapshots_.reset();
  store_.reset();
}

void S3::Load() {
  store_->Load();
  snapshots_->Load();
  blobs_->RemoveUnreferenced();
  blobs_->RemoveReleased();
  // S3 runs lifecycle once a day; each midnight UTC on the Clock here.
  ScheduleLifecycle();
}

void S3::ScheduleLifecycle() {
  TimePoint next = NextMidnight(env_.clock->Now() + Duration(1));
  lifecycle_timer_ = env_.clock->ScheduleAt(next, [this] {
    RunLifecycle();
    ScheduleLifecycle();
  });
}

void S3::RunLifecycle() {
  TimePoint now = env_.clock->Now();
  {
    StateStore::Transaction transaction(*env_.store);
    for (auto& [name, bucket] : store_->buckets()) {
      auto actions = ApplyLifecycle(*store_, bucket, now, [this] { return NewVersionId(*env_.rng); });
      for (const auto& action : actions) Record("Lifecycle" + action.what, name, "ok", "");
    }
  }
  blobs_->RemoveReleased();
}

std::vector<std::string> S3::SnapshotResources(const Scope& scope) const {
  std::vector<std::string> names;
  for (const auto& [name, bucket] : store_->buckets())
    if (bucket.scope == scope) names.push_back(name);
  return names;
}

Result<Snapshot> S3::TakeSnapshot(const Scope& scope, std::string_view bucket) {
  return snapshots_->Take(scope, bucket, env_.clock->Now(), "s3-snapshot-" + env_.rng->Hex(16));
}

Status S3::RestoreSnapshot(const Scope& scope, const Snapshot& snapshot, std::string_view target) {
  Status restored = Ok();
  {
    StateStore::Transaction transaction(*env_.store);
    restored = snapshots_->Restore(scope, snapshot, target);
  }
  blobs_->RemoveReleased();
  return restored;
}

Status S3::ReleaseSnapshot(std::string_view snapshot_id) {
  Status released = snapshots_->Release(snapshot_id);
  blobs_->RemoveReleased();
  return released;
}

bool S3::Claims(const aws::HttpRequest& head) const {
  if (head.method == "OPTIONS") return true;
  if (!VirtualHostBucket(head, options_.virtual_host_suffixes).empty()) return true;
  if (const std::string* authorization = head.Header("Authorization"))
    return authorization->find("/s3/aws4_request") != std::string::npos;
  if (IsPresignedV2(head)) return true;
  std::string_view query = head.RawQuery();
  return query.find("X-Amz-Credential=") != std::string_view::npos &&
         (query.find("%2Fs3%2Faws4_request") != std::string_view::npos ||
          query.find("/s3/aws4_request") != std::string_view::npos);
}

void S3::Record(const std::string& operation, const std::string& bucket, const std::string& outcome,
                const std::string& request_id) {
  env_.journal->Record({0, {}, "s3", bucket, operation, outcome, request_id});
}

http::Admission S3::Refuse(const S3Error& error, const std::string& request_id, const std::string& operation,
                           const std::string& bucket) {
  Record(operation, bucket, error.code, request_id);
  http::Admission admission;
  admission.reply.emplace();
  admission.reply->response = ErrorResponse(error, request_id);
  return admission;
}

http::Admission S3::Admit(aws::HttpRequest& head) {
  auto sink = std::make_unique<BodySink>(*this, std::move(head));
  S3Call& call = sink->call();
  const aws::HttpRequest& request = *call.http;
  call.request_id = env_.rng->Hex(16);
  for (auto& c : call.request_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string operation = "Authenticate";
  try {
    // Addressing: virtual host or path style.
    std::string_view path = request.Path();
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string vhost = VirtualHostBucket(request, options_.virtual_host_suffixes);
    if (!vhost.empty()) {
      call.bucket = vhost;
      call.key = aws::UrlDecode(path, false);
    } else {
      auto slash = path.find('/');
      call.bucket = aws::UrlDecode(path.substr(0, slash), false);
      if (slash != std::string_view::npos) call.key = aws::UrlDecode(path.substr(slash + 1), false);
    }
    call.query = aws::ParseQueryString(request.RawQuery());
    if (!IsValidUtf8(call.key) || !IsValidUtf8(call.bucket))
      throw S3Error{400, "InvalidURI", "Couldn't parse the specified URI.", {{"URI", request.target}}};
    if (call.key.size() > kMaxKeyLength)
      throw S3Error{400, "KeyTooLongError", "Your key is too long",
                    {{"Size", std::to_string(call.key.size())}, {"MaxSizeAllowed", std::to_string(kMaxKeyLength)}}, {}};

    if (request.method == "OPTIONS") {
      operation = "PreflightCorsRequest";
      S3Context context{*store_, *env_.rng};
      http::Admission admission;
      admission.reply.emplace();
      admission.reply->response = PreflightCors(context, call);
      Record(operation, call.bucket, "ok", call.request_id);
      return admission;
    }

    if (IsPresignedV2(request)) {
      const aws::Credential& credential = VerifyPresignedV2(request, vhost, auth_);
      call.account_id = credential.account_id;
      // SigV2 names no region: the bucket's own, for the few calls that need one.
      Bucket* bucket = store_->FindBucket(call.bucket);
      call.region = bucket ? bucket->scope.region : "us-east-1";
    } else {
    aws::HttpRequestView view = ViewOf(request);
    aws::SigV4Options sig_options;
    sig_options.dialect = aws::AuthDialect::kS3;
    auto signature = aws::ParseAuthorization(view, sig_options);
    if (!signature.ok()) {
      // Anonymous requests would need public buckets; none are emulated.
      if (!request.Header("Authorization") && request.RawQuery().find("X-Amz-") == std::string_view::npos)
        throw S3Error{403, "AccessDenied", "Access Denied", {}, {}};
      throw FromError(signature.error());
    }
    auto credential = auth_.VerifyCaller(view, signature.value(), std::nullopt, aws::AuthDialect::kS3);
    if (!credential.ok()) throw FromError(credential.error());
    call.account_id = credential.value()->account_id;
    call.region = signature->region;
    sink->secret() = &credential.value()->secret_access_key;
    sink->signature() = std::move(signature).value();
    }

    sink->route() = ResolveRoute(call);
    operation = sink->route().operation;

    if (auto fault = faults_.Match("s3", operation, call.bucket)) {
      Record(operation, call.bucket, "fault:" + std::string(FaultKindName(fault->kind)), call.request_id);
      switch (fault->kind) {
        case FaultKind::kOutage: {
          http::Admission admission;
          admission.reply.emplace();
          admission.reply->drop = true;
          return admission;
        }
        case FaultKind::kLatency:
          sink->delay_ = fault->latency;
          break;
        case FaultKind::kError:
        case FaultKind::kNodeFailure:
          throw S3Error{fault->http_status, fault->error_code, fault->error_message, {}, {}};
      }
    }

    S3Context context{*store_, *env_.rng};
    call.now = env_.clock->Now();
    if (sink->route().body == Route::Body::kPutObject) sink->put_settings_ = PreparePutObject(context, call);
    if (sink->route().body == Route::Body::kUploadPart) PrepareUploadPart(context, call);
    sink->Open();
  } catch (const S3Error& error) {
    return Refuse(error, call.request_id, operation, call.bucket);
  } catch (const std::exception& e) {
    return Refuse(S3Error{500, "InternalError", std::string("We encountered an internal error: ") + e.what()},
                  call.request_id, operation, call.bucket);
  }
  http::Admission admission;
  admission.body_limit = sink->route().body == Route::Body::kBuffered ? kMaxBufferedBody + 1024 * 1024 : kMaxObjectBody;
  admission.sink = std::move(sink);
  return admission;
}

void S3::Provision(const Scope& scope, const BucketSettings& settings) {
  Bucket* bucket = store_->FindBucket(settings.name);
  if (!bucket) {
    Bucket fresh;
    fresh.name = settings.name;
    fresh.scope = scope;
    fresh.created = env_.clock->Now();
    bucket = &store_->AddBucket(std::move(fresh));
  }
  if (settings.versioning) bucket->versioning = "Enabled";
  if (!settings.tags.empty()) bucket->configs["tagging"] = TaggingXml(settings.tags);
  for (const auto& [subresource, document] : settings.configs) bucket->configs[subresource] = document;
  store_->SaveBucket(*bucket);
}

}  // namespace sim::s3
