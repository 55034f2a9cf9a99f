// servers.test.mjs - several `glocal serve` on one database (issue 19, point 3):
// no state that only one process knows. On a fresh database of the kind under
// test (two processes on one SQLite file in WAL mode work too), two servers:
//   (a) share the login limits: wrong passwords spread over both slow the
//       account for that address as one server would, and the owner still
//       logs in from elsewhere; a reset link made by one opens on the other,
//       and the reset links' limit counts both;
//   (b) claim each periodic job once: started together, each feature's tick is
//       run by one of them (the jobs' rows count one run each); a meeting
//       reminder that falls due while both tick every second is queued once;
//   (c) agree at once on what they keep in memory: the network's name, the
//       about text and the governance thresholds changed through one show on
//       the next page of the other; a search answered by one (and kept: it is
//       asked again) changes on it at once when the other changes what it found;
//   (d) PostgreSQL only: through pgbouncer in transaction pooling (a throwaway
//       pgbouncer on loopback, default_pool_size 2), with ?pooler=transaction:
//       init and migrations, pages, a login, writes, a ledger entry and
//       `glocal verify` work, with no named statement lost between server
//       connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, BIN, DB, PASSWORD, Client, acceptPledge, admit, freshDb as freshDatabase, geography, lisbon, mainOf, serveAnother, sqlOn,
  unique } from './lib.mjs';

const pg = DB.startsWith('postgres');
const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'servers-'));
chmodSync(dir, 0o755);
const root = process.getuid && process.getuid() === 0;

const freshDb = (name) => freshDatabase(dir, name, 'servers');
const sqlIn = sqlOn;

