#!/usr/bin/python3
"""S3 side by side: awssim's S3 (`simctl up dev`), moto_server and the npm
s3rver, in one run, with the same requests.

For each server: start-up time (spawn to first successful answer), idle RSS,
4 KiB PUT and GET requests/s with wrk (16 keep-alive connections, one thread,
SigV4-signed by botocore as SDKs sign them, x-amz-content-sha256 = the body's
hash; signed once and replayed), then one large object (1 GiB by default) PUT
and GET back over one connection, in MB/s (1 MB = 1e6 bytes), with the
server's VmRSS sampled every 50 ms during the PUT (peak growth over the value
just before it; the page cache is dropped first, see drop_page_cache). The PUT is sent by http.client from memory in 1 MiB writes
(x-amz-content-sha256: UNSIGNED-PAYLOAD as SDKs send over HTTPS, so the
body's MD5 for the ETag is the server's floor; no Expect: 100-continue), the GET read by
curl into /dev/null: the fastest of the clients tried here (`curl -T` from a
file in /dev/shm uploaded at less than half of http.client's rate). A first
row measures the clients against a null server in this script (drops the
upload, sends the download from memory in 1 MiB writes): the clients' ceiling
on this machine.

awssim must answer everything right: a non-2xx answer, a socket error, a
wrong ETag or size, or a 4 KiB object that a PUT cut short by wrk's stop
replaced, fails the run (exit 1). The same from a peer is that peer's bug: its
figure is marked and the reason printed under the table. A peer that is not
installed, or cannot start, is reported as such and the others go on.

usage: /usr/bin/python3 bench/s3_side_by_side.py [--seconds 10] [--large-mib 1024]
                                                [--simctl build/sim/simctl/simctl]
peers:  npm ci --prefix bench/peers   (s3rver); moto_server from PATH
Prints a Markdown table for bench/RESULTS.md.
"""
import argparse
import ctypes
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from bench_support import free_port, rss_mib, wait_ready, write_wrk_script

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SIMCTL = os.path.join(REPO, "build", "sim", "simctl", "simctl")
S3RVER_CREDENTIALS = ("S3RVER", "S3RVER")  # the only key s3rver accepts; it verifies signatures
S3RVER = os.path.join(REPO, "bench", "peers", "node_modules", ".bin", "s3rver")
REGION = "eu-west-1"
BUCKET = "bench"
SMALL = 4096
CONNECTIONS = 16
CHUNK = 1 << 20
ALNUM = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SMALL_BODY = bytes(ALNUM[(i * 7919) % len(ALNUM)] for i in range(SMALL))  # needs no escaping in Lua


class Failure(Exception):
    """A measurement went wrong (error answer, wrong data): fails the run."""


