// accounts_reset.test.mjs - links sent by e-mail (issue 16): a forgotten
// password reset with a single-use, hashed, one-hour link that never tells
// whether an address has an account; a guest's address confirmed before the
// ticket counts (the network's setting); and titles and names kept on one line.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf, when, BIN, DB, PASSWORD } from './lib.mjs';

let adm, geo, conn, mem, ch, app;

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// The newest mail of `kind` to `email`: {subject, body}.
function mail(email, kind) {
  const id = sql(`SELECT max(id) FROM outbox WHERE to_email = '${email}' AND kind = '${kind}'`);
  assert.ok(id, `a ${kind} mail went to ${email}`);
  return { subject: sql(`SELECT subject FROM outbox WHERE id = ${id}`), body: sql(`SELECT body FROM outbox WHERE id = ${id}`) };
}
function linkIn(body, path) {
  const m = body.match(new RegExp(`http://glocal\\.test(${path}/([A-Za-z0-9_-]{20,}))`));
  assert.ok(m, `the mail carries a ${path} link: ${body}`);
  return { path: m[1], token: m[2] };
}
const count = (q) => Number(sql(q));

async function ask(email, client = new Client()) {
  if (!client.csrf) await client.fetchCsrf();
  return client.post('/password/forgot', { email });
}

async function newEvent(fields = {}) {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Talk ${unique()}`, venue: 'The Hub',
    capacity: 2, ...when(60 * 24 * 3), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

async function verification(on) {
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: on })).status, 200);
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  mem = await member({ name: `Mia ${unique()}` });
  ch = await chapter(conn, { name: `Mailers ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  const r = await adm.api('POST', '/apps', { name: `Talks ${unique()}`, summary: 'Talks.', tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
});

test('the login form links to the reset; the form asks for an address', async () => {
  const login = await new Client().get('/login');
  assert.match(mainOf(login.text), /href="\/password\/forgot">Forgot your password\?/);
  const form = await new Client().get('/password/forgot');
  assert.equal(form.status, 200);
  assert.match(mainOf(form.text), /<form[^>]+action="\/password\/forgot"/);
  const bad = await ask('not an address');
  assert.equal(bad.status, 422);
  assert.match(mainOf(bad.text), /e-mail address of your account/);
});

test('a reset works end to end: the mail, the link (stored hashed), the new password, every other session ended, logged in', async () => {
  const m = await member({ pledge: false });
  const other = new Client();
  await other.login(m.email);                                   // a second device
  const r = await ask(m.email.toUpperCase());
  assert.equal(r.status, 200);
  assert.match(mainOf(r.text), /If an account uses the address <strong>[^<]+<\/strong>, we sent it a link valid for one hour/);
  const { subject, body } = mail(m.email, 'password_reset');
  assert.equal(subject, 'Reset your password');
  assert.match(body, /Someone asked to reset the password of your account on \w+ \d+ \w+ \d{4}, \d\d:\d\d/, 'the mail says when');
  assert.match(body, /ignore this message: nothing happens/);
  const link = linkIn(body, '/password/reset');
  assert.equal(count(`SELECT count(*) FROM account_tokens WHERE token_hash = '${link.token}'`), 0, 'the secret itself is not stored');
  assert.equal(count(`SELECT count(*) FROM account_tokens WHERE user_id = ${m.id} AND purpose = 'reset' AND used_at IS NULL`), 1);

  const c = new Client();
  const page = await c.get(link.path);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), new RegExp(`For the account ${m.email.replace('.', '\\.')}`));
  const weak = await c.post(link.path, { new_password: 'short' });
  assert.equal(weak.status, 422, 'the rules of every password apply');
  assert.match(mainOf(weak.text), /at least 10 characters/);
  const same = await c.post(link.path, { new_password: m.email });
  assert.equal(same.status, 422);
  const done = await c.post(link.path, { new_password: 'a fresh long passphrase' });
  assert.equal(done.status, 303, done.text.slice(0, 300));
  assert.equal(done.location, '/me');
  assert.equal((await c.api('GET', '/me')).json().user.id, m.id, 'the person is logged in');
  assert.equal((await other.api('GET', '/me')).status, 401, 'every other session ended');
  assert.equal((await m.client.api('GET', '/me')).status, 401);
  await new Client().login(m.email, 'a fresh long passphrase');
  const old = new Client();
  await old.fetchCsrf();
  assert.equal((await old.post('/login', { email: m.email, password: PASSWORD })).status, 401, 'the old password no longer works');
  assert.match(mail(m.email, 'password_changed').body, /was just changed with a reset\s+link/, 'the owner is told');

  // the link works once
  const again = await new Client().get(link.path);
  assert.equal(again.status, 410);
  assert.match(mainOf(again.text), /was used already/);
  assert.match(mainOf(again.text), /href="\/password\/forgot"/, 'the page says what to do');
  const reuse = await new Client().post(link.path, { new_password: 'yet another passphrase' });
  assert.equal(reuse.status, 410);
});

