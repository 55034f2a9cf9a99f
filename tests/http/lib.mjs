// lib.mjs - what the HTTP tests share: a client with a cookie jar that fills in
// CSRF tokens like a browser would, ways to make accounts and chapters, and
// direct SQL on the test database (to age an invitation, for instance).
//
// The server under test is at GLOCAL_URL, on the database GLOCAL_DB (see tests/run).
import { execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import assert from 'node:assert/strict';

export const BASE = process.env.GLOCAL_URL || 'http://127.0.0.1:8080';
export const DB = process.env.GLOCAL_DB || '';
export const BIN = process.env.GLOCAL_BIN || 'build/glocal';
export const ADMIN = { email: 'admin@test.example', password: 'admin-password-1' };
export const PASSWORD = 'correct horse battery';

let counter = 0;
// The server lets one client address hold 32 connections (glocal serve --max-per-address) and
// closes the 33rd. Like a browser, the tests' clients keep a few requests in flight at once (all
// of them together, as they share one address and one connection pool) and queue the rest.
const MAX_IN_FLIGHT = 16;
let flying = 0;
const queued = [];
async function inFlight(fn) {
  if (flying < MAX_IN_FLIGHT) flying++;
  else await new Promise((r) => queued.push(r));   // a finished request hands its place over
  try {
    return await fn();
  } finally {
    const next = queued.shift();
    if (next) next(); else flying--;
  }
}

export function unique(prefix = 'u') {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

// The server closes a connection idle for 30 s. After a test's synchronous work (spawnSync,
// sql()) blocked node that long, fetch may still send the next request on such a closed
// kept-alive connection, and it fails with "other side closed" before the server saw it
// (measured: tests/http/ledger.test.mjs after its verify runs on a loaded machine). Only
// then, and only after such a silence, is the request sent again, on a new connection.
let lastAnswerAt = Date.now();
async function sendKeptAlive(url, init) {
  for (let attempt = 0; ; attempt++) {
    const quietFor = Date.now() - lastAnswerAt;
    try {
      const res = await fetch(url, init);
      lastAnswerAt = Date.now();
      return res;
    } catch (e) {
      if (attempt >= 3 || e.cause?.code !== 'UND_ERR_SOCKET' || quietFor < 25000) throw e;
    }
  }
}

export class Client {
  constructor(base = BASE) {
    this.base = base;
    this.jar = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const gone = attrs.some((a) => /max-age=0$/i.test(a.trim()));
      if (gone || value === '') this.jar.delete(name); else this.jar.set(name, value);
    }
  }

  // request(method, path, {form, json, body, headers, token, csrf, from})
  // form: an object sent as x-www-form-urlencoded (the CSRF token is added
  // unless csrf: false); json: sent as application/json; from: the local
  // address to send from (any of 127.0.0.0/8: the server sees another client
  // address), else this.from when the client was given one.
  async request(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body = opts.body;
    if (opts.form) {
      const f = new URLSearchParams();
      if (opts.csrf !== false) f.set('_csrf', this.csrf ?? await this.fetchCsrf());
      for (const [k, v] of Object.entries(opts.form)) {
        if (Array.isArray(v)) v.forEach((x) => f.append(k, x)); else f.set(k, String(v));
      }
      body = f.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (opts.json !== undefined) {
      body = typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
      if (opts.csrf !== false && !opts.token) headers['x-csrf-token'] = this.csrf ?? await this.fetchCsrf();
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (this.jar.size && !opts.token) headers.cookie = this.cookieHeader();
    const from = opts.from || this.from;
    const [res, text] = await inFlight(async () => {
      const r = from ? await sendFrom(from, this.base + path, method, headers, body)
        : await sendKeptAlive(this.base + path, { method, headers, body, redirect: 'manual' });
      return [r, await r.text()];
    });
    this.keep(res);
    const out = { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
    out.json = () => JSON.parse(text);
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return out;
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, form, opts = {}) { return this.request('POST', path, { ...opts, form: form || {} }); }
  api(method, path, json, opts = {}) {
    return this.request(method, `/api/v1${path}`, json === undefined ? opts : { ...opts, json });
  }

  async fetchCsrf() {
    const r = await this.get('/login');
    const m = r.text.match(/name="_csrf" value="([^"]+)"/) || (await this.get('/me')).text.match(/name="_csrf" value="([^"]+)"/);
    assert.ok(m, 'a page carries a CSRF token');
    this.csrf = m[1];
    return this.csrf;
  }

  async login(email, password = PASSWORD) {
    this.csrf = null;
    await this.fetchCsrf();
    const r = await this.post('/login', { email, password });
    assert.equal(r.status, 303, `login of ${email} answered ${r.status}: ${r.text.slice(0, 300)}`);
    this.csrf = null;
    await this.refreshCsrf();
    return r;
  }

  async refreshCsrf() {
    const r = await this.get('/me');
    const m = r.text.match(/name="_csrf" value="([^"]+)"/);
    this.csrf = m ? m[1] : null;
  }
}

// One request with node:http from a given local address; answers like fetch's
// Response as far as the Client reads it (status, headers, text()).
function sendFrom(localAddress, url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, localAddress, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: h, text: async () => text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A loopback address of its own for each person made by member(): real people
// sign up from addresses of their own, and the server limits sign-ups per
// address (LIMIT_SIGNUP). Spread over 127.1.0.0/16 by process and count.
let people = 0;
export function ownAddress() {
  people += 1;
  const n = ((process.pid * 131 + people) % 65000) + 1;
  return `127.1.${n >> 8}.${n & 255}`;
}

// Another `glocal serve` on the suite's database (no periodic work), with extra
// arguments; resolves to {proc, base, stop()} once it answers. The caller kills
// proc when the test ends (also when it fails).
export async function serveAnother(what, extra = []) {
  const log = join(process.env.GLOCAL_TMP || tmpdir(), `${what}-${unique('s')}.log`);
  const head = DB.startsWith('sqlite:') ? [] : ['--head-file', join(process.env.GLOCAL_TMP || tmpdir(), `${unique('head')}.json`)];
  const p = spawn(BIN, ['serve', '--db', DB, '--port', '0', '--tick', '0', '--public-url', 'http://glocal.test', ...head, ...extra],
    { stdio: ['ignore', openSync(log, 'w'), openSync(`${log}.err`, 'w')] });
  let base = null;
  for (let i = 0; i < 400 && !base && p.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const m = readFileSync(log, 'utf8').match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) base = m[0];
  }
  if (!base) p.kill('SIGKILL');
  assert.ok(base, `the ${what} server started: ${readFileSync(`${log}.err`, 'utf8').slice(-2000)}`);
  return { proc: p, base, stop: () => new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); }) };
}

