"""Secrets Manager through Debian's AWS CLI v2 (/usr/bin/aws), against a running sim."""
import json

from conftest import aws_cli

REGION = "eu-west-2"


def cli(sim, *args, check=True):
    return aws_cli(sim, "secretsmanager", *args, region=REGION, check=check)


def test_cli_lifecycle(sim):
    created = json.loads(cli(sim, "create-secret", "--name", "cli/one", "--secret-string", "s1",
                             "--tags", "Key=env,Value=dev").stdout)
    assert created["Name"] == "cli/one"
    got = json.loads(cli(sim, "get-secret-value", "--secret-id", "cli/one").stdout)
    assert got["SecretString"] == "s1"
    cli(sim, "put-secret-value", "--secret-id", "cli/one", "--secret-string", "s2")
    got = json.loads(cli(sim, "get-secret-value", "--secret-id", "cli/one").stdout)
    assert got["SecretString"] == "s2"
    described = json.loads(cli(sim, "describe-secret", "--secret-id", "cli/one").stdout)
    assert described["Tags"] == [{"Key": "env", "Value": "dev"}]
    listed = json.loads(cli(sim, "list-secrets", "--filters", "Key=name,Values=cli/").stdout)
    assert [s["Name"] for s in listed["SecretList"]] == ["cli/one"]
    versions = json.loads(cli(sim, "list-secret-version-ids", "--secret-id", "cli/one").stdout)
    assert len(versions["Versions"]) == 2
    cli(sim, "delete-secret", "--secret-id", "cli/one", "--force-delete-without-recovery")
    missing = cli(sim, "get-secret-value", "--secret-id", "cli/one", check=False)
    assert missing.returncode != 0
    assert "ResourceNotFoundException" in missing.stderr


def test_cli_random_password(sim):
    out = json.loads(cli(sim, "get-random-password", "--password-length", "24",
                         "--exclude-punctuation").stdout)
    assert len(out["RandomPassword"]) == 24 and out["RandomPassword"].isalnum()


def test_cli_binary_and_update(sim):
    cli(sim, "create-secret", "--name", "cli/bin", "--secret-binary", "aGVsbG8=")
    got = json.loads(cli(sim, "get-secret-value", "--secret-id", "cli/bin").stdout)
    assert got["SecretBinary"] == "aGVsbG8="
    cli(sim, "update-secret", "--secret-id", "cli/bin", "--description", "bytes")
    assert json.loads(cli(sim, "describe-secret", "--secret-id", "cli/bin").stdout)["Description"] == "bytes"


def test_cli_policy_and_tags(sim):
    cli(sim, "create-secret", "--name", "cli/pol", "--secret-string", "x")
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
    cli(sim, "put-resource-policy", "--secret-id", "cli/pol", "--resource-policy", policy)
    got = json.loads(cli(sim, "get-resource-policy", "--secret-id", "cli/pol").stdout)
    assert json.loads(got["ResourcePolicy"]) == json.loads(policy)
    cli(sim, "tag-resource", "--secret-id", "cli/pol", "--tags", "Key=a,Value=1")
    cli(sim, "untag-resource", "--secret-id", "cli/pol", "--tag-keys", "a")
    assert json.loads(cli(sim, "describe-secret", "--secret-id", "cli/pol").stdout).get("Tags", []) == []
    cli(sim, "delete-resource-policy", "--secret-id", "cli/pol")


def test_cli_wrong_secret_key(sim):
    out = aws_cli(sim, "secretsmanager", "list-secrets", region=REGION, secret="nope", check=False)
    assert out.returncode != 0
    assert "InvalidSignatureException" in out.stderr