def _die_with_parent():
    """Child processes get SIGTERM if this script dies, even by SIGKILL."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(argv, log):
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=_die_with_parent)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class UnsignedPayloadAuth(botocore.auth.S3SigV4Auth):
    """SigV4 with x-amz-content-sha256: UNSIGNED-PAYLOAD, as SDKs sign uploads over HTTPS."""

    def payload(self, request):
        return "UNSIGNED-PAYLOAD"


def signed(method, url, body, creds, unsigned_payload=False):
    """The headers botocore's S3SigV4Auth adds to this request (path-style URL):
    x-amz-date, x-amz-content-sha256 (SHA-256 of `body`, or UNSIGNED-PAYLOAD)
    and Authorization."""
    req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body)
    auth = UnsignedPayloadAuth if unsigned_payload else botocore.auth.S3SigV4Auth
    auth(botocore.credentials.Credentials(*creds), "s3", REGION).add_auth(req)
    return dict(req.headers.items())


def call(endpoint, creds, method, path, body=b""):
    """One signed request with http.client (which, unlike urllib, adds no Content-Type)."""
    host = urllib.parse.urlsplit(endpoint).netloc
    conn = http.client.HTTPConnection(host, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=signed(method, endpoint + path, body, creds))
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    if resp.status // 100 != 2:
        raise Failure(f"{method} {path}: HTTP {resp.status}: {data[:300]!r}")
    return resp, data


def prepare(endpoint, creds):
    """The bucket and the 4 KiB object the GET benchmark reads."""
    call(endpoint, creds, "PUT", f"/{BUCKET}", (
        '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        f"<LocationConstraint>{REGION}</LocationConstraint></CreateBucketConfiguration>").encode())
    call(endpoint, creds, "PUT", f"/{BUCKET}/small-get", SMALL_BODY)
    _, got = call(endpoint, creds, "GET", f"/{BUCKET}/small-get")
    if got != SMALL_BODY:
        raise Failure(f"GET small-get returned {len(got)} bytes, not the {SMALL} stored")


def check_small_put(endpoint, creds):
    """After the PUT run the object must hold the 4 KiB body. wrk closes its
    connections in the middle of the last requests when its time is up: a
    PUT cut short must not replace the object (S3 keeps the old one)."""
    _, got = call(endpoint, creds, "GET", f"/{BUCKET}/small-put")
    if got != SMALL_BODY:
        raise Failure(f"GET small-put after the PUT run returned {len(got)} bytes, not the {SMALL} sent "
                      "(a PUT that wrk cut short replaced the object?)")


# Appended to the wrk script only to show why a run failed (a response()
# callback makes wrk parse every answer, which would slow the measured runs).
SHOW_ERRORS = """
local shown = 0
response = function(status, headers, body)
  if status >= 300 and shown < 3 then
    shown = shown + 1
    io.stderr:write("HTTP " .. status .. ": " .. string.sub(body or "", 1, 400) .. "\\n")
  end
