"""S3 robustness against a running sim: crashes, interrupted and malformed uploads, hostile
requests, virtual-host addressing, CORS and the dev environment's provisioned buckets.

Most tests share the session's real-clock sim (boto3, path style, credentials test/test, region
eu-west-1, buckets of their own). The crash tests start sims of their own on a state directory
of their own, `kill -9` them and start a new sim on the same directory; every process a test
starts is stopped by that test. Raw requests are signed with botocore's S3SigV4Auth; the
aws-chunked bodies (chunk signatures, trailers) are built by hand as described in
sim/aws/aws_chunked.h.
"""
import hashlib
import hmac
import http.client
import os
import socket
import threading
import time
import xml.etree.ElementTree as ET
import zlib
from uuid import uuid4

import pytest
import yaml
from boto3.s3.transfer import TransferConfig

from conftest import ENVIRONMENTS, Sim, start_sim
from s3_helpers import (MIB, NS, REGION, b64, make_bucket, multipart_etag, payload, quoted_md5,  # noqa: F401
                        raises, s3, s3_client, sign, sim)

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CANARY_BODY = b"canary: must survive every bad request of this module\n" * 100


@pytest.fixture
def bucket(s3):
    return make_bucket(s3)


@pytest.fixture(scope="module", autouse=True)
def canary(s3):
    """An object written before any test of the module; test_zz_canary_survived checks it."""
    name = make_bucket(s3)
    etag = s3.put_object(Bucket=name, Key="canary/object", Body=CANARY_BODY,
                         Metadata={"kept": "yes"})["ETag"]
    return name, etag


