"""S3 through Debian's AWS CLI v2 (/usr/bin/aws): the high-level `aws s3` commands (mb, ls,
cp, sync, rm, rb, presign) and a few `aws s3api` calls, against a running sim.

The local side of every transfer is a pytest tmp_path. Files that `aws s3 sync` must consider
unchanged get an mtime in 2001, so the comparison of local mtimes with S3's LastModified does
not depend on the sim's simulated clock.
"""
import hashlib
import json
import os
import random
import re
import urllib.request
from uuid import uuid4

import pytest

from conftest import aws_cli
from s3_helpers import MIB, REGION, sim  # noqa: F401


OLD = 978307200  # 2001-01-01T00:00:00Z
LS_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +(\d+) (.+)$")


def cli(sim, *args, check=True):
    if args[:1] == ("s3",) and args[1] in ("cp", "sync"):
        args = (*args, "--no-progress")  # no "Completed ..." lines in stdout
    return aws_cli(sim, *args, region=REGION, check=check)


def api(sim, *args):
    out = cli(sim, "s3api", *args).stdout
    return json.loads(out) if out.strip() else {}


@pytest.fixture
def bucket(sim):
    name = f"t-{uuid4().hex[:12]}"
    result = cli(sim, "s3", "mb", f"s3://{name}")
    assert result.stdout.strip() == f"make_bucket: {name}"
    return name


