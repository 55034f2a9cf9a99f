// copy.test.mjs - `glocal copy` moves the demo network between SQLite and PostgreSQL and back:
// every table and row (the data of both ends compared row by row; the demo's chapter photos are
// bytes, carried as hex), the books' chain and
// signed head (`glocal verify` passes on each copy), ids kept and new ones fresh on
// PostgreSQL, a row naming a later one of its own table carried across batches; a non-empty
// target, or a source at another migration, is refused and left as it was, and a copy that fails
// half way leaves nothing behind.
// The network starts on the suite's kind (the SQLite suite: a demo on SQLite, through PostgreSQL
// and back; the PostgreSQL suite: a demo on PostgreSQL, through SQLite and back). The SQLite suite
// starts a PostgreSQL server of its own with tests/pg.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, DB } from './lib.mjs';

const onPg = DB.startsWith('postgres');
const pgScript = fileURLToPath(new URL('../pg.sh', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'glocal-copy-'));
chmodSync(dir, 0o755);   // an own PostgreSQL server runs as its own user and needs to reach its folder
const ownPg = join(dir, 'pg');
const tag = `copy_${process.pid}`;
let pgBase = null;    // a URL on the PostgreSQL server whose databases this file makes
const made = [];

function glocal(args, env = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function pgDb(name) {
  const full = `${tag}_${name}`;
  execFileSync('psql', ['-X', '-q', '-c', `CREATE DATABASE ${full}`, pgBase]);
  made.push(full);
  return pgBase.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${full}`);
}

const sqliteDb = (name) => `sqlite:${join(dir, `${name}.db`)}`;

function query(url, q) {
  if (url.startsWith('sqlite:')) return execFileSync('sqlite3', [url.slice(7), q], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, url], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

// The tables of the schema, as each database's catalogue lists them (not SQLite's FTS5 tables).
function tables(url) {
  const q = url.startsWith('sqlite:')
    ? "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
    : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
  return query(url, q).split('\n').filter(Boolean);
}

function counts(url) {
  const all = tables(url);
  const q = all.map((t) => `SELECT '${t}', count(*) FROM ${t}`).join(' UNION ALL ');
  return Object.fromEntries(query(url, q).split('\n').map((l) => { const [t, n] = l.split('|'); return [t, Number(n)]; }));
}

// The books' chain: every entry's position, links and hash, hashed together.
function chain(url) {
  const rows = query(url, 'SELECT seq, prev_hash, hash, recorded_at FROM ledger_transactions ORDER BY seq');
  return { entries: rows.split('\n').filter(Boolean).length, digest: createHash('sha256').update(rows).digest('hex') };
}

// Every row of every table, as sorted INSERT lines (the same kind of database at both ends:
// any table skipped, row lost or value changed shows). SQLite's FTS5 index tables are left out:
// the index is rebuilt by its triggers as the rows come, in its own byte layout.
function rowsOf(url) {
  let lines;
  if (url.startsWith('sqlite:')) {
    const fts = new Set(query(url, "SELECT name FROM pragma_table_list WHERE type IN ('shadow', 'virtual')").split('\n'));
    lines = execFileSync('sqlite3', [url.slice(7), '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 }).split('\n')
      .filter((l) => { const m = l.match(/^INSERT INTO "?(\w+)"?/); return m && !fts.has(m[1]); });
  } else {
    lines = execFileSync('pg_dump', ['--data-only', '--inserts', '--no-owner', url], { encoding: 'utf8', maxBuffer: 256 << 20 }).split('\n')
      .filter((l) => l.startsWith('INSERT INTO '));
  }
  return lines.sort();
}

// Publishes the signed head of the books to headFile (a server started and stopped).
async function publishHead(url, headFile) {
  const p = spawn(BIN, ['serve', '--db', url, '--port', '0', '--tick', '0', '--quiet', '--head-file', headFile], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(headFile); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); });
  assert.ok(existsSync(headFile), 'the server published the head of the books');
}

let origin, middle, back, originHead, originCounts, originChain;

before(async () => {
  if (onPg) pgBase = DB;
  else {
    execFileSync(pgScript, ['start', ownPg], { encoding: 'utf8' });
    pgBase = execFileSync(pgScript, ['url', ownPg], { encoding: 'utf8' }).trim();
  }
  origin = onPg ? pgDb('origin') : sqliteDb('origin');
  const init = glocal(['init', '--db', origin, '--admin-email', 'admin@glocal.example', '--admin-password', 'demo-admin-2026']);
  assert.equal(init.code, 0, init.err);
  const demo = glocal(['demo', '--db', origin]);
  assert.equal(demo.code, 0, demo.err);
  originHead = onPg ? join(dir, 'origin.head.json') : `${origin.slice(7)}.head.json`;
  // a row naming one with a higher id in its own table (a session merged into a later one): with
  // small batches, the later one comes in another batch, after it
  query(origin, 'UPDATE unconf_sessions SET merged_into = (SELECT max(id) FROM unconf_sessions) WHERE id = (SELECT min(id) FROM unconf_sessions)');
  // values that must travel byte for byte: quotes, backslashes, control characters, any script,
  // text that looks like a number, the empty string, and the ends of a 64-bit integer
  const chr = onPg ? 'chr' : 'char';
  query(origin, `INSERT INTO settings (key, value, updated_at) VALUES
    ('copy_odd_text', 'it''s "quoted" \\ back\\slash' || ${chr}(10) || 'line' || ${chr}(9) || 'tab ünïcødé 漢字 🌍 <&> %s $1', 9223372036854775807),
    ('copy_numeric_text', '007', -9223372036854775808), ('copy_empty_text', '', 0)`);
  await publishHead(origin, originHead);
  originCounts = counts(origin);
  originChain = chain(origin);
});

after(() => {
  for (const name of made) spawnSync('psql', ['-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, pgBase]);
  if (!onPg) spawnSync(pgScript, ['stop', ownPg]);
  rmSync(dir, { recursive: true, force: true });
});

test('the demo network is copied to the other kind of database, every table and row, and verify passes', { timeout: 300000 }, () => {
  assert.ok(originChain.entries > 100, 'the demo has books to copy');
  assert.ok(Object.keys(originCounts).length > 50, 'the catalogue lists the schema');
  assert.ok(originCounts.organisation_managers > 0, 'the demo has organisations with managers to copy (schema 034)');
  middle = onPg ? sqliteDb('middle') : pgDb('middle');
  const r = glocal(['copy', '--from', origin, '--to', middle, '--head', originHead, '--batch', '7']);
  assert.equal(r.code, 0, r.err);
  const total = Object.values(originCounts).reduce((a, b) => a + b, 0);
  assert.match(r.out, new RegExp(`${Object.keys(originCounts).length} tables, ${total} rows copied from .* in [0-9.]+ seconds`));
  assert.match(r.err, /ledger_transactions +\d+ \/ \d+ rows/, 'progress per table on stderr');
  assert.deepEqual(counts(middle), originCounts, 'every table, with as many rows');
  assert.deepEqual(chain(middle), originChain, 'the chain, byte for byte');
  const odd = "SELECT key || '=' || value || '@' || updated_at FROM settings WHERE key LIKE 'copy\\_%' ESCAPE '\\' ORDER BY key";
  assert.equal(query(middle, odd), query(origin, odd), 'text and integers exactly as they were');
  assert.match(query(middle, odd), /copy_numeric_text=007@-9223372036854775808\ncopy_odd_text=it's "quoted" \\ back\\slash\nline\ttab ünïcødé 漢字 🌍/);
  assert.equal(query(middle, 'SELECT max(version) FROM schema_migrations'), query(origin, 'SELECT max(version) FROM schema_migrations'));
  assert.equal(query(middle, "SELECT value FROM settings WHERE key = 'sign_public'"), query(origin, "SELECT value FROM settings WHERE key = 'sign_public'"));
  const head = onPg ? [] : ['--head', originHead];   // beside an SQLite copy it was carried over
  if (onPg) assert.equal(readFileSync(`${middle.slice(7)}.head.json`, 'utf8'), readFileSync(originHead, 'utf8'), 'the head file beside the copy');
  const v = glocal(['verify', '--db', middle, ...head]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, new RegExp(`the books are intact: ${originChain.entries} entries`));
  assert.match(v.out, /the books hold the head seen in .*signed by this node/);
});

test('copied back, the network is the one it was, row for row', { timeout: 300000 }, () => {
  back = onPg ? pgDb('back') : sqliteDb('back');
  const r = glocal(['copy', '--from', middle, '--to', back, '--head', originHead, '--batch', '7']);
  assert.equal(r.code, 0, r.err);
  const v = glocal(['verify', '--db', back, ...(onPg ? ['--head', originHead] : [])]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /the books hold the head seen in .*signed by this node/);
  const before = rowsOf(origin), after = rowsOf(back);
  assert.ok(before.length > 1000);
  assert.equal(after.length, before.length, 'as many rows');
  assert.deepEqual(after, before, 'the same rows, value for value');
});

test('a new row on the PostgreSQL copy gets a fresh id', () => {
  const pg = onPg ? back : middle;
  const highest = Number(query(pg, 'SELECT max(id) FROM users'));
  const add = glocal(['user', 'add', 'after-the-copy@test.example', '--name', 'After Copy', '--db', pg], { GLOCAL_PASSWORD: 'a long enough password' });
  assert.equal(add.code, 0, add.err);
  assert.equal(Number(query(pg, "SELECT id FROM users WHERE email = 'after-the-copy@test.example'")), highest + 1);
  const entries = Number(query(pg, 'SELECT max(id) FROM ledger_transactions'));
  assert.equal(query(pg, "SELECT nextval(pg_get_serial_sequence('ledger_transactions', 'id'))"), String(entries + 1));
});

test('a server starts on the PostgreSQL copy with the head file carried over, and signs the same head', { timeout: 60000 }, async () => {
  const pg = onPg ? back : middle;
  const headFile = join(dir, 'moved.head.json');
  writeFileSync(headFile, readFileSync(originHead));
  const log = join(dir, 'moved.log');
  const p = spawn(BIN, ['serve', '--db', pg, '--port', '0', '--tick', '0', '--head-file', headFile],
    { stdio: ['ignore', openSync(log, 'w'), openSync(`${log}.err`, 'w')] });
  try {
    let base = null;
    for (let i = 0; i < 200 && !base && p.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      base = (readFileSync(log, 'utf8').match(/http:\/\/127\.0\.0\.1:\d+/) || [null])[0];
    }
    assert.ok(base, 'the server started');
    const said = readFileSync(`${log}.err`, 'utf8');
    assert.doesNotMatch(said, /DO NOT CONTAIN THE HEAD/, 'the copied books hold the head published before the move');
    assert.match(said, /the head of the books is published to/);
    const head = (await (await fetch(`${base}/api/v1/ledger/head`)).json()).head;
    const seen = JSON.parse(readFileSync(originHead, 'utf8'));
    assert.equal(head.seq, seen.seq);
    assert.equal(head.hash, seen.hash);
    assert.equal(head.public_key, seen.public_key, 'signed by the same key');
  } finally {
    await new Promise((r) => { if (p.exitCode !== null) r(); else { p.once('exit', r); p.kill('SIGTERM'); } });
  }
});

test('a target that is not empty is refused and left as it was', () => {
  for (const target of [middle, back]) {
    const rows = rowsOf(target);
    const r = glocal(['copy', '--from', origin, '--to', target]);
    assert.equal(r.code, 1);
    assert.match(r.err, /The target database is not empty: it holds \d+ tables .* Nothing was written/);
    assert.deepEqual(rowsOf(target), rows);
  }
  const taken = sqliteDb('taken');
  execFileSync('sqlite3', [taken.slice(7), 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, \'mine\')']);
  const r = glocal(['copy', '--from', origin, '--to', taken]);
  assert.equal(r.code, 1);
  assert.match(r.err, /holds 1 table \(notes\)/);
  assert.equal(query(taken, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'"), 'notes');
});

test('a source at another migration than the binary is refused with what to do', () => {
  const old = sqliteDb('old');
  assert.equal(glocal(['migrate', '--db', old]).code, 0);
  const latest = Number(query(old, 'SELECT max(version) FROM schema_migrations'));
  query(old, `DELETE FROM schema_migrations WHERE version = ${latest}`);
  const before = Number(query(old, 'SELECT max(version) FROM schema_migrations'));   // numbers may skip one another branch holds
  const target = onPg ? pgDb('refused') : sqliteDb('refused');
  const r = glocal(['copy', '--from', old, '--to', target]);
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`at migration ${before} and this glocal's schema is at ${latest}: stop the server, run .glocal migrate --db`));
  query(old, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${latest}, 'x', 0), (${latest + 1}, 'from a newer glocal', 0)`);
  const newer = glocal(['copy', '--from', old, '--to', target]);
  assert.equal(newer.code, 1);
  assert.match(newer.err, new RegExp(`at migration ${latest + 1}, newer than this glocal knows \\(${latest}\\)`));
  assert.deepEqual(tables(target), [], 'nothing was written');
  const none = glocal(['copy', '--from', sqliteDb('absent'), '--to', target]);
  assert.equal(none.code, 2);
  assert.match(none.err, /There is no SQLite database at/);
  const batch = glocal(['copy', '--from', old, '--to', target, '--batch', '0']);
  assert.equal(batch.code, 2);
  assert.match(batch.err, /--batch takes a number of rows from 1 to 100000/);
});

test('a copy that fails half way leaves the target as it was: no table, no row', () => {
  const odd = sqliteDb('odd');
  assert.equal(glocal(['migrate', '--db', odd]).code, 0);
  // a value the copy does not carry (text that is not UTF-8, where Glocal writes UTF-8), in a table
  // copied after others (resources, schema_migrations: tables without foreign keys go first, by name)
  query(odd, "INSERT INTO settings (key, value, updated_at) VALUES ('odd', CAST(X'c328ff' AS TEXT), 0)");
  const target = onPg ? pgDb('halfway') : sqliteDb('halfway');
  const r = glocal(['copy', '--from', odd, '--to', target]);
  assert.equal(r.code, 1);
  assert.match(r.err, /A value of settings\.value is not UTF-8 text, which glocal copy does not carry/);
  assert.deepEqual(tables(target), [], 'the migrations and the rows copied before were rolled back');
});
