// replica.test.mjs - reads from a PostgreSQL streaming replica (glocal serve --read-db; issue 19,
// point 2). The file starts a PostgreSQL 15 primary (wal_level=replica) and a replica made from
// it with `pg_basebackup -R` (each on a Unix socket of its own folder: loopback, throwaway), then
// `glocal serve --db PRIMARY --read-db REPLICA`, and checks that
//  (a) anonymous reads come from the replica: with its replay paused, a row written on the
//      primary by SQL is not shown, and is once replay resumes;
//  (b) a person sees their own write at once while replay is paused (their reads follow their
//      write to the primary), and an anonymous reader does not until replay resumes;
//  (c) with the replica stopped, pages are still answered (no 5xx) and /health says it is down;
//      started again, it is read from again;
//  (d) with the primary stopped, pages render from the replica and a write gets 503 with a
//      clear message and Retry-After; started again, the same write works, with no restart.
// It runs in the PostgreSQL pass of the suite; SQLite has no replicas, and the SQLite pass skips
// all but the first test (serve refuses --read-db on SQLite).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, BIN, Client, DB } from './lib.mjs';
import { psql, replicated, serve, soon, stopServer } from './replicas.mjs';

const onPg = DB.startsWith('postgres');
const skip = onPg ? false : 'SQLite has no replicas';
if (!onPg) console.log('skipped: SQLite has no replicas (tests/http/replica.test.mjs runs in the PostgreSQL pass)');

let pair = null, server = null, base = null, primary = null, replica = null;

async function sectorNames(client) {
  const r = await client.api('GET', '/sectors');
  assert.equal(r.status, 200, `GET /sectors answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r.json().sectors.map((s) => s.name);
}

async function health(client) {
  const r = await client.api('GET', '/health');
  assert.equal(r.status, 200);
  return r.json();
}

const caughtUp = () => pair.caughtUp();

before(async () => {
  if (!onPg) return;
  pair = await replicated();
  ({ primary, replica } = pair);
  server = await serve(pair.dir, 'serve', ['--db', primary, '--read-db', replica]);
  base = server.base;
});

after(async () => {
  await stopServer(server);
  if (pair) pair.remove();
});

// on both passes: it needs no replica
test('serve --read-db is refused on SQLite, with a message that says why', () => {
  let out = null;
  try {
    execFileSync(BIN, ['serve', '--db', `sqlite:${join(tmpdir(), `never-made-${process.pid}.db`)}`, '--read-db',
      'postgresql:///x?host=/nonexistent', '--port', '0'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) { out = e; }
  assert.ok(out, 'the server did not start');
  assert.equal(out.status, 2);
  assert.match(out.stderr, /--read-db needs a PostgreSQL primary.*SQLite has no replicas/);
});

test('a --read-db that is not a replica of the primary (another PostgreSQL system) is never read from', { skip }, async () => {
  // the suite's own PostgreSQL server is another system than this file's primary
  const p = await serve(pair.dir, 'other', ['--db', primary, '--read-db', DB]);
  try {
    const other = p.base;
    const h = await health(new Client(other));
    assert.equal(h.databases.replicas[0].state, 'down');
    assert.equal(h.status, 'degraded');
    assert.match(readFileSync(p.log, 'utf8'), /not a replica of the primary \(another PostgreSQL system/);
    assert.equal((await new Client(other).api('GET', '/sectors')).status, 200, 'pages are read from the primary');
  } finally {
    await stopServer(p);
  }
});

test('(a) anonymous reads come from the replica: a row written while replay is paused shows only once it resumes', { skip }, async () => {
  const anon = new Client(base);
  psql(replica, 'SELECT pg_wal_replay_pause()');
  try {
    psql(primary, `INSERT INTO sectors (name, slug, created_at) VALUES ('Written behind', 'written-behind', 1)`);
    for (let i = 0; i < 5; i++) assert.ok(!(await sectorNames(anon)).includes('Written behind'), 'read from the paused replica');
    const h = await health(await adminClient());
    assert.equal(h.databases.replicas[0].state, 'up');
    assert.ok(await soon(async () => (await health(anon)).databases.replicas[0].lag_bytes > 0), 'the replica is seen behind');
  } finally {
    psql(replica, 'SELECT pg_wal_replay_resume()');
  }
  assert.ok(await soon(async () => (await sectorNames(anon)).includes('Written behind')), 'shown once replayed');
});

let adm = null;
async function adminClient() {
  if (!adm) {
    adm = new Client(base);
    await adm.login(ADMIN.email, ADMIN.password);
  }
  return adm;
}

test('(b) a person reads their own write at once while replay is paused; others once it resumes', { skip }, async () => {
  const me = await adminClient();
  await caughtUp();
  const anon = new Client(base);
  psql(replica, 'SELECT pg_wal_replay_pause()');
  try {
    const r = await me.api('POST', '/sectors', { name: 'Mine at once' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('set-cookie') || '', /glocal_lsn=\d+\.[\w-]+/, 'the write is remembered in a cookie');
    assert.ok((await sectorNames(me)).includes('Mine at once'), 'the writer sees their write');
    const page = await me.get('/sectors');
    assert.equal(page.status, 200);
    assert.match(page.text, /Mine at once/, 'on the page too');
    assert.ok(!(await sectorNames(anon)).includes('Mine at once'), 'another reader is served by the paused replica');
    // a cookie not signed by this network is not taken
    const forger = new Client(base);
    forger.jar.set('glocal_lsn', `${me.jar.get('glocal_lsn').split('.')[0]}.forged`);
    assert.ok(!(await sectorNames(forger)).includes('Mine at once'), 'a forged cookie sends no reads to the primary');
  } finally {
    psql(replica, 'SELECT pg_wal_replay_resume()');
  }
  assert.ok(await soon(async () => (await sectorNames(anon)).includes('Mine at once')), 'others see it once replayed');
});

test('(c) the replica stopped: pages are still answered, /health says so; started again, it is read from again', { skip }, async () => {
  const anon = new Client(base);
  const me = await adminClient();
  await caughtUp();
  pair.stopReplica();
  try {
    const stoppedAt = Date.now();
    // no request fails, from the first one after the stop on
    for (let i = 0; i < 20; i++) {
      for (const path of ['/sectors', '/api/v1/sectors', '/', '/chapters']) {
        const r = await anon.get(path);
        assert.equal(r.status, 200, `${path} answered ${r.status} with the replica stopped: ${r.text.slice(0, 200)}`);
      }
    }
    const seen = await soon(async () => (await health(me)).databases.replicas[0].state === 'down', 1000);
    assert.ok(seen, `the replica is seen down within a second (${Date.now() - stoppedAt} ms)`);
    const h = await health(me);
    assert.equal(h.status, 'degraded');
    assert.ok(h.databases.replicas[0].url, 'administrators see which database');
    assert.equal((await health(anon)).databases.replicas[0].url, undefined, 'others do not');
    const page = await me.get('/health');
    assert.match(page.text, /<h2 id="databases-title">Databases<\/h2>/);
    assert.match(page.text, /<td>replica \(postgresql:[^)]*\)<\/td><td>down: /, 'the page says which replica is down, and why');
    const w = await me.api('POST', '/sectors', { name: 'Written without replica' });
    assert.equal(w.status, 201, 'writes go on');
  } finally {
    pair.startReplica();
  }
  assert.ok(await soon(async () => (await health(me)).databases.replicas[0].state === 'up'), 'the replica is back');
  await caughtUp();
  psql(replica, 'SELECT pg_wal_replay_pause()');
  try {
    psql(primary, `INSERT INTO sectors (name, slug, created_at) VALUES ('Behind again', 'behind-again', 1)`);
    assert.ok(!(await sectorNames(anon)).includes('Behind again'), 'reads go to the replica again');
  } finally {
    psql(replica, 'SELECT pg_wal_replay_resume()');
  }
});

test('a read that breaks on a replica connection is run again on the primary: the request does not fail', { skip }, async () => {
  const anon = new Client(base);
  await caughtUp();
  for (let i = 0; i < 3; i++) await sectorNames(anon);   // the server now holds pooled connections to the replica
  psql(replica, 'SELECT pg_wal_replay_pause()');
  try {
    psql(primary, `INSERT INTO sectors (name, slug, created_at) VALUES ('Read again', 'read-again', 1)`);
    // the server's connections to the replica are cut, not the watcher's: the replica stays up,
    // and the next read finds its pooled connection broken
    const cut = psql(replica, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend'
      AND pid <> pg_backend_pid() AND application_name <> 'glocal watcher'`);
    assert.ok(Number(cut) >= 1, 'a pooled connection was cut');
    const r = await anon.api('GET', '/sectors');
    assert.equal(r.status, 200, `the read was not run again: ${r.text.slice(0, 300)}`);
    assert.ok(r.json().sectors.some((s) => s.name === 'Read again'), 'it was run on the primary (the replica is paused)');
  } finally {
    psql(replica, 'SELECT pg_wal_replay_resume()');
  }
});

