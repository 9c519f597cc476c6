"""ElastiCache Redis against stock clients: redis-cli and raw RESP sockets for
the data plane, boto3 and the AWS CLI for the control plane, simctl for the
simulated clock and faults. The `sim` fixture runs `dev` on a simulated clock."""
import os
import socket
import subprocess
import time

import pytest

from conftest import aws_cli, client, start_sim

GROUP = "northwind-dev-redis"
TOKEN = "dev-only-redis-auth-token-not-a-secret"
REGION = "eu-west-2"  # dev's region
NEW_TOKEN = "another-token-0123456789"


class Resp:
    """A raw RESP connection: exact bytes out, parsed replies in."""

    def __init__(self, port, password=TOKEN):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        if password:
            assert self.call("AUTH", password) == "OK"

    def send(self, raw):
        self.sock.sendall(raw)

    def command(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.send(out)

    def call(self, *args):
        self.command(*args)
        return self.reply()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if kind in (b"*", b"~", b">"):
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        if kind == b"%":
            return {self.reply(): self.reply() for _ in range(int(rest))}
        if kind == b"_":
            return None
        if kind == b",":
            return float(rest)
        if kind == b"=":
            return self._exact(int(rest)).decode()[4:]
        raise AssertionError(f"unexpected reply line {line!r}")

    def closed_by_server(self):
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return True

    def close(self):
        self.sock.close()


def cli(port, *args, password=TOKEN):
    result = subprocess.run(["redis-cli", "-p", str(port), "-a", password, "--no-auth-warning", *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def sim(tmp_root):
    """A sim of its own: these tests move its simulated clock by days."""
    s = start_sim(tmp_root, "dev", "--clock", "sim", "--start", "2026-01-01T00:00:00Z")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def port(sim):
    return sim.redis_port(GROUP)


@pytest.fixture(scope="module")
def ec(sim):
    return client(sim, "elasticache", region=REGION)


def test_redis_cli_reads_and_writes_with_the_auth_token(port, sim):
    assert cli(port, "SET", "cli:k", "v", "EX", "100") == "OK"
    assert cli(port, "GET", "cli:k") == "v"
    assert cli(port, "INCRBY", "cli:n", "41") == "41"
    assert cli(port, "INCR", "cli:n") == "42"
    assert cli(port, "TTL", "cli:k") == "100"
    assert cli(port, "TYPE", "cli:k") == "string"
    # dev's group has no replica: its reader endpoint leads to the primary.
    assert cli(sim.redis_port(GROUP, reader=True), "GET", "cli:k") == "v"
    info = cli(port, "INFO", "server")
    assert "redis_version:7.0.15" in info and "redis_mode:standalone" in info
    # aws_redis's parameter group reaches CONFIG.
    assert cli(port, "CONFIG", "GET", "maxmemory-policy").splitlines() == ["maxmemory-policy", "allkeys-lru"]


def test_auth_is_enforced_as_redis_words_it(port):
    c = Resp(port, password=None)
    assert str(c.call("GET", "x")) == "NOAUTH Authentication required."
    assert str(c.call("AUTH", "wrong")) == "WRONGPASS invalid username-password pair or user is disabled."
    assert str(c.call("AUTH", "someone", TOKEN)) == \
        "WRONGPASS invalid username-password pair or user is disabled."
    hello = c.call("HELLO", "3", "AUTH", "default", TOKEN, "SETNAME", "conformance")
    assert hello["server"] == "redis" and hello["proto"] == 3 and hello["role"] == "master"
    assert c.call("CLIENT", "GETNAME") == "conformance"
    c.close()


def test_resp3_types_after_hello_3(port):
    c = Resp(port)
    c.call("HELLO", "3")
    c.call("DEL", "r3:h")
    c.call("HSET", "r3:h", "a", "1", "b", "2")
    assert c.call("HGETALL", "r3:h") == {"a": "1", "b": "2"}
    c.call("SET", "r3:s", "x")
    assert c.call("GET", "r3:missing") is None
    c.send(b"*2\r\n$3\r\nGET\r\n$10\r\nr3:missing\r\n")
    assert c._line() == b"_"
    c.close()


def test_pipeline_of_a_thousand_commands_in_one_write(port):
    c = Resp(port)
    c.call("DEL", "pipe:n")
    c.send(b"".join(b"*2\r\n$4\r\nINCR\r\n$6\r\npipe:n\r\n" for _ in range(1000)))
    replies = [c.reply() for _ in range(1000)]
    assert replies == list(range(1, 1001))
    c.close()


def test_multi_exec_and_watch(port):
    a, b = Resp(port), Resp(port)
    a.call("SET", "tx:k", "1")
    assert a.call("MULTI") == "OK"
    assert a.call("INCR", "tx:k") == "QUEUED"
    assert a.call("INCR", "tx:k") == "QUEUED"
    assert a.call("EXEC") == [2, 3]
    # A write by someone else between WATCH and EXEC aborts the transaction.
    assert a.call("WATCH", "tx:k") == "OK"
    b.call("SET", "tx:k", "changed")
    a.call("MULTI")
    a.call("SET", "tx:k", "mine")
    assert a.call("EXEC") is None
    assert a.call("GET", "tx:k") == "changed"
    # A command refused while queueing dooms the transaction.
    a.call("MULTI")
    assert "wrong number of arguments" in str(a.call("SET", "tx:k"))
    assert str(a.call("EXEC")).startswith("EXECABORT")
    a.close()
    b.close()


def test_pub_sub_channels_and_patterns(port):
    sub, pub = Resp(port), Resp(port)
    assert sub.call("SUBSCRIBE", "news") == ["subscribe", "news", 1]
    sub.command("PSUBSCRIBE", "ne*")
    assert sub.reply() == ["psubscribe", "ne*", 2]
    # RESP2 subscribers may only use pub/sub commands.
    assert "only (P|S)SUBSCRIBE" in str(sub.call("GET", "x"))
    assert pub.call("PUBLISH", "news", "hello") == 2
    assert sub.reply() == ["message", "news", "hello"]
    assert sub.reply() == ["pmessage", "ne*", "news", "hello"]
    assert pub.call("PUBSUB", "NUMSUB", "news") == ["news", 1]
    sub.close()
    pub.close()


def test_blocking_pop_is_served_by_a_later_push(port):
    waiter, pusher = Resp(port), Resp(port)
    waiter.call("DEL", "bl:q")
    waiter.command("BLPOP", "bl:q", "0")
    time.sleep(0.1)
    assert pusher.call("RPUSH", "bl:q", "job-1") == 1
    assert waiter.reply() == ["bl:q", "job-1"]
    assert pusher.call("EXISTS", "bl:q") == 0
    waiter.close()
    pusher.close()


def test_blocking_timeout_and_expiry_follow_the_simulated_clock(port, sim):
    c, waiter = Resp(port), Resp(port)
    c.call("SET", "clock:k", "v", "EX", "30")
    waiter.command("BLPOP", "clock:nothing", "20")
    time.sleep(0.2)
    waiter.sock.settimeout(0.3)
    with pytest.raises(socket.timeout):
        waiter.sock.recv(1)  # 20 s of simulated time have not passed
    waiter.sock.settimeout(10)
    sim.simctl("clock", "advance", "31s")
    assert waiter.reply() is None
    assert c.call("GET", "clock:k") is None
    c.close()
    waiter.close()


def test_active_expiry_reclaims_keys_nobody_reads(port, sim):
    c = Resp(port)
    c.call("SELECT", "5")
    for i in range(50):
        c.call("SET", f"ttl:{i}", "v", "EX", "60")
    assert c.call("DBSIZE") == 50
    sim.simctl("clock", "advance", "61s")
    deadline = time.monotonic() + 5
    while c.call("DBSIZE") and time.monotonic() < deadline:
        time.sleep(0.05)  # the active cycle runs ten times a second
    assert c.call("DBSIZE") == 0
    assert "expired_keys:50" in c.call("INFO", "stats")
    c.close()


def test_scan_visits_every_key_once(port):
    c = Resp(port)
    for i in range(300):
        c.command("SET", f"scan:{i}", i)
    for _ in range(300):
        c.reply()
    seen, cursor = [], "0"
    while True:
        cursor, keys = c.call("SCAN", cursor, "MATCH", "scan:*", "COUNT", "25")
        seen += keys
        if cursor == "0":
            break
    assert sorted(seen) == sorted(f"scan:{i}" for i in range(300))
    c.close()


def test_bad_input_gets_redis_errors_and_the_server_carries_on(port):
    bystander = Resp(port)
    c = Resp(port)
    assert str(c.call("NOSUCHCMD", "a")) == \
        "ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' "
    assert str(c.call("GET")) == "ERR wrong number of arguments for 'get' command"
    c.call("SET", "bad:s", "x")
    assert str(c.call("LPUSH", "bad:s", "y")).startswith("WRONGTYPE")
    assert str(c.call("INCR", "bad:s")) == "ERR value is not an integer or out of range"
    cases = [
        (b"*1\r\n$abc\r\n", "ERR Protocol error: invalid bulk length"),
        (b"*1\r\n$999999999999\r\n", "ERR Protocol error: invalid bulk length"),
        (b"*2\r\n*1\r\n$4\r\nPING\r\n", "ERR Protocol error: expected '$', got '*'"),
        (b"*99999999999\r\n", "ERR Protocol error: invalid multibulk length"),
        (b'SET "unbalanced\r\n', "ERR Protocol error: unbalanced quotes in request"),
    ]
    for raw, message in cases:
        bad = Resp(port)
        bad.send(raw)
        assert str(bad.reply()) == message
        assert bad.closed_by_server()  # Redis closes after a protocol error
        bad.close()
    assert bystander.call("PING") == "PONG"
    c.close()
    bystander.close()


def test_control_plane_describes_the_provisioned_group(ec, sim):
    group = ec.describe_replication_groups(ReplicationGroupId=GROUP)["ReplicationGroups"][0]
    assert group["Status"] == "available" and group["AuthTokenEnabled"] is True
    assert group["NodeGroups"][0]["PrimaryEndpoint"] == {"Address": "127.0.0.1", "Port": sim.redis_port(GROUP)}
    tags = ec.list_tags_for_resource(ResourceName=group["ARN"])["TagList"]
    assert {"Key": "Service", "Value": "redis"} in tags
    out = aws_cli(sim, "elasticache", "describe-cache-clusters", "--show-cache-node-info", region=REGION)
    assert GROUP + "-001" in out.stdout
    with pytest.raises(ec.exceptions.ReplicationGroupNotFoundFault):
        ec.describe_replication_groups(ReplicationGroupId="nope")


def create_group(ec, name, replicas, **extra):
    ec.create_replication_group(
        ReplicationGroupId=name, ReplicationGroupDescription="conformance",
        NumCacheClusters=replicas + 1, AutomaticFailoverEnabled=replicas > 0,
        TransitEncryptionEnabled=True, AuthToken=NEW_TOKEN, **extra)
    group = ec.describe_replication_groups(ReplicationGroupId=name)["ReplicationGroups"][0]
    return group, group["NodeGroups"][0]["PrimaryEndpoint"]["Port"]


def test_create_snapshot_failover_restore_delete(ec):
    group, port = create_group(ec, "drill-a", replicas=1)
    assert [m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]] == ["primary", "replica"]
    reader = group["NodeGroups"][0]["ReaderEndpoint"]["Port"]
    c = Resp(port, NEW_TOKEN)
    c.call("SET", "drill:k", "before")
    assert str(Resp(reader, NEW_TOKEN).call("SET", "x", "y")).startswith("READONLY")
    ec.create_snapshot(ReplicationGroupId="drill-a", SnapshotName="drill-a-snap")
    snap = ec.describe_snapshots(SnapshotName="drill-a-snap")["Snapshots"][0]
    assert snap["SnapshotStatus"] == "available" and snap["SnapshotSource"] == "manual"

    ec.test_failover(ReplicationGroupId="drill-a", NodeGroupId="0001")
    assert c.closed_by_server()
    group = ec.describe_replication_groups(ReplicationGroupId="drill-a")["ReplicationGroups"][0]
    roles = {m["CacheClusterId"]: m["CurrentRole"] for m in group["NodeGroups"][0]["NodeGroupMembers"]}
    assert roles == {"drill-a-001": "replica", "drill-a-002": "primary"}
    assert group["NodeGroups"][0]["PrimaryEndpoint"]["Port"] == port  # endpoints stay
    assert Resp(port, NEW_TOKEN).call("GET", "drill:k") == "before"  # nothing acknowledged is lost
    messages = [e["Message"] for e in ec.describe_events(SourceIdentifier="drill-a")["Events"]]
    assert any("Failover from primary node drill-a-001 to replica node drill-a-002" in m for m in messages)

    _, restored = create_group(ec, "drill-b", replicas=0, SnapshotName="drill-a-snap")
    assert Resp(restored, NEW_TOKEN).call("GET", "drill:k") == "before"

    ec.delete_replication_group(ReplicationGroupId="drill-a", FinalSnapshotIdentifier="drill-a-final")
    assert ec.describe_snapshots(SnapshotName="drill-a-final")["Snapshots"]
    with pytest.raises(ec.exceptions.ReplicationGroupNotFoundFault):
        ec.describe_replication_groups(ReplicationGroupId="drill-a")
    with pytest.raises(ConnectionError):
        Resp(port, NEW_TOKEN)
    ec.delete_replication_group(ReplicationGroupId="drill-b")


def test_control_plane_refuses_bad_requests(ec):
    with pytest.raises(ec.exceptions.InvalidParameterValueException):
        ec.create_replication_group(ReplicationGroupId="9-starts-with-digit", ReplicationGroupDescription="x")
    with pytest.raises(ec.exceptions.InvalidParameterCombinationException):
        ec.create_replication_group(ReplicationGroupId="no-tls", ReplicationGroupDescription="x",
                                    AuthToken=NEW_TOKEN)
    with pytest.raises(ec.exceptions.InvalidParameterCombinationException):
        ec.create_replication_group(ReplicationGroupId="lonely", ReplicationGroupDescription="x",
                                    AutomaticFailoverEnabled=True, NumCacheClusters=1)
    with pytest.raises(ec.exceptions.ReplicationGroupAlreadyExistsFault):
        ec.create_replication_group(ReplicationGroupId=GROUP, ReplicationGroupDescription="x")
    with pytest.raises(ec.exceptions.InvalidReplicationGroupStateFault):
        ec.test_failover(ReplicationGroupId=GROUP, NodeGroupId="0001")
    with pytest.raises(ec.exceptions.SnapshotNotFoundFault):
        ec.delete_snapshot(SnapshotName="nope")


def test_node_failure_without_replica_loses_writes_since_the_last_snapshot(ec, sim):
    _, port = create_group(ec, "fail-solo", replicas=0)
    c = Resp(port, NEW_TOKEN)
    c.call("SET", "k1", "kept")
    ec.create_snapshot(ReplicationGroupId="fail-solo", SnapshotName="fail-solo-snap")
    c.call("SET", "k2", "lost")
    sim.simctl("fault", "add", "--service", "elasticache", "--resource", "fail-solo",
               "--kind", "node_failure", "--count", "1")
    c.command("GET", "k1")
    assert c.closed_by_server()
    time.sleep(0.2)
    fresh = Resp(port, NEW_TOKEN)
    assert fresh.call("GET", "k1") == "kept"
    assert fresh.call("GET", "k2") is None
    ec.delete_replication_group(ReplicationGroupId="fail-solo")


def test_node_failure_with_a_replica_fails_over_without_loss(ec, sim):
    _, port = create_group(ec, "fail-ha", replicas=1)
    c = Resp(port, NEW_TOKEN)
    c.call("SET", "k", "acknowledged")
    sim.simctl("fault", "add", "--service", "elasticache", "--resource", "fail-ha",
               "--kind", "node_failure", "--count", "1")
    c.command("PING")
    assert c.closed_by_server()
    time.sleep(0.2)
    assert Resp(port, NEW_TOKEN).call("GET", "k") == "acknowledged"
    group = ec.describe_replication_groups(ReplicationGroupId="fail-ha")["ReplicationGroups"][0]
    assert group["NodeGroups"][0]["NodeGroupMembers"][1]["CurrentRole"] == "primary"
    ec.delete_replication_group(ReplicationGroupId="fail-ha")


def test_error_fault_answers_in_resp(ec, sim):
    _, port = create_group(ec, "fail-err", replicas=0)
    sim.simctl("fault", "add", "--service", "elasticache", "--operation", "get", "--resource", "fail-err",
               "--kind", "error", "--error-code", "LOADING", "--message", "Redis is loading the dataset in memory",
               "--count", "1")
    c = Resp(port, NEW_TOKEN)
    assert str(c.call("GET", "k")) == "LOADING Redis is loading the dataset in memory"
    assert c.call("GET", "k") is None
    ec.delete_replication_group(ReplicationGroupId="fail-err")


def test_automatic_snapshots_run_daily_in_the_window_and_keep_the_retention(ec, sim):
    create_group(ec, "auto-snap", replicas=0, SnapshotRetentionLimit=2, SnapshotWindow="03:00-04:00")
    sim.simctl("clock", "advance", "4d")
    snaps = ec.describe_snapshots(ReplicationGroupId="auto-snap", SnapshotSource="system")["Snapshots"]
    assert len(snaps) == 2
    assert all(s["SnapshotName"].startswith("automatic.auto-snap-") for s in snaps)
    ec.delete_replication_group(ReplicationGroupId="auto-snap")