test('the same answer for a known and an unknown address, and no mail for the unknown', async () => {
  const m = await member({ pledge: false });
  const unknown = `${unique('nobody')}@test.example`;
  const before = count('SELECT count(*) FROM outbox');
  const known = await ask(m.email);
  const none = await ask(unknown);
  assert.equal(known.status, none.status);
  const strip = (html) => mainOf(html).replace(/<strong>[^<]*<\/strong>/, '');
  assert.equal(strip(known.text), strip(none.text), 'the pages differ only by the address typed');
  assert.equal(count('SELECT count(*) FROM outbox'), before + 1, 'one mail: to the known address');
  assert.equal(count(`SELECT count(*) FROM outbox WHERE to_email = '${unknown}'`), 0);
  assert.equal(count("SELECT count(*) FROM account_tokens WHERE purpose = 'reset' AND user_id IS NULL") > 0, true,
    'the unknown address did the same work: a token that opens nothing');
});

test('expired, unknown, foreign and wrong-purpose links are refused with a page that says why', async () => {
  const a = await member({ pledge: false });
  const b = await member();
  await ask(a.email);
  const link = linkIn(mail(a.email, 'password_reset').body, '/password/reset');
  // expired: an hour later
  sql(`UPDATE account_tokens SET expires_at = created_at - 1 WHERE user_id = ${a.id} AND purpose = 'reset'`);
  let r = await new Client().get(link.path);
  assert.equal(r.status, 410);
  assert.match(mainOf(r.text), /has expired/);
  r = await new Client().post(link.path, { new_password: 'a fresh long passphrase' });
  assert.equal(r.status, 410);
  // unknown
  r = await new Client().get(`/password/reset/${'x'.repeat(43)}`);
  assert.equal(r.status, 404);
  assert.match(mainOf(r.text), /not a password reset link/);
  // foreign: logged in as b, a's (fresh) link is refused and a's password stays
  await ask(a.email);
  const fresh = linkIn(mail(a.email, 'password_reset').body, '/password/reset');
  r = await b.client.get(fresh.path);
  assert.equal(r.status, 409);
  assert.match(mainOf(r.text), /another account/);
  r = await b.client.post(fresh.path, { new_password: 'taking over a' });
  assert.equal(r.status, 409);
  await new Client().login(a.email);                         // unchanged
  // a guest's confirmation link is no reset link, and a reset link confirms no registration
  await verification(true);
  const ev = await newEvent();
  const guest = `${unique('g')}@example.org`;
  assert.equal((await (async () => { const c = new Client(); await c.get(`/events/${ev.slug}`); return c.post(`/events/${ev.slug}/register`, { name: 'Gina Guest', email: guest }); })()).status, 303);
  const confirm = linkIn(mail(guest, 'event_confirm_email').body, '/registrations/confirm');
  r = await new Client().get(`/password/reset/${confirm.token}`);
  assert.equal(r.status, 404, 'a guest token is no reset token');
  r = await new Client().get(`/registrations/confirm/${fresh.token}`);
  assert.equal(r.status, 404, 'a reset token is no guest token');
  assert.match(mainOf(r.text), /not a registration link/);
});

test('links are asked at most three times an hour per address (known or not), then 429', async () => {
  for (const email of [(await member({ pledge: false })).email, `${unique('ghost')}@test.example`]) {
    const c = new Client();
    for (let i = 0; i < 3; i++) assert.equal((await ask(email, c)).status, 200);
    const r = await ask(email, c);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(mainOf(r.text), /wait \d+ minutes? and ask again/);
  }
});

