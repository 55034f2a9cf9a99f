// Slow and greedy clients (issue 18, point 2) and the client's address behind a proxy (point 1):
// one address cannot take every connection, a request must arrive whole within a deadline that
// activity does not move, and X-Forwarded-For is believed only from a trusted proxy.
//
// Loopback is 127.0.0.0/8 on Linux, so each test speaks from addresses of its own (127.0.0.6x…)
// and the suite's other tests, which come from 127.0.0.1, never share a cap with it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, openSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BASE, BIN, DB, PASSWORD, member, sql, unique } from './lib.mjs';

const TMP = process.env.GLOCAL_TMP || mkdtempSync(join(tmpdir(), 'glocal-slow-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = [];
after(() => { for (const p of children) p.kill('SIGKILL'); });

function hostPort(base) {
  const u = new URL(base);
  return { host: u.hostname, port: Number(u.port) };
}

// A raw connection from `from`; resolves once connected. s.closedBy tells whether the server ended it.
function open(base, from) {
  return new Promise((resolve) => {
    const s = net.connect({ ...hostPort(base), localAddress: from });
    s.got = '';
    s.gone = false;
    s.on('data', (d) => { s.got += d; });
    s.on('error', () => {});
    s.on('close', () => { s.gone = true; });
    s.on('connect', () => resolve(s));
    s.on('close', () => resolve(s));
  });
}

// One request on a new connection from `from`; resolves to {status, body, ms}.
function get(base, path, from, headers = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ ...hostPort(base), path, localAddress: from, agent: false, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.setTimeout(10000, () => req.destroy(new Error(`no answer to ${path} from ${from} in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

test('1,100 slow connections from one address: another address is still answered in under 100 ms', async () => {
  const flood = [];
  for (let i = 0; i < 1100; i++) flood.push(open(BASE, '127.0.0.61'));
  const socks = await Promise.all(flood);
  // each one a request whose head never ends: a header line every 5 s
  for (const s of socks) if (!s.gone) s.write('GET /health HTTP/1.1\r\nHost: glocal.test\r\n');
  const drip = setInterval(() => { for (const s of socks) if (!s.gone) s.write(`X-Slow-${unique('h')}: 1\r\n`); }, 5000);
  try {
    await sleep(1000);
    const times = [];
    for (let i = 0; i < 21; i++) {
      const r = await get(BASE, '/health', '127.0.0.62');
      assert.equal(r.status, 200, `health answered ${r.status}`);
      times.push(r.ms);
    }
    const open_ = socks.filter((s) => !s.gone).length;
    assert.ok(open_ <= 32, `the flooding address holds ${open_} connections, at most 32`);
    assert.ok(open_ >= 16, `the flooding address still holds its share (${open_}): the cap refuses beyond it, not all`);
    const median = quantile(times, 0.5), p95 = quantile(times, 0.95);
    assert.ok(median < 100 && p95 < 100, `health from another address: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (under 100)`);
    assert.ok(socks.every((s) => !s.got), 'no slow request was answered: their heads never ended');
  } finally {
    clearInterval(drip);
    for (const s of socks) s.destroy();
  }
});

test('the 33rd connection from one address is refused while another address connects, and a freed place is taken again', async () => {
  const held = [];
  for (let i = 0; i < 32; i++) held.push(await open(BASE, '127.0.0.63'));
  for (const s of held) s.write('GET /health HTTP/1.1\r\n');   // a head begun, not finished
  await sleep(300);
  assert.equal(held.filter((s) => s.gone).length, 0, 'the first 32 connections stay open');
  const extra = await open(BASE, '127.0.0.63');
  extra.write('GET /health HTTP/1.1\r\nHost: glocal.test\r\n\r\n');
  for (let i = 0; i < 50 && !extra.gone; i++) await sleep(100);
  assert.ok(extra.gone, 'the 33rd connection from the same address is closed');
  assert.equal(extra.got, '', 'and it is answered nothing');
  assert.equal((await get(BASE, '/health', '127.0.0.64')).status, 200, 'another address is answered');
  held.pop().destroy();
  let again = null;
  for (let i = 0; i < 20 && !again; i++) {   // the server sees the close within moments
    await sleep(150);
    again = await get(BASE, '/health', '127.0.0.63').catch(() => null);
  }
  assert.equal(again?.status, 200, 'a place given back is taken again');
  for (const s of held) s.destroy();
});

// A server of its own on the suite's database, with short deadlines and a trusted proxy.
async function server(...extra) {
  const log = join(TMP, `slow-${unique('s')}.log`);
  const head = DB.startsWith('sqlite:') ? [] : ['--head-file', join(TMP, `${unique('head')}.json`)];
  const p = spawn(BIN, ['serve', '--db', DB, '--port', '0', '--tick', '0', '--public-url', 'http://glocal.test', ...head, ...extra],
    { stdio: ['ignore', openSync(log, 'w'), openSync(`${log}.err`, 'w')] });
  children.push(p);
  let base = null;
  for (let i = 0; i < 400 && !base; i++) {
    await sleep(50);
    const m = readFileSync(log, 'utf8').match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) base = m[0];
  }
  assert.ok(base, `the server started: ${readFileSync(`${log}.err`, 'utf8').slice(-2000)}`);
  return { base, err: () => readFileSync(`${log}.err`, 'utf8'), stop: () => new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); }) };
}

let own;
async function ownServer() {
  own ??= await server('--request-timeout', '2', '--idle-timeout', '3', '--max-per-address', '4',
    '--trusted-proxy', '127.0.0.70', '--trusted-proxy', '10.0.0.0/8', '--trusted-proxy', '2001:db8::/32');
  return own;
}
after(async () => { if (own) await own.stop(); });

// Sends `lines` one every 500 ms while the connection is open; resolves to how many were sent.
async function drip(s, lines) {
  let sent = 0;
  for (const line of lines) {
    if (s.gone) break;
    s.write(line);
    sent++;
    await sleep(500);
  }
  return sent;
}

test('a head that keeps trickling in is closed at the request deadline, however active', async () => {
  const srv = await ownServer();
  const s = await open(srv.base, '127.0.0.65');
  const lines = ['GET /health HTTP/1.1\r\nHost: glocal.test\r\n', ...Array.from({ length: 23 }, (_, i) => `X-Line-${i}: ${i}\r\n`)];
  const sent = await drip(s, lines);
  for (let i = 0; i < 20 && !s.gone; i++) await sleep(100);
  assert.ok(s.gone, 'the connection is closed');
  assert.ok(sent < lines.length, `closed while still sending (${sent} of ${lines.length} lines sent, a line every 0.5 s, deadline 2 s)`);
  assert.equal(s.got, '', 'and the unfinished request is not answered');
  assert.match(srv.err(), /closed \d+ connections? past the request deadline/);
});

test('a body that trickles in is closed at the same deadline; a whole request on time is answered', async () => {
  const srv = await ownServer();
  const s = await open(srv.base, '127.0.0.66');
  s.write('POST /login HTTP/1.1\r\nHost: glocal.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n');
  const sent = await drip(s, Array.from({ length: 20 }, () => 'a=bbbbbbbbbbbbbbbbbb&'));
  for (let i = 0; i < 20 && !s.gone; i++) await sleep(100);
  assert.ok(s.gone && sent < 20, `the slow body's connection is closed (${sent} of 20 pieces sent)`);
  assert.equal(s.got, '');
  const r = await get(srv.base, '/health', '127.0.0.66');
  assert.equal(r.status, 200, 'the same address is answered at once');
});

test('a connection that sends nothing is closed after the idle timeout; the cap is an option', async () => {
  const srv = await ownServer();
  const quiet = [];
  for (let i = 0; i < 5; i++) quiet.push(await open(srv.base, '127.0.0.67'));
  for (let i = 0; i < 30 && !quiet[4].gone; i++) await sleep(100);
  assert.ok(quiet[4].gone && !quiet[0].gone, 'the fifth connection from one address is refused by --max-per-address 4');
  for (let i = 0; i < 60 && !quiet.every((s) => s.gone); i++) await sleep(100);
  assert.ok(quiet.every((s) => s.gone), 'the four silent connections are closed after --idle-timeout 3');
});

// Logs in through the server from `from` with an X-Forwarded-For; returns the session's recorded address.
async function loginVia(srv, from, forwarded) {
  const who = await member({ pledge: false });
  const headers = forwarded === undefined ? {} : { 'x-forwarded-for': forwarded };
  const page = await get(srv.base, '/login', from, headers);
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)[1];
  const cookie = [].concat(page.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({ _csrf: csrf, email: who.email, password: PASSWORD }).toString();
  const status = await new Promise((resolve, reject) => {
    const req = http.request({ ...hostPort(srv.base), path: '/login', method: 'POST', localAddress: from, agent: false,
      headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(status, 303, 'logged in');
  return sql(`SELECT ip FROM sessions WHERE user_id = ${who.id} ORDER BY id DESC LIMIT 1`);
}

test('X-Forwarded-For names the client only when a trusted proxy sends it', async () => {
  const srv = await ownServer();
  assert.equal(await loginVia(srv, '127.0.0.70', '198.51.100.9, 203.0.113.7'), '203.0.113.7',
    'from a trusted proxy: the right-most address that is not a trusted proxy');
  assert.equal(await loginVia(srv, '127.0.0.70', '203.0.113.8, 10.1.2.3'), '203.0.113.8', 'a chain of trusted proxies is walked');
  assert.equal(await loginVia(srv, '127.0.0.70', 'not-an-address, 10.9.9.9'), '10.9.9.9', 'nothing left of garbage is believed');
  assert.equal(await loginVia(srv, '127.0.0.70'), '127.0.0.70', 'a proxy that sends no header is the client');
  assert.equal(await loginVia(srv, '127.0.0.71', '203.0.113.9'), '127.0.0.71', 'from any other peer the header is ignored');
  assert.equal(await loginVia({ base: BASE }, '127.0.0.72', '203.0.113.10'), '127.0.0.72', 'a server that trusts no proxy reads no header');
});

test('a trusted proxy is not held to the per-address cap', async () => {
  const srv = await ownServer();
  const via = [];
  for (let i = 0; i < 8; i++) via.push(await open(srv.base, '127.0.0.70'));
  await sleep(300);
  assert.equal(via.filter((s) => s.gone).length, 0, 'eight connections from the proxy, over the cap of 4, stay open');
  for (const s of via) s.destroy();
});

test('401 answers say how to authenticate', async () => {
  const me = await get(BASE, '/api/v1/me', '127.0.0.73');
  assert.equal(me.status, 401);
  assert.equal(me.headers['www-authenticate'], 'Bearer realm="glocal"');
  const bad = await get(BASE, '/api/v1/me', '127.0.0.73', { authorization: 'Bearer glc_nothing' });
  assert.equal(bad.status, 401);
  assert.equal(bad.headers['www-authenticate'], 'Bearer realm="glocal", error="invalid_token"');
  const page = await get(BASE, '/me', '127.0.0.73');
  assert.equal(page.status, 303, 'a page sends people to the login form instead');
  assert.equal(page.headers['www-authenticate'], undefined);
});

test('wrong limits and proxies are refused at start, saying what is wrong', () => {
  for (const [args, said] of [
    [['--trusted-proxy', 'proxy.example'], "'proxy.example' is not an IPv4 or IPv6 address"],
    [['--trusted-proxy', '10.0.0.0/33'], 'from 0 to 32'],
    [['--trusted-proxy', '2001:db8::/129'], 'from 0 to 128'],
    [['--max-per-address', '-1'], '--max-per-address takes a number from 0'],
    [['--request-timeout', '0'], '--request-timeout takes a number of seconds'],
    [['--idle-timeout', 'soon'], '--idle-timeout takes a number of seconds'],
    [['--max-connections', '0'], '--max-connections takes a number from 1'],
  ]) {
    const r = spawnSync(BIN, ['serve', '--db', DB, '--port', '0', ...args], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2, `${args.join(' ')}: a usage error`);
    assert.ok(r.stderr.includes(said), `${args.join(' ')}: ${r.stderr.split('\n')[0]}`);
  }
});
