// reliability.mjs - `make reliability`: kill -9 cycles under concurrent writers, then a soak.
//
//   DB=sqlite|postgres|both CYCLES=N SOAK=SECONDS BIN=build/glocal node tests/tools/reliability.mjs
//
// (1) For each database: `glocal serve` runs while writers post ledger contributions (each with
// an Idempotency-Key and a unique description), guest registrations (unique e-mails), meetings
// and RSVPs, each from its own client; the server is killed with SIGKILL at a random moment and
// started again. Every write answered 2xx must then be in the database exactly once, none twice,
// and `glocal verify` must pass. (2) A mixed load of reads and writes for SOAK seconds while the
// server's VmRSS is sampled: the median of the last third must stay within 10 % + 8 MiB of the
// median of the middle third (the first third is warm-up).
// Prints the figures and ends with "N passed, N failed" (read by tests/run).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const BIN = resolve(process.env.BIN || join(ROOT, 'build/glocal'));
const KINDS = (process.env.DB || 'both') === 'both' ? ['sqlite', 'postgres'] : [process.env.DB === 'pg' ? 'postgres' : process.env.DB];
const CYCLES = Number(process.env.CYCLES || 200);
const SOAK = Number(process.env.SOAK || 1800);
const TMP = mkdtempSync(join(tmpdir(), 'glocal-reliab-'));
chmodSync(TMP, 0o755);
let passed = 0, failed = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function check(ok, what) { if (ok) passed++; else { failed++; console.log(`FAIL ${what}`); } }

function freePort() {
  return new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
}

let guestN = 0;
function guestAddress() { guestN++; return `127.2.${(guestN >> 8) & 255}.${guestN & 255}`; }

async function main() {
  const port = await freePort();
  process.env.GLOCAL_URL = `http://127.0.0.1:${port}`;
  const lib = await import('../http/lib.mjs');
  for (const kind of KINDS) await runOn(kind, port, lib);
  console.log(`${passed} passed, ${failed} failed`);
  rmSync(TMP, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

async function runOn(kind, port, lib) {
  let url, pgDir, head = [];
  if (kind === 'sqlite') url = `sqlite:${TMP}/rel.db`;
  else {
    pgDir = join(TMP, 'pg');
    execFileSync(join(ROOT, 'tests/pg.sh'), ['start', pgDir]);
    url = execFileSync(join(ROOT, 'tests/pg.sh'), ['createdb', pgDir, 'reliab'], { encoding: 'utf8' }).trim();
    head = ['--head-file', join(TMP, 'head.json')];
  }
  // (a long soak's audit reads a row per write: far more than execFileSync's 1 MiB by default)
  const out = { encoding: 'utf8', maxBuffer: 1 << 30 };
  const sql = (q) => kind === 'sqlite'
    ? execFileSync('sqlite3', ['-cmd', '.timeout 10000', url.slice(7), q], out).trim()
    : execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, url], out).trim();
  try {
    execFileSync(BIN, ['init', '--db', url, '--admin-email', lib.ADMIN.email, '--admin-password', lib.ADMIN.password, '--admin-name', 'Ada Admin']);
    let server = await start(url, port, head);
    const w = await setup(lib);
    const acked = { ledger: new Set(), guests: new Set(), meetings: new Set(), rsvps: new Set() };
    let lost = 0, twice = 0, verifyFailed = 0, ackTotal = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const stop = { now: false };
      const writers = startWriters(lib, w, acked, stop);
      await sleep(300 + Math.random() * 1500);
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      stop.now = true;
      await writers;
      server = await start(url, port, head);
      const r = audit(sql, acked);
      lost += r.lost; twice += r.twice;
      const v = spawnSync(BIN, ['verify', '--db', url, ...(head.length ? ['--head', head[1]] : [])], { encoding: 'utf8' });
      if (v.status !== 0) { verifyFailed++; console.log(`cycle ${cycle}: glocal verify failed: ${(v.stdout + v.stderr).slice(0, 500)}`); }
    }
    ackTotal = acked.ledger.size + acked.guests.size + acked.meetings.size + acked.rsvps.size;
    console.log(`${kind}: ${CYCLES} kill -9 cycles, ${ackTotal} acknowledged writes (${acked.ledger.size} ledger, ${acked.guests.size} registrations, ${acked.meetings.size} meetings, ${acked.rsvps.size} RSVPs), ${lost} lost, ${twice} duplicated, ${verifyFailed} failed verifications`);
    check(ackTotal > 0, `${kind}: some writes were acknowledged`);
    check(lost === 0, `${kind}: no acknowledged write lost`);
    check(twice === 0, `${kind}: no write twice`);
    check(verifyFailed === 0, `${kind}: glocal verify passes after every cycle`);
    await soak(kind, lib, w, acked, server, sql);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  } finally {
    if (pgDir) execFileSync(join(ROOT, 'tests/pg.sh'), ['stop', pgDir]);
  }
}