def write(path, data, old=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def ls_entries(stdout):
    """`aws s3 ls` output as ({name: size}, [PRE prefixes])."""
    files, prefixes = {}, []
    for line in stdout.splitlines():
        if line.strip().startswith("PRE "):
            prefixes.append(line.strip()[4:])
            continue
        m = LS_LINE.match(line)
        assert m, line
        files[m.group(2)] = int(m.group(1))
    return files, prefixes


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_mb_ls_rb(sim, bucket):
    assert api(sim, "get-bucket-location", "--bucket", bucket)["LocationConstraint"] == REGION
    listing = cli(sim, "s3", "ls").stdout.splitlines()
    assert any(re.match(rf"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d {re.escape(bucket)}$", l) for l in listing), listing
    again = cli(sim, "s3", "mb", f"s3://{bucket}", check=False)
    assert again.returncode == 1
    assert "BucketAlreadyOwnedByYou" in again.stderr
    assert cli(sim, "s3", "rb", f"s3://{bucket}").stdout.strip() == f"remove_bucket: {bucket}"
    assert bucket not in cli(sim, "s3", "ls").stdout
    missing = cli(sim, "s3", "ls", f"s3://{bucket}", check=False)
    assert missing.returncode == 254
    assert "NoSuchBucket" in missing.stderr


def test_mb_invalid_name(sim):
    result = cli(sim, "s3", "mb", "s3://Bad_Name", check=False)
    assert result.returncode == 1
    assert "InvalidBucketName" in result.stderr


def test_cp_up_down_and_ls(sim, bucket, tmp_path):
    data = random.Random(1).randbytes(100_000)
    src = write(tmp_path / "data.bin", data)
    out = cli(sim, "s3", "cp", str(src), f"s3://{bucket}/dir/data.bin").stdout
    assert re.fullmatch(rf"upload: \S*data\.bin to s3://{bucket}/dir/data\.bin", out.strip()), out
    cli(sim, "s3", "cp", str(src), f"s3://{bucket}/top.bin")
    head = api(sim, "head-object", "--bucket", bucket, "--key", "dir/data.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
    # The CLI guesses the content type from the file name.
    txt = write(tmp_path / "note.txt", b"plain text\n")
    cli(sim, "s3", "cp", str(txt), f"s3://{bucket}/note.txt")
    assert api(sim, "head-object", "--bucket", bucket, "--key", "note.txt")["ContentType"] == "text/plain"

    files, prefixes = ls_entries(cli(sim, "s3", "ls", f"s3://{bucket}/").stdout)
    assert files == {"note.txt": 11, "top.bin": len(data)}
    assert prefixes == ["dir/"]
    files, prefixes = ls_entries(cli(sim, "s3", "ls", f"s3://{bucket}/dir/").stdout)
    assert files == {"data.bin": len(data)} and prefixes == []
    summary = cli(sim, "s3", "ls", f"s3://{bucket}", "--recursive", "--summarize").stdout
    assert "Total Objects: 3" in summary
    assert f"Total Size: {2 * len(data) + 11}" in summary

    dst = tmp_path / "back.bin"
    out = cli(sim, "s3", "cp", f"s3://{bucket}/dir/data.bin", str(dst)).stdout
    assert re.fullmatch(rf"download: s3://{bucket}/dir/data\.bin to \S*back\.bin", out.strip()), out
    assert dst.read_bytes() == data
    # Server-side copy, and a copy to stdout.
    cli(sim, "s3", "cp", f"s3://{bucket}/dir/data.bin", f"s3://{bucket}/copy/data.bin")
    assert api(sim, "head-object", "--bucket", bucket, "--key", "copy/data.bin")["ContentLength"] == len(data)
    assert cli(sim, "s3", "cp", f"s3://{bucket}/note.txt", "-").stdout == "plain text\n"
    missing = cli(sim, "s3", "cp", f"s3://{bucket}/nope", str(tmp_path / "nope"), check=False)
    assert missing.returncode == 1
    assert "404" in missing.stderr
    assert not (tmp_path / "nope").exists()


def test_cp_with_headers_and_metadata(sim, bucket, tmp_path):
    src = write(tmp_path / "page.html", b"<p>hi</p>")
    cli(sim, "s3", "cp", str(src), f"s3://{bucket}/page", "--content-type", "text/html; charset=utf-8",
        "--cache-control", "max-age=300", "--content-disposition", "inline",
        "--metadata", "owner=ops,stage=dev", "--storage-class", "STANDARD_IA")
    head = api(sim, "head-object", "--bucket", bucket, "--key", "page")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == "max-age=300"
    assert head["ContentDisposition"] == "inline"
    assert head["Metadata"] == {"owner": "ops", "stage": "dev"}
    assert head["StorageClass"] == "STANDARD_IA"


def test_cp_large_file_is_multipart(sim, bucket, tmp_path):
    # The CLI's default multipart threshold and chunk size are 8 MiB: 9 MiB goes in two parts.
    data = random.Random(2).randbytes(9 * MIB)
    src = write(tmp_path / "big.bin", data)
    cli(sim, "s3", "cp", str(src), f"s3://{bucket}/big.bin")
    parts = [data[:8 * MIB], data[8 * MIB:]]
    expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + "-2"
    head = api(sim, "head-object", "--bucket", bucket, "--key", "big.bin")
    assert head["ETag"] == f'"{expected}"'
    assert head["ContentLength"] == len(data)
    assert api(sim, "list-multipart-uploads", "--bucket", bucket).get("Uploads", []) == []
    dst = tmp_path / "big.out"
    cli(sim, "s3", "cp", f"s3://{bucket}/big.bin", str(dst))  # ranged GETs
    assert dst.read_bytes() == data


def test_cp_recursive_and_rm(sim, bucket, tmp_path):
    src = tmp_path / "src"
    for rel, data in {"a.txt": b"a", "sub/b.txt": b"bb", "sub/deeper/c.txt": b"ccc",
                      "sp ace+plus.txt": b"dddd"}.items():
        write(src / rel, data)
    cli(sim, "s3", "cp", str(src), f"s3://{bucket}/tree/", "--recursive")
    keys = [o["Key"] for o in api(sim, "list-objects-v2", "--bucket", bucket)["Contents"]]
    assert keys == ["tree/a.txt", "tree/sp ace+plus.txt", "tree/sub/b.txt", "tree/sub/deeper/c.txt"]
    out = cli(sim, "s3", "rm", f"s3://{bucket}/tree/a.txt").stdout
    assert out.strip() == f"delete: s3://{bucket}/tree/a.txt"
    out = cli(sim, "s3", "rm", f"s3://{bucket}/tree/sub/", "--recursive").stdout
    assert sorted(out.strip().splitlines()) == [f"delete: s3://{bucket}/tree/sub/b.txt",
                                                f"delete: s3://{bucket}/tree/sub/deeper/c.txt"]
    keys = [o["Key"] for o in api(sim, "list-objects-v2", "--bucket", bucket)["Contents"]]
    assert keys == ["tree/sp ace+plus.txt"]


def test_sync_up_down_and_delete(sim, bucket, tmp_path):
    src, back = tmp_path / "src", tmp_path / "back"
    write(src / "keep.txt", b"keep")
    write(src / "change.txt", b"v1")
    write(src / "dir/nested.txt", b"nested")
    write(src / "dir/remove.txt", b"remove me")
    out = cli(sim, "s3", "sync", str(src), f"s3://{bucket}/site").stdout
    assert len([l for l in out.splitlines() if l.startswith("upload:")]) == 4
    keys = [o["Key"] for o in api(sim, "list-objects-v2", "--bucket", bucket)["Contents"]]
    assert keys == ["site/change.txt", "site/dir/nested.txt", "site/dir/remove.txt", "site/keep.txt"]

    # Nothing changed: nothing to do.
    assert cli(sim, "s3", "sync", str(src), f"s3://{bucket}/site").stdout.strip() == ""

    write(src / "change.txt", b"version two")  # another size
    write(src / "new.txt", b"new")
    (src / "dir" / "remove.txt").unlink()
    out = cli(sim, "s3", "sync", str(src), f"s3://{bucket}/site", "--delete").stdout
    assert sorted(l.split(":")[0] + ":" + l.rsplit("/", 1)[1] for l in out.splitlines()) == \
        ["delete:remove.txt", "upload:change.txt", "upload:new.txt"]
    keys = [o["Key"] for o in api(sim, "list-objects-v2", "--bucket", bucket)["Contents"]]
    assert keys == ["site/change.txt", "site/dir/nested.txt", "site/keep.txt", "site/new.txt"]

    out = cli(sim, "s3", "sync", f"s3://{bucket}/site", str(back)).stdout
    assert len([l for l in out.splitlines() if l.startswith("download:")]) == 4
    assert tree(back) == tree(src)
    # Downloaded files take the object's LastModified, so a second sync down does nothing.
    assert cli(sim, "s3", "sync", f"s3://{bucket}/site", str(back)).stdout.strip() == ""
    # Bucket to bucket.
    other = f"t-{uuid4().hex[:12]}"
    cli(sim, "s3", "mb", f"s3://{other}")
    out = cli(sim, "s3", "sync", f"s3://{bucket}/site", f"s3://{other}/mirror").stdout
    assert len([l for l in out.splitlines() if l.startswith("copy:")]) == 4
    keys = [o["Key"] for o in api(sim, "list-objects-v2", "--bucket", other)["Contents"]]
    assert keys == ["mirror/change.txt", "mirror/dir/nested.txt", "mirror/keep.txt", "mirror/new.txt"]


def test_rb_non_empty_and_force(sim, bucket, tmp_path):
    write(tmp_path / "f", b"x")
    cli(sim, "s3", "cp", str(tmp_path / "f"), f"s3://{bucket}/a/f")
    cli(sim, "s3", "cp", str(tmp_path / "f"), f"s3://{bucket}/b")
    refused = cli(sim, "s3", "rb", f"s3://{bucket}", check=False)
    assert refused.returncode == 1
    assert "BucketNotEmpty" in refused.stderr
    out = cli(sim, "s3", "rb", f"s3://{bucket}", "--force").stdout
    assert f"remove_bucket: {bucket}" in out
    assert f"delete: s3://{bucket}/a/f" in out and f"delete: s3://{bucket}/b" in out
    missing = cli(sim, "s3api", "head-bucket", "--bucket", bucket, check=False)
    assert missing.returncode == 254
    assert "404" in missing.stderr


def test_presign(sim, bucket, tmp_path):
    data = b"presigned through the CLI"
    write(tmp_path / "p.txt", data)
    cli(sim, "s3", "cp", str(tmp_path / "p.txt"), f"s3://{bucket}/p/p.txt")
    url = cli(sim, "s3", "presign", f"s3://{bucket}/p/p.txt", "--expires-in", "300").stdout.strip()
    assert url.startswith(f"{sim.endpoint}/{bucket}/p/p.txt?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        assert response.read() == data


def test_s3api_calls(sim, bucket, tmp_path):
    body = write(tmp_path / "body.txt", b"0123456789")
    put = api(sim, "put-object", "--bucket", bucket, "--key", "k.txt", "--body", str(body),
              "--metadata", "a=1", "--content-type", "text/x-test", "--tagging", "t=v")
    assert put["ETag"] == f'"{hashlib.md5(b"0123456789").hexdigest()}"'
    head = api(sim, "head-object", "--bucket", bucket, "--key", "k.txt")
    assert head["ContentLength"] == 10 and head["Metadata"] == {"a": "1"}
    assert head["ContentType"] == "text/x-test"
    assert api(sim, "get-object-tagging", "--bucket", bucket, "--key", "k.txt")["TagSet"] == \
        [{"Key": "t", "Value": "v"}]
    out = tmp_path / "range.out"
    got = api(sim, "get-object", "--bucket", bucket, "--key", "k.txt", "--range", "bytes=3-5", str(out))
    assert got["ContentRange"] == "bytes 3-5/10" and got["ContentLength"] == 3
    assert out.read_bytes() == b"345"

    api(sim, "put-bucket-tagging", "--bucket", bucket, "--tagging", "TagSet=[{Key=env,Value=dev}]")
    assert api(sim, "get-bucket-tagging", "--bucket", bucket)["TagSet"] == [{"Key": "env", "Value": "dev"}]
    api(sim, "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled")
    assert api(sim, "get-bucket-versioning", "--bucket", bucket)["Status"] == "Enabled"
    api(sim, "put-object", "--bucket", bucket, "--key", "k.txt", "--body", str(body))
    versions = api(sim, "list-object-versions", "--bucket", bucket, "--prefix", "k.txt")["Versions"]
    assert len(versions) == 2 and [v["IsLatest"] for v in versions] == [True, False]

    for i in range(5):
        api(sim, "put-object", "--bucket", bucket, "--key", f"many/{i}", "--body", str(body))
    # The CLI follows continuation tokens itself; --page-size 2 makes it take three pages.
    listed = api(sim, "list-objects-v2", "--bucket", bucket, "--prefix", "many/", "--page-size", "2")
    assert [o["Key"] for o in listed["Contents"]] == [f"many/{i}" for i in range(5)]
    deleted = api(sim, "delete-objects", "--bucket", bucket, "--delete",
                  json.dumps({"Objects": [{"Key": f"many/{i}"} for i in range(5)], "Quiet": False}))
    assert sorted(d["Key"] for d in deleted["Deleted"]) == [f"many/{i}" for i in range(5)]

    missing = cli(sim, "s3api", "get-object", "--bucket", bucket, "--key", "nope",
                  str(tmp_path / "nope"), check=False)
    assert missing.returncode == 254
    assert "NoSuchKey" in missing.stderr