test('(d) the primary stopped: pages render, a write gets 503 with a clear message; started again, writes work', { skip, timeout: 60000 }, async () => {
  const anon = new Client(base);
  const me = await adminClient();
  await caughtUp();
  pair.stopPrimary();
  try {
    assert.ok(await soon(async () => (await health(me)).status === 'read-only', 2000), '/health says read-only');
    for (const path of ['/sectors', '/', '/chapters', '/api/v1/sectors']) {
      for (const c of [anon, me]) {
        const r = await c.get(path);
        assert.equal(r.status, 200, `${path} answered ${r.status} with the primary stopped: ${r.text.slice(0, 200)}`);
      }
    }
    assert.ok((await sectorNames(me)).includes('Written without replica'), 'from the replica');
    const api = await me.api('POST', '/sectors', { name: 'While stopped' });
    assert.equal(api.status, 503);
    assert.ok(Number(api.headers.get('retry-after')) > 0, 'with Retry-After');
    assert.match(api.headers.get('content-type'), /application\/problem\+json/);
    assert.match(api.json().detail, /read-only for a moment: your change was not saved/);
    const form = await me.post('/sectors', { name: 'While stopped' });
    assert.equal(form.status, 503);
    assert.match(form.text, /read-only for a moment: your change was not saved/, 'the page says so');
  } finally {
    pair.startPrimary();
  }
  const ok = await soon(async () => (await me.api('POST', '/sectors', { name: 'After the primary came back' })).status === 201, 15000);
  assert.ok(ok, 'writes work again, with no restart');
  assert.ok((await sectorNames(me)).includes('After the primary came back'));
  assert.equal((await health(me)).status, 'ok');
});
