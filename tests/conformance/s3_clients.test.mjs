// S3 through the AWS SDK for JavaScript v3 (@aws-sdk/client-s3 with its default checksum
// behaviour, @aws-sdk/lib-storage, @aws-sdk/s3-request-presigner), against the sim at
// $SIM_ENDPOINT (started by test_s3_node_clients.py).
//
// Defaults that matter here: the client adds a CRC32 to every PutObject/UploadPart (as an
// x-amz-checksum-crc32 header for a buffer body, as an aws-chunked body with a trailer for a
// stream body), asks for checksums on GetObject (x-amz-checksum-mode: ENABLED) and validates
// the one it gets back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import {
  S3Client, CreateBucketCommand, HeadBucketCommand, ListBucketsCommand, GetBucketLocationCommand,
  DeleteBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, DeleteObjectsCommand,
  CopyObjectCommand, ListObjectsV2Command, ListMultipartUploadsCommand, paginateListObjectsV2,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

const endpoint = process.env.SIM_ENDPOINT;
const REGION = "eu-west-1";
const MIB = 1024 * 1024;
const config = {
  endpoint, region: REGION, forcePathStyle: true,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
};
const client = new S3Client(config);

// Records the headers of every request `c` sends, by command name.
function recordHeaders(c) {
  const seen = [];
  c.middlewareStack.add((next, context) => async (args) => {
    seen.push({ command: context.commandName, headers: { ...args.request.headers } });
    return next(args);
  }, { step: "finalizeRequest", name: "recordHeaders", priority: "low" });
  return seen;
}

const md5 = (buf) => createHash("md5").update(buf).digest();
const quotedMd5 = (buf) => `"${md5(buf).toString("hex")}"`;
const crc32Bytes = (buf) => { const out = Buffer.alloc(4); out.writeUInt32BE(zlib.crc32(buf)); return out; };
const crc32 = (buf) => crc32Bytes(buf).toString("base64");
const bytes = (size, seed) => {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[i] = x & 0xff; }
  return out;
};

async function newBucket() {
  const name = `t-${randomBytes(6).toString("hex")}`;
  await client.send(new CreateBucketCommand({
    Bucket: name, CreateBucketConfiguration: { LocationConstraint: REGION },
  }));
  return name;
}

async function bodyOf(response) {
  return Buffer.from(await response.Body.transformToByteArray());
}

test("bucket create, head, list, location, delete", async () => {
  const bucket = await newBucket();
  const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
  assert.equal(head.$metadata.httpStatusCode, 200);
  assert.equal(head.BucketRegion, REGION);
  const listed = await client.send(new ListBucketsCommand({}));
  assert.equal(listed.Buckets.filter((b) => b.Name === bucket).length, 1);
  const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
  assert.equal(location.LocationConstraint, REGION);
  await assert.rejects(
    client.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } })),
    (err) => err.name === "BucketAlreadyOwnedByYou" && err.$metadata.httpStatusCode === 409);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
  await assert.rejects(client.send(new DeleteBucketCommand({ Bucket: bucket })),
    (err) => err.name === "BucketNotEmpty" && err.$metadata.httpStatusCode === 409);
  await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "k" }] } }));
  const deleted = await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  await assert.rejects(client.send(new HeadBucketCommand({ Bucket: bucket })),
    (err) => err.name === "NotFound" && err.$metadata.httpStatusCode === 404);
});

test("PutObject with a buffer sends x-amz-checksum-crc32; GetObject returns and validates it", async () => {
  const bucket = await newBucket();
  const c = new S3Client(config);
  const seen = recordHeaders(c);
  const body = bytes(100_000, 1);
  const put = await c.send(new PutObjectCommand({
    Bucket: bucket, Key: "buf.bin", Body: body, ContentType: "application/x-test", Metadata: { origin: "node" },
  }));
  const sent = seen.find((s) => s.command === "PutObjectCommand").headers;
  assert.equal(sent["x-amz-checksum-crc32"], crc32(body));
  assert.equal(sent["content-encoding"], undefined);
  assert.equal(put.ETag, quotedMd5(body));
  assert.equal(put.ChecksumCRC32, crc32(body));

  const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: "buf.bin" }));
  assert.equal(seen.at(-1).headers["x-amz-checksum-mode"], "ENABLED");
  assert.equal(got.ChecksumCRC32, crc32(body));
  assert.equal(got.ContentType, "application/x-test");
  assert.deepEqual(got.Metadata, { origin: "node" });
  assert.equal(got.ContentLength, body.length);
  assert.ok((await bodyOf(got)).equals(body));
  const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: "buf.bin", ChecksumMode: "ENABLED" }));
  assert.equal(head.ChecksumCRC32, crc32(body));
});

