"""Bad input at the front door: each gets a clear error, the server keeps
serving, and nothing stored is lost."""
import json
import socket
import urllib.error
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

from conftest import client

REGION = "eu-west-2"


def raw(sim, data, read=65536):
    with socket.create_connection(("127.0.0.1", sim.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(read)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def signed(sim, target, body, service="secretsmanager", secret="test"):
    req = botocore.awsrequest.AWSRequest(method="POST", url=sim.endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials("test", secret), service, REGION).add_auth(req)
    r = urllib.request.Request(sim.endpoint + "/", data=body.encode(), headers=dict(req.headers.items()),
                               method="POST")
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def canary(sim):
    sm = client(sim, "secretsmanager", region=REGION)
    sm.create_secret(Name="frontdoor/canary", SecretString="still-here")
    yield sm
    assert sm.get_secret_value(SecretId="frontdoor/canary")["SecretString"] == "still-here"


def test_malformed_http_is_refused_and_server_keeps_serving(sim, canary):
    answer = raw(sim, b"THIS IS NOT HTTP\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert canary.get_secret_value(SecretId="frontdoor/canary")["SecretString"] == "still-here"


def test_huge_headers_are_refused(sim, canary):
    answer = raw(sim, b"GET /_sim/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431")


def test_oversized_body_is_refused(sim, canary):
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
            b"X-Amz-Target: secretsmanager.ListSecrets\r\nContent-Length: 200000000\r\n\r\n")
    answer = raw(sim, head + b"{" * 1000)
    assert answer.startswith(b"HTTP/1.1 413")


def test_unsigned_request_is_refused_in_protocol_form(sim, canary):
    req = urllib.request.Request(sim.endpoint + "/", data=b"{}", method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.ListSecrets"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    body = json.loads(e.value.read())
    assert body["__type"].startswith("MissingAuthenticationToken")


def test_bad_signature(sim, canary):
    status, body = signed(sim, "secretsmanager.ListSecrets", "{}", secret="wrong")
    assert status == 400
    assert json.loads(body)["__type"] == "InvalidSignatureException"


def test_invalid_json_and_wrong_types(sim, canary):
    status, body = signed(sim, "secretsmanager.GetSecretValue", "{not json")
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"
    status, body = signed(sim, "secretsmanager.GetSecretValue", '{"SecretId": 42}')
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"


def test_unknown_operation_and_service(sim, canary):
    status, body = signed(sim, "secretsmanager.StealAllSecrets", "{}")
    assert status == 400 and json.loads(body)["__type"] == "UnknownOperationException"
    status, body = signed(sim, "Kinesis_20131202.ListStreams", "{}", service="kinesis")
    assert status == 400 and b"kinesis" in body


def test_faults_error_latency_outage(sim, canary):
    fid = sim.simctl("fault", "add", "--service", "secretsmanager", "--operation", "GetSecretValue",
                     "--resource", "frontdoor/canary", "--kind", "error", "--error-code",
                     "InternalServiceError", "--status", "500").stdout.strip()
    status, body = signed(sim, "secretsmanager.GetSecretValue", '{"SecretId":"frontdoor/canary"}')
    assert status == 500 and json.loads(body)["__type"] == "InternalServiceError"
    listed = json.loads(sim.simctl("fault", "list", "--json").stdout)["faults"]
    assert [f["id"] for f in listed] == [fid]
    sim.simctl("fault", "clear", fid)
    sim.simctl("fault", "add", "--service", "secretsmanager", "--kind", "outage", "--count", "1")
    with pytest.raises(Exception):
        signed(sim, "secretsmanager.ListSecrets", "{}")
    status, _ = signed(sim, "secretsmanager.ListSecrets", "{}")  # count exhausted
    assert status == 200
    sim.simctl("fault", "clear")


def test_journal_records_operations_without_values(sim, canary):
    out = json.loads(sim.simctl("journal", "--service", "secretsmanager", "--limit", "1000", "--json").stdout)
    actions = {e["action"] for e in out["entries"]}
    assert "CreateSecret" in actions and "GetSecretValue" in actions
    assert "still-here" not in json.dumps(out)


def test_admin_health(sim):
    with urllib.request.urlopen(sim.endpoint + "/_sim/health", timeout=5) as r:
        health = json.loads(r.read())
    assert health["status"] == "running"
    assert health["clock"]["simulated"] is True
    env = health["environments"][0]
    assert env["name"] == "dev" and env["account_id"] == "000000000000"
    assert "eks_clusters" in env["modeled_not_emulated"]


def test_invalid_utf8_in_headers_does_not_stop_the_server(sim, canary):
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n"
            b"X-Amz-Target: secretsmanager.\xff\xfe\r\nAuthorization: \xff\xfe\r\nContent-Length: 2\r\n\r\n{}")
    answer = raw(sim, head)
    assert answer.startswith(b"HTTP/1.1 4")
    assert canary.get_secret_value(SecretId="frontdoor/canary")["SecretString"] == "still-here"


def test_node_failure_fault_with_bad_status_is_refused(sim, canary):
    out = sim.simctl("fault", "add", "--service", "secretsmanager", "--kind", "node_failure",
                     "--error-code", "X", "--status", "5000", check=False)
    assert out.returncode == 1 and "http_status" in out.stderr
    assert canary.get_secret_value(SecretId="frontdoor/canary")["SecretString"] == "still-here"


def test_huge_value_against_a_pattern_is_refused_not_crashing(sim, canary):
    # ScheduleExpression has a pattern and max length 256; 5 MB of it must be
    # refused by the length check, never fed to the regex engine.
    body = json.dumps({"SecretId": "frontdoor/canary", "RotationRules": {"ScheduleExpression": "r" * 5_000_000}})
    status, payload = signed(sim, "secretsmanager.RotateSecret", body)
    assert status == 400
    assert json.loads(payload)["__type"] == "ValidationException"