// A new account made through the sign-up form, logged in. Returns {client, email, name, id}.
export async function member(opts = {}) {
  const c = new Client();
  const name = opts.name || `Test ${unique('Person')}`;
  const email = (opts.email || `${unique('p')}@test.example`).toLowerCase();
  await c.fetchCsrf();
  const form = { name, email, password: PASSWORD };
  if (opts.metro_id) form.metro_id = opts.metro_id;
  if (opts.sector_id) form.sector_id = opts.sector_id;
  // a busy server (every hashing thread taken, its queue full) says when to come back
  const from = ownAddress();
  let r = await c.post('/signup', form, { from });
  for (let i = 0; i < 10 && r.status === 503 && r.headers.get('retry-after'); i++) {
    await new Promise((ok) => setTimeout(ok, Number(r.headers.get('retry-after')) * 1000));
    r = await c.post('/signup', form, { from });
  }
  assert.equal(r.status, 303, `sign-up answered ${r.status}: ${r.text.slice(0, 400)}`);
  await c.refreshCsrf();
  const me = (await c.api('GET', '/me')).json();
  if (opts.pledge !== false) await acceptPledge(c);
  return { client: c, email, name, id: me.user.id };
}

export async function admin() {
  const c = new Client();
  await c.login(ADMIN.email, ADMIN.password);
  return c;
}

export async function acceptPledge(c) {
  const p = (await c.api('GET', '/pledge')).json();
  const r = await c.post('/pledge/accept', { version: p.pledge.version, accept: '1' });
  assert.equal(r.status, 303, `pledge acceptance answered ${r.status}`);
  await c.refreshCsrf();
}

// Places and sectors made by the administrator once per test file.
export async function geography(adminClient) {
  const tag = unique('g');
  const country = (await adminClient.api('POST', '/places', { name: `Country ${tag}` })).json().place;
  const region = (await adminClient.api('POST', '/places', { name: `Region ${tag}`, parent_id: country.id })).json().place;
  const metro = (await adminClient.api('POST', '/places', { name: `Metro ${tag}`, parent_id: region.id, timezone: 'Europe/Lisbon' })).json().place;
  const metro2 = (await adminClient.api('POST', '/places', { name: `Other ${tag}`, parent_id: region.id, timezone: 'Europe/Lisbon' })).json().place;
  const sector = (await adminClient.api('POST', '/sectors', { name: `Sector ${tag}` })).json().sector;
  const sector2 = (await adminClient.api('POST', '/sectors', { name: `Trade ${tag}` })).json().sector;
  return { country, region, metro, metro2, sector, sector2, tag };
}

// A chapter started by `owner` (a member() result). Returns the chapter JSON.
export async function chapter(owner, fields = {}) {
  const r = await owner.client.api('POST', '/chapters', { name: `Chapter ${unique('c')}`, ...fields });
  assert.equal(r.status, 201, `chapter creation answered ${r.status}: ${r.text}`);
  return r.json().chapter;
}

