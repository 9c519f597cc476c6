"""Runs the Node Redis client conformance tests (ioredis and node-redis) against the sim's
ElastiCache Redis endpoints for the dev replication group."""
from conftest import SIMCTL, run_node_test

GROUP = "northwind-dev-redis"
TOKEN = "dev-only-redis-auth-token-not-a-secret"


def test_node_redis_clients(sim):
    run_node_test("redis_clients.test.mjs", ["ioredis", "redis"],
                  REDIS_HOST="127.0.0.1",
                  REDIS_PORT=str(sim.redis_port(GROUP)),
                  REDIS_READER_PORT=str(sim.redis_port(GROUP, reader=True)),
                  REDIS_PASSWORD=TOKEN,
                  # Lets the tests move the simulated clock (key expiry, BLPOP timeouts).
                  SIMCTL=SIMCTL,
                  SIMCTL_ENDPOINT=f"127.0.0.1:{sim.port}")
