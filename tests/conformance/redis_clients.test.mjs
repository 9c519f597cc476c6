// ElastiCache Redis through the two npm clients people actually use, ioredis and node-redis
// (`redis`), against the sim's Redis endpoints (started by test_redis_node_clients.py):
//   REDIS_HOST, REDIS_PORT         the replication group's primary endpoint
//   REDIS_READER_PORT              its reader endpoint
//   REDIS_PASSWORD                 the AUTH token of user `default`
//   SIMCTL, SIMCTL_ENDPOINT        optional: simctl and the sim's host:port, to move its simulated
//                                  clock (key expiry and blocking timeouts follow that clock)
// Both clients default to RESP3 (HELLO 3) in their current majors, so every suite runs once per
// protocol. Tests are independent: each uses its own key prefix.
import { describe, test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Redis from "ioredis";
import { createClient, RESP_TYPES, WatchError } from "redis";

const HOST = process.env.REDIS_HOST ?? "127.0.0.1";
const PORT = Number(process.env.REDIS_PORT);
const READER_PORT = Number(process.env.REDIS_READER_PORT);
const PASSWORD = process.env.REDIS_PASSWORD;
const SIMCTL = process.env.SIMCTL;
const SIMCTL_ENDPOINT = process.env.SIMCTL_ENDPOINT;
assert.ok(PORT && READER_PORT && PASSWORD, "set REDIS_PORT, REDIS_READER_PORT and REDIS_PASSWORD");

const T = { timeout: 20_000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let unique = 0;
const prefix = (name) => `node:${name}:${process.pid}:${++unique}:`;

async function advanceClock(duration) {
  await promisify(execFile)(SIMCTL, ["clock", "advance", duration, "--endpoint", SIMCTL_ENDPOINT]);
}

// Waits until the connection with this CLIENT ID is blocked (CLIENT LIST flags contain "b"), so
// that a test really exercises a blocked BLPOP rather than racing the push.
async function waitBlocked(call, id) {
  for (let i = 0; i < 200; i++) {
    const line = String(await call(["CLIENT", "LIST", "ID", String(id)]));
    if (/ flags=\S*b/.test(line)) return;
    await sleep(10);
  }
  assert.fail(`client ${id} never blocked`);
}

// Awaits a promise that must reject, and checks the error's message (the reply's text).
async function rejectsWith(promise, re) {
  const err = await promise.then((v) => assert.fail(`resolved with ${JSON.stringify(v)}, expected ${re}`), (e) => e);
  assert.match(err.message, re);
  return err;
}

// Resolves with the first `count` values an emitter-style callback receives.
function collector(count) {
  const seen = [];
  let done;
  const all = new Promise((resolve) => { done = resolve; });
  return {
    push(value) { seen.push(value); if (seen.length === count) done(seen); },
    all: () => Promise.race([all, sleep(5000).then(() => assert.fail(`got only ${JSON.stringify(seen)}`))]),
  };
}

// --------------------------------------------------------------------------------------------
// ioredis
// --------------------------------------------------------------------------------------------

for (const protocol of [2, 3]) describe(`ioredis RESP${protocol}`, () => {
  const clients = [];
  async function io(options = {}) {
    const c = new Redis({
      host: HOST, port: options.port ?? PORT, password: PASSWORD, protocol, lazyConnect: true,
      retryStrategy: () => null, maxRetriesPerRequest: 0, ...options,
    });
    c.on("error", () => {});  // surfaced through the rejected commands instead
    clients.push(c);
    await c.connect();
    return c;
  }
  const raw = (c) => (args) => c.call(...args);

  afterEach(() => { for (const c of clients.splice(0)) c.disconnect(); });

  test(`AUTH rejects a wrong token with WRONGPASS, accepts the right one`, T, async () => {
    // ioredis reports the handshake's reply error as an "error" event, then closes.
    const errors = [];
    const bad = new Redis({ host: HOST, port: PORT, password: "not-the-token", protocol, lazyConnect: true,
      retryStrategy: () => null, maxRetriesPerRequest: 0 });
    bad.on("error", (err) => errors.push(err));
    await assert.rejects(bad.connect());
    bad.disconnect();
    assert.match(errors[0]?.message ?? "no error event", /^WRONGPASS invalid username-password pair/);
    // Without a token the connection is open but every command is refused.
    const anon = await io({ password: undefined, protocol: 2, enableReadyCheck: false });
    await rejectsWith(anon.get("x"), /^NOAUTH Authentication required/);
    await rejectsWith(anon.auth("default", "not-the-token"), /^WRONGPASS/);
    await rejectsWith(anon.auth("not-the-token"), /^WRONGPASS/);
    assert.equal(await anon.auth(PASSWORD), "OK");
    assert.equal(await anon.auth("default", PASSWORD), "OK");
    assert.equal(await anon.ping(), "PONG");
    const c = await io({ username: "default" });
    assert.equal(await c.ping(), "PONG");
    assert.equal(await c.call("CLIENT", "INFO").then((s) => /resp=(\d)/.exec(s)[1]), String(protocol));
  });

  test(`strings with TTL`, T, async () => {
    const c = await io();
    const p = prefix("io-str");
    assert.equal(await c.set(`${p}k`, "v", "EX", 10), "OK");
    assert.equal(await c.get(`${p}k`), "v");
    assert.equal(await c.ttl(`${p}k`), 10);
    const pttl = await c.pttl(`${p}k`);
    assert.ok(pttl > 9000 && pttl <= 10000, `pttl ${pttl}`);
    assert.equal(await c.set(`${p}k`, "other", "NX"), null);
    assert.equal(await c.set(`${p}k`, "w", "XX", "KEEPTTL"), "OK");
    assert.equal(await c.ttl(`${p}k`), 10);
    assert.equal(await c.ttl(`${p}none`), -2);
    assert.equal(await c.mset(`${p}a`, "1", `${p}b`, "2"), "OK");
    assert.deepEqual(await c.mget(`${p}a`, `${p}b`, `${p}none`), ["1", "2", null]);
    assert.equal(await c.ttl(`${p}a`), -1);
    assert.equal(await c.incrby(`${p}a`, 41), 42);
    assert.equal(await c.append(`${p}b`, "xy"), 3);
    assert.equal(await c.getdel(`${p}b`), "2xy");
    assert.equal(await c.exists(`${p}a`, `${p}b`, `${p}k`), 2);
    if (SIMCTL) {
      await advanceClock("11s");
      assert.equal(await c.get(`${p}k`), null);
      assert.equal(await c.get(`${p}a`), "42");
    }
  });

  test(`hashes`, T, async () => {
    const c = await io();
    const p = prefix("io-hash");
    assert.equal(await c.hset(`${p}h`, { name: "ada", lang: "en", visits: "1" }), 3);
    assert.deepEqual(await c.hgetall(`${p}h`), { name: "ada", lang: "en", visits: "1" });
    assert.deepEqual(await c.hgetall(`${p}none`), {});
    assert.equal(await c.hget(`${p}h`, "name"), "ada");
    assert.deepEqual(await c.hmget(`${p}h`, "name", "nope"), ["ada", null]);
    assert.equal(await c.hincrby(`${p}h`, "visits", 4), 5);
    assert.equal(await c.hexists(`${p}h`, "lang"), 1);
    assert.equal(await c.hdel(`${p}h`, "lang", "nope"), 1);
    assert.equal(await c.hlen(`${p}h`), 2);
    assert.deepEqual((await c.hkeys(`${p}h`)).sort(), ["name", "visits"]);
    assert.equal(await c.type(`${p}h`), "hash");
  });

  test(`lists`, T, async () => {
    const c = await io();
    const p = prefix("io-list");
    assert.equal(await c.rpush(`${p}l`, "b", "c", "d"), 3);
    assert.equal(await c.lpush(`${p}l`, "a"), 4);
    assert.deepEqual(await c.lrange(`${p}l`, 0, -1), ["a", "b", "c", "d"]);
    assert.equal(await c.llen(`${p}l`), 4);
    assert.equal(await c.lindex(`${p}l`, -1), "d");
    assert.equal(await c.lpop(`${p}l`), "a");
    assert.deepEqual(await c.rpop(`${p}l`, 2), ["d", "c"]);
    assert.equal(await c.lpop(`${p}none`), null);
    assert.equal(await c.rpush(`${p}l`, "x", "b", "y"), 4);
    assert.equal(await c.lrem(`${p}l`, 0, "b"), 2);
    assert.deepEqual(await c.lrange(`${p}l`, 0, -1), ["x", "y"]);
    assert.equal(await c.lmove(`${p}l`, `${p}m`, "LEFT", "RIGHT"), "x");
    assert.deepEqual(await c.lrange(`${p}m`, 0, -1), ["x"]);
  });

  test(`sets`, T, async () => {
    const c = await io();
    const p = prefix("io-set");
    assert.equal(await c.sadd(`${p}s`, "a", "b", "c", "a"), 3);
    assert.deepEqual((await c.smembers(`${p}s`)).sort(), ["a", "b", "c"]);
    assert.equal(await c.sismember(`${p}s`, "b"), 1);
    assert.equal(await c.sismember(`${p}s`, "z"), 0);
    assert.equal(await c.scard(`${p}s`), 3);
    assert.equal(await c.srem(`${p}s`, "c", "z"), 1);
    await c.sadd(`${p}t`, "b", "x");
    assert.deepEqual(await c.sinter(`${p}s`, `${p}t`), ["b"]);
    assert.deepEqual((await c.sunion(`${p}s`, `${p}t`)).sort(), ["a", "b", "x"]);
    assert.deepEqual(await c.sdiff(`${p}s`, `${p}t`), ["a"]);
    assert.equal(await c.type(`${p}s`), "set");
  });

  test(`sorted sets`, T, async () => {
    const c = await io();
    const p = prefix("io-zset");
    assert.equal(await c.zadd(`${p}z`, 3, "c", 1, "a", 2, "b", 2.5, "bb"), 4);
    assert.deepEqual(await c.zrange(`${p}z`, 0, -1), ["a", "b", "bb", "c"]);
    assert.deepEqual(await c.zrange(`${p}z`, 0, 1, "WITHSCORES"), ["a", "1", "b", "2"]);
    assert.deepEqual(await c.zrangebyscore(`${p}z`, 2, "+inf"), ["b", "bb", "c"]);
    assert.deepEqual(await c.zrangebyscore(`${p}z`, "(2", 3, "WITHSCORES"), ["bb", "2.5", "c", "3"]);
    assert.deepEqual(await c.zrangebyscore(`${p}z`, "-inf", "+inf", "LIMIT", 1, 2), ["b", "bb"]);
    assert.deepEqual(await c.zrevrange(`${p}z`, 0, 0), ["c"]);
    assert.equal(await c.zscore(`${p}z`, "bb"), "2.5");
    assert.equal(await c.zincrby(`${p}z`, 10, "a"), "11");
    assert.equal(await c.zrank(`${p}z`, "a"), 3);
    assert.equal(await c.zcard(`${p}z`), 4);
    assert.equal(await c.zcount(`${p}z`, 2, 3), 3);
    assert.equal(await c.zrem(`${p}z`, "b"), 1);
    assert.equal(await c.type(`${p}z`), "zset");
  });

  test(`pipeline of many commands`, T, async () => {
    const c = await io();
    const p = prefix("io-pipe");
    const pipe = c.pipeline();
    for (let i = 0; i < 500; i++) pipe.set(`${p}${i}`, String(i));
    for (let i = 0; i < 500; i++) pipe.incr(`${p}${i}`);
    pipe.lpush(`${p}0`, "x");  // a failing command does not fail the others
    for (let i = 0; i < 500; i++) pipe.get(`${p}${i}`);
    const results = await pipe.exec();
    assert.equal(results.length, 1501);
    assert.ok(results.slice(0, 500).every(([err, r]) => err === null && r === "OK"));
    assert.deepEqual(results.slice(500, 1000).map(([, r]) => r), [...Array(500).keys()].map((i) => i + 1));
    assert.match(results[1000][0].message, /^WRONGTYPE/);
    assert.deepEqual(results.slice(1001).map(([, r]) => r), [...Array(500).keys()].map((i) => String(i + 1)));
    // Auto-pipelining: concurrent commands are batched on one connection.
    const auto = await io({ enableAutoPipelining: true });
    const got = await Promise.all([...Array(300).keys()].map((i) => auto.get(`${p}${i}`)));
    assert.deepEqual(got, [...Array(300).keys()].map((i) => String(i + 1)));
  });

  test(`MULTI/EXEC transactions`, T, async () => {
    const c = await io();
    const p = prefix("io-multi");
    const results = await c.multi().set(`${p}n`, "10").incrby(`${p}n`, 5).lpush(`${p}n`, "x")
      .get(`${p}n`).exec();
    assert.equal(results.length, 4);
    assert.deepEqual(results[0], [null, "OK"]);
    assert.deepEqual(results[1], [null, 15]);
    assert.match(results[2][0].message, /^WRONGTYPE/);  // runtime errors don't abort the rest
    assert.deepEqual(results[3], [null, "15"]);
    // A command refused at queue time aborts the whole transaction (EXECABORT).
    await rejectsWith(c.multi().set(`${p}m`, "1").call("NOSUCHCOMMAND").exec(), /^EXECABORT/);
    assert.equal(await c.get(`${p}m`), null);
    // DISCARD drops the queue.
    assert.equal(await c.multi({ pipeline: false }), "OK");
    assert.equal(await c.set(`${p}d`, "1"), "QUEUED");
    assert.equal(await c.discard(), "OK");
    assert.equal(await c.get(`${p}d`), null);
  });

  test(`WATCH with a conflicting write makes EXEC return null`, T, async () => {
    const c = await io();
    const other = await io();
    const p = prefix("io-watch");
    await c.set(`${p}balance`, "100");
    assert.equal(await c.watch(`${p}balance`), "OK");
    const balance = Number(await c.get(`${p}balance`));
    await other.set(`${p}balance`, "0");
    assert.equal(await c.multi().set(`${p}balance`, String(balance - 30)).exec(), null);
    assert.equal(await c.get(`${p}balance`), "0");
    // Without a conflict the same transaction commits.
    await c.watch(`${p}balance`);
    assert.deepEqual(await c.multi().incrby(`${p}balance`, 7).exec(), [[null, 7]]);
    // UNWATCH forgets the watched keys.
    await c.watch(`${p}balance`);
    await other.set(`${p}balance`, "1");
    assert.equal(await c.unwatch(), "OK");
    assert.deepEqual(await c.multi().get(`${p}balance`).exec(), [[null, "1"]]);
  });

  test(`pub/sub with SUBSCRIBE and PSUBSCRIBE`, T, async () => {
    const pub = await io();
    const sub = await io();
    const p = prefix("io-pubsub");
    const messages = collector(3);
    const pmessages = collector(2);
    sub.on("message", (channel, message) => messages.push([channel, message]));
    sub.on("pmessage", (pattern, channel, message) => pmessages.push([pattern, channel, message]));
    assert.equal(await sub.subscribe(`${p}news`, `${p}sport`), 2);
    assert.equal(await sub.psubscribe(`${p}room.*`), 3);
    assert.deepEqual(await pub.pubsub("NUMSUB", `${p}news`, `${p}none`), [`${p}news`, 1, `${p}none`, 0]);
    assert.equal(await pub.pubsub("NUMPAT"), 1);
    assert.equal(await pub.publish(`${p}news`, "hello"), 1);
    assert.equal(await pub.publish(`${p}sport`, "goal"), 1);
    assert.equal(await pub.publish(`${p}room.1`, "hi room"), 1);
    assert.equal(await pub.publish(`${p}room.2`, "bye room"), 1);
    assert.equal(await pub.publish(`${p}elsewhere`, "nobody"), 0);
    assert.equal(await pub.publish(`${p}news`, "again"), 1);
    assert.deepEqual(await messages.all(), [[`${p}news`, "hello"], [`${p}sport`, "goal"], [`${p}news`, "again"]]);
    assert.deepEqual(await pmessages.all(), [
      [`${p}room.*`, `${p}room.1`, "hi room"], [`${p}room.*`, `${p}room.2`, "bye room"]]);
    await sub.unsubscribe(`${p}news`);
    assert.equal(await pub.publish(`${p}news`, "unheard"), 0);
    // (ioredis resolves an argument-less UNSUBSCRIBE only once no subscription of either kind
    // is left, so the pattern goes first.)
    assert.equal(await sub.punsubscribe(`${p}room.*`), 1);
    assert.equal(await sub.unsubscribe(), 0);
    assert.equal(await sub.ping(), "PONG");  // back to a normal connection
  });

  test(`BLPOP is served by a later RPUSH from another connection`, T, async () => {
    const waiter = await io();
    const pusher = await io();
    const p = prefix("io-block");
    const id = await waiter.client("ID");
    const popped = waiter.blpop(`${p}empty`, `${p}q`, 0);
    await waitBlocked(raw(pusher), id);
    assert.equal(await pusher.rpush(`${p}q`, "job1", "job2"), 2);
    assert.deepEqual(await popped, [`${p}q`, "job1"]);
    assert.deepEqual(await pusher.lrange(`${p}q`, 0, -1), ["job2"]);
    // Data already there: no blocking at all.
    assert.deepEqual(await waiter.brpop(`${p}q`, 1), [`${p}q`, "job2"]);
  });

  test(`a blocked BLPOP ends with null on CLIENT UNBLOCK and on its timeout`, T, async () => {
    const waiter = await io();
    const admin = await io();
    const p = prefix("io-unblock");
    const id = await waiter.client("ID");
    const popped = waiter.blpop(`${p}never`, 5);
    await waitBlocked(raw(admin), id);
    assert.equal(await admin.client("UNBLOCK", id), 1);
    assert.equal(await popped, null);
    assert.equal(await admin.client("UNBLOCK", id), 0);  // no longer blocked
    const failed = rejectsWith(waiter.blpop(`${p}never`, 0), /^UNBLOCKED client unblocked via CLIENT UNBLOCK/);
    await waitBlocked(raw(admin), id);
    assert.equal(await admin.client("UNBLOCK", id, "ERROR"), 1);
    await failed;
    if (SIMCTL) {  // the timeout runs on the sim's clock
      const timed = waiter.blpop(`${p}never`, 5);
      await waitBlocked(raw(admin), id);
      await advanceClock("6s");
      assert.equal(await timed, null);
    }
  });

  test(`SCAN visits each of 300 keys exactly once`, T, async () => {
    const c = await io();
    const p = prefix("io-scan");
    const pipe = c.pipeline();
    for (let i = 0; i < 300; i++) pipe.set(`${p}${i}`, "x");
    pipe.rpush(`${p}list`, "x");
    await pipe.exec();
    const seen = [];
    for await (const batch of c.scanStream({ match: `${p}*`, count: 37 })) seen.push(...batch);
    assert.equal(seen.length, 301, "a key came back twice");
    assert.equal(new Set(seen).size, 301);
    const strings = [];
    for await (const batch of c.scanStream({ match: `${p}*`, type: "string", count: 100 })) strings.push(...batch);
    assert.equal(new Set(strings).size, 300);
    assert.ok(!strings.includes(`${p}list`));
  });

  test(`reads on the reader endpoint`, T, async () => {
    const c = await io();
    const reader = await io({ port: READER_PORT });
    const p = prefix("io-reader");
    await c.set(`${p}k`, "v");
    await c.rpush(`${p}l`, "a", "b");
    assert.equal(await reader.get(`${p}k`), "v");
    assert.deepEqual(await reader.lrange(`${p}l`, 0, -1), ["a", "b"]);
    assert.equal(await reader.exists(`${p}k`, `${p}l`), 2);
    const replication = await reader.info("replication");
    if (/role:slave/.test(replication)) {
      await rejectsWith(reader.set(`${p}k`, "w"), /^READONLY You can't write against a read only replica/);
    }
  });

  test(`WRONGTYPE and unknown commands are errors that keep the connection usable`, T, async () => {
    const c = await io();
    const p = prefix("io-err");
    await c.set(`${p}s`, "x");
    await c.rpush(`${p}l`, "x");
    const err = await rejectsWith(c.lpush(`${p}s`, "y"), /^WRONGTYPE Operation against a key holding the wrong kind of value$/);
    assert.equal(err.name, "ReplyError");
    await rejectsWith(c.get(`${p}l`), /^WRONGTYPE/);
    await rejectsWith(c.call("NOSUCHCOMMAND", "a"), /^ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a'/);
    await rejectsWith(c.incr(`${p}s`), /^ERR value is not an integer or out of range/);
    await rejectsWith(c.call("GET"), /^ERR wrong number of arguments for 'get' command/);
    assert.equal(await c.get(`${p}s`), "x");
    await rejectsWith(c.hset(`${p}l`, "f", "v"), /^WRONGTYPE/);
    await rejectsWith(c.zadd(`${p}s`, 1, "m"), /^WRONGTYPE/);
  });

  if (protocol === 3) {
    test(`RESP3 HELLO map`, T, async () => {
      const c = await io({ replyMapping: "resp3" });
      const hello = await c.call("HELLO", "3");
      assert.equal(hello.proto, 3);
      assert.equal(hello.server, "redis");
      assert.equal(hello.version, "7.0.15");
      assert.equal(hello.role, "master");
      assert.equal(typeof hello.id, "number");
      assert.deepEqual(hello.modules, []);
      const legacy = await io();
      const flat = await legacy.call("HELLO", "3");
      assert.ok(Array.isArray(flat));
      assert.equal(flat[flat.indexOf("proto") + 1], 3);
    });

    test(`RESP3 maps and doubles with replyMapping "resp3"`, T, async () => {
      const c = await io({ replyMapping: "resp3" });
      const p = prefix("io-resp3");
      await c.hset(`${p}h`, { a: "1", b: "2" });
      assert.deepEqual(await c.call("HGETALL", `${p}h`), { a: "1", b: "2" });
      await c.zadd(`${p}z`, 1.5, "m");
      assert.equal(await c.zscore(`${p}z`, "m"), 1.5);
      // The legacy mapping flattens the same map reply.
      const legacy = await io();
      const flat = await legacy.call("HGETALL", `${p}h`);
      assert.deepEqual(Object.fromEntries([[flat[0], flat[1]], [flat[2], flat[3]]]), { a: "1", b: "2" });
    });
  }
});

// --------------------------------------------------------------------------------------------
// node-redis (`redis`)
// --------------------------------------------------------------------------------------------

for (const RESP of [2, 3]) describe(`node-redis RESP${RESP}`, () => {
  const clients = [];
  async function nr(options = {}) {
    const c = createClient({
      socket: { host: HOST, port: options.port ?? PORT, reconnectStrategy: false },
      username: "default", password: PASSWORD, RESP, ...options,
    });
    c.on("error", () => {});  // surfaced through connect() and the rejected commands instead
    clients.push(c);
    await c.connect();
    return c;
  }
  const raw = (c) => (args) => c.sendCommand(args);

  afterEach(() => { for (const c of clients.splice(0)) if (c.isOpen) c.destroy(); });

  test(`AUTH rejects a wrong token with WRONGPASS, accepts the right one`, T, async () => {
    await rejectsWith(nr({ password: "not-the-token" }), /^WRONGPASS invalid username-password pair/);
    const anon = await nr({ username: undefined, password: undefined, RESP: 2 });
    await rejectsWith(anon.get("x"), /^NOAUTH Authentication required/);
    await rejectsWith(anon.auth({ username: "default", password: "not-the-token" }), /^WRONGPASS/);
    assert.equal(await anon.auth({ password: PASSWORD }), "OK");
    assert.equal(await anon.ping(), "PONG");
    const c = await nr();
    assert.equal(await c.ping(), "PONG");
    assert.match(await c.clientInfo().then((i) => String(i.resp)), new RegExp(`^${RESP}$`));
  });

  test(`strings with TTL`, T, async () => {
    const c = await nr();
    const p = prefix("nr-str");
    assert.equal(await c.set(`${p}k`, "v", { expiration: { type: "EX", value: 10 } }), "OK");
    assert.equal(await c.get(`${p}k`), "v");
    assert.equal(await c.ttl(`${p}k`), 10);
    assert.equal(await c.set(`${p}k`, "other", { condition: "NX" }), null);
    assert.equal(await c.setEx(`${p}e`, 20, "x"), "OK");
    assert.equal(await c.ttl(`${p}e`), 20);
    assert.equal(await c.mSet({ [`${p}a`]: "1", [`${p}b`]: "2" }), "OK");
    assert.deepEqual(await c.mGet([`${p}a`, `${p}b`, `${p}none`]), ["1", "2", null]);
    assert.equal(await c.incrBy(`${p}a`, 41), 42);
    assert.equal(await c.expire(`${p}a`, 100), 1);
    assert.equal(await c.persist(`${p}a`), 1);
    assert.equal(await c.ttl(`${p}a`), -1);
    assert.equal(await c.ttl(`${p}none`), -2);
    if (SIMCTL) {
      await advanceClock("11s");
      assert.equal(await c.get(`${p}k`), null);
      assert.equal(await c.get(`${p}e`), "x");
      assert.equal(await c.ttl(`${p}e`), 9);
    }
  });

  test(`hashes`, T, async () => {
    const c = await nr();
    const p = prefix("nr-hash");
    assert.equal(await c.hSet(`${p}h`, { name: "ada", lang: "en", visits: 1 }), 3);
    assert.deepEqual({ ...(await c.hGetAll(`${p}h`)) }, { name: "ada", lang: "en", visits: "1" });
    assert.deepEqual({ ...(await c.hGetAll(`${p}none`)) }, {});
    assert.equal(await c.hGet(`${p}h`, "name"), "ada");
    assert.deepEqual(await c.hmGet(`${p}h`, ["name", "nope"]), ["ada", null]);
    assert.equal(await c.hIncrBy(`${p}h`, "visits", 4), 5);
    assert.equal(await c.hExists(`${p}h`, "lang"), 1);
    assert.equal(await c.hDel(`${p}h`, ["lang", "nope"]), 1);
    assert.equal(await c.hLen(`${p}h`), 2);
    assert.deepEqual((await c.hKeys(`${p}h`)).sort(), ["name", "visits"]);
  });

  test(`lists`, T, async () => {
    const c = await nr();
    const p = prefix("nr-list");
    assert.equal(await c.rPush(`${p}l`, ["b", "c", "d"]), 3);
    assert.equal(await c.lPush(`${p}l`, "a"), 4);
    assert.deepEqual(await c.lRange(`${p}l`, 0, -1), ["a", "b", "c", "d"]);
    assert.equal(await c.lLen(`${p}l`), 4);
    assert.equal(await c.lPop(`${p}l`), "a");
    assert.deepEqual(await c.rPopCount(`${p}l`, 2), ["d", "c"]);
    assert.equal(await c.lPop(`${p}none`), null);
    assert.equal(await c.lSet(`${p}l`, 0, "B"), "OK");
    assert.equal(await c.lPos(`${p}l`, "B"), 0);
    assert.deepEqual(await c.lRange(`${p}l`, 0, -1), ["B"]);
  });

  test(`sets`, T, async () => {
    const c = await nr();
    const p = prefix("nr-set");
    assert.equal(await c.sAdd(`${p}s`, ["a", "b", "c", "a"]), 3);
    assert.deepEqual([...(await c.sMembers(`${p}s`))].sort(), ["a", "b", "c"]);
    assert.equal(await c.sIsMember(`${p}s`, "b"), 1);
    assert.equal(await c.sIsMember(`${p}s`, "z"), 0);
    assert.equal(await c.sCard(`${p}s`), 3);
    assert.equal(await c.sRem(`${p}s`, "c"), 1);
    await c.sAdd(`${p}t`, ["b", "x"]);
    assert.deepEqual([...(await c.sInter([`${p}s`, `${p}t`]))], ["b"]);
    assert.deepEqual([...(await c.sUnion([`${p}s`, `${p}t`]))].sort(), ["a", "b", "x"]);
  });

  test(`sorted sets`, T, async () => {
    const c = await nr();
    const p = prefix("nr-zset");
    assert.equal(await c.zAdd(`${p}z`, [
      { score: 3, value: "c" }, { score: 1, value: "a" }, { score: 2, value: "b" }, { score: 2.5, value: "bb" }]), 4);
    assert.deepEqual(await c.zRange(`${p}z`, 0, -1), ["a", "b", "bb", "c"]);
    assert.deepEqual(await c.zRangeWithScores(`${p}z`, 0, 1), [{ value: "a", score: 1 }, { value: "b", score: 2 }]);
    assert.deepEqual(await c.zRangeByScore(`${p}z`, 2, "+inf"), ["b", "bb", "c"]);
    assert.deepEqual(await c.zRangeByScoreWithScores(`${p}z`, "(2", 3),
      [{ value: "bb", score: 2.5 }, { value: "c", score: 3 }]);
    assert.deepEqual(await c.zRange(`${p}z`, 3, 2, { BY: "SCORE", REV: true }), ["c", "bb", "b"]);
    assert.equal(await c.zScore(`${p}z`, "bb"), 2.5);
    assert.equal(await c.zScore(`${p}z`, "none"), null);
    assert.equal(await c.zIncrBy(`${p}z`, 10, "a"), 11);
    assert.equal(await c.zRank(`${p}z`, "a"), 3);
    assert.equal(await c.zCard(`${p}z`), 4);
    assert.deepEqual(await c.zPopMin(`${p}z`), { value: "b", score: 2 });
  });

  test(`pipelines of many commands (execAsPipeline and auto-pipelining)`, T, async () => {
    const c = await nr();
    const p = prefix("nr-pipe");
    const batch = c.multi();
    for (let i = 0; i < 500; i++) batch.set(`${p}${i}`, String(i));
    for (let i = 0; i < 500; i++) batch.incr(`${p}${i}`);
    const results = await batch.execAsPipeline();
    assert.equal(results.length, 1000);
    assert.ok(results.slice(0, 500).every((r) => r === "OK"));
    assert.deepEqual(results.slice(500), [...Array(500).keys()].map((i) => i + 1));
    // Commands issued in the same tick go out together on the one connection.
    const got = await Promise.all([...Array(500).keys()].map((i) => c.get(`${p}${i}`)));
    assert.deepEqual(got, [...Array(500).keys()].map((i) => String(i + 1)));
    // A failing command rejects the pipeline (with its error) but the others still ran.
    await rejectsWith(c.multi().set(`${p}e`, "1").lPush(`${p}e`, "x").incr(`${p}e`).execAsPipeline(), /^WRONGTYPE/);
    assert.equal(await c.get(`${p}e`), "2");
  });

  test(`MULTI/EXEC transactions`, T, async () => {
    const c = await nr();
    const p = prefix("nr-multi");
    const results = await c.multi().set(`${p}n`, "10").incrBy(`${p}n`, 5).get(`${p}n`).exec();
    assert.deepEqual(results, ["OK", 15, "15"]);
    // Runtime errors don't abort the rest of the transaction: EXEC's reply carries them.
    const err = await rejectsWith(c.multi().lPush(`${p}n`, "x").incr(`${p}n`).exec(), /.*/);
    assert.equal(err.constructor.name, "MultiErrorReply");
    assert.match(err.replies[0].message, /^WRONGTYPE/);
    assert.equal(err.replies[1], 16);
    // A command refused at queue time rejects the transaction, and EXEC aborts it (EXECABORT).
    await rejectsWith(c.multi().set(`${p}m`, "1").addCommand(["NOSUCHCOMMAND"]).exec(), /^ERR unknown command/);
    assert.equal(await c.get(`${p}m`), null);
    assert.equal(await c.sendCommand(["MULTI"]), "OK");
    assert.equal(await c.sendCommand(["SET", `${p}m`, "1"]), "QUEUED");
    await rejectsWith(c.sendCommand(["NOSUCHCOMMAND"]), /^ERR unknown command 'NOSUCHCOMMAND'/);
    await rejectsWith(c.sendCommand(["EXEC"]), /^EXECABORT Transaction discarded because of previous errors/);
    assert.equal(await c.get(`${p}m`), null);
  });

  test(`WATCH with a conflicting write makes EXEC return null`, T, async () => {
    const c = await nr();
    const other = await nr();
    const p = prefix("nr-watch");
    await c.set(`${p}balance`, "100");
    assert.equal(await c.watch(`${p}balance`), "OK");
    const balance = Number(await c.get(`${p}balance`));
    await other.set(`${p}balance`, "0");
    // node-redis turns EXEC's null reply into a WatchError.
    await assert.rejects(c.multi().set(`${p}balance`, String(balance - 30)).exec(), WatchError);
    assert.equal(await c.get(`${p}balance`), "0");
    assert.equal(await c.sendCommand(["EXEC"]).catch((e) => e.message), "ERR EXEC without MULTI");
    // Raw: EXEC after a conflicting write replies with a null array.
    await c.watch(`${p}balance`);
    await other.set(`${p}balance`, "5");
    assert.equal(await c.sendCommand(["MULTI"]), "OK");
    assert.equal(await c.sendCommand(["INCR", `${p}balance`]), "QUEUED");
    assert.equal(await c.sendCommand(["EXEC"]), null);
    // Without a conflict the transaction commits.
    await c.watch(`${p}balance`);
    assert.deepEqual(await c.multi().incrBy(`${p}balance`, 7).exec(), [12]);
  });

  test(`pub/sub with SUBSCRIBE and PSUBSCRIBE`, T, async () => {
    const pub = await nr();
    const sub = await nr();
    const p = prefix("nr-pubsub");
    const messages = collector(3);
    const pmessages = collector(2);
    await sub.subscribe([`${p}news`, `${p}sport`], (message, channel) => messages.push([channel, message]));
    await sub.pSubscribe(`${p}room.*`, (message, channel) => pmessages.push([channel, message]));
    assert.deepEqual({ ...(await pub.pubSubNumSub([`${p}news`, `${p}none`])) }, { [`${p}news`]: 1, [`${p}none`]: 0 });
    assert.equal(await pub.pubSubNumPat(), 1);
    assert.equal(await pub.publish(`${p}news`, "hello"), 1);
    assert.equal(await pub.publish(`${p}sport`, "goal"), 1);
    assert.equal(await pub.publish(`${p}room.1`, "hi room"), 1);
    assert.equal(await pub.publish(`${p}room.2`, "bye room"), 1);
    assert.equal(await pub.publish(`${p}elsewhere`, "nobody"), 0);
    assert.equal(await pub.publish(`${p}news`, "again"), 1);
    assert.deepEqual(await messages.all(), [[`${p}news`, "hello"], [`${p}sport`, "goal"], [`${p}news`, "again"]]);
    assert.deepEqual(await pmessages.all(), [[`${p}room.1`, "hi room"], [`${p}room.2`, "bye room"]]);
    await sub.unsubscribe(`${p}news`);
    assert.equal(await pub.publish(`${p}news`, "unheard"), 0);
    await sub.unsubscribe();
    await sub.pUnsubscribe();
    // Back to a normal connection. (Under RESP2, node-redis 6 hands this PONG back as a Buffer,
    // against redis-server 7.0 too.)
    assert.equal(String(await sub.ping()), "PONG");
  });

  test(`BLPOP is served by a later RPUSH from another connection`, T, async () => {
    const waiter = await nr();
    const pusher = await nr();
    const p = prefix("nr-block");
    const id = await waiter.clientId();
    const popped = waiter.blPop([`${p}empty`, `${p}q`], 0);
    await waitBlocked(raw(pusher), id);
    assert.equal(await pusher.rPush(`${p}q`, ["job1", "job2"]), 2);
    assert.deepEqual({ ...(await popped) }, { key: `${p}q`, element: "job1" });
    assert.deepEqual({ ...(await waiter.brPop(`${p}q`, 1)) }, { key: `${p}q`, element: "job2" });
    // BLMOVE across connections too.
    const moved = waiter.blMove(`${p}src`, `${p}dst`, "LEFT", "RIGHT", 0);
    await waitBlocked(raw(pusher), id);
    await pusher.lPush(`${p}src`, "m");
    assert.equal(await moved, "m");
    assert.deepEqual(await pusher.lRange(`${p}dst`, 0, -1), ["m"]);
  });

  test(`a blocked BLPOP ends with null on CLIENT UNBLOCK and on its timeout`, T, async () => {
    const waiter = await nr();
    const admin = await nr();
    const p = prefix("nr-unblock");
    const id = await waiter.clientId();
    const popped = waiter.blPop(`${p}never`, 5);
    await waitBlocked(raw(admin), id);
    assert.equal(await admin.sendCommand(["CLIENT", "UNBLOCK", String(id)]), 1);
    assert.equal(await popped, null);
    const failed = rejectsWith(waiter.blPop(`${p}never`, 0), /^UNBLOCKED client unblocked via CLIENT UNBLOCK/);
    await waitBlocked(raw(admin), id);
    assert.equal(await admin.sendCommand(["CLIENT", "UNBLOCK", String(id), "ERROR"]), 1);
    await failed;
    if (SIMCTL) {  // the timeout runs on the sim's clock
      const timed = waiter.blPop(`${p}never`, 5);
      await waitBlocked(raw(admin), id);
      await advanceClock("6s");
      assert.equal(await timed, null);
    }
  });

  test(`scanIterator visits each of 300 keys exactly once`, T, async () => {
    const c = await nr();
    const p = prefix("nr-scan");
    const batch = c.multi();
    for (let i = 0; i < 300; i++) batch.set(`${p}${i}`, "x");
    batch.rPush(`${p}list`, "x");
    await batch.execAsPipeline();
    const seen = [];
    for await (const keys of c.scanIterator({ MATCH: `${p}*`, COUNT: 37 })) seen.push(...keys);
    assert.equal(seen.length, 301, "a key came back twice");
    assert.equal(new Set(seen).size, 301);
    const lists = [];
    for await (const keys of c.scanIterator({ MATCH: `${p}*`, TYPE: "list" })) lists.push(...keys);
    assert.deepEqual(lists, [`${p}list`]);
  });

  test(`reads on the reader endpoint`, T, async () => {
    const c = await nr();
    const reader = await nr({ port: READER_PORT, socket: { host: HOST, port: READER_PORT, reconnectStrategy: false } });
    const p = prefix("nr-reader");
    await c.set(`${p}k`, "v");
    await c.rPush(`${p}l`, ["a", "b"]);
    assert.equal(await reader.get(`${p}k`), "v");
    assert.deepEqual(await reader.lRange(`${p}l`, 0, -1), ["a", "b"]);
    if (/role:slave/.test(await reader.info("replication"))) {
      await rejectsWith(reader.set(`${p}k`, "w"), /^READONLY You can't write against a read only replica/);
    }
  });

  test(`WRONGTYPE and unknown commands are errors that keep the connection usable`, T, async () => {
    const c = await nr();
    const p = prefix("nr-err");
    await c.set(`${p}s`, "x");
    await c.rPush(`${p}l`, "x");
    const err = await rejectsWith(c.lPush(`${p}s`, "y"), /^WRONGTYPE Operation against a key holding the wrong kind of value$/);
    assert.equal(err.constructor.name, "SimpleError");
    await rejectsWith(c.get(`${p}l`), /^WRONGTYPE/);
    await rejectsWith(c.sendCommand(["NOSUCHCOMMAND", "a"]), /^ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a'/);
    await rejectsWith(c.incr(`${p}s`), /^ERR value is not an integer or out of range/);
    assert.equal(await c.get(`${p}s`), "x");
    await rejectsWith(c.sAdd(`${p}l`, "m"), /^WRONGTYPE/);
    await rejectsWith(c.hGet(`${p}s`, "f"), /^WRONGTYPE/);
  });

  if (RESP === 3) {
    test(`RESP3 HELLO map`, T, async () => {
      const c = await nr();
      const hello = await c.hello("3");
      assert.equal(hello.proto, 3);
      assert.equal(hello.server, "redis");
      assert.equal(hello.version, "7.0.15");
      assert.equal(hello.mode, "standalone");
      assert.equal(hello.role, "master");
      const map = await c.sendCommand(["HELLO", "3"]);  // the raw map, as an object
      assert.ok(!Array.isArray(map));
      assert.equal(map.proto, 3);
      assert.equal(map.id, await c.clientId());
    });

    test(`RESP3 map replies from HGETALL`, T, async () => {
      const c = await nr();
      const p = prefix("nr-resp3");
      await c.hSet(`${p}h`, { a: "1", b: "2" });
      // The raw reply is a RESP3 map, which node-redis hands back as an object...
      const map = await c.sendCommand(["HGETALL", `${p}h`]);
      assert.ok(!Array.isArray(map));
      assert.deepEqual({ ...map }, { a: "1", b: "2" });
      // ...or as a Map with the type mapping for RESP3 maps.
      const typed = c.withTypeMapping({ [RESP_TYPES.MAP]: Map });
      assert.deepEqual(await typed.hGetAll(`${p}h`), new Map([["a", "1"], ["b", "2"]]));
      await c.zAdd(`${p}z`, { score: 1.5, value: "m" });
      assert.equal(await c.sendCommand(["ZSCORE", `${p}z`, "m"]), 1.5);  // a RESP3 double
    });
  } else {
    test(`RESP2 replies are flat arrays`, T, async () => {
      const c = await nr();
      const p = prefix("nr-resp2");
      await c.hSet(`${p}h`, { a: "1" });
      assert.deepEqual(await c.sendCommand(["HGETALL", `${p}h`]), ["a", "1"]);
    });
  }
});