// An unconference: a format with a session board (made by the administrator client `adm`) and an
// event of it hosted by a new chapter of `organiser` (a member()) in `metro`, starting `from`
// minutes from now and lasting `length`; each of `attendees` (member() results) takes a ticket.
// Returns {app, chapter, event, base} (base: "/events/<slug>").
export async function unconference(adm, organiser, metro, { from = 60 * 24 * 3, length = 480, attendees = [] } = {}) {
  const ch = await chapter(organiser, { name: `Campers ${unique()}`, metro_id: metro.id });
  const app = await adm.api('POST', '/apps', { name: `Leancamp ${unique()}`, has_board: true, summary: 'An unconference.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(app.status, 201, app.text);
  const r = await organiser.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${ch.slug}`,
    title: `Camp ${unique()}`, venue: 'The Hub', capacity: 50, ...when(from, length) });
  assert.equal(r.status, 201, r.text);
  const event = r.json().event, base = `/events/${event.slug}`;
  for (const who of attendees) assert.equal((await who.client.api('POST', `${base}/register`, {})).status, 201);
  return { app: app.json().app, chapter: ch, event, base };
}

// Invites and admits `who` into the chapter through the real invitation flow.
export async function admit(connector, ch, who) {
  const inv = await connector.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: who.email });
  assert.equal(inv.status, 201, `invitation answered ${inv.status}: ${inv.text}`);
  const token = inv.json().invitation.link.split('/invitations/')[1];
  const acc = await who.client.post(`/invitations/${token}/accept`, {});
  assert.equal(acc.status, 303, `acceptance answered ${acc.status}: ${acc.text.slice(0, 300)}`);
  return token;
}

// Runs SQL on the test database through the command-line client of its kind.
export function sql(query) {
  if (DB.startsWith('sqlite:')) {
    // wait for the server's writers (deliveries, the periodic work) rather than fail with "database is locked"
    return execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB.slice(7), query], { encoding: 'utf8' }).trim();
  }
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', query, DB], { encoding: 'utf8' }).trim();
}

// A one-click unsubscribe token as the node signs it (src/mail/rules.c), computed here
// independently: HMAC-SHA256 under the node secret over "glocal-unsubscribe\n<user id>\n<category>".
// sql(query) once it gives `expected` (what a background thread writes a moment after the test saw
// its effect), polled for 10 s at most; the last answer otherwise.
export async function sqlSoon(query, expected) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const got = sql(query);
    if (got === expected || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function unsubscribeToken(userId, category) {
  const key = Buffer.from(sql("SELECT value FROM settings WHERE key = 'node_secret'"), 'hex');
  const mac = createHmac('sha256', key).update(`glocal-unsubscribe\n${userId}\n${category}`).digest('base64url');
  return `${userId}.${category}.${mac}`;
}

// A moment after every day growth has taken so far (tests take days ahead with `glocal tick --now`):
// `glocal snapshot --now` it, and the days up to it are taken, the last with the chapters as they are.
export function afterTakenDays() {
  const last = Number(sql("SELECT COALESCE(max(day), 0) FROM growth_days WHERE scope_kind = 'network'")) || 0;
  return Math.max(Math.floor(Date.now() / 1000) + 3 * 86400, last + 2 * 86400 + 300);
}

// The part of an HTML page inside <main>.
export function mainOf(html) {
  const m = html.match(/<main[^>]*>([\s\S]*)<\/main>/);
  return m ? m[1] : html;
}

// The local date and time in Lisbon (where the test metros are) `minutes` from now: {date: "2026-11-21", time: "18:30"}.
// The day and time `minutes` from now on the clocks of `timeZone`.
export function zoned(minutes, timeZone) {
  const d = new Date(Date.now() + minutes * 60000);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

export function lisbon(minutes) {
  return zoned(minutes, 'Europe/Lisbon');
}

// An event's times: starting `from` minutes from now, lasting `length` minutes.
export function when(from, length = 180) {
  const s = lisbon(from), e = lisbon(from + length);
  return { date: s.date, time: s.time, end_date: e.date, end_time: e.time };
}

// check(res, path, method): asserts that an API answer is documented in docs/openapi.json for its
// status, with its content type and (JSON) a body valid against the schema (ajv, as openapi.test.mjs).
export async function documented() {
  const { readFileSync } = await import('node:fs');
  const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'doc', components: doc.components });
  return (res, path, method = 'get') => {
    let answer = doc.paths[path]?.[method]?.responses[String(res.status)];
    assert.ok(answer, `${method} ${path} documents ${res.status}`);
    if (answer.$ref) answer = doc.components.responses[answer.$ref.split('/').pop()];
    const [type] = Object.keys(answer.content);
    assert.equal(res.headers.get('content-type').split(';')[0], type, `${method} ${path} ${res.status}`);
    const schema = answer.content[type].schema;
    if (!/[/+]json$/.test(type)) return assert.equal(schema.type, 'string', `${method} ${path} documents its ${type} answer as a string`);
    const validate = ajv.compile(schema.$ref ? { $ref: schema.$ref.replace(/^#/, 'doc#') } : schema);
    assert.ok(validate(res.json()), `${method} ${path} ${res.status}: ${JSON.stringify(validate.errors?.slice(0, 3))} ${res.text.slice(0, 300)}`);
  };
}
