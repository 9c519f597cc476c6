"""Starts a real sim (`simctl up`) for the conformance tests and stops it after.

The sim binds 127.0.0.1 on free ports (--port 0, --data-ports auto), keeps state in a temporary
directory and is killed at the end of the session whatever happens.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SIMCTL = os.environ.get("SIMCTL", os.path.join(REPO, "build", "sim", "simctl", "simctl"))
ENVIRONMENTS = os.path.join(REPO, "environments")


class Sim:
    """A running `simctl up` process and how to reach it."""

    def __init__(self, args, state_dir, environments_dir=ENVIRONMENTS):
        self.state_dir = state_dir
        self.proc = subprocess.Popen(
            [SIMCTL, "up", *args, "--port", "0", "--data-ports", "auto", "--state-dir", state_dir,
             "--environments-dir", environments_dir],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.output = []
        deadline = time.monotonic() + 30
        self.endpoint = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("simctl up exited: " + "".join(self.output) + self.proc.stderr.read())
            self.output.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+)\s*$", line)
            if m and self.endpoint is None:
                self.endpoint = m.group(1)
            if line.startswith("ready in"):
                break
        if self.endpoint is None:
            self.stop()
            raise RuntimeError("simctl up printed no endpoint: " + "".join(self.output))
        self.port = int(self.endpoint.rsplit(":", 1)[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def health(self):
        import json
        import urllib.request
        with urllib.request.urlopen(self.endpoint + "/_sim/health", timeout=10) as response:
            return json.load(response)

    def issuer(self, realm="northwind", environment="dev"):
        """The OpenID Connect issuer of an imported Keycloak realm."""
        service = f"identity {realm}"
        for endpoint in self.health()["endpoints"]:
            if endpoint["environment"] == environment and endpoint["service"] == service:
                return endpoint["address"]
        raise KeyError(service)

    def redis_port(self, group, environment="dev", reader=False):
        """The loopback port of a Redis group's primary (or reader) endpoint."""
        service = f"redis {group}" + (" (reader)" if reader else "")
        for endpoint in self.health()["endpoints"]:
            if endpoint["environment"] == environment and endpoint["service"] == service:
                return int(endpoint["address"].rsplit(":", 1)[1])
        raise KeyError(service)

    def simctl(self, *args, check=True):
        """Runs a simctl command against this sim; returns CompletedProcess."""
        result = subprocess.run([SIMCTL, *args, "--endpoint", f"127.0.0.1:{self.port}"],
                                capture_output=True, text=True, timeout=30)
        if check and result.returncode != 0:
            raise AssertionError(f"simctl {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result


def start_sim(tmp_root, *args, environments_dir=ENVIRONMENTS):
    state_dir = tempfile.mkdtemp(prefix="state-", dir=tmp_root)
    return Sim(list(args), state_dir, environments_dir)


@pytest.fixture(scope="session")
def tmp_root():
    root = tempfile.mkdtemp(prefix="awssim-conformance-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sim(tmp_root):
    """One sim for the dev environment, simulated clock, shared by a session."""
    s = start_sim(tmp_root, "dev", "--clock", "sim", "--start", "2026-01-01T00:00:00Z")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def real_clock_sim(tmp_root):
    """A dev sim on the real clock, for clients that check token expiry
    against the wall clock (keycloak-connect, the Keycloak admin client)."""
    s = start_sim(tmp_root, "dev")
    yield s
    s.stop()


def run_node_test(script, packages, **env):
    """Runs a node:test file of this folder with `env` added; fails with its output."""
    for package in packages:
        assert os.path.isdir(os.path.join(HERE, "node_modules", package)), \
            "run `npm ci` in tests/conformance (the README's test command does)"
    result = subprocess.run(["node", "--test", "--test-reporter=spec", script], cwd=HERE,
                            env=dict(os.environ, **env), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def dev_account(sim):
    import json
    out = subprocess.run([SIMCTL, "env", "show", "dev", "--json", "--environments-dir", ENVIRONMENTS],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def client(sim, service, region="eu-west-1", key="test", secret="test"):
    import boto3
    return boto3.client(service, endpoint_url=sim.endpoint, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=secret)


def aws_cli(sim, *args, region="eu-west-1", key="test", secret="test", check=True):
    """Runs Debian's AWS CLI (/usr/bin/aws) against the sim, JSON output."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
               AWS_DEFAULT_REGION=region, AWS_PAGER="", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    result = subprocess.run(["/usr/bin/aws", "--endpoint-url", sim.endpoint, "--output", "json", *args],
                            capture_output=True, text=True, env=env, timeout=60)
    if check and result.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result
