// bench.test.mjs - `glocal bench-data` at a tiny scale (0.1 %: 50 chapters),
// into a database of its own of the kind under test: the counts it promises,
// every chapter status, foreign keys that hold, the same indexes as a migrated
// database, tokens stored as their hashes, a ledger chain whose first hashes
// are what ledger_hash computes (recomputed here from the canonical text), and
// the refusal to write into a database that holds a network. No timings are
// asserted: the benchmark itself is `make bench`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, freshDb as freshDatabase, sqlOn } from './lib.mjs';

const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'bench-'));
const pg = DB.startsWith('postgres');

// a fresh database of the kind under test
const freshDb = (name) => freshDatabase(dir, name, 'bench');
const sql = sqlOn;

const url = freshDb('smoke');
const tokens = join(dir, 'tokens.tsv');
const run = spawnSync(BIN, ['bench-data', '--db', url, '--scale', '0.1', '--tokens', tokens], { encoding: 'utf8' });

test('bench-data fills an empty database and reports its stages', () => {
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /ledger transactions\s+5000/);
  assert.match(run.stdout, /counts \{/);
});

test('the counts are those of the scale', () => {
  const n = (q) => Number(sql(url, q));
  assert.equal(n("SELECT count(*) FROM places WHERE kind = 'country'"), 1);
  assert.equal(n("SELECT count(*) FROM places WHERE kind = 'metro'"), 20);
  assert.equal(n('SELECT count(*) FROM chapters'), 50);
  assert.equal(n('SELECT count(*) FROM users WHERE is_admin = 0'), 1000);
  assert.equal(n('SELECT count(*) FROM meetings'), 200);
  assert.equal(n('SELECT count(*) FROM rsvps'), 5000);
  assert.equal(n('SELECT count(*) FROM ledger_transactions'), 5000);
  assert.equal(n('SELECT count(*) FROM ledger_postings'), 10000);
  const memberships = n('SELECT count(*) FROM memberships');
  assert.ok(memberships > 8 * 50 && memberships < 16 * 50, `about 12 members a chapter, not ${memberships / 50}`);
  assert.equal(sql(url, 'SELECT DISTINCT status FROM chapters ORDER BY status').split('\n').join(','), 'active,closed,dormant,forming');
  assert.equal(n("SELECT count(*) FROM chapters c WHERE status <> 'closed' AND NOT EXISTS"
    + " (SELECT 1 FROM memberships m WHERE m.chapter_id = c.id AND m.role = 'connector')"), 0, 'every open chapter has a connector');
  assert.ok(n("SELECT count(*) FROM meetings WHERE status = 'scheduled'") > 0, 'upcoming meetings');
  assert.ok(n("SELECT count(*) FROM meetings WHERE status = 'held'") > n("SELECT count(*) FROM meetings WHERE status = 'scheduled'"));
  // the directory's counts (migration 037) are the chapters', though a superuser's session skipped the triggers
  assert.equal(n('SELECT sum(chapters) FROM chapter_counts'), 50);
  assert.equal(sql(url, 'SELECT metro_id, sector_id, status, chapters FROM chapter_counts ORDER BY 1, 2, 3'),
    sql(url, 'SELECT metro_id, coalesce(sector_id, 0), status, count(*) FROM chapters GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'));
  // every posting pair balances
  assert.equal(n('SELECT count(*) FROM (SELECT transaction_id FROM ledger_postings GROUP BY transaction_id HAVING sum(amount) <> 0) x'), 0);
});

// PostgreSQL checks references as rows are written, so there it is enough that every foreign key of a
// migrated database is there and validated.
test('references hold and the indexes are those of a migrated database', () => {
  const migrated = freshDb('migrated');
  execFileSync(BIN, ['migrate', '--db', migrated], { encoding: 'utf8' });
  if (!pg) {
    assert.equal(sql(url, 'PRAGMA foreign_key_check'), '');
    assert.equal(sql(url, 'PRAGMA integrity_check'), 'ok');
  }
  const indexes = (u) => sql(u, pg ? "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"
    : "SELECT name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name");
  assert.ok(indexes(migrated).length > 0);
  assert.equal(indexes(url), indexes(migrated));
  if (pg) {
    const keys = (u) => sql(u, "SELECT conrelid::regclass || ' ' || conname || ' ' || convalidated FROM pg_constraint"
      + " WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1");
    assert.match(keys(migrated), / true$/m);
    assert.equal(keys(url), keys(migrated));
  }
});

