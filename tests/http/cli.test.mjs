// cli.test.mjs - the operator commands: help, usage errors and exit codes, user
// management, migrate, backup of a live database, the demo's refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, Client, unique, sql, admin, member, geography, chapter } from './lib.mjs';

function glocal(args, env = {}, input = '') {
  const r = spawnSync(BIN, args, { encoding: 'utf8', input, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('help lists the commands; version prints the schema', () => {
  const h = glocal(['help']);
  assert.equal(h.code, 0);
  for (const c of ['serve', 'init', 'demo', 'user', 'migrate', 'backup', 'version']) assert.match(h.out, new RegExp(`\\b${c}\\b`));
  assert.match(glocal(['help', 'serve']).out, /--public-url/);
  const v = glocal(['version']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^glocal \d+\.\d+\.\d+ \(schema \d+\)/);
});

test('usage errors say what is wrong and exit with 2', () => {
  const none = glocal([]);
  assert.equal(none.code, 2);
  const unknown = glocal(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /'frobnicate' is not a command/);
  const port = glocal(['serve', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.err, /--port takes a number/);
  const what = glocal(['user', '--db', DB]);
  assert.equal(what.code, 2);
  assert.match(what.err, /add, password, admin or list/);
  const bad = glocal(['user', 'add', 'not-an-email', '--name', 'X', '--db', DB], { GLOCAL_PASSWORD: 'a fine long password' });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not a valid e-mail/);
  assert.equal(glocal(['help', 'nothing']).code, 2);
});

test('a database that cannot be opened fails with 1 and says why', () => {
  const r = glocal(['migrate', '--db', 'sqlite:/nonexistent/dir/x.db']);
  assert.equal(r.code, 1);
  assert.match(r.err, /Cannot open the SQLite database/);
  const pg = glocal(['migrate', '--db', 'postgresql:///nodb?host=/nonexistent&user=nobody']);
  assert.equal(pg.code, 1);
  assert.match(pg.err, /Cannot connect to PostgreSQL/);
});

test('user add, list, admin and password work on the live database', async () => {
  const email = `${unique('cli')}@test.example`;
  const add = glocal(['user', 'add', email, '--name', 'Cli Person', '--db', DB], { GLOCAL_PASSWORD: 'first long password' });
  assert.equal(add.code, 0, add.err);
  const dup = glocal(['user', 'add', email, '--name', 'Cli Person', '--db', DB], { GLOCAL_PASSWORD: 'first long password' });
  assert.equal(dup.code, 1);
  assert.match(dup.err, /already an account/);
  assert.match(glocal(['user', 'list', '--db', DB]).out, new RegExp(email));
  const c = new Client();
  await c.login(email, 'first long password');
  assert.equal((await c.get('/api/v1/admin/users')).status, 403);
  assert.equal(glocal(['user', 'admin', email, 'on', '--db', DB]).code, 0);
  assert.equal((await c.get('/api/v1/admin/users')).status, 200);
  assert.equal(glocal(['user', 'admin', email, 'off', '--db', DB]).code, 0);
  const pw = glocal(['user', 'password', email, '--db', DB], {}, 'second long password\n');
  assert.equal(pw.code, 0, pw.err);
  assert.equal((await c.get('/api/v1/me')).status, 401, 'a new password ends the sessions');
  await new Client().login(email, 'second long password');
  assert.equal(glocal(['user', 'password', `${unique('no')}@test.example`, '--db', DB], { GLOCAL_PASSWORD: 'a long password here' }).code, 1);
  const weak = glocal(['user', 'password', email, '--db', DB], { GLOCAL_PASSWORD: 'short' });
  assert.equal(weak.code, 2);
});

test('migrate and init are idempotent', () => {
  const m = glocal(['migrate', '--db', DB]);
  assert.equal(m.code, 0);
  assert.match(m.out, /0 migrations applied/);
  const i = glocal(['init', '--db', DB]);
  assert.equal(i.code, 0);
  assert.match(i.out, /already has an administrator/);
});

test('backup copies a live SQLite database; PostgreSQL is told to use pg_dump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glocal-backup-'));
  const dest = join(dir, 'copy.db');
  const r = glocal(['backup', '--db', DB, dest]);
  if (DB.startsWith('sqlite:')) {
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(dest));
    const users = spawnSync('sqlite3', [dest, 'SELECT count(*) FROM users'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(users, sql('SELECT count(*) FROM users'));
    const again = glocal(['backup', '--db', DB, dest]);
    assert.equal(again.code, 2);
    assert.match(again.err, /exists already/);
  } else {
    assert.equal(r.code, 2);
    assert.match(r.err, /pg_dump/);
  }
});

test('the demo refuses a network that already has chapters', async () => {
  const geo = await geography(await admin());
  await chapter(await member(), { metro_id: geo.metro.id });
  const count = Number(sql('SELECT count(*) FROM chapters'));
  assert.ok(count > 0);
  const r = glocal(['demo', '--db', DB]);
  assert.equal(r.code, 1);
  assert.match(r.err, /already has chapters/);
  assert.equal(Number(sql('SELECT count(*) FROM chapters')), count, 'the demo added nothing');
});