end
"""


def wrk(script, url, seconds):
    return subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script, url],
                          capture_output=True, text=True)


def run_wrk(endpoint, creds, method, path, seconds):
    """One wrk run; returns requests/s, p99 (ms), and `bad`, None or (summary,
    details) of the error answers and socket errors it saw."""
    url = endpoint + path
    body = SMALL_BODY if method == "PUT" else b""
    script = write_wrk_script(method, body.decode(), signed(method, url, body, creds))
    try:
        run = wrk(script, url, seconds)
        out = run.stdout
        if run.returncode != 0 or "Requests/sec" not in out:
            raise Failure(f"wrk {method} failed ({run.returncode}):\n{out}{run.stderr}")
        bad = None
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        socket_errors = re.search(r"Socket errors: .*", out)
        if non2xx or socket_errors:
            total = re.search(r"(\d+) requests in", out).group(1)
            bad = ", ".join(filter(None, [non2xx and f"{non2xx.group(1)} of {total} answers not 2xx",
                                          socket_errors and socket_errors.group(0)]))
            with open(script, "a") as f:
                f.write(SHOW_ERRORS)
            again = wrk(script, url, 1).stderr.strip()
            first = " ".join(again.split("\nHTTP ")[0].split())[:240] if again else "(none in a 1 s rerun)"
            bad = (f"wrk {method}: {bad}; first error answer: {first}",
                   f"wrk's output:\n{out}the first error answers of a 1 s rerun:\n{again or '(none)'}")
    finally:
        os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    return rps, float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)], bad


def curl(args, header_file):
    """Runs curl; returns (http code, seconds, bytes moved, response headers)."""
    out = subprocess.run(["curl", "-s", "-D", header_file, "-w", "%{http_code} %{time_total} %{size_upload} "
                          "%{size_download}", *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise Failure(f"curl exited with {out.returncode}: {out.stderr.strip()}")
    code, total, up, down = out.stdout.split()[-4:]
    with open(header_file, encoding="latin-1", newline="") as f:
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in f.read().split("\r\n\r\n")[-2].splitlines()[1:])}
    return int(code), float(total), int(float(up)) + int(float(down)), headers


class Large:
    """The large object, random bytes in memory, with its MD5 (the ETag S3 gives it)."""

    def __init__(self, mib, workdir):
        self.size = mib * CHUNK
        self.data = os.urandom(self.size)
        self.md5 = hashlib.md5(self.data).hexdigest()
        self.headers_file = os.path.join(workdir, "curl-headers")

    def put(self, endpoint, creds, key, rss_pid=None):
        """PUT with http.client, 1 MiB writes from memory; returns (MB/s, RSS growth in MiB)."""
        path = f"/{BUCKET}/{key}"
        # The body's MD5 (the ETag) is the server's floor: signed as SDKs sign
        # over HTTPS, so no server has to SHA-256 a gigabyte as well.
        headers = signed("PUT", endpoint + path, self.data, creds, unsigned_payload=True)
        sampler = RssSampler(rss_pid) if rss_pid else None
        try:
            start = time.monotonic()
            conn = http.client.HTTPConnection(urllib.parse.urlsplit(endpoint).netloc, timeout=300)
            try:
                conn.putrequest("PUT", path, skip_accept_encoding=True)
                conn.putheader("Content-Length", str(self.size))
                for k, v in headers.items():
                    conn.putheader(k, v)
                conn.endheaders()
                view = memoryview(self.data)
                for i in range(0, self.size, CHUNK):
                    conn.sock.sendall(view[i:i + CHUNK])
                resp = conn.getresponse()
                answer = resp.read()
            finally:
                conn.close()
            seconds = time.monotonic() - start
        except OSError as e:
            raise Failure(f"large PUT: {e!r}") from None
        finally:
            growth = sampler.stop() if sampler else None
        if resp.status // 100 != 2:
            raise Failure(f"large PUT: HTTP {resp.status}: {answer[:300]!r}")
        if (resp.getheader("ETag") or "").strip('"') != self.md5:
            raise Failure(f"large PUT: ETag {resp.getheader('ETag')}, the MD5 is {self.md5}")
        return self.size / seconds / 1e6, growth

    def get(self, endpoint, creds, key):
        """GET with curl into /dev/null; returns MB/s."""
        url = f"{endpoint}/{BUCKET}/{key}"
        args = ["-o", "/dev/null", url]
        args += [a for k, v in signed("GET", url, b"", creds).items() for a in ("-H", f"{k}: {v}")]
        code, seconds, moved, resp = curl(args, self.headers_file)
        if code // 100 != 2:
            raise Failure(f"large GET: HTTP {code}")
        if moved != self.size or resp.get("etag", "").strip('"') != self.md5:
            raise Failure(f"large GET: got {moved} of {self.size} bytes, ETag {resp.get('etag')}")
        return self.size / seconds / 1e6


class RssSampler:
    """Samples a process's VmRSS every 50 ms; stop() returns the peak growth
    over the value read when sampling started."""

    def __init__(self, pid):
        self.pid, self.base, self.peak = pid, rss_mib(pid), 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            try:
                self.peak = max(self.peak, rss_mib(self.pid))
            except (OSError, RuntimeError):
                return
            if self.done.wait(0.05):
                return

    def stop(self):
        self.done.set()
        self.thread.join()
        try:
            self.peak = max(self.peak, rss_mib(self.pid))
        except (OSError, RuntimeError):
            pass
        return self.peak - self.base


class NullServer:
    """A loopback HTTP server that costs as little as possible: drains PUT
    bodies into one buffer, sends GET bodies from memory in 1 MiB writes
    (faster here than sendfile() from /dev/shm). Measures the clients."""

    def __init__(self, large):
        self.large = large
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.endpoint = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        buf = bytearray(CHUNK)
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                head = b""
                while b"\r\n\r\n" not in head:
                    more = conn.recv(65536)
                    if not more:
                        break
                    head += more
                head, _, rest = head.partition(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1)) \
                    if head.startswith(b"PUT") else 0
                left = length - len(rest)
                while left > 0:
                    n = conn.recv_into(buf)
                    if not n:
                        break
                    left -= n
                etag = f'ETag: "{self.large.md5}"\r\n'.encode()
                if head.startswith(b"PUT"):
                    conn.sendall(b"HTTP/1.1 200 OK\r\n" + etag + b"Content-Length: 0\r\n\r\n")
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\n" + etag + b"Content-Length: %d\r\n\r\n" % self.large.size)
                    view = memoryview(self.large.data)
                    for i in range(0, self.large.size, CHUNK):
                        conn.sendall(view[i:i + CHUNK])

    def close(self):
        self.sock.close()


def start_sim(workdir, log, simctl):
    if not os.path.exists(simctl):
        return None
    state = os.path.join(workdir, "sim-state")
    port = free_port()
    proc = spawn([simctl, "up", "dev", "--port", str(port), "--data-ports", "auto", "--state-dir", state,
                  "--environments-dir", os.path.join(REPO, "environments")], log)
    return proc, f"http://127.0.0.1:{port}", "/_sim/health", ("test", "test")


def start_moto(workdir, log, simctl):
    moto = shutil.which("moto_server")
    if not moto:
        return None
    port = free_port()
    return spawn([moto, "-p", str(port)], log), f"http://127.0.0.1:{port}", "/moto-api/", ("test", "test")


def start_s3rver(workdir, log, simctl):
    if not os.path.exists(S3RVER):
        return None
    port = free_port()
    data = os.path.join(workdir, "s3rver-data")
    os.mkdir(data)
    return (spawn([S3RVER, "-d", data, "-a", "127.0.0.1", "-p", str(port), "--silent", "--no-vhost-buckets"], log),
            f"http://127.0.0.1:{port}", "/", S3RVER_CREDENTIALS)


SERVERS = [("awssim", start_sim, "the simctl binary is missing"),
           ("moto_server", start_moto, "moto_server is not on PATH"),
           ("s3rver", start_s3rver, "not installed: run `npm ci --prefix bench/peers`")]


def server_error(log_path):
    """The last exception line a server logged, if any (moto logs tracebacks)."""
    with open(log_path, errors="replace") as f:
        lines = [line.strip() for line in f if re.match(r"\w+(Error|Exception)\b.*: ", line)]
    return f"\nlast exception in the server's log: {lines[-1]}" if lines else ""


def bench_server(name, starter, workdir, large, seconds, simctl):
    r = {"errors": [], "notes": []}
    log_path = os.path.join(workdir, f"{name}.log")
    with open(log_path, "wb") as log:
        start = time.monotonic()
        started = starter(workdir, log, simctl)
        if started is None:
            return None
        proc, endpoint, ready_path, creds = started
        try:
            try:
                wait_ready(endpoint + ready_path, proc)
            except RuntimeError as e:
                with open(log_path, errors="replace") as f:
                    raise RuntimeError(f"{e}; its output:\n{f.read()[-2000:]}") from None
            r["ready_ms"] = (time.monotonic() - start) * 1000
            time.sleep(0.5)
            r["idle_rss"] = rss_mib(proc.pid)
            prepare(endpoint, creds)
            steps = [("put", lambda: run_wrk(endpoint, creds, "PUT", f"/{BUCKET}/small-put", seconds)),
                     ("put_check", lambda: check_small_put(endpoint, creds)),
                     ("get", lambda: run_wrk(endpoint, creds, "GET", f"/{BUCKET}/small-get", seconds)),
                     ("large_put", lambda: (drop_page_cache(), large.put(endpoint, creds, "large", proc.pid))[1]),
                     ("large_get", lambda: large.get(endpoint, creds, "large"))]
            # awssim must answer every request right; a peer's wrong answers are
            # its own bugs: they are shown (the table marks the figure) but do not fail the run
            complain = r["errors" if name == "awssim" else "notes"]
            for key, step in steps:
                try:
                    r[key] = step()
                    if key in ("put", "get") and r[key][2]:
                        summary, detail = r[key][2]
                        complain.append(f"{name}: {summary}{server_error(log_path)}"
                                        + (f"\n{detail}" if name == "awssim" else ""))
                except (Failure, OSError) as e:
                    complain.append(f"{name} {key}: {e}{server_error(log_path)}")
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited with {proc.returncode} during {key}")
            r["rss_after"] = rss_mib(proc.pid)
        finally:
            stop(proc)
    return r


def cell(r, key, fmt, part=None):
    if key not in r:
        return "FAILED"
    v = r[key] if part is None else r[key][part]
    text = "n/a" if v is None else format(v, fmt)
    if key in ("put", "get") and part == 0 and r[key][2]:
        text += " (with errors, see notes)"
    return text


def drop_page_cache():
    """Starts each server's large upload with the page cache empty: in this VM,
    writing into a page cache that has filled the memory runs at half speed
    (the kernel reclaims pages on every write; measured with awssim), and
    whichever server runs later would pay for the files written before it.
    Needs root; otherwise the run goes on with the cache as it is."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per 4 KiB line")
    parser.add_argument("--large-mib", type=int, default=1024, help="large object size in MiB")
    parser.add_argument("--simctl", default=SIMCTL, help="the simctl binary (default: this checkout's build)")
    args = parser.parse_args()
    if not os.path.exists(args.simctl):
        sys.exit(f"build first (bash .ci/build) or pass --simctl: {args.simctl} is missing")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks

    workdir = tempfile.mkdtemp(prefix="s3bench-")
    large = null = None
    results, problems, notes = {}, [], []
    try:
        large = Large(args.large_mib, workdir)
        null = NullServer(large)
        ceiling = {"errors": []}
        ceiling["large_put"] = large.put(null.endpoint, ("test", "test"), "large")
        ceiling["large_get"] = large.get(null.endpoint, ("test", "test"), "large")
        results["clients vs null server (ceiling)"] = ceiling
        for name, starter, missing in SERVERS:
            try:
                r = bench_server(name, starter, workdir, large, args.seconds, args.simctl)
            except (RuntimeError, OSError, Failure) as e:
                (problems if name == "awssim" else notes).append(f"{name}: could not be measured: {e}")
                results[name] = f"could not run: {str(e).splitlines()[0]}"
                continue
            if r is None:
                results[name] = missing
                print(f"{name}: {missing}; going on without it", file=sys.stderr)
                continue
            results[name] = r
            problems += r["errors"]
            notes += r["notes"]
            print(f"{name}: done", file=sys.stderr)
    finally:
        if null:
            null.close()
        shutil.rmtree(workdir, ignore_errors=True)

    size = f"{args.large_mib} MiB" if args.large_mib % 1024 else f"{args.large_mib // 1024} GiB"
    print(f"4 KiB objects: wrk -t1 -c{CONNECTIONS} -d{args.seconds}s, SigV4-signed (botocore). "
          f"Large object: {size}, one connection each way (PUT: http.client, 1 MiB writes; GET: curl); "
          "MB/s = 1e6 bytes/s.\n")
    print(f"| server | up to ready (ms) | idle RSS (MiB) | 4 KiB PUT req/s | p99 (ms) | 4 KiB GET req/s | p99 (ms) "
          f"| {size} PUT MB/s | RSS growth during PUT (MiB) | {size} GET MB/s | RSS after (MiB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        if isinstance(r, str):
            print(f"| {name} | {r} | | | | | | | | | |")
        elif name.startswith("clients"):
            print(f"| {name} | | | | | | | {r['large_put'][0]:,.0f} | | {r['large_get']:,.0f} | |")
        else:
            print(f"| {name} | {cell(r, 'ready_ms', '.1f')} | {cell(r, 'idle_rss', '.1f')} "
                  f"| {cell(r, 'put', ',.0f', 0)} | {cell(r, 'put', '.2f', 1)} "
                  f"| {cell(r, 'get', ',.0f', 0)} | {cell(r, 'get', '.2f', 1)} "
                  f"| {cell(r, 'large_put', ',.0f', 0)} | {cell(r, 'large_put', '.1f', 1)} "
                  f"| {cell(r, 'large_get', ',.0f')} | {cell(r, 'rss_after', '.1f')} |")
    sim, peer = results.get("awssim"), results.get("s3rver")
    if isinstance(sim, dict) and isinstance(peer, dict):
        for key, label in (("put", "PUT"), ("get", "GET")):
            if key in sim and key in peer:
                print(f"\nawssim / s3rver, 4 KiB {label}: {sim[key][0] / peer[key][0]:.1f}x", end="")
        print()
    if notes:
        print("\nNotes:\n" + "\n".join(f"- {n}" for n in notes))
    if problems:
        print("\nFAILED:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
