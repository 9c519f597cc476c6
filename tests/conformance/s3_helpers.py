"""What the S3 conformance modules share: their sim, a boto3 client, and
helpers for expected values and raw signed requests."""
import base64
import hashlib
import random
from uuid import uuid4

import boto3
import botocore.exceptions
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REGION = "eu-west-1"
MIB = 1024 * 1024
NS = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}


@pytest.fixture(scope="module")
def sim(real_clock_sim):
    """The S3 modules use the real-clock sim: presigned URLs and raw requests
    are signed with wall time, and other modules advance the shared sim's
    clock by days."""
    return real_clock_sim


def s3_client(sim, region=REGION):
    return boto3.client("s3", endpoint_url=sim.endpoint, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(s3={"addressing_style": "path"},
                                      retries={"total_max_attempts": 1, "mode": "standard"}))


@pytest.fixture(scope="module")
def s3(sim):
    return s3_client(sim)


def make_bucket(s3):
    name = f"t-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def raises(fn, **kwargs):
    """Calls fn(**kwargs), which must fail; returns (HTTP status, error code, response)."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        fn(**kwargs)
    response = e.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def quoted_md5(data):
    return f'"{md5_hex(data)}"'


def multipart_etag(parts):
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def payload(size, seed=0):
    return random.Random(seed).randbytes(size)


def b64(raw):
    return base64.b64encode(raw).decode()


def sign(method, url, body=b"", headers=None, payload_hash=None):
    """SigV4 headers (without Host) for a raw request to `url`. The payload hash covers `body`
    unless `payload_hash` names another value (STREAMING-..., a wrong hex)."""
    class Auth(S3SigV4Auth):
        def payload(self, request):
            return payload_hash if payload_hash is not None else super().payload(request)

    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    Auth(Credentials("test", "test"), "s3", REGION).add_auth(request)
    return dict(request.headers.items())