async function start(url, port, head) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = spawn(BIN, ['serve', '--db', url, '--port', String(port), '--public-url', 'http://glocal.test', '--quiet',
      '--max-per-address', '0', ...head], { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let i = 0; i < 100 && p.exitCode === null; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return p; } catch { /* not yet */ }
      await sleep(50);
    }
    p.kill('SIGKILL');
    await sleep(200);
  }
  throw new Error('the server does not start');
}

async function setup(lib) {
  const adm = await lib.admin();
  await adm.api('POST', '/admin/settings', { guest_verification: false });
  const geo = await lib.geography(adm);
  const conn = await lib.member({ name: `Cora ${lib.unique()}` });
  const members = [];
  for (let i = 0; i < 3; i++) members.push(await lib.member({ name: `Mem ${lib.unique()}` }));
  const ch = await lib.chapter(conn, { name: `Reliab ${lib.unique()}`, metro_id: geo.metro.id });
  for (const m of members) await lib.admit(conn, ch, m);
  const app = await adm.api('POST', '/apps', { name: `Rel ${lib.unique()}`, summary: 'Reliability.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  const made = await conn.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${ch.slug}`,
    title: `Rel ${lib.unique()}`, venue: 'The Hub', capacity: 10000, ...lib.when(60 * 24 * 30) });
  if (made.status !== 201) throw new Error(`the event: ${made.status} ${made.text.slice(0, 300)} (app: ${app.text.slice(0, 200)})`);
  const ev = made.json().event;
  const guest = new lib.Client();
  await guest.get(`/events/${ev.slug}`);
  return { adm, conn, members, ch, ev, guest };
}

// Writers run until stop.now; each write's mark is added to acked only on a 2xx answer.
function startWriters(lib, w, acked, stop) {
  const loop = async (fn) => { while (!stop.now) { try { await fn(); } catch { await sleep(20); } } };
  const ledger = async () => {
    const d = lib.unique('rel-ledger-');
    const r = await w.conn.client.api('POST', `/chapters/${w.ch.slug}/ledger`, { kind: 'contribution',
      counterpart: `member:${w.members[0].id}`, resource: 'HOURS', amount: '1', description: d }, { headers: { 'Idempotency-Key': d } });
    if (r.status === 201) acked.ledger.add(d);
  };
  const register = async () => {
    const e = `${lib.unique('rel-guest-')}@example.org`;
    const r = await w.guest.post(`/events/${w.ev.slug}/register`, { name: 'Rel Guest', email: e }, { from: guestAddress() });
    if (r.status === 303) acked.guests.add(e);
  };
  const meeting = async () => {
    const v = lib.unique('rel-venue-');
    const r = await w.conn.client.api('POST', `/chapters/${w.ch.slug}/meetings`, { date: '2027-09-15', time: '18:00', venue: v });
    if (r.status === 201) { acked.meetings.add(v); w.open = [...(w.open || []), r.json().meeting.id]; }
  };
  const rsvp = (m, i) => async () => {
    const id = (w.open || [])[(w.next ||= [0, 0, 0])[i]];
    if (id === undefined) { await sleep(50); return; }
    const r = await m.client.api('POST', `/chapters/${w.ch.slug}/meetings/${id}/rsvp`, { answer: 'yes' });
    w.next[i]++;
    if (r.status === 200) acked.rsvps.add(`${id}:${m.id}`);
  };
  return Promise.all([loop(ledger), loop(ledger), loop(register), loop(register), loop(meeting),
    ...w.members.map((m, i) => loop(rsvp(m, i)))]);
}

