"""S3 lifecycle rules run on the sim's clock: advancing simulated time expires
objects, noncurrent versions and incomplete multipart uploads, as S3 does at
the first midnight UTC after a rule's age is reached. Uses the session `sim`
(simulated clock) and boto3."""
from uuid import uuid4

import boto3
from botocore.config import Config

REGION = "eu-west-1"


def s3_client(sim):
    return boto3.client("s3", endpoint_url=sim.endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(s3={"addressing_style": "path"}))


def new_bucket(s3, versioned=False):
    name = f"lc-{uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def keys(s3, bucket):
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_expiration_deletes_matching_objects_after_the_next_midnight(sim):
    s3 = s3_client(sim)
    bucket = new_bucket(s3)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "tmp", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]})
    s3.put_object(Bucket=bucket, Key="tmp/a", Body=b"a")
    s3.put_object(Bucket=bucket, Key="keep/b", Body=b"b")
    rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rules[0]["ID"] == "tmp" and rules[0]["Expiration"]["Days"] == 1

    sim.simctl("clock", "advance", "12h")
    assert keys(s3, bucket) == ["keep/b", "tmp/a"]  # not yet a day old
    sim.simctl("clock", "advance", "2d")
    assert keys(s3, bucket) == ["keep/b"]


def test_versioned_expiration_adds_a_delete_marker_and_noncurrent_versions_expire(sim):
    s3 = s3_client(sim)
    bucket = new_bucket(s3, versioned=True)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "noncurrent", "Status": "Enabled", "Filter": {"Prefix": ""},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 3}},
        {"ID": "current", "Status": "Enabled", "Filter": {"Prefix": "old/"}, "Expiration": {"Days": 10}}]})
    first = s3.put_object(Bucket=bucket, Key="doc", Body=b"v1")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="doc", Body=b"v2")["VersionId"]
    s3.put_object(Bucket=bucket, Key="old/x", Body=b"x")

    sim.simctl("clock", "advance", "2d")
    versions = s3.list_object_versions(Bucket=bucket, Prefix="doc")["Versions"]
    assert [v["VersionId"] for v in versions] == [second, first]
    sim.simctl("clock", "advance", "2d")
    versions = s3.list_object_versions(Bucket=bucket, Prefix="doc")["Versions"]
    assert [v["VersionId"] for v in versions] == [second]
    assert s3.get_object(Bucket=bucket, Key="doc")["Body"].read() == b"v2"

    sim.simctl("clock", "advance", "8d")
    listed = s3.list_object_versions(Bucket=bucket, Prefix="old/")
    assert [m["Key"] for m in listed.get("DeleteMarkers", [])] == ["old/x"]
    assert keys(s3, bucket) == ["doc"]


def test_incomplete_multipart_uploads_are_aborted(sim):
    s3 = s3_client(sim)
    bucket = new_bucket(s3)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "abort", "Status": "Enabled", "Filter": {"Prefix": ""},
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]})
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=b"x" * 1024)
    assert len(s3.list_multipart_uploads(Bucket=bucket)["Uploads"]) == 1
    sim.simctl("clock", "advance", "3d")
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_provisioned_uploads_bucket_expires_noncurrent_versions(sim):
    # environments/dev/buckets: the uploads bucket keeps noncurrent versions 7 days.
    s3 = s3_client(sim)
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].endswith("-uploads"))
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    old = s3.put_object(Bucket=bucket, Key="lc-test/avatar.png", Body=b"old")["VersionId"]
    s3.put_object(Bucket=bucket, Key="lc-test/avatar.png", Body=b"new")
    sim.simctl("clock", "advance", "5d")
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket, Prefix="lc-test/")["Versions"]]
    assert old in ids
    sim.simctl("clock", "advance", "4d")
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket, Prefix="lc-test/")["Versions"]]
    assert old not in ids and len(ids) == 1