test("PutObject with a stream body is aws-chunked with a CRC32 trailer, stored decoded", async () => {
  const bucket = await newBucket();
  const c = new S3Client(config);
  const seen = recordHeaders(c);
  const pieces = Array.from({ length: 20 }, (_, i) => bytes(50_000 + i, i + 10));
  const body = Buffer.concat(pieces);
  const put = await c.send(new PutObjectCommand({
    Bucket: bucket, Key: "stream.bin", Body: Readable.from(pieces), ContentLength: body.length,
  }));
  const sent = seen.find((s) => s.command === "PutObjectCommand").headers;
  assert.equal(sent["content-encoding"], "aws-chunked");
  assert.equal(sent["x-amz-trailer"], "x-amz-checksum-crc32");
  assert.equal(sent["x-amz-decoded-content-length"], String(body.length));
  assert.equal(sent["x-amz-content-sha256"], "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  assert.equal(put.ETag, quotedMd5(body));
  assert.equal(put.ChecksumCRC32, crc32(body));

  const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: "stream.bin" }));
  assert.equal(got.ContentLength, body.length);
  assert.equal(got.ChecksumCRC32, crc32(body));
  assert.equal(got.ContentEncoding, undefined); // aws-chunked is not stored
  assert.ok((await bodyOf(got)).equals(body));

  // A real content encoding is kept while aws-chunked is dropped.
  const gz = zlib.gzipSync(Buffer.from("compressed ".repeat(1000)));
  await c.send(new PutObjectCommand({
    Bucket: bucket, Key: "stream.gz", Body: Readable.from([gz]), ContentLength: gz.length, ContentEncoding: "gzip",
  }));
  assert.equal(seen.at(-1).headers["content-encoding"], "gzip,aws-chunked");
  const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: "stream.gz" }));
  assert.equal(head.ContentEncoding, "gzip");
  assert.equal(head.ContentLength, gz.length);
  assert.equal(head.ETag, quotedMd5(gz));
});

test("a CRC32 that does not match the body is rejected with BadDigest", async () => {
  const bucket = await newBucket();
  await assert.rejects(
    client.send(new PutObjectCommand({ Bucket: bucket, Key: "bad", Body: Buffer.from("payload"), ChecksumCRC32: "AAAAAA==" })),
    (err) => err.name === "BadDigest" && err.$metadata.httpStatusCode === 400);
  await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: "bad" })),
    (err) => err.name === "NotFound");
});

