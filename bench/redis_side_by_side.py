#!/usr/bin/env python3
"""ElastiCache Redis side by side: the sim's Redis endpoint against Debian's
redis-server, in the same run, with the same redis-benchmark commands.

Both servers require the same AUTH token, persist nothing, and listen on
loopback ports picked here. For every command and pipeline depth the two are
measured back to back, three rounds in alternating order, so both see the same
machine load; the table shows each side's median round.
Memory is measured first, on the freshly started servers. Then each gets one
million small keys (SET key:NNNNNNN xxx, pushed with `redis-cli --pipe`) and
its resident memory is read from /proc.

Usage: bench/redis_side_by_side.py [--simctl build/sim/simctl/simctl]
                                   [--requests-p1 200000] [--requests-p16 2000000]
Prints a Markdown table (paste into bench/RESULTS.md).
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from bench_support import free_port, rss_mib

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TOKEN = "dev-only-redis-auth-token-not-a-secret"  # dev's AUTH token (environments/dev/vars.yaml)
GROUP = "northwind-dev-redis"
TESTS = ["set", "get", "incr", "lpush", "lpop", "sadd", "hset", "zadd"]
CLIENTS = 50
ROUNDS = 3
KEYS_FOR_MEMORY = 1_000_000




def start_sim(simctl, state_dir):
    proc = subprocess.Popen([simctl, "up", "dev", "--port", "0", "--data-ports", "auto", "--ephemeral",
                             "--state-dir", state_dir, "--environments-dir", os.path.join(REPO, "environments")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    endpoint = None
    for line in proc.stdout:
        m = re.search(r"(http://127\.0\.0\.1:\d+)\s*$", line)
        if m and endpoint is None:
            endpoint = m.group(1)
        if line.startswith("ready in"):
            break
    with urllib.request.urlopen(endpoint + "/_sim/health") as r:
        health = json.load(r)
    port = next(int(e["address"].rsplit(":", 1)[1]) for e in health["endpoints"]
                if e["service"] == f"redis {GROUP}")
    return proc, port


def start_redis(port, workdir):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--requirepass", TOKEN, "--dir", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def benchmark(port, test, requests, pipeline):
    out = subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-a", TOKEN,
                          "-c", str(CLIENTS), "-n", str(requests), "-P", str(pipeline), "-t", test,
                          "--csv"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        cells = [c.strip('"') for c in line.split(",")]
        if cells[0].lower().startswith(test):
            return float(cells[1])
    raise RuntimeError(f"no result for {test}: {out}")


def fill(port, keys):
    """Mass insertion of `keys` small strings, as the Redis docs describe."""
    payload = bytearray()
    payload += b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(TOKEN), TOKEN.encode())
    for i in range(keys):
        key = b"key:%07d" % i
        payload += b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$3\r\nxxx\r\n" % (len(key), key)
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--pipe"], input=bytes(payload),
                   capture_output=True, check=True)


def flush(port):
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "-a", TOKEN, "--no-auth-warning",
                    "FLUSHALL"], capture_output=True, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--simctl", default=os.path.join(REPO, "build", "sim", "simctl", "simctl"))
    parser.add_argument("--requests-p1", type=int, default=200_000)
    parser.add_argument("--requests-p16", type=int, default=2_000_000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="redis-bench-")
    sim, sim_port = start_sim(args.simctl, workdir)
    redis = start_redis(free_port(), workdir)
    redis_port = int(redis.args[2])
    try:
        before = (rss_mib(sim.pid), rss_mib(redis.pid))
        fill(sim_port, KEYS_FOR_MEMORY)
        fill(redis_port, KEYS_FOR_MEMORY)
        after = (rss_mib(sim.pid), rss_mib(redis.pid))
        print(f"RSS with {KEYS_FOR_MEMORY:,} keys (key:NNNNNNN = xxx), whole process:\n")
        print("| server | before | after | growth |")
        print("| --- | --- | --- | --- |")
        print(f"| awssim (whole sim, all services) | {before[0]:.1f} MiB | {after[0]:.1f} MiB | {after[0] - before[0]:.1f} MiB |")
        print(f"| redis-server | {before[1]:.1f} MiB | {after[1]:.1f} MiB | {after[1] - before[1]:.1f} MiB |")
        print(f"\nratio of resident sizes: {after[0] / after[1]:.2f}x\n")
        flush(sim_port)
        flush(redis_port)

        print(f"redis-benchmark, {CLIENTS} clients, same machine (client and server share the cores)\n")
        print("| command | pipeline | awssim ops/s | redis-server ops/s | ratio |")
        print("| --- | --- | --- | --- | --- |")
        worst = None
        for pipeline, requests in ((1, args.requests_p1), (16, args.requests_p16)):
            for test in TESTS:
                ours_runs, theirs_runs = [], []
                for round_number in range(ROUNDS):
                    pair = [(sim_port, ours_runs), (redis_port, theirs_runs)]
                    for port, runs in (pair if round_number % 2 == 0 else reversed(pair)):
                        runs.append(benchmark(port, test, requests, pipeline))
                ours = sorted(ours_runs)[ROUNDS // 2]
                theirs = sorted(theirs_runs)[ROUNDS // 2]
                ratio = ours / theirs
                worst = ratio if worst is None else min(worst, ratio)
                print(f"| {test.upper()} | {pipeline} | {ours:,.0f} | {theirs:,.0f} | {ratio:.2f}x |")
                sys.stdout.flush()
        print(f"\nlowest ratio: {worst:.2f}x")
    finally:
        for proc in (sim, redis):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
