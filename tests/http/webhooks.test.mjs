// webhooks.test.mjs - webhooks against a real receiver (issue 16, point 6).
//
// A small HTTP server in this process receives every delivery and checks its
// signature with the `standardwebhooks` package (the specification's own
// implementation, not ours). Its paths behave on cue: /ok answers 204, /flaky
// answers 500 to the first two attempts of each webhook-id and 200 after,
// /down always 500. Retries are made fast by moving a waiting delivery's
// next_at to now in the database (the schedule itself is 5 s, 5 min, ...:
// tests/unit/test_webhooks.c checks it); the sender runs every second.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { admin, member, chapter, geography, unique, sql, when } from './lib.mjs';

let adm, geo, conn, other, receiver, port;
const got = [];                 // every request: {path, id, headers, body, verified, payload}
const secrets = new Map();      // path -> secret, for the verification
const failures = new Map();     // webhook-id -> answers given so far

function receive(req, res) {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    const path = req.url.split('?')[0];
    const entry = { path, id: req.headers['webhook-id'], headers: req.headers, body, verified: false };
    try {
      entry.payload = new Webhook(secrets.get(path)).verify(body, req.headers);
      entry.verified = true;
    } catch (err) {
      entry.error = String(err);
    }
    got.push(entry);
    const seen = failures.get(entry.id) || 0;
    failures.set(entry.id, seen + 1);
    const kind = path.split('/')[1];
    const status = kind === 'down' ? 500 : kind === 'flaky' && seen < 2 ? 500 : kind === 'flaky' ? 200 : 204;
    res.writeHead(status, { 'Content-Type': 'text/plain' });
    res.end(status >= 500 ? 'not now' : '');
  });
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member();
  other = await member();
  receiver = http.createServer(receive);
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  port = receiver.address().port;
});

after(() => new Promise((ok) => receiver.close(ok)));

const target = (path) => `http://127.0.0.1:${port}${path}`;
const allowPrivate = async (on) =>
  assert.equal((await adm.api('POST', '/admin/webhooks/settings', { allow_private: on })).status, 200);

