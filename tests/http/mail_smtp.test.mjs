// Mail really sent (issue 16, point 1 and 2): the outbox delivered by `glocal serve --smtp` to a real
// SMTP server from Debian (python3-aiosmtpd, tests/tools/smtp_server.py), strict where a real one may
// be (a bare LF refused), which answers 451 or 550 on cue and decodes what it takes with Python's own
// e-mail parser. The servers that send are started here on the suite's database, beside the suite's
// own server (which has no SMTP server and sends nothing).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DB, PASSWORD, Client, admin, geography, member, chapter, unique, sql, serveAnother } from './lib.mjs';

const TMP = process.env.GLOCAL_TMP || tmpdir();
const children = [];
// whatever a test started ends with it, also when it fails (a sender left running would take the next test's mail)
afterEach(() => { while (children.length) children.pop().kill('SIGKILL'); });

// A strict SMTP server; resolves to {port, dir, messages(), attempts(), stop()}.
async function smtpServer(delay = 0, extra = []) {
  const dir = mkdtempSync(join(TMP, 'smtp-'));
  const args = ['tests/tools/smtp_server.py', dir, ...extra];
  if (delay) args.push('--delay', String(delay));
  const p = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(p);
  const port = await new Promise((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d) => { out += d; const m = out.match(/PORT (\d+)/); if (m) resolve(Number(m[1])); });
    p.on('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
  });
  const lines = (name) => {
    const f = join(dir, name);
    return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  };
  return { port, dir, messages: () => lines('messages.jsonl'), attempts: () => lines('attempts.jsonl'), stop: () => p.kill('SIGKILL') };
}

// `glocal serve --smtp` on the suite's database; resolves to {proc, base, stop()}.
async function sender(smtp, ...extra) {
  const url = smtp.url || `smtp://127.0.0.1:${smtp.port}`;
  const s = await serveAnother('sender', ['--smtp', url, '--mail-from', 'network@glocal.test', ...extra]);
  children.push(s.proc);
  return s;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, seconds = 30) {
  for (let i = 0; i < seconds * 10; i++) {
    const v = fn();
    if (v) return v;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Runs SQL given on standard input (a statement too long for a command line).
function sqlIn(query) {
  if (DB.startsWith('sqlite:')) return execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB.slice(7)], { input: query, encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', DB], { input: query, encoding: 'utf8' }).trim();
}
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const now = () => Math.floor(Date.now() / 1000);

function queue(to, subject, body, kind = 'test_message') {
  return Number(sqlIn(`INSERT INTO outbox (kind, to_email, subject, body, created_at, next_at)
    VALUES (${q(kind)}, ${q(to)}, ${q(subject)}, ${q(body)}, ${now()}, 0) RETURNING id;`));
}
const row = (id) => {
  const [status, attempts, nextAt, error] = sql(`SELECT status, attempts, next_at, COALESCE(last_error, '') FROM outbox WHERE id = ${id}`).split('|');
  return { status, attempts: Number(attempts), nextAt: Number(nextAt), error };
};

test('an invitation arrives by SMTP with a link that works, and the outbox says it was sent', async () => {
  const geo = await geography(await admin());
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const guest = `${unique('guest')}@test.example`;
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: guest, message: 'Come on Thursday' });
  assert.equal(inv.status, 201);
  const smtp = await smtpServer();
  const s = await sender(smtp);
  const got = await until('the invitation', () => smtp.messages().find((m) => m.rcpt.includes(guest)));
  await s.stop();
  assert.equal(got.mail_from, 'network@glocal.test');
  assert.equal(got.from_address, 'network@glocal.test');
  assert.match(got.subject, new RegExp(`invites you to ${ch.name}`));
  assert.match(got.message_id, /^<glocal\.\d+\.\d+@glocal\.test>$/);
  const link = got.text.match(/http:\/\/glocal\.test(\/invitations\/[A-Za-z0-9_-]+)/);
  assert.ok(link, `the mail carries the invitation's link: ${got.text}`);
  const page = await new Client().get(link[1]);
  assert.equal(page.status, 200);
  assert.match(page.text, /Come on Thursday/);
  assert.match(page.text, /Create an account/);
  const id = sql(`SELECT id FROM outbox WHERE to_email = '${guest}' AND kind = 'invitation'`);
  assert.equal(row(id).status, 'sent');
  assert.equal(row(id).attempts, 1);
});

