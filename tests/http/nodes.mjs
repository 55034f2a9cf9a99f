// nodes.mjs - more Glocal nodes for the peering tests (tests/http/federation_peers.test.mjs,
// tests/e2e/federation_peers.test.mjs): each a `glocal serve` of its own on a fresh database of
// the kind under test, initialised with the usual administrator, on a port chosen here so that
// its --public-url is its real loopback address (ids under glocal.test would reach nothing).
// Its queue threads run: deliveries between nodes go through the durable queue, and the tests
// wait for them by polling (until()).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash, createSign } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ADMIN, BIN, DB, PASSWORD, Client, acceptPledge, unique } from './lib.mjs';

const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'nodes-'));
const pg = DB.startsWith('postgres');
let made = 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function freshDb(name) {
  if (!pg) return `sqlite:${join(dir, `${name}.db`)}`;
  const db = `peers_${name}_${process.pid}_${Date.now().toString(36)}`;
  execFileSync('psql', ['-X', '-q', '-c', `CREATE DATABASE ${db}`, DB]);
  return DB.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${db}`);
}

// A node named `name`: {base, db, admin (a logged-in Client), sql(query), stop()}. allow_private
// is set, as the nodes talk over loopback.
export async function startNode(name) {
  made += 1;
  const db = freshDb(`${name}${made}`);
  execFileSync(BIN, ['init', '--db', db, '--admin-email', ADMIN.email, '--admin-password', ADMIN.password,
    '--admin-name', `Admin of ${name}`], { stdio: 'ignore' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = join(dir, `${name}${made}.log`);
  const head = pg ? ['--head-file', join(dir, `${name}${made}.head.json`)] : [];
  const proc = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--public-url', base, ...head],
    { stdio: ['ignore', openSync(log, 'w'), openSync(`${log}.err`, 'w')] });
  let up = false;
  for (let i = 0; i < 400 && !up && proc.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 50));
    up = readFileSync(log, 'utf8').includes(`:${port}`);
  }
  assert.ok(up, `the ${name} node started: ${readFileSync(`${log}.err`, 'utf8').slice(-2000)}`);
  const admin = new Client(base);
  await admin.login(ADMIN.email, ADMIN.password);
  const r = await admin.api('POST', '/admin/federation', { allow_private: true });
  assert.equal(r.status, 200, r.text);
  const sql = (query) => (pg
    ? execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', query, db], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 10000', db.slice(7), query], { encoding: 'utf8' })).trim();
  return {
    name, base, db, admin, sql, log,
    stop: () => new Promise((res) => { if (proc.exitCode !== null) return res(); proc.once('exit', res); proc.kill('SIGTERM'); }),
  };
}

// Polls `fn` (async, returns a truthy value when done) every 100 ms for up to `ms`; returns its value.
export async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    assert.ok(Date.now() < end, `waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The peers a node's administrator sees (GET /api/v1/admin/federation).
export async function peersOf(node) {
  const r = await node.admin.api('GET', '/admin/federation');
  assert.equal(r.status, 200, r.text);
  return r.json().peers;
}

// The peer of `node` whose host is `other`'s, once it is in `state`.
export function peerIn(node, other, state) {
  const host = new URL(other.base).host;
  return until(`${node.name} to see ${other.name} ${state}`,
    async () => (await peersOf(node)).find((p) => p.host === host && p.state === state));
}

// A new member of `node`, signed up through its form, the pledge accepted: {client, email, name}.
export async function memberOn(node, name = `Person ${unique()}`) {
  const c = new Client(node.base);
  const email = `${unique('p')}@test.example`.toLowerCase();
  await c.fetchCsrf();
  const r = await c.post('/signup', { name, email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-up on ${node.name} answered ${r.status}: ${r.text.slice(0, 300)}`);
  await c.refreshCsrf();
  await acceptPledge(c);
  return { client: c, email, name };
}

// The same places on a node: a country › region › metro path named from `tag` (so that slugs
// match across nodes), and `extra` metros under the region. Returns {country, region, metro, ...extra}.
export async function placesOn(node, tag, extra = []) {
  const mk = async (name, parent_id) => {
    const r = await node.admin.api('POST', '/places', { name, ...(parent_id ? { parent_id } : {}), timezone: 'Europe/Lisbon' });
    assert.equal(r.status, 201, r.text);
    return r.json().place;
  };
  const country = await mk(`Country ${tag}`);
  const region = await mk(`Region ${tag}`, country.id);
  const out = { country, region, metro: await mk(`Metro ${tag}`, region.id) };
  for (const name of extra) out[name] = await mk(`${name} ${tag}`, region.id);
  return out;
}

// POSTs `activity` to `url` signed in draft-cavage ((request-target) host date digest, rsa-sha256)
// with the private key of the local actor at `actorPath` on `node` (read from its database): what
// that node's queue would send. Returns {status, text}.
export async function postSignedAs(node, actorPath, url, activity) {
  const keyNo = node.sql(`SELECT id FROM fed_keys WHERE actor = '${actorPath}' AND is_current = 1`);
  const privateKey = node.sql(`SELECT private_pem FROM fed_keys WHERE id = ${keyNo}`);
  const body = JSON.stringify(activity);
  const u = new URL(url);
  const date = new Date().toUTCString();
  const digest = 'SHA-256=' + createHash('sha256').update(body).digest('base64');
  const str = `(request-target): post ${u.pathname}\nhost: ${u.host}\ndate: ${date}\ndigest: ${digest}`;
  const sig = createSign('sha256').update(str).sign(privateKey, 'base64');
  const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/activity+json', date, digest,
    signature: `keyId="${node.base}${actorPath}#key-${keyNo}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${sig}"` } });
  return { status: r.status, text: await r.text() };
}
