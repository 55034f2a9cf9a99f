// demo.test.mjs - `glocal demo` on a fresh database of the suite's kind (a new SQLite file, or a new
// database on the suite's PostgreSQL server): it succeeds, and its figures are those of data/demo/ —
// chapters by status, a ledger total and a closed event's revenue split.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB } from './lib.mjs';

const data = (name) => JSON.parse(readFileSync(new URL(`../../data/demo/${name}`, import.meta.url), 'utf8'));
const postgres = DB.startsWith('postgres');
const name = `demo_${process.pid}_${Date.now()}`;
let url, dir;
if (postgres) {
  url = DB.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
} else {
  dir = mkdtempSync(join(tmpdir(), 'glocal-demo-'));
  url = `sqlite:${join(dir, 'demo.db')}`;
}

function query(q) {
  if (!postgres) return execFileSync('sqlite3', [url.slice(7), q], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, url], { encoding: 'utf8' }).trim();
}

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

after(() => {
  if (postgres) execFileSync('psql', ['-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, DB]);
  else rmSync(dir, { recursive: true, force: true });
});

test('glocal demo fills a fresh database with the network of data/demo', { timeout: 600000 }, () => {
  if (postgres) execFileSync('psql', ['-X', '-q', '-c', `CREATE DATABASE ${name}`, DB]);
  const init = glocal(['init', '--db', url, '--admin-email', 'admin@glocal.example', '--admin-password', 'demo-admin-2026',
    '--admin-name', 'Ada Admin']);
  assert.equal(init.code, 0, init.err);
  const demo = glocal(['demo', '--db', url]);
  assert.equal(demo.code, 0, demo.err);
  assert.match(demo.out, /now holds the demo network "Entrepreneur Commons"/);

  // chapters by status, as chapters.json has them (35 active, 12 forming, 8 dormant, 5 closed)
  const want = {};
  for (const c of data('chapters.json').chapters) want[c.status] = (want[c.status] || 0) + 1;
  assert.deepEqual(want, { active: 35, forming: 12, dormant: 8, closed: 5 });
  const got = Object.fromEntries(query('SELECT status, count(*) FROM chapters GROUP BY status ORDER BY status')
    .split('\n').map((l) => l.split('|')).map(([s, n]) => [s, Number(n)]));
  assert.deepEqual(got, want);
  assert.match(demo.out, /60 chapters: 35 active, 12 forming, 8 dormant, 5 closed/);
});

test('the books: the foundation gave two grants; the bursaries are those of books.json', () => {
  // the network's funder paid the connectors' programme twice: 25,000 and 18,000 euros, nothing else
  const funder = query(`SELECT t.inflow, t.outflow FROM organisations o
    JOIN ledger_accounts a ON a.kind = 'organisation' AND a.ref_id = o.id
    JOIN ledger_totals t ON t.account_id = a.id AND t.resource = 'EUR' WHERE o.slug = 'the-meridian-foundation'`);
  assert.equal(funder, '0|4300000');
  const bursaries = data('books.json').bursaries.reduce((sum, b) => sum + b.cents, 0);
  assert.equal(bursaries, 138500);
  const paid = query(`SELECT sum(p.amount) FROM ledger_postings p JOIN ledger_transactions x ON x.id = p.transaction_id
    WHERE x.kind = 'expense' AND x.description LIKE 'Travel bursary%' AND p.amount > 0 AND p.resource = 'EUR'`);
  assert.equal(Number(paid), bursaries);
});

test('a closed event: its revenue is shared out by the split of its format', () => {
  const event = data('events.json').events.find((x) => x.title === 'Startup Weekend Berlin');
  assert.ok(event && event.day < 0, 'a past event of events.json');
  const split = data('apps.json').formats.find((f) => f.slug === event.format).split;
  const rows = query(`SELECT s.party, s.share, s.amount, s.currency, s.tx_id IS NOT NULL FROM event_shares s
    JOIN events e ON e.id = s.event_id WHERE e.title = 'Startup Weekend Berlin' AND e.status = 'closed' ORDER BY s.share DESC, s.party`)
    .split('\n').filter(Boolean).map((l) => l.split('|'));
  assert.deepEqual(rows.map(([party, share]) => [party, Number(share)]),
    split.map((p) => [p.party, p.share]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  const total = rows.reduce((sum, r) => sum + Number(r[2]), 0);
  assert.equal(total, 308000);   // 3,080 euros shared out
  for (const [party, share, amount, currency, posted] of rows) {
    assert.equal(currency, 'EUR');
    assert.ok(posted === '1' || posted === 't', `${party}'s share is in the books`);
    assert.ok(Math.abs(Number(amount) * 10000 - total * Number(share)) < 10000, `${party}: ${amount} of ${total}`);
  }
});

test('governance: matters at every stage of governance.json, a board elected by STV whose box verifies, an election still open', () => {
  const gov = data('governance.json');
  const status = { open: 'open', summary: 'open', escalated: 'escalated', passed_up: 'escalated', decided: 'decided',
    proposal: 'decided', resolved: 'resolved', withdrawn: 'withdrawn' };
  const rows = query(`SELECT ch.name, m.status, COALESCE(p.slug, '') FROM gov_matters m JOIN chapters ch ON ch.id = m.chapter_id
    LEFT JOIN gov_committees g ON g.id = m.committee_id LEFT JOIN places p ON p.id = g.place_id ORDER BY m.id`)
    .split('\n').map((l) => l.split('|'));
  assert.deepEqual(rows.map(([chapter, s]) => [chapter, s]), gov.matters.map((m) => [m.chapter, status[m.stage]]));
  // the escalation path follows density: a dense metro keeps Lisbon's matter, Porto's goes to the country,
  // Rio's (a sparse country) to Brazil's committee, and the one passed up from Lisbon reaches Portugal's
  const where = Object.fromEntries(rows.map(([chapter, , place]) => [chapter, place]));
  assert.equal(where['Lisbon Climate Builders'], 'lisbon');
  assert.equal(where['Lisbon Tourism & Hospitality Table'], 'portugal');
  assert.equal(where['Porto Founders Circle'], 'portugal');
  assert.equal(where['Rio Tourism Founders'], 'brazil');
  // the board: elected, seated, its box signed and verified by glocal verify-election
  const [id, state, seats] = query(`SELECT e.id, e.status, (SELECT count(*) FROM gov_committee_members m
    WHERE m.committee_id = e.committee_id AND m.election_id = e.id) FROM gov_elections e WHERE e.title = 'Board of the network, 2026'`).split('|');
  assert.equal(state, 'closed');
  assert.equal(Number(seats), 5);
  const check = glocal(['verify-election', '--db', url, id]);
  assert.equal(check.code, 0, check.out + check.err);
  assert.equal(query("SELECT status FROM gov_elections WHERE title = 'Lisbon committee, 2027'"), 'voting');
  // closed proposals and polls leave decision records; nothing from the past waits in the outbox
  assert.ok(Number(query("SELECT count(*) FROM gov_decisions WHERE source IN ('proposal', 'poll')")) >= 4);
  assert.equal(query("SELECT count(*) FROM outbox WHERE kind LIKE 'gov%' AND sent_at IS NULL"), '0');
});