test('a 451 is tried again later with the same Message-ID; a 550 ends dead with the server\'s reason', async () => {
  const smtp = await smtpServer();
  const soft = queue(`tempfail1-${unique('t')}@test.example`, 'Soft', 'Tried twice.\n');
  const hard = queue(`reject-${unique('t')}@test.example`, 'Hard', 'Never delivered.\n');
  const s = await sender(smtp);
  await until('both attempted', () => row(soft).status === 'retry' && row(hard).status === 'dead');
  let r = row(soft);
  assert.equal(r.attempts, 1);
  assert.match(r.error, /^451 4\.3\.0/);
  assert.ok(r.nextAt >= now() + 50, 'the next attempt waits (a minute after the first failure)');
  r = row(hard);
  assert.equal(r.attempts, 1);
  assert.match(r.error, /^550 5\.1\.1 .*mailbox unavailable/);
  sql(`UPDATE outbox SET next_at = 0 WHERE id = ${soft}`);   // the minute has passed
  await until('the second attempt', () => row(soft).status === 'sent');
  assert.equal(row(soft).attempts, 2);
  const tries = smtp.attempts().filter((a) => a.rcpt.some((x) => x.startsWith('tempfail1-')));
  assert.equal(tries.length, 2, 'two attempts reached the server');
  assert.equal(tries[0].message_id, tries[1].message_id, 'with one Message-ID');
  assert.equal(smtp.messages().filter((m) => m.message_id === tries[0].message_id).length, 1);
  assert.equal(row(hard).status, 'dead', 'a dead message is not tried again');
  await s.stop();
});

test('a message that waited more than a week (no SMTP server was set) is not sent: it is too old', async () => {
  const to = `stale-${unique('s')}@test.example`;
  const stale = queue(to, 'Tomorrow: a meeting long past', 'Stale.\n');
  const fresh = queue(`fresh-${unique('f')}@test.example`, 'Today', 'Fresh.\n');
  sql(`UPDATE outbox SET created_at = ${now() - 8 * 86400} WHERE id = ${stale}`);
  const smtp = await smtpServer();
  const s = await sender(smtp);
  await until('the fresh one sent', () => row(fresh).status === 'sent' && row(stale).status === 'dead');
  await s.stop();
  assert.match(row(stale).error, /more than 7 days ago/);
  assert.equal(row(stale).attempts, 0);
  assert.ok(!smtp.messages().some((m) => m.rcpt.includes(to)));
});

test('the administrator sees where mail goes and sends a dead message again', async () => {
  const smtp = await smtpServer();
  const hard = queue(`reject-${unique('t')}@test.example`, 'Hard', 'Never delivered.\n');
  const s = await sender(smtp);
  await until('the refusal', () => row(hard).status === 'dead');
  const adm = new Client(s.base);
  await adm.login('admin@test.example', 'admin-password-1');
  const page = await adm.get('/admin/outbox');
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`Mail is sent through <strong>smtp://127\\.0\\.0\\.1:${smtp.port}</strong> as <strong>network@glocal\\.test</strong>`));
  assert.match(page.text, /Undeliverable/);
  assert.match(page.text, /550 5\.1\.1/);
  const api = (await adm.api('GET', '/admin/outbox')).json();
  assert.equal(api.sender.smtp, `smtp://127.0.0.1:${smtp.port}`);
  assert.ok(api.counts.dead >= 1);
  const listed = api.messages.find((m) => m.id === hard);
  assert.equal(listed.status, 'dead');
  assert.equal(listed.is_dead, true);
  // sending it again: a sent or missing message cannot be
  assert.equal((await adm.api('POST', '/admin/outbox/999999999/resend', {})).status, 404);
  const again = await adm.api('POST', `/admin/outbox/${hard}/resend`, {});
  assert.equal(again.status, 200);
  await until('the second refusal', () => row(hard).status === 'dead');
  assert.equal(row(hard).attempts, 1, 'tried again from its first attempt (not a second one)');
  const sent = api.messages.find((m) => m.status === 'sent');
  if (sent) assert.equal((await adm.api('POST', `/admin/outbox/${sent.id}/resend`, {})).status, 409);
  const member1 = await member();
  const mine = new Client(s.base);
  await mine.login(member1.email, PASSWORD);
  assert.equal((await mine.api('GET', '/admin/outbox')).status, 403);
  assert.equal((await mine.api('POST', `/admin/outbox/${hard}/resend`, {})).status, 403);
  await s.stop();
});