// Registers an endpoint at `path` of the receiver (by the administrator, or the connector of `ch`).
async function register(path, kinds, ch = null, client = null) {
  const c = client || (ch ? conn.client : adm);
  const r = await c.api('POST', ch ? `/chapters/${ch.slug}/webhooks` : '/admin/webhooks', { url: target(path), description: 'test', kinds });
  assert.equal(r.status, 201, r.text);
  const ep = r.json().endpoint;
  assert.match(ep.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
  secrets.set(path, ep.secret);
  return ep;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const received = (path) => got.filter((g) => g.path === path);
async function until(what, check, seconds = 20) {
  for (let i = 0; i < seconds * 10; i++) {
    const v = check();
    if (v) return v;
    await sleep(100);
  }
  assert.fail(`waited ${seconds} s for ${what}`);
}
// Lets the waiting retries of an endpoint go now instead of after their backoff.
function hurry(endpoint) {
  const q = `UPDATE webhook_deliveries SET next_at = 0 WHERE status = 'retry' AND endpoint_id = ${endpoint}`;
  sql(DBQ(q));
}
const DBQ = (q) => (process.env.GLOCAL_DB || '').startsWith('sqlite:') ? `PRAGMA busy_timeout = 5000; ${q}` : q;

test('a target on a private or loopback network is refused unless the administrator allows it', async () => {
  await allowPrivate(false);
  for (const url of [target('/ok'), 'http://10.1.2.3/x', 'http://[::1]:8080/x', 'http://[::ffff:127.0.0.1]/x', 'http://169.254.169.254/latest',
    'http://localhost:9/x', 'http://0.0.0.0/x', 'http://[fd00::1]/x']) {
    const r = await adm.api('POST', '/admin/webhooks', { url, kinds: ['chapter.created'] });
    assert.equal(r.status, 422, `${url}: ${r.status} ${r.text}`);
    assert.equal(r.json().errors[0].field, 'url');
    assert.match(r.json().errors[0].message, /private|loopback|reserved/, url);
  }
  const ftp = await adm.api('POST', '/admin/webhooks', { url: 'ftp://example.org/x', kinds: ['chapter.created'] });
  assert.equal(ftp.status, 422);
  assert.match(ftp.json().errors[0].message, /http/);
  const none = await adm.api('POST', '/admin/webhooks', { url: 'https://93.184.215.14/x', kinds: [] });
  assert.equal(none.status, 422);
  assert.equal(none.json().errors[0].field, 'kinds');
  const page = await adm.get('/admin/webhooks');
  assert.match(page.text, /public addresses only/);
  await allowPrivate(true);
  assert.match((await adm.get('/admin/webhooks')).text, /<strong>may<\/strong> reach private/);
});

test('deliveries are signed (Standard Webhooks), retried with the same webhook-id, and logged', async () => {
  await allowPrivate(true);
  const ch = await chapter(conn, { metro_id: geo.metro.id });
  const ep = await register('/flaky/a', ['chapter.updated'], ch);
  const r = await conn.client.api('POST', `/chapters/${ch.slug}`, { description: 'We meet on Tuesdays.' });
  assert.equal(r.status, 200, r.text);
  for (let n = 1; n <= 3; n++) {
    await until(`attempt ${n}`, () => received('/flaky/a').length >= n);
    if (n < 3) {
      await until('the retry to be waiting', () => sql(`SELECT status FROM webhook_deliveries WHERE endpoint_id = ${ep.id}`) === 'retry');
      hurry(ep.id);
    }
  }
  const attempts = received('/flaky/a');
  assert.equal(attempts.length, 3, 'two failures and a success');
  for (const a of attempts) {
    assert.ok(a.verified, `the signature verifies: ${a.error}`);
    assert.match(a.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
    assert.match(a.headers['webhook-timestamp'], /^\d+$/);
    assert.equal(a.headers['content-type'], 'application/json');
  }
  assert.equal(new Set(attempts.map((a) => a.id)).size, 1, 'one webhook-id on every attempt');
  assert.match(attempts[0].id, /^msg_/);
  const p = attempts[2].payload;
  assert.equal(p.type, 'chapter.updated');
  assert.equal(p.data.slug, ch.slug);
  assert.equal(p.data.description, 'We meet on Tuesdays.');
  assert.match(p.timestamp, /^\d{4}-\d\d-\d\dT/);
  await until('the delivery to be settled', () =>
    sql(`SELECT status || ' ' || attempts FROM webhook_deliveries WHERE endpoint_id = ${ep.id}`) === 'delivered 3');
  assert.equal(sql(`SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = ${ep.id}`), '3');
  const list = (await conn.client.api('GET', `/chapters/${ch.slug}/webhooks`)).json();
  const mine = list.endpoints.find((x) => x.id === ep.id);
  assert.equal(mine.deliveries[0].status, 'delivered');
  assert.deepEqual(mine.deliveries[0].attempt_log.map((a) => a.status_code), [500, 500, 200]);
  assert.ok(mine.deliveries[0].attempt_log.every((a) => a.duration_ms >= 0 && a.attempted_at > 0));
  assert.equal(mine.deliveries[0].msg_id, attempts[0].id);
  // a tampered body or a rotated secret no longer verifies
  const wh = new Webhook(secrets.get('/flaky/a'));
  assert.throws(() => wh.verify(attempts[2].body.replace('Tuesdays', 'Fridays'), attempts[2].headers));
  const rot = await conn.client.api('POST', `/chapters/${ch.slug}/webhooks/${ep.id}/rotate`, {});
  assert.equal(rot.status, 200);
  assert.notEqual(rot.json().endpoint.secret, ep.secret);
  assert.throws(() => new Webhook(rot.json().endpoint.secret).verify(attempts[2].body, attempts[2].headers));
});

test('visibility: a connector hears only of their chapter, and what is kept to members is never sent', async () => {
  await allowPrivate(true);
  const mine = await chapter(conn, { metro_id: geo.metro.id });
  const theirs = await chapter(other, { metro_id: geo.metro.id });
  const kinds = ['chapter.updated', 'meeting.scheduled', 'meeting.cancelled', 'registration.created', 'ticket.paid'];
  const local = await register('/ok/local', kinds, mine);
  const net = await register('/ok/network', kinds);
  // the other chapter's change reaches the network's endpoint only
  assert.equal((await other.client.api('POST', `/chapters/${theirs.slug}`, { description: 'Theirs' })).status, 200);
  await until('the network endpoint to hear of the other chapter', () => received('/ok/network').some((g) => g.payload?.data?.slug === theirs.slug));
  // a meeting: that it exists, never when or where members meet
  const venue = `Back room ${unique()}`;
  const m = await conn.client.api('POST', `/chapters/${mine.slug}/meetings`, { ...dateTime(5), venue });
  assert.equal(m.status, 201, m.text);
  const meetingId = m.json().meeting.id;
  await until('the meeting at the chapter endpoint', () => received('/ok/local').find((g) => g.payload?.type === 'meeting.scheduled'));
  const sched = received('/ok/local').find((g) => g.payload.type === 'meeting.scheduled');
  assert.equal(sched.payload.data.id, meetingId);
  assert.equal(sched.payload.data.chapter_slug, mine.slug);
  assert.ok(!sched.body.includes(venue) && !/starts_at|online_url/.test(sched.body), `no time or place: ${sched.body}`);
  assert.equal((await conn.client.api('POST', `/chapters/${mine.slug}/meetings/${meetingId}/cancel`, {})).status, 200);
  await until('the cancellation', () => received('/ok/local').find((g) => g.payload?.type === 'meeting.cancelled' && g.payload.data.id === meetingId));
  // events: a chapter-only event's registration is never sent; a public one's is, without who
  const app = await adm.api('POST', '/apps', { name: `Pitch night ${unique()}`, summary: 'Short talks.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }, { name: 'Supporter', price: '12', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(app.status, 201, app.text);
  const secret = `Closed door ${unique()}`;
  const hidden = await conn.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${mine.slug}`, title: secret,
    venue: 'Inside', capacity: 10, visibility: 'chapter', ...when(60) });
  assert.equal(hidden.status, 201, hidden.text);
  const open = await conn.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${mine.slug}`, title: `Open ${unique()}`,
    venue: 'The Hub', capacity: 10, visibility: 'public', ...when(60) });
  assert.equal(open.status, 201, open.text);
  const guest = await member({ name: `Guest ${unique()}` });
  assert.equal((await conn.client.api('POST', `/events/${hidden.json().event.slug}/register`, {})).status, 201);
  assert.equal((await guest.client.api('POST', `/events/${open.json().event.slug}/register`, {})).status, 201);
  await until('the public registration', () => received('/ok/local').find((g) => g.payload?.type === 'registration.created'));
  await sleep(1500);
  const regs = [...received('/ok/local'), ...received('/ok/network')].filter((g) => g.payload?.type === 'registration.created');
  assert.equal(regs.length, 2, 'the public registration, once to each endpoint');
  for (const g of regs) {
    assert.equal(g.payload.data.event.slug, open.json().event.slug);
    assert.ok(!g.body.includes(guest.email) && !g.body.includes(guest.name), 'never who registered');
  }
  // a paid ticket of the public event: the tier and the amount, never who paid
  const openSlug = open.json().event.slug;
  const supporter = (await conn.client.api('GET', `/events/${openSlug}`)).json().tiers.find((t) => t.name === 'Supporter');
  const payer = await member({ name: `Payer ${unique()}` });
  const reg = await payer.client.api('POST', `/events/${openSlug}/register`, { tier: supporter.id });
  assert.equal(reg.status, 201, reg.text);
  assert.equal((await conn.client.api('POST', `/events/${openSlug}/registrations/${reg.json().registration.id}/paid`, {})).status, 200);
  const paid = await until('the payment', () => received('/ok/local').find((g) => g.payload?.type === 'ticket.paid'));
  assert.equal(paid.payload.data.tier, 'Supporter');
  assert.equal(paid.payload.data.amount, 1200);
  assert.equal(paid.payload.data.currency, 'EUR');
  assert.equal(paid.payload.data.event.slug, openSlug);
  assert.ok(!paid.body.includes(payer.name) && !paid.body.includes(payer.email), 'never who paid');
  assert.ok(!got.some((g) => g.body.includes(secret)), 'the chapter-only event is never sent');
  assert.ok(!received('/ok/local').some((g) => g.payload?.data?.slug === theirs.slug), 'the chapter endpoint never hears of another chapter');
  assert.ok(got.every((g) => g.verified));
  // a connector of another chapter cannot see or touch this chapter's endpoints
  assert.equal((await other.client.api('GET', `/chapters/${mine.slug}/webhooks`)).status, 403);
  assert.equal((await other.client.api('POST', `/chapters/${theirs.slug}/webhooks/${local.id}/disable`, {})).status, 404);
  assert.ok(net.id);
});

test('the books: a public line is sent as someone not logged in reads it; a line kept to the chapter never is', async () => {
  await allowPrivate(true);
  const ch = await chapter(conn, { metro_id: geo.metro.id });
  await register('/ok/books', ['ledger.entry'], ch);
  const rec = (body) => conn.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'income', counterpart: `member:${conn.id}`,
    resource: 'EUR', category: 'tickets', ...body });
  const kept = `Kept inside ${unique()}`, open = `Breakfast fee ${unique()}`;
  assert.equal((await rec({ amount: '7', description: kept, visibility: 'unit' })).status, 201);
  assert.equal((await rec({ amount: '15', description: open, visibility: 'public' })).status, 201);
  const g = await until('the public line', () => received('/ok/books').find((x) => x.body.includes(open)));
  assert.ok(g.verified);
  assert.equal(g.payload.type, 'ledger.entry');
  const mine = g.payload.data.lines.find((l) => l.amount === 1500);
  assert.ok(mine, `the chapter's side of the line: ${g.body}`);
  assert.equal(mine.visibility, 'public');
  assert.equal(mine.description, open);
  assert.ok(!g.body.includes(conn.name), 'a person\'s name is withheld from those not logged in, as on the public books');
  await sleep(1500);
  assert.ok(!got.some((x) => x.body.includes(kept)), 'the line kept to the chapter is never sent');
});

test('the commons and governance: a published item is sent as its public page shows it; a chapter\'s decision never is', async () => {
  await allowPrivate(true);
  const ch = await chapter(conn, { metro_id: geo.metro.id });
  await register('/ok/gov', ['decision.recorded', 'commons.published']);
  await register('/ok/gov-chapter', ['decision.recorded'], ch);
  const title = `Notes ${unique()}`;
  const item = (await conn.client.api('POST', '/commons', { kind: 'notes', title, body: 'What we learnt.' })).json().item;
  const pub = await conn.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal(pub.status, 200, pub.text);
  const g = await until('the published item', () => received('/ok/gov').find((x) => x.payload?.type === 'commons.published' && x.payload.data.slug === item.slug));
  assert.equal(g.payload.data.title, title);
  assert.equal(g.payload.data.status, 'published');
  assert.equal(g.payload.data.body, 'What we learnt.');
  // a chapter's poll closed: its decision is the members', so no endpoint hears of it
  const statement = `Thursdays it is ${unique()}`;
  const poll = await conn.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'proposal', title: `Meet on Thursdays ${unique()}`,
    closes_at: Math.floor(Date.now() / 1000) + 7 * 86400 });
  assert.equal(poll.status, 201, poll.text);
  const closed = await conn.client.api('POST', `/polls/${poll.json().poll.id}/close`, { outcome: statement,
    review_at: Math.floor(Date.now() / 1000) + 90 * 86400 });
  assert.ok(closed.status < 300, closed.text);
  assert.equal(sql(`SELECT count(*) FROM gov_decisions WHERE statement = '${statement}'`), '1', 'the decision is on record');
  await sleep(1500);
  assert.ok(!got.some((x) => x.body.includes(statement)), 'a chapter\'s decision is never sent');
});

