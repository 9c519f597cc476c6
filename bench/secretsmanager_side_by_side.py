#!/usr/bin/python3
"""Side-by-side benchmark: `simctl up dev` start-up, idle RSS, and
GetSecretValue throughput / p99 with wrk (16 keep-alive connections, signed
requests as SDKs send them), against moto_server when it is installed.

usage: /usr/bin/python3 bench/secretsmanager_side_by_side.py [--seconds 10]
Prints a Markdown table for bench/RESULTS.md.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from bench_support import free_port, rss_mib, wait_ready, write_wrk_script

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SIMCTL = os.path.join(REPO, "build", "sim", "simctl", "simctl")
REGION = "us-east-1"


def signed_headers(endpoint, region, body, target):
    creds = botocore.credentials.Credentials("test", "test")
    req = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
    botocore.auth.SigV4Auth(creds, "secretsmanager", region).add_auth(req)
    return dict(req.headers.items())


def call(endpoint, region, target, body):
    headers = signed_headers(endpoint, region, body, target)
    req = urllib.request.Request(endpoint + "/", data=body.encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read()


def run_wrk(endpoint, region, seconds, connections=16):
    body = '{"SecretId":"bench/secret"}'
    headers = signed_headers(endpoint, region, body, "secretsmanager.GetSecretValue")
    script = write_wrk_script("POST", body, headers)
    try:
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script,
                              endpoint + "/"], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError("wrk saw error responses:\n" + out)
    return rps, float(p99.group(1)) * scale


def bench_sim(seconds):
    state = tempfile.mkdtemp(prefix="bench-sim-")
    port = free_port()
    start = time.monotonic()
    proc = subprocess.Popen([SIMCTL, "up", "dev", "--port", str(port), "--state-dir", state,
                             "--environments-dir", os.path.join(REPO, "environments")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_ready(endpoint + "/_sim/health", proc)
        ready_ms = (time.monotonic() - start) * 1000
        time.sleep(0.5)
        idle_rss = rss_mib(proc.pid)
        call(endpoint, REGION, "secretsmanager.CreateSecret",
             '{"Name":"bench/secret","SecretString":"s3cr3t-value"}')
        rps, p99 = run_wrk(endpoint, REGION, seconds)
        return {"ready_ms": ready_ms, "idle_rss": idle_rss, "rps": rps, "p99": p99,
                "rss_after": rss_mib(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(state, ignore_errors=True)


def bench_moto(seconds):
    moto = shutil.which("moto_server")
    if not moto:
        return None
    port = free_port()
    start = time.monotonic()
    proc = subprocess.Popen([moto, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_ready(endpoint + "/moto-api/", proc)
        ready_ms = (time.monotonic() - start) * 1000
        time.sleep(0.5)
        idle_rss = rss_mib(proc.pid)
        call(endpoint, REGION, "secretsmanager.CreateSecret",
             '{"Name":"bench/secret","SecretString":"s3cr3t-value"}')
        rps, p99 = run_wrk(endpoint, REGION, seconds)
        return {"ready_ms": ready_ms, "idle_rss": idle_rss, "rps": rps, "p99": p99,
                "rss_after": rss_mib(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not os.path.exists(SIMCTL):
        sys.exit(f"build first: {SIMCTL} is missing")
    sim = bench_sim(args.seconds)
    moto = bench_moto(args.seconds)
    print("| server | up to ready (ms) | idle RSS (MiB) | GetSecretValue req/s | p99 (ms) | RSS after load (MiB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in (("awssim", sim), ("moto_server", moto)):
        if r is None:
            print(f"| {name} | not installed here | | | | |")
        else:
            print(f"| {name} | {r['ready_ms']:.1f} | {r['idle_rss']:.1f} | {r['rps']:.0f} | {r['p99']:.2f} | {r['rss_after']:.1f} |")


if __name__ == "__main__":
    main()