function audit(sql, acked) {
  let lost = 0, twice = 0;
  const counted = (q) => new Map(sql(q).split('\n').filter(Boolean).map((l) => { const [k, n] = l.split('|'); return [k, Number(n)]; }));
  const sets = [
    [acked.ledger, "SELECT description, count(*) FROM ledger_transactions WHERE description LIKE 'rel-ledger-%' GROUP BY description"],
    [acked.guests, "SELECT guest_email, count(*) FROM registrations WHERE guest_email LIKE 'rel-guest-%' GROUP BY guest_email"],
    [acked.meetings, "SELECT venue, count(*) FROM meetings WHERE venue LIKE 'rel-venue-%' GROUP BY venue"],
    [acked.rsvps, "SELECT meeting_id || ':' || user_id, count(*) FROM rsvps WHERE answer = 'yes' GROUP BY meeting_id, user_id"],
  ];
  for (const [set, q] of sets) {
    const found = counted(q);
    for (const k of set) if (!found.has(k)) lost++;
    for (const n of found.values()) if (n > 1) twice++;
  }
  return { lost, twice };
}

function rss(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) : 0;
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)] || 0; };

async function soak(kind, lib, w, acked, server, sql) {
  const stop = { now: false };
  let requests = 0;
  const reader = async () => {
    const paths = [`/api/v1/chapters/${w.ch.slug}/ledger`, `/api/v1/events/${w.ev.slug}`, '/health', `/chapters/${w.ch.slug}`, `/events/${w.ev.slug}`];
    while (!stop.now) {
      try { await w.conn.client.get(paths[requests % paths.length]); requests++; } catch { await sleep(20); }
    }
  };
  const before = Object.values(acked).reduce((n, s) => n + s.size, 0);
  const writers = startWriters(lib, w, acked, stop);
  const readers = Promise.all([reader(), reader(), reader()]);
  const samples = [];
  const end = Date.now() + SOAK * 1000;
  while (Date.now() < end && server.exitCode === null) { samples.push(rss(server.pid)); await sleep(1000); }
  stop.now = true;
  await Promise.all([writers, readers]);
  const writes = Object.values(acked).reduce((n, s) => n + s.size, 0) - before;
  const third = Math.max(1, Math.floor(samples.length / 3));   // the first third is the warm-up (caches, pools)
  const first = median(samples.slice(third, 2 * third)), last = median(samples.slice(-third));
  const growth = last - first;
  console.log(`${kind}: soak ${SOAK} s, ${requests + writes} requests (${requests} reads, ${writes} writes), RSS start ${(samples[0] / 1024).toFixed(1)} MiB, end ${(samples.at(-1) / 1024).toFixed(1)} MiB, growth ${(growth / 1024).toFixed(1)} MiB (median of the last third vs the middle third; the first is warm-up)`);
  check(server.exitCode === null, `${kind}: the server lived through the soak`);
  check(requests > 0 && writes > 0, `${kind}: the soak read and wrote`);
  check(last <= first * 1.10 + 8 * 1024, `${kind}: memory does not keep growing (${first} kB -> ${last} kB)`);
  const r = audit(sql, acked);
  check(r.lost === 0 && r.twice === 0, `${kind}: every soak write present once (${r.lost} lost, ${r.twice} twice)`);
}

main().catch((e) => { console.log(`FAIL ${e.stack}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
