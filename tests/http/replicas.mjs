// replicas.mjs - a throwaway PostgreSQL 15 primary and a streaming replica made from it with
// `pg_basebackup -R`, and `glocal serve` on them, for replica.test.mjs and
// e2e/replica_health.test.mjs. Each runs on a Unix socket in a folder of its own (no TCP port
// to collide with); as root, PostgreSQL's programs run as the postgres user (it refuses root).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, BIN } from './lib.mjs';

const PGBIN = '/usr/lib/postgresql/15/bin';
const root = process.getuid() === 0;
const PRIMARY_PORT = 6101, REPLICA_PORT = 6102;

function asPg(prog, args) {
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(PGBIN, prog), ...args]] : [join(PGBIN, prog), args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function psql(target, q) {
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, target], { encoding: 'utf8' }).trim();
}

// Polls fn until it returns something truthy, for `ms` at most; the last answer otherwise.
export async function soon(fn, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// `glocal serve` with these arguments (and no periodic work); resolves to {proc, base, log}.
export async function serve(dir, name, args) {
  const log = join(dir, `${name}.log`);
  const proc = spawn(BIN, ['serve', ...args, '--port', '0', '--tick', '0', '--public-url', 'http://glocal.test',
    '--head-file', join(dir, `${name}.head.json`)], { stdio: ['ignore', openSync(log, 'w'), openSync(`${log}.err`, 'w')] });
  const base = await soon(() => (readFileSync(log, 'utf8').match(/http:\/\/127\.0\.0\.1:\d+/) || [null])[0], 20000);
  if (!base) proc.kill('SIGKILL');
  assert.ok(base, `the server started: ${readFileSync(`${log}.err`, 'utf8').slice(-2000)}`);
  return { proc, base, log: `${log}.err` };
}

export function stopServer(s) {
  return new Promise((r) => { if (!s || s.proc.exitCode !== null) r(); else { s.proc.once('exit', r); s.proc.kill('SIGTERM'); } });
}

// A primary (wal_level=replica) with a database made by `glocal init`, and its replica.
// Returns {dir, primary, replica (URLs), startPrimary(), stopPrimary(), startReplica(),
// stopReplica(), caughtUp(), remove()}.
export async function replicated() {
  const dir = mkdtempSync(join(tmpdir(), 'glocal-replica-'));
  chmodSync(dir, 0o755);
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), -1);
  const primaryDir = join(dir, 'primary'), replicaDir = join(dir, 'replica');
  const url = (port, db = 'glocal_replica') => `postgresql:///${db}?host=${dir}&port=${port}&user=glocal`;
  const start = (data, port) => asPg('pg_ctl', ['-D', data, '-w', '-l', `${data}.log`, '-o',
    `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off -c wal_level=replica -c max_wal_senders=4`, 'start']);
  const stop = (data) => asPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  const p = {
    dir, primary: url(PRIMARY_PORT), replica: url(REPLICA_PORT),
    startPrimary: () => start(primaryDir, PRIMARY_PORT), stopPrimary: () => stop(primaryDir),
    startReplica: () => start(replicaDir, REPLICA_PORT), stopReplica: () => stop(replicaDir),
    // the replica has replayed everything the primary has written
    async caughtUp() {
      const want = psql(p.primary, 'SELECT pg_current_wal_insert_lsn()');
      const ok = await soon(() => psql(p.replica, `SELECT pg_last_wal_replay_lsn() >= '${want}'::pg_lsn`) === 't');
      assert.ok(ok, 'the replica replays the primary');
    },
    remove() {
      for (const d of [replicaDir, primaryDir]) { try { stop(d); } catch { /* not running */ } }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  asPg('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'glocal', '-E', 'UTF8', '--locale=C.UTF-8']);
  p.startPrimary();
  psql(url(PRIMARY_PORT, 'postgres'), 'CREATE DATABASE glocal_replica');
  // PostgreSQL's own copy, which follows the primary's WAL (-R: standby.signal and primary_conninfo)
  asPg('pg_basebackup', ['-h', dir, '-p', String(PRIMARY_PORT), '-U', 'glocal', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
  p.startReplica();
  execFileSync(BIN, ['init', '--db', p.primary, '--admin-email', ADMIN.email, '--admin-password', ADMIN.password,
    '--admin-name', 'Ada Admin'], { stdio: 'ignore' });
  await p.caughtUp();
  return p;
}
