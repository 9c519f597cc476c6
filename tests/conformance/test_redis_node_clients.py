"""Runs the Node Redis client conformance tests (ioredis and node-redis) against the sim's
ElastiCache Redis endpoints for the dev replication group."""
import os
import subprocess

from conftest import SIMCTL

HERE = os.path.dirname(os.path.abspath(__file__))
GROUP = "northwind-dev-redis"
TOKEN = "dev-only-redis-auth-token-not-a-secret"


def test_node_redis_clients(sim):
    for package in ("ioredis", "redis"):
        assert os.path.isdir(os.path.join(HERE, "node_modules", package)), \
            "run `npm ci` in tests/conformance (the README's test command does)"
    env = dict(os.environ,
               REDIS_HOST="127.0.0.1",
               REDIS_PORT=str(sim.redis_port(GROUP)),
               REDIS_READER_PORT=str(sim.redis_port(GROUP, reader=True)),
               REDIS_PASSWORD=TOKEN,
               # Lets the tests move the simulated clock (key expiry, BLPOP timeouts).
               SIMCTL=SIMCTL,
               SIMCTL_ENDPOINT=f"127.0.0.1:{sim.port}")
    result = subprocess.run(["node", "--test", "--test-reporter=spec", "redis_clients.test.mjs"], cwd=HERE,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