test('the tokens file lists tokens whose hashes are stored', () => {
  const lines = readFileSync(tokens, 'utf8').split('\n');
  assert.ok(lines.some((l) => l.startsWith('#metro\t')) && lines.some((l) => l.startsWith('#search\t')));
  const rows = lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  assert.ok(rows.length >= 3);
  for (const [token, user, chapter, meeting] of rows) {
    assert.match(token, /^glc_/);
    const hash = createHash('sha256').update(token).digest('hex');
    assert.equal(sql(url, `SELECT user_id FROM api_tokens WHERE token_hash = '${hash}'`), user);
    assert.equal(sql(url, `SELECT count(*) FROM memberships m JOIN chapters c ON c.id = m.chapter_id
      WHERE c.slug = '${chapter}' AND m.user_id = ${user} AND m.role = 'connector'`), '1');
    assert.equal(sql(url, `SELECT status FROM meetings WHERE id = ${meeting}`), 'scheduled');
  }
});

// ledger_hash (src/ledger/rules.c): every field length-prefixed, in order
function ledgerHash(prev, t, postings) {
  const h = createHash('sha256');
  const text = (s) => { s = s ?? ''; h.update(`${Buffer.byteLength(s)}:`); h.update(s); h.update(';'); };
  const int = (v) => text(String(v ?? 0));
  text('glocal-ledger-v1'); text(prev); int(t.seq); text(t.kind); text(t.description); text(t.category);
  text(t.occurred_on); text(t.visibility);
  for (const k of ['payer_id', 'recipient_id', 'beneficiary_id', 'approved_by', 'recorded_by', 'recorded_at', 'reverses_id', 'meeting_id']) int(t[k]);
  int(postings.length);
  for (const p of postings) { int(p.account_id); text(p.resource); int(p.amount); int(p.value_amount); text(p.value_currency); }
  return h.digest('hex');
}

test('the ledger chain starts at the genesis hash and its hashes are ledger_hash', () => {
  const cols = ['seq', 'kind', 'description', 'category', 'occurred_on', 'visibility', 'payer_id', 'recipient_id', 'beneficiary_id',
    'approved_by', 'recorded_by', 'recorded_at', 'reverses_id', 'meeting_id', 'prev_hash', 'hash', 'id'];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= 4; seq++) {
    const row = sql(url, `SELECT ${cols.join(" || '|' || ")} FROM (SELECT seq, kind, description, category, occurred_on, visibility,`
      + ' coalesce(payer_id, 0) AS payer_id, coalesce(recipient_id, 0) AS recipient_id, coalesce(beneficiary_id, 0) AS beneficiary_id,'
      + ' coalesce(approved_by, 0) AS approved_by, coalesce(recorded_by, 0) AS recorded_by, recorded_at,'
      + ' coalesce(reverses_id, 0) AS reverses_id, coalesce(meeting_id, 0) AS meeting_id, prev_hash, hash, id'
      + ` FROM ledger_transactions WHERE seq = ${seq}) x`).split('|');
    const t = Object.fromEntries(cols.map((c, i) => [c, row[i]]));
    const postings = sql(url, 'SELECT account_id || \'|\' || resource || \'|\' || amount || \'|\' || coalesce(value_amount, 0) || \'|\''
      + ` || coalesce(value_currency, '') FROM ledger_postings WHERE transaction_id = ${t.id} ORDER BY id`)
      .split('\n').map((l) => l.split('|')).map(([account_id, resource, amount, value_amount, value_currency]) =>
        ({ account_id, resource, amount, value_amount, value_currency: value_currency || null }));
    assert.equal(postings.length, 2);
    assert.equal(t.prev_hash, prev, `transaction ${seq} follows the one before`);
    assert.equal(ledgerHash(prev, t, postings), t.hash, `transaction ${seq} carries ledger_hash`);
    prev = t.hash;
  }
});

test('bench-data refuses a database that already holds a network', () => {
  const again = spawnSync(BIN, ['bench-data', '--db', url, '--scale', '0.1', '--tokens', join(dir, 'again.tsv')], { encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds a network/);
  const usage = spawnSync(BIN, ['bench-data', '--db', url, '--scale', 'lots'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});