test('guests confirm their address first: the place is held, the ticket comes after the link', async () => {
  await verification(true);
  const ev = await newEvent();
  const email = `${unique('g')}@example.org`;
  const c = new Client();
  await c.get(`/events/${ev.slug}`);
  let r = await c.post(`/events/${ev.slug}/register`, { name: 'Gus Guest', email });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/events/${ev.slug}`, 'no ticket page before the address is confirmed');
  assert.equal(count(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'event_registration'`), 0, 'no ticket mail yet');
  const { subject, body } = mail(email, 'event_confirm_email');
  assert.equal(subject, `Confirm your registration for ${ev.title}`);
  const link = linkIn(body, '/registrations/confirm');
  const held = sql(`SELECT status || ' ' || (unverified_until - created_at) FROM registrations WHERE guest_email = '${email}'`).split(' ');
  assert.equal(held[0], 'ticket', 'the place is held');
  assert.ok(Number(held[1]) > 3600 && Number(held[1]) <= 86400, 'for at most a day');
  // the API says so too, without the code or the ticket's link
  const g = new Client();
  await g.get(`/events/${ev.slug}`);
  const api = (await g.api('POST', `/events/${ev.slug}/register`, { name: 'Ann Api', email: `${unique('a')}@example.org` })).json().registration;
  assert.equal(api.is_unverified, true);
  assert.equal(api.code, undefined);
  assert.equal(api.ticket_url, undefined);
  // the organiser cannot check in an unconfirmed guest
  const code = sql(`SELECT code FROM registrations WHERE guest_email = '${email}'`);
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /has not confirmed their e-mail address/);
  // the link: a page with a button, then the ticket
  const page = await new Client().get(link.path);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /Confirm my registration/);
  const k = new Client();
  await k.get(link.path);
  r = await k.post(link.path, {});
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/tickets\/[A-Za-z0-9_-]{20,}$/);
  const ticket = await k.get(r.location);
  assert.equal(ticket.status, 200);
  assert.match(ticket.text, new RegExp(code));
  assert.equal(sql(`SELECT coalesce(unverified_until, 0) FROM registrations WHERE guest_email = '${email}'`), '0');
  assert.ok(mail(email, 'event_registration').body.includes(`http://glocal.test${r.location}`), 'the ticket mail carries the new link');
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code })).status, 200, 'now it checks in');
  // used once
  r = await new Client().post(link.path, {});
  assert.equal(r.status, 410);
  // a member is never asked
  assert.equal((await mem.client.api('POST', `/events/${ev.slug}/register`, {})).status, 201);
  assert.equal(sql(`SELECT coalesce(unverified_until, 0) FROM registrations WHERE user_id = ${mem.id} AND event_id = ${ev.id}`), '0');
});

test('an unconfirmed registration lapses: its place goes to the waitlist and its link no longer works', async () => {
  await verification(true);
  const ev = await newEvent({ capacity: 1 });
  const email = `${unique('late')}@example.org`;
  const c = new Client();
  await c.get(`/events/${ev.slug}`);
  assert.equal((await c.post(`/events/${ev.slug}/register`, { name: 'Lou Late', email })).status, 303);
  const link = linkIn(mail(email, 'event_confirm_email').body, '/registrations/confirm');
  assert.equal((await mem.client.api('POST', `/events/${ev.slug}/register`, {})).json().registration.status, 'waitlist', 'the held place counts');
  glocal(['tick', '--db', DB, '--now', String(Math.floor(Date.now() / 1000) + 86400 + 60)]);
  assert.equal(sql(`SELECT status FROM registrations WHERE guest_email = '${email}'`), 'cancelled');
  assert.equal(sql(`SELECT status FROM registrations WHERE user_id = ${mem.id} AND event_id = ${ev.id}`), 'ticket', 'the waitlist moved up');
  const r = await new Client().get(link.path);
  assert.equal(r.status, 410);
  assert.match(mainOf(r.text), /not confirmed in time/);
});

test('with the setting off a guest gets the ticket at once', async () => {
  await verification(false);
  const settings = (await adm.api('GET', '/admin')).json().settings;
  assert.equal(settings.guest_verification, false);
  const ev = await newEvent();
  const email = `${unique('g')}@example.org`;
  const c = new Client();
  await c.get(`/events/${ev.slug}`);
  const r = await c.post(`/events/${ev.slug}/register`, { name: 'Quick Guest', email });
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/tickets\//);
  assert.equal(count(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'event_registration'`), 1);
  assert.equal(count(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'event_confirm_email'`), 0);
  await verification(true);
});

test('titles and names with a line break are refused at the field (and never reach a mail subject)', async () => {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: 'Tomorrow\r\nBcc: all@example.org',
    venue: 'The Hub', capacity: 5, ...when(600) });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json().errors.map((x) => x.field), ['title']);
  assert.match(r.json().errors[0].message, /on one line/);
  const c = await conn.client.api('POST', '/chapters', { name: 'Two\nLines', metro_id: geo.metro.id });
  assert.equal(c.status, 422);
  assert.match(JSON.stringify(c.json().errors), /"field":"name".*on one line/);
  const me = await mem.client.api('POST', '/me', { name: 'Mia\rSubject: hi' });
  assert.equal(me.status, 422);
  assert.match(JSON.stringify(me.json().errors), /"field":"name".*on one line/);
  const item = await mem.client.api('POST', '/commons', { title: 'Notes\nfrom the night', kind: 'notes', body: 'Text.', licence: 'CC-BY-4.0' });
  assert.equal(item.status, 422);
  assert.match(JSON.stringify(item.json().errors), /"field":"title","message":"[^"]*on one line/);
  const tiers = await adm.api('POST', '/apps', { name: `Split ${unique()}`, summary: 'x', tiers: [{ name: 'Free\nBcc: x', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(tiers.status, 422, 'a ticket tier is named on one line');
  assert.match(tiers.text, /on one line/);
  const guest = new Client();
  const ev = await newEvent();
  await guest.get(`/events/${ev.slug}`);
  const g = await guest.api('POST', `/events/${ev.slug}/register`, { name: 'Eve\u2028Evil', email: `${unique('e')}@example.org` });
  assert.equal(g.status, 422, 'a Unicode line separator is a line break too');
});