test('a 1 MiB body, lines that start with ".", bare CRs and LFs and non-ASCII words arrive intact', async () => {
  const lines = [];
  let size = 0;
  for (let i = 0; size < (1 << 20); i++) {
    const l = [`.a line that starts with a dot ${i}`, '.', '..', `São Paulo, Zürich, Kraków — ${'é'.repeat(i % 300)}`,
      `ends in spaces ${i}   `, `x=${i} =?UTF-8?B?not-a-word?= tab\there`, 'a'.repeat(2000 + (i % 7))][i % 7];
    lines.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  const body = lines.join('\n') + '\n';
  const mixed = 'one\rtwo\nthree\r\nfour\n';
  const subject = 'Olá, São Paulo — Zoë’s chapter meets 🎉 and this subject is long enough to be folded twice over';
  const to = `big-${unique('b')}@test.example`, to2 = `mixed-${unique('m')}@test.example`;
  const old = sql("SELECT value FROM settings WHERE key = 'network_name'");
  sqlIn(`INSERT INTO settings (key, value, updated_at) VALUES ('network_name', 'Réseau Glocal — Zürich', ${now()})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;`);
  const big = queue(to, subject, body);
  const small = queue(to2, 'Line ends', mixed);
  const smtp = await smtpServer();
  const s = await sender(smtp);
  try {
    await until('both messages', () => row(big).status === 'sent' && row(small).status === 'sent');
  } finally {
    await s.stop();
    sqlIn(old === '' ? "DELETE FROM settings WHERE key = 'network_name';" : `UPDATE settings SET value = ${q(old)} WHERE key = 'network_name';`);
  }
  const got = smtp.messages().find((m) => m.rcpt.includes(to));
  assert.ok(got.size > (1 << 20), 'a megabyte reached the server');
  assert.ok(got.longest_line <= 78, `no line over 78 characters on the wire (${got.longest_line})`);
  assert.equal(got.text, body, 'the text arrived byte for byte');
  assert.equal(got.subject, subject);
  assert.equal(got.from_name, 'Réseau Glocal — Zürich');
  const m2 = smtp.messages().find((m) => m.rcpt.includes(to2));
  assert.equal(m2.text, 'one\ntwo\nthree\nfour\n', 'every line end became CRLF on the wire (the strict server took it)');
});

test('STARTTLS and a login: the password never crosses in clear, and a refused login is tried again, not dead', async () => {
  const dir = mkdtempSync(join(TMP, 'tls-'));
  const cert = join(dir, 'cert.pem'), key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const smtp = await smtpServer(0, ['--tls', cert, key, '--auth', 'glocal:s3cret pass']);
  const to = `tls-${unique('t')}@test.example`;
  const ok = queue(to, 'Over TLS', 'Private.\n');
  let s = await sender({ ...smtp, url: `smtp://glocal:s3cret%20pass@127.0.0.1:${smtp.port}` }, '--smtp-ca', cert);
  await until('the message', () => row(ok).status === 'sent');
  await s.stop();
  const got = smtp.messages().find((m) => m.rcpt.includes(to));
  assert.equal(got.tls, true, 'sent after STARTTLS');
  assert.equal(got.login, 'glocal', 'and after logging in');
  // a wrong password: the server refuses the login (535); the message waits for the fix
  const later = queue(`tls2-${unique('t')}@test.example`, 'Later', 'Waits.\n');
  s = await sender({ ...smtp, url: `smtp://glocal:wrong@127.0.0.1:${smtp.port}` }, '--smtp-ca', cert);
  await until('the refusal', () => row(later).status === 'retry');
  await s.stop();
  assert.match(row(later).error, /^535/);
  // and a server whose certificate nobody vouches for is not trusted with the password
  s = await sender({ ...smtp, url: `smtp://glocal:s3cret%20pass@127.0.0.1:${smtp.port}` });
  sql(`UPDATE outbox SET next_at = 0 WHERE id = ${later}`);
  await until('the certificate refused', () => row(later).status === 'retry' && row(later).attempts === 2);
  await s.stop();
  assert.doesNotMatch(row(later).error, /^535/);
  assert.match(row(later).error, /certificate|SSL|TLS/i);
});

test('killed with SIGKILL while sending: no message is lost, and a duplicate only for the message in flight', async () => {
  const tag = unique('kill');
  const n = 120;
  const ids = [];
  for (let i = 0; i < n; i += 40) {
    const values = [];
    for (let j = i; j < Math.min(n, i + 40); j++) values.push(`('test_kill', '${tag}-${j}@test.example', 'Message ${j}', 'Body ${j}\n', ${now()}, 0)`);
    ids.push(...sqlIn(`INSERT INTO outbox (kind, to_email, subject, body, created_at, next_at) VALUES ${values.join(', ')} RETURNING id;`).split('\n').map(Number));
  }
  const smtp = await smtpServer(0.03);
  const mine = () => smtp.messages().filter((m) => m.rcpt[0].startsWith(tag));
  const a = await sender(smtp, '--mail-lease', '5');
  await until('some messages', () => mine().length >= 30);
  a.proc.kill('SIGKILL');
  const b = await sender(smtp, '--mail-lease', '5');
  const left = () => Number(sql(`SELECT count(*) FROM outbox WHERE kind = 'test_kill' AND to_email LIKE '${tag}-%' AND status <> 'sent'`));
  await until('every message', () => left() === 0, 60);
  await b.stop();
  const got = mine();
  const byId = new Map();
  for (const m of got) byId.set(m.message_id, (byId.get(m.message_id) || 0) + 1);
  assert.equal(byId.size, n, 'every message arrived');
  const twice = [...byId.values()].filter((c) => c > 1).length;
  assert.ok(twice <= 1, `at most the one message in flight arrived twice (${twice})`);
  assert.ok([...byId.values()].every((c) => c <= 2));
});

test('two servers on one database deliver 1,000 queued messages exactly once', async () => {
  const tag = unique('load');
  const gen = DB.startsWith('sqlite:')
    ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
       INSERT INTO outbox (kind, to_email, subject, body, created_at, next_at)
       SELECT 'test_load', '${tag}-' || i || '@test.example', 'Load ' || i, 'Body ' || i, ${now()}, 0 FROM n;`
    : `INSERT INTO outbox (kind, to_email, subject, body, created_at, next_at)
       SELECT 'test_load', '${tag}-' || i || '@test.example', 'Load ' || i, 'Body ' || i, ${now()}, 0 FROM generate_series(1, 1000) AS i;`;
  sqlIn(gen);
  const smtp = await smtpServer();
  const [a, b] = await Promise.all([sender(smtp), sender(smtp)]);
  const left = () => Number(sql(`SELECT count(*) FROM outbox WHERE kind = 'test_load' AND to_email LIKE '${tag}-%' AND status <> 'sent'`));
  await until('every message', () => left() === 0, 120);
  await Promise.all([a.stop(), b.stop()]);
  const got = smtp.messages().filter((m) => m.rcpt[0].startsWith(tag));
  assert.equal(got.length, 1000, 'a thousand messages arrived');
  assert.equal(new Set(got.map((m) => m.message_id)).size, 1000, 'each once');
  const attempts = Number(sql(`SELECT sum(attempts) FROM outbox WHERE kind = 'test_load' AND to_email LIKE '${tag}-%'`));
  assert.equal(attempts, 1000, 'and each in one attempt');
});