function init(url) {
  const r = spawnSync(BIN, ['init', '--db', url, '--admin-email', ADMIN.email, '--admin-password', ADMIN.password,
    '--admin-name', 'Ada Admin'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `glocal init: ${r.stderr}`);
}

const running = [];
// `glocal serve` on url, ticking every `tick` seconds; {proc, base, log, stop()} once it answers.
async function serve(url, name, tick) {
  const s = await serveAnother(name, [], { db: url, tick });
  running.push(s);
  return s;
}
async function stopAll() {
  while (running.length) await running.pop().stop();
}
after(stopAll);

let next = 0;
// A client of `base` sending from an address of its own (127.3.0.0/16: no other file's).
function client(base) {
  next += 1;
  const c = new Client(base);
  c.from = `127.3.${(process.pid + next) % 250}.${next & 255}`;
  return c;
}

// An account made through the sign-up form of `base`, logged in, the pledge accepted.
async function signUp(base, name = `Server ${unique('P')}`) {
  const c = client(base);
  await c.fetchCsrf();
  const email = `${unique('srv')}@test.example`;
  const r = await c.post('/signup', { name, email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-up answered ${r.status}: ${r.text.slice(0, 300)}`);
  await c.refreshCsrf();
  const id = (await c.api('GET', '/me')).json().user.id;
  await acceptPledge(c);
  return { client: c, email, name, id };
}

// The same person's session used through another server (sessions live in the database).
function as(who, base) {
  const c = new Client(base);
  c.from = who.client.from;
  c.jar = new Map(who.client.jar);
  c.csrf = who.client.csrf;
  return c;
}

async function adminOf(base) {
  const c = client(base);
  await c.login(ADMIN.email, ADMIN.password);
  return c;
}

const url = freshDb('two');
let A, B;

before(async () => {
  init(url);
  // started together, each with an hour between its ticks: each runs every feature's tick at start, if it claims it
  [A, B] = await Promise.all([serve(url, 'a', 3600), serve(url, 'b', 3600)]);
});

// the features with a periodic job (a .tick in their Feature): one row each in jobs
const TICKING = ['accounts', 'events', 'governance', 'growth', 'imports', 'mail', 'meetings', 'unconf'];

test('(b) two servers started together run each feature\'s periodic work once: one claims it, the other skips it', async () => {
  const done = () => sqlIn(url, "SELECT count(*) FROM jobs WHERE runs > 0 AND lease_owner IS NULL");
  for (let i = 0; i < 100 && Number(done()) < TICKING.length; i++) await sleep(100);
  await sleep(1000);   // time for a second run, were one to happen
  const rows = sqlIn(url, 'SELECT name, runs, next_at - last_done_at FROM jobs ORDER BY name').split('\n');
  assert.deepEqual(rows, TICKING.map((f) => `tick:${f}|1|3600`), 'every job run once, due again an hour after it was done');
  const started = Number(sqlIn(url, 'SELECT min(last_started_at) FROM jobs'));
  assert.ok(Math.abs(started - Date.now() / 1000) < 120, 'run at start');
});

test('(a) wrong passwords spread over two servers count as on one; the owner still logs in from another address', async () => {
  const owner = await signUp(A.base);
  const guesser = [client(A.base), client(B.base)];
  guesser[1].from = guesser[0].from;   // one person, whose requests a balancer spreads over both servers
  for (const g of guesser) await g.fetchCsrf();
  const statuses = [];
  for (let i = 0; i < 8; i++) statuses.push((await guesser[i % 2].post('/login', { email: owner.email, password: `wrong ${i}` })).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429], 'five free attempts in all, then both servers wait');
  const refused = await guesser[1].post('/login', { email: owner.email, password: PASSWORD });
  assert.equal(refused.status, 429, 'the right password waits too from that address: it is the account\'s counter, not the server\'s');
  assert.match(mainOf(refused.text), /Too many failed attempts to log in to this account from your address/);
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 10, `a short first delay: ${wait}`);
  // the owner, from elsewhere, through either server
  for (const base of [A.base, B.base]) {
    const home = client(base);
    await home.login(owner.email);
    assert.equal((await home.api('GET', '/me')).json().user.email, owner.email);
  }
  assert.equal(sqlIn(url, "SELECT count(*) FROM throttle WHERE key LIKE 'login:%' AND count = 5"), '1', 'one counter, written by both');
  // a reset link asked through one server opens on the other; its limit (3 an hour) counts both
  const asker = client(A.base);
  await asker.fetchCsrf();
  assert.equal((await asker.post('/password/forgot', { email: owner.email })).status, 200);
  const body = sqlIn(url, `SELECT body FROM outbox WHERE to_email = '${owner.email}' AND kind = 'password_reset' ORDER BY id DESC LIMIT 1`);
  const link = body.match(/http:\/\/glocal\.test(\/password\/reset\/[A-Za-z0-9_-]{20,})/);
  assert.ok(link, `a reset link: ${body}`);
  const other = client(B.base);
  const done = await other.post(link[1], { new_password: 'a fresh long passphrase' });
  assert.equal(done.status, 303, `the link made on A works on B: ${done.text.slice(0, 300)}`);
  assert.equal((await other.api('GET', '/me')).json().user.id, owner.id);
  for (let i = 0; i < 2; i++) assert.equal((await client(i ? B.base : A.base).post('/password/forgot', { email: owner.email })).status, 200);
  const fourth = await client(B.base).post('/password/forgot', { email: owner.email });
  assert.equal(fourth.status, 429, 'the fourth link in the hour is refused, whichever server is asked');
});

test('(c) a change through one server shows at once on the other: the network\'s name, the about text, the governance thresholds', async () => {
  const admA = await adminOf(A.base);
  const admB = await adminOf(B.base);
  const geo = await geography(admA);
  const owner = await signUp(B.base);
  const ch = (await owner.client.api('POST', '/chapters', { name: `Shared ${unique('c')}`, metro_id: geo.metro.id })).json().chapter;
  // density counts active chapters (a new one is forming)
  sqlIn(url, `UPDATE chapters SET status = 'active', updated_at = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${ch.id}`);
  const pathOn = async (s) => (await client(s.base).api('GET', `/chapters/${ch.slug}`)).json().governance.path.map((x) => x.key);
  // B keeps what it read: the name, the about text, the thresholds
  const name0 = (await client(B.base).get('/about')).text.match(/<title>[^<]*<\/title>/)[0];
  assert.deepEqual(await pathOn(B), ['board'], 'one active chapter in its city: the board');
  for (let round = 1; round <= 2; round++) {
    const name = `Network ${unique('n')} ${round}`;
    const r = await admA.api('POST', '/admin/settings', { network_name: name, about: `We are **${name}**.` });
    assert.equal(r.status, 200, r.text);
    const about = await client(B.base).get('/about');
    assert.match(about.text, new RegExp(`<title>[^<]*${name}</title>`), `B names the network as A saved it (was ${name0})`);
    assert.ok(mainOf(about.text).includes(`We are <strong>${name}</strong>.`), 'and shows the new about text');
  }
  const gov = { gov_metro_min: 1, gov_region_min: 3, gov_country_min: 3, gov_committee_electorate: 'connectors' };
  assert.equal((await admA.api('POST', '/governance/settings', gov)).status, 200);
  assert.deepEqual(await pathOn(B), [geo.metro.slug, 'board'], 'a city of one active chapter is dense at 1: B takes the new path at once');
  assert.equal((await admB.api('POST', '/governance/settings', { ...gov, gov_metro_min: 3 })).status, 200);
  assert.deepEqual(await pathOn(A), ['board'], 'and back, saved through B, read through A');
});

test('(c) a search kept by one server is answered anew once the other changes what it found', async () => {
  const owner = await signUp(A.base);
  const geo = await geography(await adminOf(A.base));
  const word = unique('Kestrel').replace(/[^A-Za-z0-9]/g, '');
  const ch = (await owner.client.api('POST', '/chapters', { name: `${word} founders`, metro_id: geo.metro.id })).json().chapter;
  const found = async (q) => (await client(B.base).api('GET', `/search?q=${encodeURIComponent(q)}`)).json().results
    .filter((x) => x.kind === 'chapter').map((x) => x.title);
  for (let i = 0; i < 3; i++) assert.deepEqual(await found(word), [`${word} founders`], 'B finds the chapter A made (asked again: kept)');
  const r = await owner.client.api('POST', `/chapters/${ch.slug}`, { name: `${word} makers` });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await found(word), [`${word} makers`], 'renamed through A: B answers with the new name at once');
  assert.deepEqual(await found(`${word} founders`), [], 'and the old name finds it no more');
});

test('(b) a meeting reminder falling due while two servers tick every second is queued once', async () => {
  await stopAll();
  sqlIn(url, 'UPDATE jobs SET next_at = 0');   // due now (the servers before ran them an hour ahead)
  const started = Date.now();
  [A, B] = await Promise.all([serve(url, 'a1', 1), serve(url, 'b1', 1)]);
  const adm = await adminOf(A.base);
  const geo = await geography(adm);
  const owner = await signUp(A.base);
  const guest = await signUp(B.base);
  const ch = (await owner.client.api('POST', '/chapters', { name: `Ticking ${unique('c')}`, metro_id: geo.metro.id })).json().chapter;
  await admit(owner, ch, guest);
  const soon = lisbon(23 * 60);   // within the day before: a reminder is due at once
  const m = await owner.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: soon.date, time: soon.time });
  assert.equal(m.status, 201, m.text);
  const id = m.json().meeting.id;
  const queued = () => Number(sqlIn(url, `SELECT count(*) FROM outbox WHERE kind = 'meeting_reminder' AND subject LIKE '%${ch.name}%'`));
  for (let i = 0; i < 100 && queued() < 2; i++) await sleep(100);
  await sleep(3000);   // three more seconds of both servers ticking
  assert.equal(queued(), 2, 'one reminder to each of the two members');
  assert.equal(sqlIn(url, `SELECT count(DISTINCT to_email) FROM outbox WHERE kind = 'meeting_reminder' AND subject LIKE '%${ch.name}%'`), '2');
  assert.notEqual(sqlIn(url, `SELECT COALESCE(reminded_at, 0) FROM meetings WHERE id = ${id}`), '0');
  const told = [A, B].map((s) => (readFileSync(s.log, 'utf8').match(/periodic work: [^\n]*2 meeting reminders queued/g) || []).length);
  assert.equal(told[0] + told[1], 1, `one server queued them, once: ${told}`);
  const runs = Number(sqlIn(url, "SELECT runs FROM jobs WHERE name = 'tick:meetings'"));
  const seconds = (Date.now() - started) / 1000;
  assert.ok(runs >= 2 && runs <= seconds + 3, `about one run a second between both servers, not two: ${runs} runs in ${seconds.toFixed(1)} s`);
});

test('(c) a server never writes the head of the books backwards over a newer one another wrote', async () => {
  const owner = await signUp(A.base);
  const helper = await signUp(B.base);
  const geo = await geography(await adminOf(A.base));
  const ch = (await owner.client.api('POST', '/chapters', { name: `Heads ${unique('c')}`, metro_id: geo.metro.id })).json().chapter;
  await admit(owner, ch, helper);
  const entry = async (i) => {
    const r = await as(owner, A.base).api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution',
      counterpart: `member:${helper.id}`, resource: 'HOURS', amount: '1', description: `Head ${i}` });
    assert.equal(r.status, 201, r.text);
  };
  const seqOf = () => JSON.parse(readFileSync(A.head, 'utf8')).seq;
  await entry(1);
  const newest = () => Number(sqlIn(url, 'SELECT max(seq) FROM ledger_transactions'));
  for (let i = 0; i < 50 && seqOf() !== newest(); i++) await sleep(100);
  assert.equal(seqOf(), newest(), 'A published its entry');
  // another server (here: by hand) published a head further on
  const ahead = { ...JSON.parse(readFileSync(A.head, 'utf8')), seq: newest() + 1000 };
  writeFileSync(A.head, JSON.stringify(ahead));
  await entry(2);
  await sleep(1000);   // the publisher's moment
  assert.equal(seqOf(), ahead.seq, 'the newer head stays');
});

// ---------- (d) through pgbouncer in transaction pooling ----------

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function answers(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.end(); resolve(true); });
      sock.on('error', () => resolve(false));
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

// A pgbouncer on loopback in front of the database of `dbUrl`, transaction pooling, two server
// connections: {url (with ?pooler=transaction), stop()}.
async function bouncer(dbUrl) {
  const u = new URL(dbUrl);
  const host = u.searchParams.get('host'), db = u.pathname.slice(1), user = u.searchParams.get('user') || 'glocal';
  const home = join(dir, 'bouncer');
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const ini = join(home, 'pgbouncer.ini');
  writeFileSync(ini, [
    '[databases]',
    `${db} = host=${host} dbname=${db} user=${user}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1', `listen_port = ${port}`, 'unix_socket_dir =',
    'auth_type = any', 'pool_mode = transaction', 'default_pool_size = 2', 'max_client_conn = 200',
    `logfile = ${join(home, 'pgbouncer.log')}`, `pidfile = ${join(home, 'pgbouncer.pid')}`,
    'ignore_startup_parameters = extra_float_digits', '',
  ].join('\n'));
  if (root) {
    const pw = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(home, Number(pw), Number(pw));
  }
  const p = root ? spawn('runuser', ['-u', 'postgres', '--', '/usr/sbin/pgbouncer', ini], { stdio: 'ignore' })
    : spawn('/usr/sbin/pgbouncer', [ini], { stdio: 'ignore' });
  assert.ok(await answers(port), `pgbouncer listens: ${existsSync(join(home, 'pgbouncer.log')) ? readFileSync(join(home, 'pgbouncer.log'), 'utf8').slice(-1500) : ''}`);
  const stop = () => {
    const pidFile = join(home, 'pgbouncer.pid');
    if (existsSync(pidFile)) { try { process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM'); } catch { /* gone */ } }
    p.kill('SIGTERM');
  };
  return { url: `postgresql://${user}@127.0.0.1:${port}/${db}?pooler=transaction`, stop, log: join(home, 'pgbouncer.log') };
}

test('(d) two servers through pgbouncer in transaction pooling: init, pages, a login, writes, the books and verify', async (t) => {
  if (!pg) {
    t.skip('skipped: pgbouncer pools PostgreSQL connections (this run is on SQLite)');
    return;
  }
  if (!existsSync('/usr/sbin/pgbouncer')) assert.fail('pgbouncer is not installed: tools/setup test installs it');
  await stopAll();
  const direct = freshDb('bounced');
  const pool = await bouncer(direct);
  try {
    init(pool.url);   // every migration through the pooler
    assert.equal(sqlIn(direct, 'SELECT max(version) FROM schema_migrations'), String(Number(sqlIn(url, 'SELECT max(version) FROM schema_migrations'))));
    const [P, Q] = await Promise.all([serve(pool.url, 'pa', 1), serve(pool.url, 'pb', 1)]);
    for (const s of [P, Q]) {
      for (const path of ['/', '/chapters', '/login', '/about', '/api/v1/chapters']) {
        const r = await client(s.base).get(path);
        assert.equal(r.status, 200, `${path} through pgbouncer: ${r.status}`);
      }
    }
    const adm = await adminOf(P.base);
    const geo = await geography(adm);
    const owner = await signUp(Q.base);
    const helper = await signUp(P.base);
    const ch = (await owner.client.api('POST', '/chapters', { name: `Pooled ${unique('c')}`, metro_id: geo.metro.id })).json().chapter;
    await admit(owner, ch, helper);
    for (const [i, s] of [P, Q].entries()) {
      const r = await as(owner, s.base).api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution',
        counterpart: `member:${helper.id}`, resource: 'HOURS', amount: `${i + 1}`, description: `Pooled hours ${i}` });
      assert.equal(r.status, 201, `a ledger entry through ${s.base}: ${r.text}`);
    }
    for (const s of [P, Q]) {
      assert.equal((await client(s.base).get(`/chapters/${ch.slug}`)).status, 200);
      const books = await as(owner, s.base).api('GET', `/chapters/${ch.slug}/ledger`);
      assert.equal(books.status, 200);
      assert.equal((books.text.match(/Pooled hours [01]/g) || []).length, 2, 'both entries in the books, read through either server');
    }
    const v = spawnSync(BIN, ['verify', '--db', pool.url], { encoding: 'utf8' });
    assert.equal(v.status, 0, `glocal verify through pgbouncer: ${v.stdout}${v.stderr}`);
    for (let i = 0; i < 50 && Number(sqlIn(direct, 'SELECT count(*) FROM jobs WHERE runs > 0')) < TICKING.length; i++) await sleep(100);
    assert.equal(sqlIn(direct, 'SELECT count(*) FROM jobs WHERE runs > 0'), String(TICKING.length), 'the periodic work ran through the pooler');
    for (const s of [P, Q]) {
      // (a serialization failure is retried, and says nothing of the pooler)
      const errors = readFileSync(s.log, 'utf8').split('\n').filter((l) => / error |prepared statement/.test(l) && !/could not serialize|deadlock detected/.test(l));
      assert.deepEqual(errors, [], `no database error on ${s.base}`);
    }
    await stopAll();
  } finally {
    await stopAll();
    pool.stop();
  }
});
