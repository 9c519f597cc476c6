"""Secrets Manager through boto3 (Debian's python3-boto3), against a running sim."""
import base64
import json

import botocore.exceptions
import pytest

from conftest import client

REGION = "eu-west-2"  # dev's region (environments/dev/vars.yaml)


@pytest.fixture(scope="module")
def sm(sim):
    return client(sim, "secretsmanager", region=REGION)


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_create_get_describe(sm):
    created = sm.create_secret(Name="conf/create-get", SecretString="hunter2",
                               Description="first", KmsKeyId="alias/custom",
                               Tags=[{"Key": "team", "Value": "core"}])
    assert created["Name"] == "conf/create-get"
    assert created["ARN"].startswith("arn:aws:secretsmanager:eu-west-2:000000000000:secret:conf/create-get-")
    got = sm.get_secret_value(SecretId="conf/create-get")
    assert got["SecretString"] == "hunter2"
    assert got["VersionId"] == created["VersionId"]
    assert got["VersionStages"] == ["AWSCURRENT"]
    assert got["CreatedDate"].year >= 2026
    by_arn = sm.get_secret_value(SecretId=created["ARN"])
    assert by_arn["SecretString"] == "hunter2"
    described = sm.describe_secret(SecretId="conf/create-get")
    assert described["Description"] == "first"
    assert described["KmsKeyId"] == "alias/custom"
    assert described["Tags"] == [{"Key": "team", "Value": "core"}]
    assert described["VersionIdsToStages"] == {created["VersionId"]: ["AWSCURRENT"]}


def test_binary_secret(sm):
    sm.create_secret(Name="conf/binary", SecretBinary=b"\x00\x01\xffdata")
    got = sm.get_secret_value(SecretId="conf/binary")
    assert got["SecretBinary"] == b"\x00\x01\xffdata"
    assert "SecretString" not in got


def test_put_rotates_stages(sm):
    first = sm.create_secret(Name="conf/stages", SecretString="v1")["VersionId"]
    second = sm.put_secret_value(SecretId="conf/stages", SecretString="v2")["VersionId"]
    assert sm.get_secret_value(SecretId="conf/stages")["SecretString"] == "v2"
    previous = sm.get_secret_value(SecretId="conf/stages", VersionStage="AWSPREVIOUS")
    assert previous["SecretString"] == "v1" and previous["VersionId"] == first
    assert sm.get_secret_value(SecretId="conf/stages", VersionId=first)["SecretString"] == "v1"
    versions = sm.list_secret_version_ids(SecretId="conf/stages")["Versions"]
    assert {v["VersionId"] for v in versions} == {first, second}
    # Move AWSCURRENT back to the first version.
    sm.update_secret_version_stage(SecretId="conf/stages", VersionStage="AWSCURRENT",
                                   MoveToVersionId=first, RemoveFromVersionId=second)
    assert sm.get_secret_value(SecretId="conf/stages")["SecretString"] == "v1"


def test_idempotent_client_request_token(sm):
    token = "11111111-2222-3333-4444-555555555555"
    a = sm.create_secret(Name="conf/idem", SecretString="x", ClientRequestToken=token)
    b = sm.put_secret_value(SecretId="conf/idem", SecretString="x", ClientRequestToken=token)
    assert a["VersionId"] == b["VersionId"] == token
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.put_secret_value(SecretId="conf/idem", SecretString="different", ClientRequestToken=token)
    assert error_code(e) == "ResourceExistsException"


def test_errors(sm):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.get_secret_value(SecretId="conf/does-not-exist")
    assert error_code(e) == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    sm.create_secret(Name="conf/dup", SecretString="x")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.create_secret(Name="conf/dup", SecretString="y")
    assert error_code(e) == "ResourceExistsException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.get_secret_value(SecretId="conf/dup", VersionStage="NOPE")
    assert error_code(e) == "ResourceNotFoundException"


def test_update_and_tags_and_policy(sm):
    sm.create_secret(Name="conf/update", SecretString="a")
    sm.update_secret(SecretId="conf/update", Description="changed", SecretString="b")
    assert sm.describe_secret(SecretId="conf/update")["Description"] == "changed"
    assert sm.get_secret_value(SecretId="conf/update")["SecretString"] == "b"
    sm.tag_resource(SecretId="conf/update", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sm.untag_resource(SecretId="conf/update", TagKeys=["a"])
    assert sm.describe_secret(SecretId="conf/update")["Tags"] == [{"Key": "b", "Value": "2"}]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                                  "Action": "secretsmanager:GetSecretValue",
                                                                  "Resource": "*"}]})
    sm.put_resource_policy(SecretId="conf/update", ResourcePolicy=policy)
    assert json.loads(sm.get_resource_policy(SecretId="conf/update")["ResourcePolicy"]) == json.loads(policy)
    assert sm.validate_resource_policy(ResourcePolicy=policy)["PolicyValidationPassed"] is True
    sm.delete_resource_policy(SecretId="conf/update")
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="conf/update")


