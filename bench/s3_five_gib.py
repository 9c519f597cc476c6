#!/usr/bin/python3
"""The largest single PutObject S3 accepts (5 GiB) through awssim: streamed
up from memory in 64 MiB writes (UNSIGNED-PAYLOAD), checked by HEAD, read
back by boto3 in 8 MiB pieces and compared by MD5, with the server's peak
RSS (VmHWM). Needs about 5 GiB of free disk for the state directory.

usage: /usr/bin/python3 bench/s3_five_gib.py [--simctl build/sim/simctl/simctl]
"""
import argparse
import hashlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.auth
import botocore.credentials
from botocore.awsrequest import AWSRequest

from bench_support import free_port, rss_mib, wait_ready

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZE = 5 * 1024 ** 3
PIECE = 64 * 1024 * 1024


class UnsignedPayloadAuth(botocore.auth.S3SigV4Auth):
    def payload(self, request):
        return "UNSIGNED-PAYLOAD"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--simctl", default=os.path.join(REPO, "build", "sim", "simctl", "simctl"))
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="s3-five-gib-")
    port = free_port()
    endpoint, host = f"http://127.0.0.1:{port}", f"127.0.0.1:{port}"
    proc = subprocess.Popen([args.simctl, "up", "dev", "--port", str(port), "--data-ports", "auto",
                             "--state-dir", workdir, "--environments-dir", os.path.join(REPO, "environments")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(endpoint + "/_sim/health", proc)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket="five-gib", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        request = AWSRequest(method="PUT", url=f"https://{host}/five-gib/big", headers={"Content-Length": str(SIZE)})
        UnsignedPayloadAuth(botocore.credentials.Credentials("test", "test"), "s3", "eu-west-1").add_auth(request)
        conn = http.client.HTTPConnection(host, timeout=600)
        conn.putrequest("PUT", "/five-gib/big", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host)
        for k, v in request.headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        piece = os.urandom(PIECE)
        sent = hashlib.md5()
        start = time.monotonic()
        for _ in range(SIZE // PIECE):
            conn.send(piece)
            sent.update(piece)
        response = conn.getresponse()
        response.read()
        put_mbs = SIZE / (time.monotonic() - start) / 1e6
        etag_ok = response.getheader("ETag") == f'"{sent.hexdigest()}"'
        length = s3.head_object(Bucket="five-gib", Key="big")["ContentLength"]
        got, n, start = hashlib.md5(), 0, time.monotonic()
        for chunk in s3.get_object(Bucket="five-gib", Key="big")["Body"].iter_chunks(8 * 1024 * 1024):
            got.update(chunk)
            n += len(chunk)
        get_mbs = n / (time.monotonic() - start) / 1e6
        ok = response.status == 200 and etag_ok and length == SIZE and n == SIZE and got.digest() == sent.digest()
        print(f"PUT {response.status}, ETag is the MD5: {etag_ok}, {put_mbs:.0f} MB/s; HEAD length {length}; "
              f"GET {n} bytes, same MD5: {got.digest() == sent.digest()}, {get_mbs:.0f} MB/s (boto3 client); "
              f"server peak RSS {rss_mib(proc.pid, 'VmHWM'):.1f} MiB")
        return 0 if ok else 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
