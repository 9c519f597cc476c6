// Secrets Manager through the AWS SDK for JavaScript v3, against the sim at
// $SIM_ENDPOINT (started by test_node_sdk.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand,
  DescribeSecretCommand, ListSecretsCommand, DeleteSecretCommand, RestoreSecretCommand,
  BatchGetSecretValueCommand, GetRandomPasswordCommand, TagResourceCommand,
  UpdateSecretVersionStageCommand, ListSecretVersionIdsCommand,
} from "@aws-sdk/client-secrets-manager";

const endpoint = process.env.SIM_ENDPOINT;
const client = new SecretsManagerClient({
  endpoint, region: "eu-west-2", credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

test("create, get, put, describe", async () => {
  const created = await client.send(new CreateSecretCommand({ Name: "node/one", SecretString: "a" }));
  assert.match(created.ARN, /^arn:aws:secretsmanager:eu-west-2:000000000000:secret:node\/one-/);
  await client.send(new PutSecretValueCommand({ SecretId: "node/one", SecretString: "b" }));
  const got = await client.send(new GetSecretValueCommand({ SecretId: "node/one" }));
  assert.equal(got.SecretString, "b");
  assert.ok(got.CreatedDate instanceof Date);
  const prev = await client.send(new GetSecretValueCommand({ SecretId: "node/one", VersionStage: "AWSPREVIOUS" }));
  assert.equal(prev.SecretString, "a");
  const described = await client.send(new DescribeSecretCommand({ SecretId: "node/one" }));
  assert.equal(Object.keys(described.VersionIdsToStages).length, 2);
  const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: "node/one" }));
  assert.equal(versions.Versions.length, 2);
});

test("binary secrets round-trip as bytes", async () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  await client.send(new CreateSecretCommand({ Name: "node/bin", SecretBinary: bytes }));
  const got = await client.send(new GetSecretValueCommand({ SecretId: "node/bin" }));
  assert.deepEqual(Array.from(got.SecretBinary), Array.from(bytes));
});

test("BatchGetSecretValue by id list and by filter, with per-secret errors", async () => {
  await client.send(new CreateSecretCommand({ Name: "node/batch/a", SecretString: "1" }));
  await client.send(new CreateSecretCommand({ Name: "node/batch/b", SecretString: "2" }));
  const byIds = await client.send(new BatchGetSecretValueCommand({
    SecretIdList: ["node/batch/a", "node/batch/b", "node/batch/missing"],
  }));
  assert.deepEqual(byIds.SecretValues.map((v) => v.SecretString).sort(), ["1", "2"]);
  assert.equal(byIds.Errors.length, 1);
  assert.equal(byIds.Errors[0].ErrorCode, "ResourceNotFoundException");
  const byFilter = await client.send(new BatchGetSecretValueCommand({
    Filters: [{ Key: "name", Values: ["node/batch/"] }],
  }));
  assert.equal(byFilter.SecretValues.length, 2);
});

test("errors come back as typed exceptions", async () => {
  await assert.rejects(
    client.send(new GetSecretValueCommand({ SecretId: "node/none" })),
    (err) => err.name === "ResourceNotFoundException" && err.$metadata.httpStatusCode === 400,
  );
  await client.send(new CreateSecretCommand({ Name: "node/dup", SecretString: "x" }));
  await assert.rejects(
    client.send(new CreateSecretCommand({ Name: "node/dup", SecretString: "x" })),
    (err) => err.name === "ResourceExistsException",
  );
});

test("delete and restore", async () => {
  await client.send(new CreateSecretCommand({ Name: "node/del", SecretString: "x" }));
  const deleted = await client.send(new DeleteSecretCommand({ SecretId: "node/del", RecoveryWindowInDays: 7 }));
  assert.ok(deleted.DeletionDate instanceof Date);
  await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: "node/del" })),
    (err) => err.name === "InvalidRequestException");
  await client.send(new RestoreSecretCommand({ SecretId: "node/del" }));
  const got = await client.send(new GetSecretValueCommand({ SecretId: "node/del" }));
  assert.equal(got.SecretString, "x");
});

test("list with tags and stage moves", async () => {
  const first = await client.send(new CreateSecretCommand({ Name: "node/stage", SecretString: "1" }));
  const second = await client.send(new PutSecretValueCommand({ SecretId: "node/stage", SecretString: "2" }));
  await client.send(new UpdateSecretVersionStageCommand({
    SecretId: "node/stage", VersionStage: "AWSCURRENT", MoveToVersionId: first.VersionId,
    RemoveFromVersionId: second.VersionId,
  }));
  const got = await client.send(new GetSecretValueCommand({ SecretId: "node/stage" }));
  assert.equal(got.SecretString, "1");
  await client.send(new TagResourceCommand({ SecretId: "node/stage", Tags: [{ Key: "k", Value: "v" }] }));
  const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: "tag-key", Values: ["k"] }] }));
  assert.deepEqual(listed.SecretList.map((s) => s.Name), ["node/stage"]);
});

test("random password", async () => {
  const out = await client.send(new GetRandomPasswordCommand({ PasswordLength: 50, ExcludeNumbers: true }));
  assert.equal(out.RandomPassword.length, 50);
  assert.doesNotMatch(out.RandomPassword, /[0-9]/);
});

test("a wrong secret key is refused with InvalidSignatureException", async () => {
  const bad = new SecretsManagerClient({
    endpoint, region: "eu-west-2", credentials: { accessKeyId: "test", secretAccessKey: "wrong" },
  });
  await assert.rejects(bad.send(new ListSecretsCommand({})), (err) => err.name === "InvalidSignatureException");
});