def test_list_filters_and_pagination(sm):
    for i in range(5):
        sm.create_secret(Name=f"conf/list/item-{i}", SecretString="x",
                         Tags=[{"Key": "batch", "Value": "list"}])
    names = []
    kwargs = {"Filters": [{"Key": "name", "Values": ["conf/list/"]}], "MaxResults": 2}
    while True:
        page = sm.list_secrets(**kwargs)
        assert len(page["SecretList"]) <= 2
        names += [s["Name"] for s in page["SecretList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(names) == [f"conf/list/item-{i}" for i in range(5)]
    tagged = sm.list_secrets(Filters=[{"Key": "tag-value", "Values": ["list"]}])["SecretList"]
    assert len(tagged) == 5
    paginator = sm.get_paginator("list_secrets")
    total = sum(len(p["SecretList"]) for p in paginator.paginate(
        Filters=[{"Key": "name", "Values": ["conf/list/"]}], PaginationConfig={"PageSize": 3}))
    assert total == 5


def test_delete_restore_and_recovery_window_on_the_clock(sim, sm):
    sm.create_secret(Name="conf/delete-me", SecretString="x")
    deleted = sm.delete_secret(SecretId="conf/delete-me", RecoveryWindowInDays=7)
    assert "DeletionDate" in deleted
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.get_secret_value(SecretId="conf/delete-me")
    assert error_code(e) == "InvalidRequestException"
    sm.restore_secret(SecretId="conf/delete-me")
    assert sm.get_secret_value(SecretId="conf/delete-me")["SecretString"] == "x"
    sm.delete_secret(SecretId="conf/delete-me", RecoveryWindowInDays=7)
    sim.simctl("clock", "advance", "6d")
    assert sm.describe_secret(SecretId="conf/delete-me")["DeletedDate"]
    sim.simctl("clock", "advance", "1d1h")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.describe_secret(SecretId="conf/delete-me")
    assert error_code(e) == "ResourceNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.delete_secret(SecretId="conf/x", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
    assert error_code(e) == "InvalidParameterException"


def test_force_delete(sm):
    sm.create_secret(Name="conf/force", SecretString="x")
    sm.delete_secret(SecretId="conf/force", ForceDeleteWithoutRecovery=True)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.describe_secret(SecretId="conf/force")
    assert error_code(e) == "ResourceNotFoundException"


def test_random_password(sm):
    pw = sm.get_random_password(PasswordLength=40, ExcludePunctuation=True)["RandomPassword"]
    assert len(pw) == 40 and pw.isalnum()
    digits = sm.get_random_password(PasswordLength=12, ExcludeLowercase=True, ExcludeUppercase=True,
                                    ExcludePunctuation=True)["RandomPassword"]
    assert digits.isdigit()
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sm.get_random_password(ExcludeLowercase=True, ExcludeUppercase=True, ExcludeNumbers=True,
                               ExcludePunctuation=True)
    assert error_code(e) == "InvalidParameterException"


def test_rotation_on_the_clock(sim, sm):
    sm.create_secret(Name="conf/rotate", SecretString=json.dumps({"username": "app", "password": "old"}))
    sm.rotate_secret(SecretId="conf/rotate", RotationRules={"AutomaticallyAfterDays": 1},
                     RotateImmediately=False, RotationLambdaARN="arn:aws:lambda:eu-west-2:000000000000:function:rot")
    described = sm.describe_secret(SecretId="conf/rotate")
    assert described["RotationEnabled"] is True
    assert described["RotationRules"]["AutomaticallyAfterDays"] == 1
    sim.simctl("clock", "advance", "1d1h")
    rotated = json.loads(sm.get_secret_value(SecretId="conf/rotate")["SecretString"])
    assert rotated["username"] == "app" and rotated["password"] != "old"
    previous = json.loads(sm.get_secret_value(SecretId="conf/rotate", VersionStage="AWSPREVIOUS")["SecretString"])
    assert previous["password"] == "old"
    sm.cancel_rotate_secret(SecretId="conf/rotate")
    assert sm.describe_secret(SecretId="conf/rotate")["RotationEnabled"] is False


def test_replication_fields(sm):
    sm.create_secret(Name="conf/replicated", SecretString="x", AddReplicaRegions=[{"Region": "eu-west-1"}])
    status = sm.describe_secret(SecretId="conf/replicated")["ReplicationStatus"]
    assert status[0]["Region"] == "eu-west-1"
    sm.remove_regions_from_replication(SecretId="conf/replicated", RemoveReplicaRegions=["eu-west-1"])
    assert not sm.describe_secret(SecretId="conf/replicated").get("ReplicationStatus")


def test_provisioned_from_environment(sm):
    # environments/dev/aws_secrets declares the application's secrets.
    names = [s["Name"] for s in sm.list_secrets(MaxResults=100)["SecretList"]]
    for expected in ("northwind/dev/app/secret-key",):
        assert expected in names, names


def test_validation_error_from_the_model(sim):
    # boto3 validates client-side; send the raw request to see the server's answer.
    import botocore.auth, botocore.awsrequest, botocore.credentials, urllib.request, urllib.error
    body = json.dumps({"PasswordLength": 0})
    req = botocore.awsrequest.AWSRequest(method="POST", url=sim.endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.GetRandomPassword"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials("test", "test"), "secretsmanager", REGION).add_auth(req)
    r = urllib.request.Request(sim.endpoint + "/", data=body.encode(), headers=dict(req.headers.items()), method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(r, timeout=10)
    assert e.value.code == 400
    payload = json.loads(e.value.read())
    assert payload["__type"] == "ValidationException"
    assert "passwordLength" in payload["message"]


def test_bad_credentials(sim):
    bad = client(sim, "secretsmanager", region=REGION, secret="wrong")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        bad.list_secrets()
    assert error_code(e) == "InvalidSignatureException"
    unknown = client(sim, "secretsmanager", region=REGION, key="AKIDUNKNOWN")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        unknown.list_secrets()
    assert error_code(e) == "UnrecognizedClientException"