test("lib-storage Upload of 12 MiB goes multipart with CRC32 parts", async () => {
  const bucket = await newBucket();
  const c = new S3Client(config);
  const seen = recordHeaders(c);
  const body = bytes(12 * MIB + 4321, 42);
  const parts = [body.subarray(0, 5 * MIB), body.subarray(5 * MIB, 10 * MIB), body.subarray(10 * MIB)];
  const progress = [];
  const upload = new Upload({
    client: c, params: { Bucket: bucket, Key: "big/upload.bin", Body: body, ContentType: "application/x-big" },
    partSize: 5 * MIB, queueSize: 2,
  });
  upload.on("httpUploadProgress", (p) => progress.push(p.loaded));
  const done = await upload.done();
  const expectedEtag = `"${md5(Buffer.concat(parts.map(md5))).toString("hex")}-3"`;
  assert.equal(done.ETag, expectedEtag);
  assert.equal(done.Bucket, bucket);
  assert.equal(done.Key, "big/upload.bin");
  assert.equal(Math.max(...progress), body.length);
  assert.equal(seen.filter((s) => s.command === "CreateMultipartUploadCommand").length, 1);
  const partHeaders = seen.filter((s) => s.command === "UploadPartCommand").map((s) => s.headers["x-amz-checksum-crc32"]);
  assert.deepEqual(partHeaders.sort(), parts.map(crc32).sort());
  assert.equal(seen.filter((s) => s.command === "CompleteMultipartUploadCommand").length, 1);

  const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: "big/upload.bin", ChecksumMode: "ENABLED" }));
  assert.equal(head.ContentLength, body.length);
  assert.equal(head.ETag, expectedEtag);
  assert.equal(head.ContentType, "application/x-big");
  // S3's checksum of a multipart object is the checksum of the part checksums, with the part count.
  assert.equal(head.ChecksumCRC32, `${crc32(Buffer.concat(parts.map(crc32Bytes)))}-3`);
  const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: "big/upload.bin" }));
  assert.ok((await bodyOf(got)).equals(body));
  const ranged = await c.send(new GetObjectCommand({ Bucket: bucket, Key: "big/upload.bin", Range: `bytes=${5 * MIB - 3}-${5 * MIB + 2}` }));
  assert.equal(ranged.ContentRange, `bytes ${5 * MIB - 3}-${5 * MIB + 2}/${body.length}`);
  assert.ok((await bodyOf(ranged)).equals(body.subarray(5 * MIB - 3, 5 * MIB + 3)));
  const uploads = await c.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  assert.deepEqual(uploads.Uploads ?? [], []);
});

test("a FULL_OBJECT CRC32 multipart upload gets the whole object's CRC, checked at completion", async () => {
  const bucket = await newBucket();
  const body = bytes(5 * MIB + 777, 7);
  const parts = [body.subarray(0, 5 * MIB), body.subarray(5 * MIB)];
  const created = await client.send(new CreateMultipartUploadCommand({
    Bucket: bucket, Key: "full", ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT",
  }));
  assert.equal(created.ChecksumType, "FULL_OBJECT");
  const uploaded = [];
  for (const [i, part] of parts.entries()) {
    const r = await client.send(new UploadPartCommand({
      Bucket: bucket, Key: "full", UploadId: created.UploadId, PartNumber: i + 1, Body: part, ChecksumAlgorithm: "CRC32",
    }));
    assert.equal(r.ChecksumCRC32, crc32(part));
    uploaded.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumCRC32: r.ChecksumCRC32 });
  }
  const complete = (checksum) => client.send(new CompleteMultipartUploadCommand({
    Bucket: bucket, Key: "full", UploadId: created.UploadId, ChecksumType: "FULL_OBJECT", ChecksumCRC32: checksum,
    MultipartUpload: { Parts: uploaded },
  }));
  await assert.rejects(complete(crc32(Buffer.from("not the object"))), (e) => e.name === "BadDigest");
  const done = await complete(crc32(body));
  assert.equal(done.ChecksumCRC32, crc32(body));
  assert.equal(done.ChecksumType, "FULL_OBJECT");
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: "full", ChecksumMode: "ENABLED" }));
  assert.equal(head.ChecksumCRC32, crc32(body));
  assert.equal(head.ChecksumType, "FULL_OBJECT");
});

test("lib-storage Upload of a small body is a single PutObject", async () => {
  const bucket = await newBucket();
  const c = new S3Client(config);
  const seen = recordHeaders(c);
  const body = Buffer.from("small enough for one request");
  const done = await new Upload({ client: c, params: { Bucket: bucket, Key: "small", Body: body } }).done();
  assert.equal(done.ETag, quotedMd5(body));
  assert.deepEqual(seen.map((s) => s.command), ["PutObjectCommand"]);
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: "small" }));
  assert.ok((await bodyOf(got)).equals(body));
});