test('an endpoint that keeps failing is disabled, and its owner can enable it again', async () => {
  await allowPrivate(true);
  const ch = await chapter(conn, { metro_id: geo.metro.id });
  const ep = await register('/down/x', ['chapter.updated'], ch);
  const sendTest = async () => assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/webhooks/${ep.id}/test`, {})).status, 200);
  const status = (n) => sql(`SELECT status FROM webhook_deliveries WHERE endpoint_id = ${ep.id} ORDER BY id LIMIT 1 OFFSET ${n}`);
  const enabled = () => sql(`SELECT is_enabled FROM webhook_endpoints WHERE id = ${ep.id}`);
  // the first delivery is given up after its eighth attempt ...
  await sendTest();
  for (let i = 0; i < 60 && status(0) !== 'failed'; i++) {
    await sleep(250);
    hurry(ep.id);
  }
  assert.equal(status(0), 'failed', 'given up after the last attempt');
  assert.equal(sql(`SELECT attempts FROM webhook_deliveries WHERE endpoint_id = ${ep.id}`), '8');
  assert.equal(enabled(), '1', 'eight failures in a row do not disable it yet');
  // ... and seven more failures of the next make fifteen in a row: the endpoint is disabled
  await sendTest();
  for (let i = 0; i < 60 && enabled() === '1'; i++) {
    await sleep(250);
    hurry(ep.id);
  }
  assert.equal(enabled(), '0', 'disabled');
  assert.equal(sql(`SELECT failures FROM webhook_endpoints WHERE id = ${ep.id}`), '15');
  assert.equal(received('/down/x').length, 15, 'fifteen attempts, then no more');
  assert.equal(status(1), 'retry', 'the second delivery waits');
  assert.ok(received('/down/x').every((g) => g.verified && g.payload.type === 'webhook.test'));
  const page = await conn.client.get(`/chapters/${ch.slug}/webhooks`);
  assert.match(page.text, /Disabled after 15 failed attempts in a row/);
  assert.match(page.text, /Enable again/);
  const refused = await conn.client.api('POST', `/chapters/${ch.slug}/webhooks/${ep.id}/test`, {});
  assert.equal(refused.status, 409, 'no test event to a disabled endpoint');
  await sleep(1500);
  hurry(ep.id);
  await sleep(1500);
  assert.equal(received('/down/x').length, 15, 'nothing is sent to a disabled endpoint');
  assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/webhooks/${ep.id}/enable`, {})).status, 200);
  assert.equal(sql(`SELECT is_enabled || ' ' || failures FROM webhook_endpoints WHERE id = ${ep.id}`), '1 0');
  await until('the waiting delivery to go out again', () => received('/down/x').length > 15);
  assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/webhooks/${ep.id}/delete`, {})).status, 200);
  assert.equal(sql(`SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ${ep.id}`), '0');
});

// A date and time `days` from now, for a meeting.
function dateTime(days) {
  const d = new Date(Date.now() + days * 86400 * 1000);
  return { date: d.toISOString().slice(0, 10), time: '19:00' };
}