def crc32_b64(data):
    return b64((zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big"))


# --- raw requests -------------------------------------------------------------------------

def signing_key(date, region=REGION, secret="test"):
    key = ("AWS4" + secret).encode()
    for part in (date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def send(sim, method, path, headers=None, body=b"", host=None):
    """One request on a fresh connection to the sim; returns (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=30)
    try:
        headers = dict(headers or {})
        headers["Host"] = host or f"127.0.0.1:{sim.port}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def error_code(body):
    root = ET.fromstring(body)
    assert root.tag == "Error", body[:300]
    return root.findtext("Code")


def signed_send(sim, method, bucket, key, body=b"", headers=None, payload_hash=None):
    url = f"{sim.endpoint}/{bucket}/{key}"
    signed = sign(method, url, body, headers, payload_hash)
    return send(sim, method, f"/{bucket}/{key}", signed, body)


def files_under(path):
    return sorted(os.path.join(d, f) for d, _, names in os.walk(path) for f in names)


def s3_dir(sim):
    return os.path.join(sim.state_dir, "dev", "s3")


def open_partial_put(sim, bucket, key, total, sent):
    """Starts a signed PUT announcing `total` body bytes and sends only `sent` of them;
    returns the open socket."""
    body = payload(total, seed=99)
    url = f"{sim.endpoint}/{bucket}/{key}"
    headers = sign("PUT", url, body, {"Content-Type": "application/octet-stream",
                                      "Content-Length": str(total)})
    head = f"PUT /{bucket}/{key} HTTP/1.1\r\nHost: 127.0.0.1:{sim.port}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items() if k.lower() != "host")
    head += "\r\n"
    conn = socket.create_connection(("127.0.0.1", sim.port), timeout=30)
    conn.sendall(head.encode() + body[:sent])
    return conn


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def incoming_bytes(sim):
    return sum(os.path.getsize(f) for f in files_under(os.path.join(s3_dir(sim), "incoming")))


def stop_all(*sims):
    for s in sims:
        if s is not None:
            s.stop()
            for stream in (s.proc.stdout, s.proc.stderr):
                if stream:
                    stream.close()


# --- 1. durability across kill -9 ---------------------------------------------------------

def test_kill9_keeps_acknowledged_objects_and_bucket_configs(tmp_root, tmp_path):
    first = start_sim(tmp_root, "dev")
    second = None
    try:
        s3 = s3_client(first)
        plain, versioned = make_bucket(s3), make_bucket(s3)
        s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Enabled"})
        tags = [{"Key": "team", "Value": "storage"}, {"Key": "purpose", "Value": "crash test"}]
        s3.put_bucket_tagging(Bucket=versioned, Tagging={"TagSet": tags})

        written = {}  # (bucket, key) -> what a GET must return

        def put(bucket, key, body, **kwargs):
            etag = s3.put_object(Bucket=bucket, Key=key, Body=body, **kwargs)["ETag"]
            assert etag == quoted_md5(body)
            written[(bucket, key)] = (body, etag)

        put(plain, "small/a.txt", b"alpha\n" * 10, ContentType="text/plain; charset=utf-8",
            Metadata={"color": "blue", "owner": "Crash Test"}, CacheControl="max-age=60")
        put(plain, "small/b.bin", payload(70_000, seed=1), ContentDisposition='attachment; filename="b"')
        put(plain, "sp ace/ü+plus", b"unicode key")
        put(plain, "empty", b"")
        put(plain, "sum", b"checksummed", ChecksumAlgorithm="SHA256")
        put(plain, "gone", b"deleted before the crash")
        s3.delete_object(Bucket=plain, Key="gone")
        del written[(plain, "gone")]
        v1 = s3.put_object(Bucket=versioned, Key="doc", Body=b"version one")["VersionId"]
        v2 = s3.put_object(Bucket=versioned, Key="doc", Body=b"version two",
                           Metadata={"rev": "2"})["VersionId"]
        written[(versioned, "doc")] = (b"version two", quoted_md5(b"version two"))

        big = payload(20 * MIB, seed=2)
        src = tmp_path / "big.bin"
        src.write_bytes(big)
        config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=2)
        s3.upload_file(str(src), plain, "big/20mib.bin", Config=config,
                       ExtraArgs={"Metadata": {"kind": "multipart"}, "ContentType": "application/x-big"})
        big_etag = multipart_etag([big[i:i + 8 * MIB] for i in range(0, len(big), 8 * MIB)])
        written[(plain, "big/20mib.bin")] = (big, big_etag)

        # A multipart upload in progress (parts acknowledged, not completed) is state too.
        p1, p2 = payload(5 * MIB, seed=3), b"last part"
        upload_id = s3.create_multipart_upload(Bucket=plain, Key="pending/mp", Metadata={"m": "1"})["UploadId"]
        e1 = s3.upload_part(Bucket=plain, Key="pending/mp", UploadId=upload_id, PartNumber=1, Body=p1)["ETag"]
        e2 = s3.upload_part(Bucket=plain, Key="pending/mp", UploadId=upload_id, PartNumber=2, Body=p2)["ETag"]

        before = {}
        for (b, k) in written:
            head = s3.head_object(Bucket=b, Key=k)
            before[(b, k)] = {f: head.get(f) for f in (
                "ETag", "ContentLength", "ContentType", "Metadata", "CacheControl", "ContentDisposition",
                "VersionId")}
        assert before[(plain, "big/20mib.bin")]["ETag"] == big_etag
        sha = s3.head_object(Bucket=plain, Key="sum", ChecksumMode="ENABLED")["ChecksumSHA256"]
        blobs_before = files_under(os.path.join(s3_dir(first), "blobs"))

        first.proc.kill()  # SIGKILL: no shutdown path runs
        first.proc.wait(timeout=10)

        second = Sim(["dev"], first.state_dir)
        s3 = s3_client(second)
        buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        assert plain in buckets and versioned in buckets
        for (b, k), (body, etag) in written.items():
            got = s3.get_object(Bucket=b, Key=k)
            assert got["Body"].read() == body, (b, k)
            assert got["ETag"] == etag, (b, k)
            after = {f: got.get(f) for f in before[(b, k)]}
            assert after == before[(b, k)], (b, k)
        assert s3.head_object(Bucket=plain, Key="sum", ChecksumMode="ENABLED")["ChecksumSHA256"] == sha
        assert raises(s3.head_object, Bucket=plain, Key="gone")[:2] == (404, "404")
        assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=plain)["Contents"]) == \
            sorted(k for (b, k) in written if b == plain)
        # Bucket configuration survived too.
        assert s3.get_bucket_versioning(Bucket=versioned)["Status"] == "Enabled"
        assert sorted(s3.get_bucket_tagging(Bucket=versioned)["TagSet"], key=lambda t: t["Key"]) == \
            sorted(tags, key=lambda t: t["Key"])
        assert "Status" not in s3.get_bucket_versioning(Bucket=plain)
        versions = s3.list_object_versions(Bucket=versioned, Prefix="doc")["Versions"]
        assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [(v2, True), (v1, False)]
        assert s3.get_object(Bucket=versioned, Key="doc", VersionId=v1)["Body"].read() == b"version one"
        assert files_under(os.path.join(s3_dir(second), "blobs")) == blobs_before
        # The pending upload is still there and can be completed.
        assert [(u["Key"], u["UploadId"]) for u in s3.list_multipart_uploads(Bucket=plain)["Uploads"]] == \
            [("pending/mp", upload_id)]
        parts = s3.list_parts(Bucket=plain, Key="pending/mp", UploadId=upload_id)["Parts"]
        assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [(1, e1, len(p1)), (2, e2, len(p2))]
        done = s3.complete_multipart_upload(Bucket=plain, Key="pending/mp", UploadId=upload_id, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
        assert done["ETag"] == multipart_etag([p1, p2])
        got = s3.get_object(Bucket=plain, Key="pending/mp")
        assert got["Body"].read() == p1 + p2 and got["Metadata"] == {"m": "1"}
        # The restarted sim takes writes as usual.
        s3.put_object(Bucket=plain, Key="after-restart", Body=b"new")
        assert s3.get_object(Bucket=plain, Key="after-restart")["Body"].read() == b"new"
    finally:
        stop_all(first, second)


def test_kill9_during_concurrent_writes_keeps_every_acknowledged_put(tmp_root):
    """The PUTs of one turn of the event loop share a commit and are answered
    after it (group commit): writers on many connections, killed mid-stream,
    lose nothing they were told was stored."""
    first = start_sim(tmp_root, "dev")
    second = None
    try:
        bucket = make_bucket(s3_client(first))
        clients = [s3_client(first) for _ in range(8)]
        acknowledged = [[] for _ in clients]  # per writer: n of each answered PUT, in order
        stop = threading.Event()

        def writer(index):
            s3 = clients[index]
            n = 0
            while not stop.is_set():
                body = f"writer {index} put {n}\n".encode() * 100
                try:
                    s3.put_object(Bucket=bucket, Key=f"w{index}/{n}", Body=body)
                    s3.put_object(Bucket=bucket, Key=f"latest/{index}", Body=body)  # an overwrite
                except Exception:  # the kill
                    return
                acknowledged[index].append(n)
                n += 1

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(clients))]
        for t in threads:
            t.start()
        assert wait_for(lambda: sum(map(len, acknowledged)) >= 400)
        first.proc.kill()
        first.proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=60)

        second = Sim(["dev"], first.state_dir)
        s3 = s3_client(second)
        for index, done in enumerate(acknowledged):
            for n in done:
                body = f"writer {index} put {n}\n".encode() * 100
                assert s3.get_object(Bucket=bucket, Key=f"w{index}/{n}")["Body"].read() == body, (index, n)
            # The last overwrite acknowledged, or one after it that was stored
            # but whose answer the kill cut off.
            latest = s3.get_object(Bucket=bucket, Key=f"latest/{index}")["Body"].read().decode()
            assert int(latest.split()[3]) >= done[-1], (index, latest[:40])
    finally:
        stop_all(first, second)


# --- 2. interrupted uploads ---------------------------------------------------------------

def test_kill9_mid_upload_leaves_no_object_and_no_file(tmp_root):
    first = start_sim(tmp_root, "dev")
    second = None
    conn = None
    try:
        s3 = s3_client(first)
        bucket = make_bucket(s3)
        # Bigger than the 16 KiB the sim keeps in its database: one file each.
        stored = {f"kept/{i}": payload(20_000 + i, seed=10 + i) for i in range(3)}
        for key, body in stored.items():
            s3.put_object(Bucket=bucket, Key=key, Body=body)
        blobs_dir = os.path.join(s3_dir(first), "blobs")
        incoming_dir = os.path.join(s3_dir(first), "incoming")
        blobs_before = files_under(blobs_dir)
        assert len(blobs_before) == len(stored)  # one blob per stored body

        conn = open_partial_put(first, bucket, "interrupted", total=10 * MIB, sent=3 * MIB)
        # The server streams the body to incoming/ as it arrives.
        assert wait_for(lambda: incoming_bytes(first) >= 3 * MIB), files_under(incoming_dir)
        assert raises(s3.head_object, Bucket=bucket, Key="interrupted")[:2] == (404, "404")

        first.proc.kill()
        first.proc.wait(timeout=10)
        conn.close()
        conn = None

        second = Sim(["dev"], first.state_dir)
        s3 = s3_client(second)
        st, cd, _ = raises(s3.get_object, Bucket=bucket, Key="interrupted")
        assert (st, cd) == (404, "NoSuchKey")
        assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == sorted(stored)
        assert files_under(incoming_dir) == []
        assert files_under(blobs_dir) == blobs_before
        for key, body in stored.items():
            assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body
    finally:
        if conn is not None:
            conn.close()
        stop_all(first, second)


def test_client_hangs_up_mid_body(sim, s3, bucket):
    s3.put_object(Bucket=bucket, Key="keep", Body=b"kept")
    blobs_dir = os.path.join(s3_dir(sim), "blobs")
    incoming_dir = os.path.join(s3_dir(sim), "incoming")
    blobs_before = files_under(blobs_dir)
    conn = open_partial_put(sim, bucket, "hung-up", total=10 * MIB, sent=3 * MIB)
    try:
        assert wait_for(lambda: incoming_bytes(sim) >= 3 * MIB), files_under(incoming_dir)
    finally:
        conn.close()  # the client goes away 3 MiB into 10
    assert wait_for(lambda: files_under(incoming_dir) == []), files_under(incoming_dir)
    assert raises(s3.get_object, Bucket=bucket, Key="hung-up")[:2] == (404, "NoSuchKey")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["keep"]
    assert files_under(blobs_dir) == blobs_before
    # The server goes on serving.
    s3.put_object(Bucket=bucket, Key="after", Body=b"still alive")
    assert s3.get_object(Bucket=bucket, Key="after")["Body"].read() == b"still alive"
    assert s3.get_object(Bucket=bucket, Key="keep")["Body"].read() == b"kept"


# --- 3. aws-chunked bodies ----------------------------------------------------------------

def chunked_put(sim, bucket, key, data, chunk_size=16 * 1024, tamper_chunk=None, tamper_data=False):
    """PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD; chunk `tamper_chunk` (0-based, the final empty
    chunk counts) gets a wrong signature, or with tamper_data, one flipped byte after signing."""
    chunks = [data[i:i + chunk_size] for i in range(0, len(data), chunk_size)] + [b""]
    encoded_length = sum(len(f"{len(c):x};chunk-signature=".encode()) + 64 + 2 + len(c) + 2 for c in chunks)
    url = f"{sim.endpoint}/{bucket}/{key}"
    headers = sign("PUT", url, b"", {
        "Content-Encoding": "aws-chunked",
        "Content-Length": str(encoded_length),
        "x-amz-decoded-content-length": str(len(data)),
    }, payload_hash="STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    assert headers["X-Amz-Content-SHA256"] == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    seed = headers["Authorization"].rsplit("Signature=", 1)[1]
    amz_date = headers["X-Amz-Date"]
    scope = f"{amz_date[:8]}/{REGION}/s3/aws4_request"
    key_bytes = signing_key(amz_date[:8])
    body, previous = b"", seed
    for i, chunk in enumerate(chunks):
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous, EMPTY_SHA256,
                                    hashlib.sha256(chunk).hexdigest()])
        signature = hmac.new(key_bytes, string_to_sign.encode(), hashlib.sha256).hexdigest()
        previous = signature
        if i == tamper_chunk:
            signature = ("0" if signature[0] != "0" else "1") + signature[1:]
        if tamper_data and i == 0:
            chunk = bytes([chunk[0] ^ 0xFF]) + chunk[1:]
        body += f"{len(chunk):x};chunk-signature={signature}\r\n".encode() + chunk + b"\r\n"
    assert len(body) == encoded_length
    return send(sim, "PUT", f"/{bucket}/{key}", headers, body)


def test_signed_chunked_upload_good_then_bad_chunk_signature(sim, s3, bucket):
    data = payload(40_000, seed=3)  # chunks of 16 KiB, 16 KiB, 7 KiB, then the final empty one
    status, headers, body = chunked_put(sim, bucket, "chunked", data)
    assert status == 200, body
    assert headers["etag"] == quoted_md5(data)
    assert s3.get_object(Bucket=bucket, Key="chunked")["Body"].read() == data

    for tamper in ({"tamper_chunk": 0}, {"tamper_chunk": 1}, {"tamper_chunk": 3}, {"tamper_data": True}):
        status, _, body = chunked_put(sim, bucket, "bad-chunked", payload(40_000, seed=4), **tamper)
        assert (status, error_code(body)) == (403, "SignatureDoesNotMatch"), tamper
        assert raises(s3.head_object, Bucket=bucket, Key="bad-chunked")[:2] == (404, "404"), tamper
        # Nor does a bad upload touch an existing object.
        status, _, body = chunked_put(sim, bucket, "chunked", payload(40_000, seed=5), **tamper)
        assert (status, error_code(body)) == (403, "SignatureDoesNotMatch"), tamper
        assert s3.get_object(Bucket=bucket, Key="chunked")["Body"].read() == data, tamper
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["chunked"]


def unsigned_trailer_put(sim, bucket, key, data, checksum):
    body = (f"{len(data):x}\r\n".encode() + data + b"\r\n" + b"0\r\n" +
            f"x-amz-checksum-crc32:{checksum}\r\n".encode() + b"\r\n")
    url = f"{sim.endpoint}/{bucket}/{key}"
    headers = sign("PUT", url, b"", {
        "Content-Encoding": "aws-chunked",
        "Content-Length": str(len(body)),
        "x-amz-decoded-content-length": str(len(data)),
        "x-amz-trailer": "x-amz-checksum-crc32",
    }, payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    return send(sim, "PUT", f"/{bucket}/{key}", headers, body)


def test_unsigned_trailer_upload_checks_crc32(sim, s3, bucket):
    data = payload(20_000, seed=6)
    status, headers, body = unsigned_trailer_put(sim, bucket, "trailer", data, crc32_b64(data))
    assert status == 200, body
    assert headers["etag"] == quoted_md5(data)
    got = s3.get_object(Bucket=bucket, Key="trailer", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    assert got["ChecksumCRC32"] == crc32_b64(data)

    wrong = crc32_b64(data + b"x")
    status, _, body = unsigned_trailer_put(sim, bucket, "bad-trailer", data, wrong)
    assert (status, error_code(body)) == (400, "BadDigest")
    assert raises(s3.head_object, Bucket=bucket, Key="bad-trailer")[:2] == (404, "404")
    status, _, body = unsigned_trailer_put(sim, bucket, "trailer", payload(20_000, seed=7), wrong)
    assert (status, error_code(body)) == (400, "BadDigest")
    assert s3.get_object(Bucket=bucket, Key="trailer")["Body"].read() == data


def test_wrong_content_sha256(sim, s3, bucket):
    data = b"the body that was sent"
    status, headers, body = signed_send(sim, "PUT", bucket, "sha", data)
    assert status == 200, body
    wrong = hashlib.sha256(b"a different body").hexdigest()
    status, _, body = signed_send(sim, "PUT", bucket, "bad-sha", data, payload_hash=wrong)
    assert (status, error_code(body)) == (400, "XAmzContentSHA256Mismatch")
    root = ET.fromstring(body)
    assert root.findtext("ClientComputedContentSHA256") == wrong
    assert root.findtext("S3ComputedContentSHA256") == hashlib.sha256(data).hexdigest()
    assert raises(s3.head_object, Bucket=bucket, Key="bad-sha")[:2] == (404, "404")
    status, _, body = signed_send(sim, "PUT", bucket, "sha", b"replacement", payload_hash=wrong)
    assert (status, error_code(body)) == (400, "XAmzContentSHA256Mismatch")
    assert s3.get_object(Bucket=bucket, Key="sha")["Body"].read() == data


# --- 4. hostile requests ------------------------------------------------------------------

def test_huge_header_is_431_and_server_keeps_serving(sim, s3, canary):
    canary_bucket, _ = canary
    request = (f"GET /{canary_bucket}/canary/object HTTP/1.1\r\nHost: 127.0.0.1:{sim.port}\r\n"
               f"X-Filler: {'a' * (100 * 1024)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", sim.port), timeout=30) as conn:
        try:
            conn.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading it all
        reply = b""
        try:
            while b"\r\n" not in reply:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                reply += chunk
        except ConnectionResetError:
            pass
    assert reply.split(b"\r\n", 1)[0].startswith(b"HTTP/1.1 431"), reply[:300]
    # The next connection is served.
    got = s3.get_object(Bucket=canary_bucket, Key="canary/object")
    assert got["Body"].read() == CANARY_BODY


def test_key_too_long(s3, bucket):
    for key in ("k" * 1025, "é" * 513):  # 1025 and 1026 bytes of UTF-8
        st, cd, resp = raises(s3.put_object, Bucket=bucket, Key=key, Body=b"x")
        assert (st, cd) == (400, "KeyTooLongError"), len(key)
    # 1024 bytes is the limit, inclusive.
    for key in ("k" * 1024, "é" * 512):
        s3.put_object(Bucket=bucket, Key=key, Body=b"ok")
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"ok"
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == \
        sorted(["k" * 1024, "é" * 512])


@pytest.mark.parametrize("name", [
    "UPPERCASE",
    "under_score",
    "xn--punycode",
    "sthree-reserved",
    "amzn-s3-demo-bucket",
    "alias-s3alias",
    "lambda--ol-s3",
    "region.mrap",
    "directory--x-s3",
    "dot.",
    ".dot",
    "10.0.0.1",
])
def test_invalid_bucket_names(s3, name):
    st, cd, _ = raises(s3.create_bucket, Bucket=name,
                       CreateBucketConfiguration={"LocationConstraint": REGION})
    assert (st, cd) == (400, "InvalidBucketName")
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def replace_body(s3, operation, bad):
    """Registers a before-sign hook that swaps the operation's XML body for `bad`."""
    def handler(request, **_):
        request.data = bad
        del request.headers["Content-MD5"]  # HTTPHeaders appends on assignment
        request.headers["Content-MD5"] = b64(hashlib.md5(bad).digest())
        if "Content-Length" in request.headers:
            request.headers["Content-Length"] = str(len(bad))
    s3.meta.events.register(f"before-sign.s3.{operation}", handler)
    return lambda: s3.meta.events.unregister(f"before-sign.s3.{operation}", handler)


@pytest.mark.parametrize("bad", [
    b"<VersioningConfiguration><Status>Enabled</Status>",  # cut short
    b"not xml at all",
    b'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    b"<Status>Sometimes</Status></VersioningConfiguration>",  # not a status of the schema
    b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration><extra/>",  # two roots
])
def test_put_bucket_versioning_malformed_xml(s3, bucket, bad):
    undo = replace_body(s3, "PutBucketVersioning", bad)
    try:
        st, cd, _ = raises(s3.put_bucket_versioning, Bucket=bucket,
                           VersioningConfiguration={"Status": "Enabled"})
    finally:
        undo()
    assert (st, cd) == (400, "MalformedXML")
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)


@pytest.mark.parametrize("bad", [
    b"<Delete><Object><Key>a</Key></Object>",  # cut short
    b"<Delete><Object><Key>a</Key></Object></Delete><trailing/>",  # two roots: not well-formed
    b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet></Delete>',  # no Object
])
def test_delete_objects_malformed_xml(s3, bucket, bad):
    s3.put_object(Bucket=bucket, Key="a", Body=b"a")
    undo = replace_body(s3, "DeleteObjects", bad)
    try:
        st, cd, _ = raises(s3.delete_objects, Bucket=bucket, Delete={"Objects": [{"Key": "a"}]})
    finally:
        undo()
    assert (st, cd) == (400, "MalformedXML")
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"a"


# --- 5. virtual-host addressing -----------------------------------------------------------

@pytest.mark.parametrize("suffix", ["s3.localhost", "localhost"])
def test_virtual_host_addressing(sim, s3, bucket, suffix):
    host = f"{bucket}.{suffix}:{sim.port}"

    def vhost(method, path, body=b""):
        headers = sign(method, f"http://{host}{path}", body)
        headers["Host"] = host  # what botocore signed (it is in SignedHeaders)
        return send(sim, method, path, headers, body, host=host)

    data = payload(5000, seed=8)
    status, headers, body = vhost("PUT", "/dir/vhost.bin", data)
    assert status == 200, body
    assert headers["etag"] == quoted_md5(data)
    status, headers, body = vhost("GET", "/dir/vhost.bin")
    assert status == 200 and body == data
    # The same object through path-style addressing.
    assert s3.get_object(Bucket=bucket, Key="dir/vhost.bin")["Body"].read() == data
    status, _, body = vhost("GET", "/?list-type=2")
    assert status == 200, body
    root = ET.fromstring(body)
    assert root.findtext("s3:Name", namespaces=NS) == bucket
    assert [c.findtext("s3:Key", namespaces=NS) for c in root.findall("s3:Contents", NS)] == ["dir/vhost.bin"]
    assert root.findtext("s3:KeyCount", namespaces=NS) == "1"
    # A bucket that does not exist, named by the host.
    missing = f"t-{uuid4().hex[:12]}"
    mhost = f"{missing}.{suffix}:{sim.port}"
    headers = sign("GET", f"http://{mhost}/?list-type=2")
    headers["Host"] = mhost
    status, _, body = send(sim, "GET", "/?list-type=2", headers, host=mhost)
    assert (status, error_code(body)) == (404, "NoSuchBucket")


# --- 6. CORS ------------------------------------------------------------------------------

APP = "https://app.example"


@pytest.fixture
def cors_bucket(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": [APP], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["*"],
        "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]})
    s3.put_object(Bucket=bucket, Key="shared.txt", Body=b"cors body")
    return bucket


def preflight(sim, path, origin, method, request_headers=None):
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if request_headers:
        headers["Access-Control-Request-Headers"] = request_headers
    return send(sim, "OPTIONS", path, headers)


def test_cors_preflight_allowed(sim, cors_bucket):
    for path in (f"/{cors_bucket}/shared.txt", f"/{cors_bucket}/new-upload.bin"):
        status, headers, body = preflight(sim, path, APP, "PUT", "content-type")
        assert status == 200, body
        assert headers["access-control-allow-origin"] == APP
        assert "PUT" in [m.strip() for m in headers["access-control-allow-methods"].split(",")]
        assert headers["access-control-max-age"] == "3000"
        assert headers["access-control-allow-headers"].lower() == "content-type"
        assert headers["access-control-expose-headers"] == "ETag"


def test_cors_preflight_refused(sim, cors_bucket):
    path = f"/{cors_bucket}/shared.txt"
    for origin, method in (("https://evil.example", "PUT"), ("https://app.example.evil", "GET"),
                           (APP, "DELETE")):
        status, headers, body = preflight(sim, path, origin, method, "content-type")
        assert (status, error_code(body)) == (403, "AccessForbidden"), (origin, method)
        assert "access-control-allow-origin" not in headers


def test_cors_preflight_without_configuration(sim, bucket):
    status, _, body = preflight(sim, f"/{bucket}/x", APP, "GET")
    assert (status, error_code(body)) == (403, "AccessForbidden")


def test_cors_headers_on_actual_get(sim, cors_bucket):
    status, headers, body = signed_send(sim, "GET", cors_bucket, "shared.txt", headers={"Origin": APP})
    assert status == 200 and body == b"cors body"
    assert headers["access-control-allow-origin"] == APP
    assert headers["access-control-expose-headers"] == "ETag"
    # No CORS headers for an origin the rules do not name.
    status, headers, body = signed_send(sim, "GET", cors_bucket, "shared.txt",
                                        headers={"Origin": "https://evil.example"})
    assert status == 200 and body == b"cors body"
    assert "access-control-allow-origin" not in headers


# --- 6b. the dev environment's provisioned buckets -----------------------------------------

def dev_vars():
    with open(os.path.join(ENVIRONMENTS, "dev", "vars.yaml")) as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def dev_s3(sim):
    return s3_client(sim, region=dev_vars()["region"])


@pytest.fixture(scope="module")
def uploads(dev_s3):
    v = dev_vars()
    prefix = f"{v['project']}-{v['environment']}"
    names = [b["Name"] for b in dev_s3.list_buckets()["Buckets"]]
    for suffix in ("uploads", "backups", "vpc-flow-logs"):
        assert f"{prefix}-{suffix}" in names
    assert f"{prefix}-uploads" == "northwind-dev-uploads"
    return "northwind-dev-uploads"


def test_dev_uploads_bucket_cors(dev_s3, uploads):
    origin = f"https://app.{dev_vars()['dns']['public_zone']}"
    assert dev_s3.get_bucket_cors(Bucket=uploads)["CORSRules"] == [{
        "AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT", "POST"],
        "AllowedOrigins": [origin], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]


def test_dev_uploads_bucket_cors_preflight(sim, uploads):
    origin = f"https://app.{dev_vars()['dns']['public_zone']}"
    status, headers, body = preflight(sim, f"/{uploads}/avatars/me.png", origin, "POST", "content-type")
    assert status == 200, body
    assert headers["access-control-allow-origin"] == origin
    assert headers["access-control-max-age"] == "3000"
    status, _, body = preflight(sim, f"/{uploads}/avatars/me.png", "https://app.example", "PUT")
    assert (status, error_code(body)) == (403, "AccessForbidden")


def test_dev_uploads_bucket_encryption(dev_s3, uploads):
    # items.uploads: sse_algorithm aws:kms (no key id: the aws/s3 key), bucket_key_enabled = true.
    rules = dev_s3.get_bucket_encryption(Bucket=uploads)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules == [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
                      "BucketKeyEnabled": True}]


def test_dev_other_buckets_encryption(dev_s3, uploads):
    for name in ("northwind-dev-backups", "northwind-dev-vpc-flow-logs"):
        rules = dev_s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
        assert [r["ApplyServerSideEncryptionByDefault"] for r in rules] == [{"SSEAlgorithm": "AES256"}], name
        assert not rules[0].get("BucketKeyEnabled", False), name


def test_dev_uploads_bucket_lifecycle(dev_s3, uploads):
    days = dev_vars()["buckets"]["uploads"]["noncurrent_expire_after_days"]
    rules = dev_s3.get_bucket_lifecycle_configuration(Bucket=uploads)["Rules"]
    assert len(rules) == 1
    rule = dict(rules[0])
    # The module sends an empty filter for a rule without one; S3 reports either form.
    assert rule.pop("Filter") in ({}, {"Prefix": ""})
    assert rule == {"ID": "expire-noncurrent-versions", "Status": "Enabled",
                    "NoncurrentVersionExpiration": {"NoncurrentDays": days},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}


def test_dev_buckets_versioning(dev_s3, uploads):
    for name in (uploads, "northwind-dev-backups", "northwind-dev-vpc-flow-logs"):
        assert dev_s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled", name


def dev_uploads_resource_tags():
    v = dev_vars()
    return {
        "Project": v["project"], "Environment": v["environment"], "Owner": v["tags"]["owner"],
        "CostCenter": v["tags"]["cost_center"], "DataClassification": v["tags"]["data_classification"],
        "Component": "buckets", "Name": "northwind-dev-uploads", "Purpose": "user-uploads",
        "backup": v["backup"]["selection_tag"]["value"],
    }


def test_dev_uploads_bucket_tags(dev_s3, uploads):
    tags = {t["Key"]: t["Value"] for t in dev_s3.get_bucket_tagging(Bucket=uploads)["TagSet"]}
    expected = dev_uploads_resource_tags()
    assert {k: tags.get(k) for k in expected} == expected


# --- review fixes: listings that resume after prefixes, version restores, hostile values ------

def paginate_v2(s3, bucket, **kwargs):
    """Every ListObjectsV2 page with MaxKeys=1: (keys, common prefixes) in order."""
    seen, token = [], None
    for _ in range(50):
        args = dict(Bucket=bucket, MaxKeys=1, **kwargs)
        if token:
            args["ContinuationToken"] = token
        page = s3.list_objects_v2(**args)
        seen += [o["Key"] for o in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        if not page["IsTruncated"]:
            return seen
        token = page["NextContinuationToken"]
    raise AssertionError(f"listing never ended: {seen[:10]}")


def test_listings_resume_after_common_prefixes_and_folder_keys(s3, bucket):
    for key in ["a/x", "a/y", "b", "dir/", "dir/a", "dir/b"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert paginate_v2(s3, bucket, Delimiter="/") == ["a/", "b", "dir/"]
    # A key that ends with the delimiter is a key, not a prefix, under its own prefix.
    assert paginate_v2(s3, bucket, Prefix="dir/", Delimiter="/") == ["dir/", "dir/a", "dir/b"]
    # ListObjects v1 with NextMarker, and ListObjectVersions with NextKeyMarker.
    assert paginate_by_marker(s3.list_objects, bucket, "Marker", "NextMarker", "Contents") == ["a/", "b", "dir/"]
    assert paginate_by_marker(s3.list_object_versions, bucket, "KeyMarker", "NextKeyMarker",
                              "Versions") == ["a/", "b", "dir/"]


def paginate_by_marker(list_call, bucket, marker_arg, next_marker, items):
    """Every page of a marker-paged listing with Delimiter "/" and MaxKeys=1: keys and prefixes."""
    seen, marker = [], ""
    for _ in range(20):
        page = list_call(Bucket=bucket, Delimiter="/", MaxKeys=1, **{marker_arg: marker})
        seen += [o["Key"] for o in page.get(items, [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        if not page["IsTruncated"]:
            return seen
        marker = page[next_marker]
    raise AssertionError(f"listing never ended: {seen[:10]}")


def test_copying_an_older_version_onto_its_key_restores_it(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket=bucket, Key="doc", Body=b"first")["VersionId"]
    s3.put_object(Bucket=bucket, Key="doc", Body=b"second")
    s3.copy_object(Bucket=bucket, Key="doc", CopySource={"Bucket": bucket, "Key": "doc", "VersionId": old})
    assert s3.get_object(Bucket=bucket, Key="doc")["Body"].read() == b"first"
    assert len(s3.list_object_versions(Bucket=bucket)["Versions"]) == 3


def test_a_key_that_is_not_utf8_is_refused(sim, bucket):
    status, _, body = signed_send(sim, "PUT", bucket, "bad%FFkey", b"x")
    assert (status, error_code(body)) == (400, "InvalidURI")


def test_response_overrides_cannot_split_the_answer(sim, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": bucket, "Key": "k", "ResponseContentType": "text/plain\r\nX-Injected: yes"})
    path = url.split(str(sim.port), 1)[1]
    status, headers, body = send(sim, "GET", path)
    assert status == 400 and error_code(body) == "InvalidArgument"
    assert "x-injected" not in headers


def test_lifecycle_days_must_be_positive(s3, bucket):
    st, cd, _ = raises(s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 0}}]})
    assert (st, cd) == (400, "InvalidArgument")
    assert raises(s3.get_bucket_lifecycle_configuration, Bucket=bucket)[:2] == (404, "NoSuchLifecycleConfiguration")


def test_the_bare_endpoint_host_is_path_style(sim, s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"path style")
    url = f"http://s3.localhost:{sim.port}/{bucket}/p"
    headers = sign("GET", url)
    status, _, body = send(sim, "GET", f"/{bucket}/p", headers, host=f"s3.localhost:{sim.port}")
    assert (status, body) == (200, b"path style")


def test_an_upload_refused_midway_still_gets_its_answer(sim):
    """A 32 MiB PUT to a bucket that does not exist, sent without Expect: the answer comes
    before the body is read, and the client, still sending, must read it rather than a reset."""
    total = 32 * MIB
    body = b"\0" * total
    url = f"{sim.endpoint}/no-such-bucket-{uuid4().hex[:8]}/k"
    headers = sign("PUT", url, body, {"Content-Length": str(total)}, payload_hash="UNSIGNED-PAYLOAD")
    path = url.split(str(sim.port), 1)[1]
    head = f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{sim.port}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items() if k.lower() != "host") + "\r\n"
    with socket.create_connection(("127.0.0.1", sim.port), timeout=30) as conn:
        conn.sendall(head.encode())
        try:
            conn.sendall(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading after its answer: allowed, the answer is what counts
        answer = b""
        while b"</Error>" not in answer:
            piece = conn.recv(65536)
            if not piece:
                break
            answer += piece
    assert answer.startswith(b"HTTP/1.1 404"), answer[:200]
    assert b"<Code>NoSuchBucket</Code>" in answer


# --- 7. nothing lost ----------------------------------------------------------------------

def test_zz_canary_survived(sim, s3, canary):
    """Runs last: after every bad request above, the server answers and the canary is intact."""
    bucket, etag = canary
    got = s3.get_object(Bucket=bucket, Key="canary/object")
    assert got["Body"].read() == CANARY_BODY
    assert got["ETag"] == etag == quoted_md5(CANARY_BODY)
    assert got["Metadata"] == {"kept": "yes"}
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["canary/object"]
    assert sim.proc.poll() is None
    assert sim.health()