test("presigned GET and PUT used through fetch", async () => {
  const bucket = await newBucket();
  // For presigned uploads the SDK's own advice is WHEN_REQUIRED: with the default it signs
  // the CRC32 of an empty body into the URL (see the next test).
  const uploader = new S3Client({ ...config, requestChecksumCalculation: "WHEN_REQUIRED" });
  const body = bytes(70_000, 7);
  const putUrl = await getSignedUrl(uploader,
    new PutObjectCommand({ Bucket: bucket, Key: "pre/signed file+1.bin", ContentType: "application/x-pre" }),
    { expiresIn: 300 });
  const query = new URL(putUrl).searchParams;
  assert.equal(query.get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
  assert.equal(query.get("X-Amz-Expires"), "300");
  assert.equal(query.get("x-amz-checksum-crc32"), null);
  const put = await fetch(putUrl, { method: "PUT", body, headers: { "content-type": "application/x-pre" } });
  assert.equal(put.status, 200, await put.text());
  assert.equal(put.headers.get("etag"), quotedMd5(body));

  const getUrl = await getSignedUrl(client, new GetObjectCommand({
    Bucket: bucket, Key: "pre/signed file+1.bin", ResponseContentDisposition: 'attachment; filename="f.bin"',
  }), { expiresIn: 300 });
  const got = await fetch(getUrl);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "application/x-pre");
  assert.equal(got.headers.get("content-disposition"), 'attachment; filename="f.bin"');
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(body));

  const ranged = await fetch(getUrl, { headers: { range: "bytes=10-19" } });
  assert.equal(ranged.status, 206);
  assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(10, 20)));

  const missingUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: "pre/none" }));
  const missing = await fetch(missingUrl);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /<Code>NoSuchKey<\/Code>/);
});

test("a default-client presigned PUT carries the CRC32 of an empty body, so other bodies are refused", async () => {
  const bucket = await newBucket();
  const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: "crc" }), { expiresIn: 300 });
  const query = new URL(url).searchParams;
  assert.equal(query.get("x-amz-checksum-crc32"), "AAAAAA==");
  assert.equal(query.get("x-amz-sdk-checksum-algorithm"), "CRC32");
  const refused = await fetch(url, { method: "PUT", body: "not empty" });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /<Code>BadDigest<\/Code>/);
  await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: "crc" })),
    (err) => err.name === "NotFound");
  // An empty body matches the signed checksum.
  const empty = await fetch(url, { method: "PUT", body: "" });
  assert.equal(empty.status, 200);
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: "crc" }));
  assert.equal(head.ContentLength, 0);
});

test("listing, copying and typed errors", async () => {
  const bucket = await newBucket();
  const keys = ["a/1", "a/2", "b/1", "c", "d", "e", "f"];
  for (const key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  const walked = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client, pageSize: 3 }, { Bucket: bucket })) {
    pages += 1;
    assert.ok(page.KeyCount <= 3);
    walked.push(...page.Contents.map((o) => o.Key));
  }
  assert.deepEqual(walked, keys);
  assert.equal(pages, 3);
  const grouped = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
  assert.deepEqual(grouped.CommonPrefixes.map((p) => p.Prefix), ["a/", "b/"]);
  assert.deepEqual(grouped.Contents.map((o) => o.Key), ["c", "d", "e", "f"]);

  const copied = await client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/a/1` }));
  assert.equal(copied.CopyObjectResult.ETag, quotedMd5(Buffer.from("a/1")));
  const deleted = await client.send(new DeleteObjectsCommand({
    Bucket: bucket, Delete: { Objects: [{ Key: "c" }, { Key: "d" }] },
  }));
  assert.deepEqual(deleted.Deleted.map((d) => d.Key).sort(), ["c", "d"]);

  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: "nope" })),
    (err) => err.name === "NoSuchKey" && err.$metadata.httpStatusCode === 404);
  await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: `${bucket}-missing` })),
    (err) => err.name === "NoSuchBucket" && err.$metadata.httpStatusCode === 404);
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: "c", Range: "bytes=0-1" })),
    (err) => err.name === "NoSuchKey");
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: "e", Range: "bytes=10-20" })),
    (err) => err.name === "InvalidRange" && err.$metadata.httpStatusCode === 416);
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: "e", IfMatch: '"0123456789abcdef0123456789abcdef"' })),
    (err) => err.name === "PreconditionFailed" && err.$metadata.httpStatusCode === 412);
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: "e", IfNoneMatch: quotedMd5(Buffer.from("e")) })),
    (err) => err.$metadata.httpStatusCode === 304);
  await assert.rejects(client.send(new PutObjectCommand({ Bucket: bucket, Key: "e", Body: "again", IfNoneMatch: "*" })),
    (err) => err.name === "PreconditionFailed" && err.$metadata.httpStatusCode === 412);
});
