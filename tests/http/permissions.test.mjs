// permissions.test.mjs - who may and who may not, for every route of the table.
//
// Five callers: anonymous, a member of the chapter, a member of another chapter
// ("other"), the chapter's connector, and a network administrator. Each route
// has a case: how to call it (on a fresh chapter made for the case) and the
// status each caller gets, in an order chosen so that one caller's success
// does not decide the next one's answer. A route of the table without a case
// fails the test, so new routes cannot slip through unchecked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkFlags, checkCanaries, checkToken, counts, plant, table, tokens, unclassified } from './authz.mjs';
import { BASE, BIN, Client, member, admin, chapter, admit, geography, unique, acceptPledge, lisbon, ADMIN, PASSWORD, sql, unsubscribeToken } from './lib.mjs';

let who, geo, otherChapter, canaryChapter;
const ALL = ['anon', 'other', 'member', 'admin', 'connector'];
const FUNNEL_ALL = [...ALL, 'committee'];   // the funnel's cases add a committee member (see its helpers)

before(async () => {
  const adminClient = await admin();
  geo = await geography(adminClient);
  const connector = await member({ sector_id: geo.sector.id });
  const mem = await member({ sector_id: geo.sector2.id });
  const other = await member();
  otherChapter = await chapter(other, { metro_id: geo.metro.id });
  who = { anon: { client: new Client() }, admin: { client: adminClient, email: ADMIN.email }, connector, member: mem, other };
  who.admin.id = (await adminClient.api('GET', '/me')).json().user.id;
  await guestVerification(false);   // guests' tickets at once, as the ticket cases expect
  await tokens(who);
  canaryChapter = await plant(who, fresh, meeting, async (ch, title) => {
    await appOf();
    return who.connector.client.api('POST', '/events', { ...eventBody(ch), title, visibility: 'chapter' });
  });
});

// A Glocal node (in the database only: its inbox is on a name that never resolves) that asked to
// peer with this one; its id.
function askingPeer() {
  const host = `${unique('peer')}.invalid`.toLowerCase();
  sql(`INSERT INTO fed_remote_actors (actor_url, host, inbox, key_id, public_pem, fetched_at) VALUES ('https://${host}/ap/node',
    '${host}', 'https://${host}/ap/inbox', 'https://${host}/ap/node#key-1', 'none', 0)`);
  return sql(`INSERT INTO fed_peers (actor_url, host, is_outgoing, state, follow_id, asked_at) VALUES ('https://${host}/ap/node',
    '${host}', 0, 'asked', 'https://${host}/ap/node#follow', 0) RETURNING id`);
}

// A commons item of an approved peer node (in the database only, as askingPeer's), kept here as a copy; the copy's id.
function peerItem() {
  const host = `${unique('peer')}.invalid`.toLowerCase();
  sql(`INSERT INTO fed_remote_actors (actor_url, host, inbox, key_id, public_pem, fetched_at) VALUES ('https://${host}/ap/node',
    '${host}', 'https://${host}/ap/inbox', 'https://${host}/ap/node#key-1', 'none', 0)`);
  const peer = sql(`INSERT INTO fed_peers (actor_url, host, is_outgoing, state, follow_id, asked_at) VALUES ('https://${host}/ap/node',
    '${host}', 0, 'approved', 'https://${host}/ap/node#follow', 0) RETURNING id`);
  return sql(`INSERT INTO fed_remote_objects (peer_id, kind, object_url, name, home_url, licence, updated_at) VALUES (${peer}, 'item',
    'https://${host}/ap/commons/notes', 'Their notes', 'https://${host}/commons/notes', 'cc-by-4.0', 0) RETURNING id`);
}

async function guestVerification(on) {
  const r = await who.admin.client.api('POST', '/admin/settings', { guest_verification: on });
  assert.equal(r.status, 200, r.text);
}

// The secret of the newest link of `kind` mailed to `email` (from the outbox).
function mailedToken(email, kind, path) {
  const body = sql(`SELECT body FROM outbox WHERE to_email = '${email}' AND kind = '${kind}' ORDER BY id DESC LIMIT 1`);
  const m = body.match(new RegExp(`${path}/([A-Za-z0-9_-]{20,})`));
  assert.ok(m, `a ${kind} mail with a link went to ${email}`);
  return m[1];
}

// A reset link of a fresh account (none of the callers').
async function resetToken() {
  const m = await member({ pledge: false });
  const c = new Client();
  await c.fetchCsrf();
  assert.equal((await c.post('/password/forgot', { email: m.email })).status, 200);
  return mailedToken(m.email, 'password_reset', '/password/reset');
}

// The confirmation link of a guest's registration (made with the setting on).
async function guestToken() {
  const ev = await event();
  await guestVerification(true);
  const email = `${unique('g')}@test.example`;
  const r = await new Client().post(`${ev.base}/register`, { name: 'Guest', email });
  await guestVerification(false);
  assert.equal(r.status, 303, r.text.slice(0, 200));
  return mailedToken(email, 'event_confirm_email', '/registrations/confirm');
}

// A chapter run by the connector with the member in it.
async function fresh() {
  const ch = await chapter(who.connector, { metro_id: geo.metro.id });
  await admit(who.connector, ch, who.member);
  return ch;
}

// --- pictures: a small GIF as the API takes it (base64), a chapter's photo, an organisation for logos ---
const PICTURE = readFileSync(new URL('./fixtures/pictures/badge.gif', import.meta.url)).toString('base64');
async function chapterPhoto() {
  const ch = await fresh();
  const r = await who.connector.client.api('POST', `/chapters/${ch.slug}/picture`, { picture: PICTURE });
  assert.equal(r.status, 201, r.text);
  return r.json().picture;
}
// an organisation that "member" manages (an administrator added them; "connector" and "other" do not)
async function logoOrg() {
  const r = await who.admin.client.api('POST', '/organisations', { name: `Logo ${unique()}` });
  assert.equal(r.status, 201, r.text);
  const org = r.json().organisation;
  const m = await who.admin.client.api('POST', `/organisations/${org.slug}/managers`, { member: who.member.id });
  assert.equal(m.status, 201, m.text);
  return org;
}
// --- end pictures ---

async function invitationId(ch) {
  const r = await who.connector.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: `${unique('i')}@test.example` });
  return r.json().invitation;
}

// A meeting of the chapter today, moved on to `phase` by its connector.
async function meeting(ch, phase = 'planned') {
  const date = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  const m = (await who.connector.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '23:00' })).json().meeting;
  for (const p of ['checkin', 'successes', 'challenges', 'commitments', 'closed']) {
    if (phase === 'planned') break;
    await who.connector.client.api('POST', `/chapters/${ch.slug}/meetings/${m.id}/phase`, { phase: p });
    if (p === phase) break;
  }
  return { ...m, base: `/chapters/${ch.slug}/meetings/${m.id}` };
}

// A members' CSV of one new person, and its upload into `ch` by the connector (the import's id).
function importBody() {
  return { csv: `name,email\nNew ${unique()},${unique('imp').toLowerCase()}@test.example\n` };
}
async function importId(ch) {
  const r = await who.connector.client.api('POST', `/chapters/${ch.slug}/import`, importBody());
  assert.equal(r.status, 201, r.text);
  return r.json().import.id;
}

// A chapters' CSV of one new chapter in the fixtures' metro, and its upload by the administrator (the import's id).
function chaptersBody() {
  return { csv: `name,city\nImported ${unique()},${geo.metro.name}\n` };
}
async function chaptersImportId() {
  const r = await who.admin.client.api('POST', '/admin/import', chaptersBody());
  assert.equal(r.status, 201, r.text);
  return r.json().import.id;
}

async function joinRequest(ch) {
  const asker = await member();
  await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
  return (await who.connector.client.api('GET', `/chapters/${ch.slug}/join-requests`)).json().join_requests[0].id;
}

// The catalog's format for the event cases, made once by the administrator.
let theApp, theOrg;
async function appOf() {
  if (!theApp) {
    theApp = (await who.admin.client.api('POST', '/apps', { name: `Format ${unique()}`, runbook: [{ step: 'Talks', minutes: 60 }],
      tiers: [{ name: 'Free', price: '0', currency: 'EUR' }, { name: 'Paid', price: '5.00', currency: 'EUR' }],
      packages: [{ name: 'Gold', price: '100.00', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
      split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] })).json().app;
    theOrg = (await who.admin.client.api('POST', '/organisations', { name: `Sponsor ${unique()}` })).json().organisation;
  }
  return theApp;
}

function eventBody(ch, start = 60) {
  const s = lisbon(start), e = lisbon(start + 120);
  return { app: theApp.slug, host: `chapter:${ch.slug}`, title: `Event ${unique()}`, venue: 'A room', capacity: 30,
    date: s.date, time: s.time, end_date: e.date, end_time: e.time, record: start < 0 };
}

// An event of a fresh chapter, made by its connector; `start`: minutes from now.
async function event(start = 60) {
  await appOf();
  const ch = await fresh();
  const r = await who.connector.client.api('POST', '/events', eventBody(ch, start));
  assert.equal(r.status, 201, r.text);
  const ev = r.json().event;
  return { ...ev, base: `/events/${ev.slug}`, chapter: ch };
}

// An unconference of a fresh chapter (its connector organises it) with the member holding a
// ticket, a room, a slot and a session the member proposed.
let boardApp;
async function camp() {
  if (!boardApp) {
    boardApp = (await who.admin.client.api('POST', '/apps', { name: `Unconference ${unique()}`, has_board: true,
      tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] })).json().app;
  }
  const ch = await fresh();
  const s = lisbon(60 * 24), e = lisbon(60 * 24 + 240);
  const r = await who.connector.client.api('POST', '/events', { app: boardApp.slug, host: `chapter:${ch.slug}`, title: `Camp ${unique()}`,
    venue: 'A room', capacity: 30, date: s.date, time: s.time, end_date: e.date, end_time: e.time });
  assert.equal(r.status, 201, r.text);
  const ev = r.json().event, base = `/events/${ev.slug}`;
  assert.equal((await who.member.client.api('POST', `${base}/register`, {})).status, 201);
  const room = (await who.connector.client.api('POST', `${base}/rooms`, { name: 'Hall', capacity: 20 })).json();
  const slotEnd = lisbon(60 * 24 + 60);   // an hour later (after 23:00 that is the next day)
  await who.connector.client.api('POST', `${base}/slots`, { starts_at: `${s.date}T${s.time}`, ends_at: `${slotEnd.date}T${slotEnd.time}` });
  const board = (await who.connector.client.api('GET', `${base}/board`)).json();
  const session = (await who.member.client.api('POST', `${base}/sessions`, { title: 'Pricing', kind: 'discussion' })).json().id;
  return { base, session, room: board.rooms[0]?.id || room.id, slot: board.slots[0]?.id };
}

// The member's registration for a new event (in the paid tier when asked).
async function registration(paid = false) {
  const ev = await event();
  const tiers = (await who.member.client.api('GET', ev.base)).json().tiers;
  const reg = (await who.member.client.api('POST', `${ev.base}/register`, { tier: tiers[paid ? 1 : 0].id })).json().registration;
  return { ev, reg };
}

// An election of the committee of geo's region, at `stage` (nominating, voting or closed).
function electionBody() {
  const now = Math.floor(Date.now() / 1000);
  return { committee: geo.region.slug, title: `Election ${unique()}`, method: 'stv', seats: 1, nominations_close_at: now + 3600, closes_at: now + 7200 };
}

async function election(stage = 'nominating') {
  await fresh();   /* the connector runs a chapter in the region */
  const r = await who.admin.client.api('POST', '/elections', electionBody());
  assert.equal(r.status, 201, r.text);
  const el = r.json().election;
  const base = `/elections/${el.id}`;
  if (stage !== 'nominating') {
    await who.connector.client.api('POST', `${base}/nominations`, {});
    assert.equal((await who.admin.client.api('POST', `${base}/open`, {})).status, 200);
  }
  if (stage === 'closed') assert.equal((await who.admin.client.api('POST', `${base}/close`, {})).status, 200);
  return { ...el, base };
}

// Whether the committees' pages (and so their {committee} loader) are in this build.
// A webhook's fields: a loopback target that refuses connections (private targets are allowed first).
function hookBody() {
  return { url: 'http://127.0.0.1:9/hook', description: 'permissions', kinds: ['chapter.updated'] };
}
// A webhook registered by the administrator (for the network) or by the connector of `ch`: its id.
async function hook(ch) {
  const adminClient = who.admin.client;
  assert.equal((await adminClient.api('POST', '/admin/webhooks/settings', { allow_private: true })).status, 200);
  const r = ch ? await who.connector.client.api('POST', `/chapters/${ch.slug}/webhooks`, hookBody())
    : await adminClient.api('POST', '/admin/webhooks', hookBody());
  assert.equal(r.status, 201, r.text);
  return r.json().endpoint.id;
}

function committeePages() {
  return JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' })).some((r) => r.method === 'GET' && r.path === '/committees/{committee}');
}

// Each case: [route key, setup() -> {path, body?, page?}, expected statuses, order?]
// Pages (F_PAGE routes) are called as forms; the others on /api/v1 with JSON.
const L = 303; // pages send people without a session to the login form
const F = 401; // feeds, calendars and exports asked for by a program (no text/html in Accept): 401 problem+json
const cases = [
  ['GET /', async () => ({ path: '/', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /about', async () => ({ path: '/about', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /health', async () => ({ path: '/health' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /assets/{file}', async () => ({ path: '/assets/app.css', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /api/openapi.json', async () => ({ path: '/api/openapi.json', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /signup', async () => ({ path: '/signup', page: true }), { anon: 200, other: L, member: L, admin: L, connector: L }],
  ['POST /signup', async () => ({ path: '/signup', page: true, body: { name: 'New Person', email: `${unique('n')}@test.example`, password: PASSWORD } }),
    { anon: 303, other: 409, member: 409, admin: 409, connector: 409 }],
  ['GET /login', async () => ({ path: '/login', page: true }), { anon: 200, other: L, member: L, admin: L, connector: L }],
  // a reset link is the credential: it works for whoever holds it, but not while logged in as another account
  ['GET /password/forgot', async () => ({ path: '/password/forgot', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /password/forgot', async () => ({ path: '/password/forgot', page: true, body: () => ({ email: `${unique('f')}@test.example` }) }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /password/reset/{token}', async () => ({ path: `/password/reset/${await resetToken()}`, page: true }),
    { anon: 200, other: 409, member: 409, admin: 409, connector: 409 }],
  ['POST /password/reset/{token}', async () => ({ path: `/password/reset/${await resetToken()}`, page: true, body: { new_password: 'a brand new passphrase' } }),
    { other: 409, member: 409, admin: 409, connector: 409, anon: 303 }, ['other', 'member', 'admin', 'connector', 'anon']],
  ['POST /login', async () => ({ path: '/login', page: true, body: { email: who.other.email, password: 'wrong password!' } }),
    { anon: 401, other: 401, member: 401, admin: 401, connector: 401 }],
  ['POST /logout', async () => ({ path: '/logout', page: true, body: {}, expectLocation: { anon: /^\/login/ } }), { anon: L }, ['anon']],
  // the footer's choice of language: anyone may set it for their browser (English here, so later cases read the same)
  ['POST /language', async () => ({ path: '/language', page: true, body: { language: 'en', next: '/chapters' } }),
    { anon: 303, other: 303, member: 303, admin: 303, connector: 303 }],
  ['GET /me', async () => ({ path: '/me' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /home', async () => ({ path: '/home' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me', async () => ({ path: '/me', body: { organisation: 'Checked' } }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me/password', async () => ({ path: '/me/password', page: true, body: { current_password: 'not the password', new_password: 'a brand new passphrase' } }),
    { anon: L, other: 422, member: 422, admin: 422, connector: 422 }],
  // mail: one's own preferences; the unsubscribe link's signature is the credential (no session, no CSRF)
  ['GET /me/notifications', async () => ({ path: '/me/notifications' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me/notifications', async () => ({ path: '/me/notifications', body: { events: 'digest' } }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /unsubscribe/{token}', async () => ({ path: `/unsubscribe/${unsubscribeToken(who.member.id, 'events')}`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /unsubscribe/{token}', async () => ({ path: `/unsubscribe/${unsubscribeToken(who.member.id, 'events')}`, page: true, body: {} }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /me/tokens', async () => ({ path: '/me/tokens' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me/tokens', async () => ({ path: '/me/tokens', page: true, body: { name: 'matrix' } }), { anon: L, other: 201, member: 201, admin: 201, connector: 201 }],
  ['POST /me/tokens/{id}/revoke', async () => {
    await who.connector.client.post('/me/tokens', { name: 'to revoke' });
    const id = (await who.connector.client.api('GET', '/me/tokens')).json().tokens.find((t) => t.is_active && t.name === 'to revoke').id;
    return { path: `/me/tokens/${id}/revoke`, body: {} };
  }, { anon: 401, other: 404, member: 404, admin: 404, connector: 200 }],
  ['GET /pledge', async () => ({ path: '/pledge' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /pledge/accept', async () => ({ path: '/pledge/accept', body: { version: (await who.anon.client.get('/api/v1/pledge')).json().pledge.version, accept: true } }),
    { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places', async () => ({ path: '/places' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /places', async () => ({ path: '/places', body: { name: `Place ${unique()}` } }), { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ['GET /places/{place}', async () => ({ path: `/places/${geo.metro.slug}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /places/{place}/position', async () => ({ path: `/places/${geo.metro2.slug}/position`, body: { latitude: 38.7223, longitude: -9.1393 } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /sectors', async () => ({ path: '/sectors' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /sectors', async () => ({ path: '/sectors', body: { name: `Sector ${unique()}` } }), { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ['GET /chapters', async () => ({ path: '/chapters' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/new', async () => ({ path: '/chapters/new', page: true }), { anon: L, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters', async () => ({ path: '/chapters', body: { name: `Made ${unique()}`, metro_id: geo.metro.id } }),
    { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['GET /chapters/{chapter}', async () => ({ path: `/chapters/${(await fresh()).slug}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}', async () => ({ path: `/chapters/${(await fresh()).slug}`, body: { description: 'Edited' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/edit', async () => ({ path: `/chapters/${(await fresh()).slug}/edit`, page: true }),
    { anon: L, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/members', async () => ({ path: `/chapters/${(await fresh()).slug}/members` }),
    { anon: 401, other: 403, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/leave', async () => ({ path: `/chapters/${(await fresh()).slug}/leave`, body: {} }),
    { anon: 401, other: 403, admin: 403, connector: 409, member: 200 }, ['anon', 'other', 'admin', 'connector', 'member']],
  ['POST /chapters/{chapter}/step-down', async () => ({ path: `/chapters/${(await fresh()).slug}/step-down`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 409 }],
  ['POST /chapters/{chapter}/members/{member}/remove', async () => ({ path: `/chapters/${(await fresh()).slug}/members/${who.member.id}/remove`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/members/{member}/connector', async () => ({ path: `/chapters/${(await fresh()).slug}/members/${who.member.id}/connector`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/invitations', async () => ({ path: `/chapters/${(await fresh()).slug}/invitations` }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/invitations', async () => ({ path: `/chapters/${(await fresh()).slug}/invitations`, body: { email: `${unique('x')}@test.example` } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 201 }],
  ['POST /chapters/{chapter}/invitations/{id}/revoke', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/invitations/${(await invitationId(ch)).id}/revoke`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/join-requests', async () => ({ path: `/chapters/${(await fresh()).slug}/join-requests` }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/join-requests', async () => ({ path: `/chapters/${(await fresh()).slug}/join-requests`, body: { message: 'hello' } }),
    { anon: 401, other: 201, member: 409, admin: 201, connector: 409 }],
  ['POST /chapters/{chapter}/join-requests/withdraw', async () => {
    const ch = await fresh();
    await who.other.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
    return { path: `/chapters/${ch.slug}/join-requests/withdraw`, body: {} };
  }, { anon: 401, other: 200, member: 404, admin: 404, connector: 404 }],
  ['POST /chapters/{chapter}/join-requests/{id}/approve', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/join-requests/${await joinRequest(ch)}/approve`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/join-requests/{id}/decline', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/join-requests/${await joinRequest(ch)}/decline`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /invitations/{token}', async () => {
    const inv = await invitationId(await fresh());
    return { path: `/invitations/${inv.link.split('/invitations/')[1]}` };
  }, { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /invitations/{token}/accept', async () => {
    const inv = await invitationId(await fresh());
    return { path: `/invitations/${inv.link.split('/invitations/')[1]}/accept`, body: {} };
  }, { anon: 401, member: 409, connector: 409, other: 200, admin: 410 }, ['anon', 'member', 'connector', 'other', 'admin']],
  ['GET /members', async () => ({ path: '/members' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  // the pickers' names: members' names only to those logged in, as the members' directory
  ['GET /names', async () => ({ path: '/names?kind=member,org,chapter&q=te' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /members/{member}', async () => ({ path: `/members/${who.member.id}` }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/meetings', async () => ({ path: `/chapters/${(await fresh()).slug}/meetings` }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings', async () => ({ path: `/chapters/${(await fresh()).slug}/meetings`, body: { date: '2031-05-06', time: '18:30' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 201 }],
  ['POST /chapters/{chapter}/series', async () => ({ path: `/chapters/${(await fresh()).slug}/series`, body: { week: 2, weekday: 'TU', time: '08:00' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/calendar.ics', async () => ({ path: `/chapters/${(await fresh()).slug}/calendar.ics` }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/absences', async () => ({ path: `/chapters/${(await fresh()).slug}/absences` }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/commitments/{id}', async () => {
    const ch = await fresh();
    const m = await meeting(ch, 'challenges');
    const k = (await who.member.client.api('POST', `${m.base}/commitments`, { body: 'Call the bank' })).json().commitment;
    return { path: `/chapters/${ch.slug}/commitments/${k.id}`, body: { status: 'done' } };
  }, { anon: 401, other: 403, admin: 403, connector: 200, member: 200 }],
  ['GET /chapters/{chapter}/meetings/{meeting}', async () => ({ path: (await meeting(await fresh())).base }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}', async () => ({ path: (await meeting(await fresh())).base, body: { time: '20:00' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/meetings/{meeting}/calendar.ics', async () => ({ path: `${(await meeting(await fresh())).base}/calendar.ics` }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['GET /chapters/{chapter}/meetings/{meeting}/live', async () => ({ path: `${(await meeting(await fresh())).base}/live` }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/cancel', async () => ({ path: `${(await meeting(await fresh())).base}/cancel`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/rsvp', async () => ({ path: `${(await meeting(await fresh())).base}/rsvp`, body: { answer: 'yes' } }),
    { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/attendance', async () => ({ path: `${(await meeting(await fresh(), 'checkin')).base}/attendance`, body: { present: [who.member.id] } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/phase', async () => ({ path: `${(await meeting(await fresh())).base}/phase`, body: { phase: 'checkin' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/rounds', async () => ({ path: `${(await meeting(await fresh(), 'checkin')).base}/rounds`, body: { kind: 'success', body: 'A good month' } }),
    { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/rounds/{round}', async () => {
    const m = await meeting(await fresh(), 'checkin');
    const r = (await who.member.client.api('POST', `${m.base}/rounds`, { kind: 'success', body: 'A good month' })).json().round;
    return { path: `${m.base}/rounds/${r.id}`, body: { body: 'A very good month' } };
  }, { anon: 401, other: 403, admin: 403, connector: 403, member: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/rounds/{round}/share', async () => {
    const m = await meeting(await fresh(), 'checkin');
    const r = (await who.member.client.api('POST', `${m.base}/rounds`, { kind: 'success', body: 'A good month' })).json().round;
    return { path: `${m.base}/rounds/${r.id}/share`, body: { shared: true } };
  }, { anon: 401, other: 403, admin: 403, connector: 403, member: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/rounds/{round}/stories', async () => {
    const m = await meeting(await fresh(), 'checkin');
    const r = (await who.member.client.api('POST', `${m.base}/rounds`, { kind: 'challenge', body: 'Cash is short' })).json().round;
    await who.connector.client.api('POST', `${m.base}/phase`, { phase: 'successes' });
    await who.connector.client.api('POST', `${m.base}/phase`, { phase: 'challenges' });
    return { path: `${m.base}/rounds/${r.id}/stories`, body: { body: 'When we were short of cash, we asked our clients to pay earlier.' } };
  }, { anon: 401, other: 403, admin: 403, member: 409, connector: 201 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/commitments', async () => ({ path: `${(await meeting(await fresh(), 'challenges')).base}/commitments`, body: { body: 'Write to three clients' } }),
    { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
  ['GET /stories', async () => ({ path: '/stories', expectLocation: { anon: /^\/api\/v1\/commons\/stories$/, member: /^\/api\/v1\/commons\/stories$/ } }),
    { anon: 301, other: 301, member: 301, admin: 301, connector: 301 }],
  ['GET /calendar/{token}', async () => ({ path: new URL((await who.member.client.api('GET', '/me')).json().calendar_url).pathname, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me/calendar', async () => ({ path: '/me/calendar', body: {} }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ledger', async () => ({ path: '/ledger' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ledger/head', async () => ({ path: '/ledger/head' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ledger/canvas', async () => ({ path: '/ledger/canvas' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /ledger/canvas', async () => ({ path: '/ledger/canvas', body: { channels: 'Word of mouth' } }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /ledger.csv', async () => ({ path: '/ledger.csv', raw: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ledger.journal', async () => ({ path: '/ledger.journal', raw: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/ledger', async () => ({ path: `/chapters/${(await fresh()).slug}/ledger` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/ledger', async () => ({ path: `/chapters/${(await fresh()).slug}/ledger`,
    body: { kind: 'contribution', counterpart: `member:${who.member.id}`, resource: 'HOURS', amount: '1', description: 'Set up the room' } }),
  { anon: 401, other: 403, member: 403, admin: 403, connector: 201 }],
  ['POST /chapters/{chapter}/ledger/{tx}/reverse', async () => {
    const ch = await fresh();
    const tx = (await who.connector.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${who.member.id}`, resource: 'HOURS', amount: '1', description: 'x' })).json().transaction.id;
    return { path: `/chapters/${ch.slug}/ledger/${tx}/reverse`, body: {} };
  }, { anon: 401, other: 403, member: 403, connector: 201, admin: 409 }, ['anon', 'other', 'member', 'connector', 'admin']],
  ['POST /chapters/{chapter}/ledger/{tx}/reverse', async () => {
    // administrators reverse in any chapter's books: the way to undo what took from other books
    const ch = await fresh();
    const tx = (await who.connector.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${who.member.id}`, resource: 'HOURS', amount: '1', description: 'x' })).json().transaction.id;
    return { path: `/chapters/${ch.slug}/ledger/${tx}/reverse`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 201 }],
  ['GET /chapters/{chapter}/ledger.csv', async () => ({ path: `/chapters/${(await fresh()).slug}/ledger.csv`, raw: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/ledger.journal', async () => ({ path: `/chapters/${(await fresh()).slug}/ledger.journal`, raw: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/baskets', async () => ({ path: `/chapters/${(await fresh()).slug}/baskets`, body: { name: 'Venue', purpose: 'venue' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 201 }],
  ['GET /chapters/{chapter}/claims', async () => ({ path: `/chapters/${(await fresh()).slug}/claims` }),
    { anon: 401, other: 403, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/claims', async () => ({ path: `/chapters/${(await fresh()).slug}/claims`, body: { description: 'Coffee', amount: '4', resource: 'EUR' } }),
    { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
  ['POST /chapters/{chapter}/claims/{id}/approve', async () => {
    const ch = await fresh();
    await who.member.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Coffee', amount: '4', resource: 'EUR' });
    const id = (await who.connector.client.api('GET', `/chapters/${ch.slug}/ledger`)).json().claims[0].id;
    return { path: `/chapters/${ch.slug}/claims/${id}/approve`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/claims/{id}/decline', async () => {
    const ch = await fresh();
    await who.member.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Coffee', amount: '4', resource: 'EUR' });
    const id = (await who.connector.client.api('GET', `/chapters/${ch.slug}/ledger`)).json().claims[0].id;
    return { path: `/chapters/${ch.slug}/claims/${id}/decline`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/meetings/{meeting}/contributions', async () => {
    const ch = await fresh();
    const m = await meeting(ch);
    return { path: `${m.base}/contributions`, body: { who: [`member:${who.member.id}`], resource: ['HOURS'], amount: ['1'], note: ['Set up'] } };
  }, { anon: 401, other: 403, member: 403, admin: 403, connector: 201 }],
  ['GET /chapters/{chapter}/canvas', async () => ({ path: `/chapters/${(await fresh()).slug}/canvas` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/canvas', async () => ({ path: `/chapters/${(await fresh()).slug}/canvas`, body: { channels: 'Breakfasts' } }),
    { anon: 401, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /places/{place}/ledger', async () => ({ path: `/places/${geo.metro.slug}/ledger` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places/{place}/canvas', async () => ({ path: `/places/${geo.metro.slug}/canvas` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /places/{place}/canvas', async () => ({ path: `/places/${geo.metro.slug}/canvas`, body: { channels: 'Meetups' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /organisations', async () => ({ path: '/organisations' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /organisations', async () => ({ path: '/organisations', body: () => ({ name: `Org ${unique()}` }) }),
    { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['GET /organisations/{org}', async () => {
    const o = (await who.admin.client.api('POST', '/organisations', { name: `Org ${unique()}` })).json().organisation;
    return { path: `/organisations/${o.slug}` };
  }, { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // an organisation's profile and managers: "member" manages the organisation (logoOrg), "connector" and "other" do not
  ['POST /organisations/{org}', async () => ({ path: `/organisations/${(await logoOrg()).slug}`, body: () => ({ website: `https://${unique('w')}.example` }) }),
    { anon: 401, other: 403, connector: 403, member: 200, admin: 200 }],
  ['GET /organisations/{org}/edit', async () => ({ path: `/organisations/${(await logoOrg()).slug}/edit`, page: true }),
    { anon: L, other: 403, connector: 403, member: 200, admin: 200 }],
  ['GET /organisations/{org}/managers', async () => ({ path: `/organisations/${(await logoOrg()).slug}/managers` }),
    { anon: 401, other: 200, connector: 200, member: 200, admin: 200 }],
  ['POST /organisations/{org}/managers', async () => {
    // whom each caller adds, in the callers' order: the manager adds "other", the administrator themselves
    const seq = [who.other.id, who.other.id, who.other.id, who.admin.id, who.connector.id];
    let i = 0;
    return { path: `/organisations/${(await logoOrg()).slug}/managers`, body: () => ({ member: seq[i++] }) };
  }, { anon: 401, other: 403, member: 201, admin: 201, connector: 403 }],
  ['POST /organisations/{org}/managers/{member}/remove', async () => {
    const org = await logoOrg();
    const m = await who.admin.client.api('POST', `/organisations/${org.slug}/managers`, { member: who.admin.id });
    assert.equal(m.status, 201, m.text);
    // the manager removes the administrator's seat; the administrator then finds it gone (404: no longer a manager)
    return { path: `/organisations/${org.slug}/managers/${who.admin.id}/remove`, body: {} };
  }, { anon: 401, other: 403, connector: 403, member: 200, admin: 404 }, ['anon', 'other', 'connector', 'member', 'admin']],
  ['GET /me/ledger', async () => ({ path: '/me/ledger' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  // apps (M4): formats, events, tickets
  ['GET /apps', async () => ({ path: '/apps' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /apps', async () => ({ path: '/apps', body: () => ({ name: `Format ${unique()}`, tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'network', share: 10000 }] }) }), { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ['GET /apps/{app}', async () => ({ path: `/apps/${(await appOf()).slug}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /apps/{app}', async () => ({ path: `/apps/${(await appOf()).slug}`, body: { summary: 'Checked' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /apps/{app}/edit', async () => ({ path: `/apps/${(await appOf()).slug}/edit`, page: true }), { anon: L, other: 403, member: 403, admin: 200, connector: 403 }],
  // copying is for connectors: other runs a chapter of its own, and by now the member was made a
  // connector too (POST .../connector above); events.test.mjs checks that a plain member is refused
  ['POST /apps/{app}/copy', async () => ({ path: `/apps/${(await appOf()).slug}/copy`, body: {} }), { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['GET /events', async () => ({ path: '/events' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /events', async () => { await appOf(); const ch = await fresh(); return { path: '/events', body: () => eventBody(ch) }; },
    { anon: 401, other: 422, member: 422, admin: 201, connector: 201 }],
  ['GET /events/new', async () => ({ path: '/events/new', page: true }), { anon: L, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /events/splits', async () => ({ path: '/events/splits' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /events/{event}', async () => ({ path: (await event()).base }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}', async () => ({ path: (await event()).base, body: { venue: 'Another room' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /events/{event}/edit', async () => ({ path: `${(await event()).base}/edit`, page: true }), { anon: L, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /events/{event}/calendar.ics', async () => ({ path: `${(await event()).base}/calendar.ics`, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // anonymous API callers have no CSRF token (guests register through the page's form)
  ['POST /events/{event}/register', async () => ({ path: `${(await event()).base}/register`, body: {} }),
    { anon: 403, other: 201, member: 201, admin: 201, connector: 201 }],
  ['POST /events/{event}/cancel', async () => ({ path: `${(await registration()).ev.base}/cancel`, body: {} }),
    { anon: 401, other: 404, member: 200, admin: 404, connector: 404 }],
  ['GET /events/{event}/registrations', async () => ({ path: `${(await event()).base}/registrations` }), { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /events/{event}/registrations/{registration}/paid', async () => {
    const { ev, reg } = await registration(true);
    return { path: `${ev.base}/registrations/${reg.id}/paid`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 200, connector: 409 }],
  ['POST /events/{event}/registrations/{registration}/cancel', async () => {
    const { ev, reg } = await registration();
    return { path: `${ev.base}/registrations/${reg.id}/cancel`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 200, connector: 409 }],
  ['POST /events/{event}/checkin', async () => ({ path: `${(await event()).base}/checkin`, body: { code: 'ZZZZZZ' } }),
    { anon: 401, other: 403, member: 403, admin: 404, connector: 404 }],
  ['POST /events/{event}/sponsors', async () => ({ path: `${(await event()).base}/sponsors`, body: { organisation: theOrg.slug, package: 'Gold' } }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 201 }],
  ['POST /events/{event}/costs', async () => {
    const ev = await event();
    await who.connector.client.api('POST', `${ev.base}/sponsors`, { organisation: theOrg.slug, package: 'Gold' });
    return { path: `${ev.base}/costs`, body: { payee: `org:${theOrg.slug}`, amount: '1.50', description: 'Coffee' } };
  }, { anon: 401, other: 403, member: 403, admin: 201, connector: 201 }],
  ['GET /events/{event}/close', async () => ({ path: `${(await event(-30)).base}/close`, page: true }),
    { anon: L, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /events/{event}/close', async () => ({ path: `${(await event(-30)).base}/close`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 409 }],
  ['GET /events/{event}/statement', async () => ({ path: `${(await event()).base}/statement` }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places/{place}/events.ics', async () => ({ path: `/places/${geo.metro.slug}/events.ics`, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /tickets/{token}', async () => {
    const ev = await event();
    const r = await new Client().post(`${ev.base}/register`, { name: 'Guest', email: `${unique('g')}@test.example` });
    return { path: r.location };
  }, { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // the secret address is the credential: whoever holds it cancels, once
  ['POST /tickets/{token}/cancel', async () => {
    const ev = await event();
    const r = await new Client().post(`${ev.base}/register`, { name: 'Guest', email: `${unique('g')}@test.example` });
    return { path: `${r.location}/cancel`, body: {} };
  }, { anon: 200, other: 409, member: 409, admin: 409, connector: 409 }],
  ['GET /registrations/confirm/{token}', async () => ({ path: `/registrations/confirm/${await guestToken()}`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // the first to confirm confirms; the link then works no more
  ['POST /registrations/confirm/{token}', async () => ({ path: `/registrations/confirm/${await guestToken()}`, page: true, body: {} }),
    { anon: 303, other: 410, member: 410, admin: 410, connector: 410 }],
  ['GET /me/events', async () => ({ path: '/me/events' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /admin', async () => ({ path: '/admin' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/settings', async () => ({ path: '/admin/settings', body: { network_name: 'Test Network' } }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /admin/users', async () => ({ path: '/admin/users' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/users/{member}', async () => ({ path: `/admin/users/${who.member.id}`, body: { is_admin: false } }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /admin/outbox', async () => ({ path: '/admin/outbox' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/outbox/{id}/resend', async () => {
    const id = sql(`INSERT INTO outbox (kind, to_email, subject, body, created_at, status, attempts, last_error)
      VALUES ('test_dead', 'dead@test.example', 'Dead', 'Refused.', ${Math.floor(Date.now() / 1000)}, 'dead', 1, '550 no') RETURNING id`);
    return { path: `/admin/outbox/${id}/resend`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  // --- webhooks: the network's for administrators, a chapter's for its connectors (a loopback target
  // that refuses connections at once: the administrator allows private targets first) ---
  ['GET /admin/webhooks', async () => ({ path: '/admin/webhooks' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/webhooks/settings', async () => ({ path: '/admin/webhooks/settings', body: { allow_private: true } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/webhooks', async () => ({ path: '/admin/webhooks', body: () => hookBody() }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ...['rotate', 'enable', 'disable', 'test'].map((what) => [`POST /admin/webhooks/{id}/${what}`,
    async () => ({ path: `/admin/webhooks/${await hook()}/${what}`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }]),
  ['POST /admin/webhooks/{id}/delete', async () => ({ path: `/admin/webhooks/${await hook()}/delete`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /chapters/{chapter}/webhooks', async () => ({ path: `/chapters/${(await fresh()).slug}/webhooks` }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/webhooks', async () => ({ path: `/chapters/${(await fresh()).slug}/webhooks`, body: () => hookBody() }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 201 }],
  ...['rotate', 'enable', 'disable', 'test'].map((what) => [`POST /chapters/{chapter}/webhooks/{id}/${what}`, async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/webhooks/${await hook(ch)}/${what}`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }]),
  ['POST /chapters/{chapter}/webhooks/{id}/delete', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/webhooks/${await hook(ch)}/delete`, body: {} };
  }, { anon: 401, other: 403, member: 403, connector: 200, admin: 404 }, ['anon', 'other', 'member', 'connector', 'admin']],
  // --- imports and exports: a chapter's connectors and administrators import (each sees only the
  // uploads they made: the administrator gets 404 for the connector's); the exports as their pages say ---
  ['GET /chapters/{chapter}/import', async () => ({ path: `/chapters/${(await fresh()).slug}/import`, page: true }),
    { anon: L, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/import', async () => ({ path: `/chapters/${(await fresh()).slug}/import`, body: () => importBody() }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 201 }],
  ['GET /chapters/{chapter}/import/{id}', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/import/${await importId(ch)}` };
  }, { anon: 401, other: 403, member: 403, admin: 404, connector: 200 }],
  ['POST /chapters/{chapter}/import/{id}', async () => {
    const ch = await fresh();
    return { path: `/chapters/${ch.slug}/import/${await importId(ch)}`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 404, connector: 200 }],
  ['GET /chapters/{chapter}/members.csv', async () => ({ path: `/chapters/${(await fresh()).slug}/members.csv`, raw: true, page: true }),
    { anon: F, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/attendance.csv', async () => ({ path: `/chapters/${(await fresh()).slug}/attendance.csv`, raw: true, page: true }),
    { anon: F, other: 403, member: 403, admin: 403, connector: 200 }],
  ['GET /events/{event}/registrations.csv', async () => ({ path: `${(await event()).base}/registrations.csv`, raw: true, page: true }),
    { anon: F, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /admin/import', async () => ({ path: '/admin/import', page: true }), { anon: L, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/import', async () => ({ path: '/admin/import', body: () => chaptersBody() }), { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ['GET /admin/import/{id}', async () => ({ path: `/admin/import/${await chaptersImportId()}` }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/import/{id}', async () => ({ path: `/admin/import/${await chaptersImportId()}`, body: {} }), { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }],
  // --- growth: the formation funnel ---
  // Before governance's cases, which seat "other" (and may elect "connector") on a committee. A sixth
  // caller, "committee", sits on the committee of the funnel's own region; the member applies.
  ['GET /growth/apply', async () => { await funnelPlaces(); return { path: '/growth/apply', page: true }; },
    { anon: L, other: 200, member: 200, admin: 200, connector: 200, committee: 200 }, FUNNEL_ALL],
  ['POST /growth/applications', async () => {
    const metro = await funnelMetro();
    return { path: '/growth/applications', body: { name: `Funnel ${unique()}`, metro_id: metro.id, sector_id: gf.sector.id, second_email: `${unique('s')}@test.example` } };
  }, { anon: 401, other: 201, member: 201, admin: 201, connector: 201, committee: 201 }, FUNNEL_ALL],
  ['GET /growth/applications', async () => { await funnelPlaces(); return { path: '/growth/applications' }; },
    { anon: 401, other: 200, member: 200, admin: 200, connector: 200, committee: 200 }, FUNNEL_ALL],
  ['GET /growth/review', async () => { await funnelPlaces(); return { path: '/growth/review' }; },
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403, committee: 200 }, FUNNEL_ALL],
  // the member's application: its applicant and its reviewers (the committee above its city, administrators)
  ['GET /growth/applications/{application}', async () => ({ path: (await funnelApplication()).base }),
    { anon: 401, other: 404, member: 200, admin: 200, connector: 404, committee: 200 }, FUNNEL_ALL],
  ['POST /growth/applications/{application}/withdraw', async () => ({ path: `${(await funnelApplication()).base}/withdraw`, body: {} }),
    { anon: 401, other: 404, connector: 404, admin: 403, committee: 403, member: 200 }, ['anon', 'other', 'connector', 'admin', 'committee', 'member']],
  ['POST /growth/applications/{application}/approve', async () => ({ path: `${(await funnelApplication()).base}/approve`, body: {} }),
    { anon: 401, other: 404, connector: 404, member: 403, committee: 200, admin: 409 }, ['anon', 'other', 'connector', 'member', 'committee', 'admin']],
  ['POST /growth/applications/{application}/decline', async () => ({ path: `${(await funnelApplication()).base}/decline`, body: { note: 'Not yet.' } }),
    { anon: 401, other: 404, connector: 404, member: 403, admin: 200, committee: 409 }, ['anon', 'other', 'connector', 'member', 'admin', 'committee']],
  ['GET /growth/funnel', async () => ({ path: `/growth/funnel?place=${(await funnelPlaces()).region.slug}` }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200, committee: 200 }, FUNNEL_ALL],
  // --- end growth: the formation funnel ---
  // --- governance: matters and committees (B) ---
  ['GET /governance', async () => ({ path: '/governance' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /governance/settings', async () => ({ path: '/governance/settings' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /governance/settings', async () => ({ path: '/governance/settings', body: { gov_metro_min: 3, gov_region_min: 3, gov_country_min: 3, gov_committee_electorate: 'connectors' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['GET /committees/{committee}', async () => ({ path: `/committees/${await committeeKey()}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /committees/{committee}', async () => ({ path: `/committees/${await committeeKey()}`, body: { term_months: 24 } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /committees/{committee}/seats', async () => {
    const newcomer = await member();
    return { path: `/committees/${await committeeKey()}/seats`, body: { email: newcomer.email } };
  }, { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  ['POST /committees/{committee}/seats/{member}/end', async () => {
    const key = await committeeKey();
    const sitter = await member();
    await who.admin.client.api('POST', `/committees/${key}/seats`, { email: sitter.email });
    return { path: `/committees/${key}/seats/${sitter.id}/end`, body: {} };
  }, { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  // what is said in a chapter stays there: administrators who are not members are refused too
  ['GET /chapters/{chapter}/matters', async () => ({ path: `/chapters/${(await fresh()).slug}/matters` }), { anon: 401, other: 403, member: 200, admin: 403, connector: 200 }],
  ['POST /chapters/{chapter}/matters', async () => ({ path: `/chapters/${(await fresh()).slug}/matters`, body: { kind: 'rule', title: 'A question', body: 'About the rule' } }),
    { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
  // a matter still in its chapter: nobody outside learns it exists
  ['GET /matters/{matter}', async () => ({ path: (await matter()).base }), { anon: 401, other: 404, member: 200, admin: 404, connector: 200 }],
  // escalated: the committee's member ("other") and administrators write to the committee, the chapter to itself
  ['POST /matters/{matter}/notes', async () => ({ path: `${(await matter('escalated')).base}/notes`, body: { note: 'A note' } }),
    { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /matters/{matter}/summary', async () => ({ path: `${(await matter()).base}/summary`, body: { summary_title: 'Short', summary: 'For the committee' } }),
    { anon: 401, other: 404, member: 200, admin: 404, connector: 200 }],
  ['POST /matters/{matter}/approve', async () => ({ path: `${(await matter('summary')).base}/approve`, body: {} }),
    { anon: 401, other: 404, member: 200, admin: 404, connector: 403 }],
  ['POST /matters/{matter}/escalate', async () => ({ path: `${(await matter('approved')).base}/escalate`, body: {} }),
    { anon: 401, other: 404, member: 403, admin: 404, connector: 200 }],
  ['POST /matters/{matter}/resolve', async () => ({ path: `${(await matter()).base}/resolve`, body: { resolution: 'Settled at the table' } }),
    { anon: 401, other: 404, member: 403, admin: 404, connector: 200 }],
  ['POST /matters/{matter}/withdraw', async () => ({ path: `${(await matter()).base}/withdraw`, body: {} }),
    { anon: 401, other: 404, member: 200, admin: 404, connector: 403 }],
  // "other" sits on the committee that holds it; administrators may act too, after which there is nothing left to do
  ['POST /matters/{matter}/pass-up', async () => ({ path: `${(await matter('escalated')).base}/pass-up`, body: {} }),
    { anon: 401, member: 403, connector: 403, other: 200, admin: 409 }, ['anon', 'member', 'connector', 'other', 'admin']],
  ['POST /matters/{matter}/decide', async () => ({ path: `${(await matter('escalated')).base}/decide`, body: { statement: 'Decided' } }),
    { anon: 401, member: 403, connector: 403, other: 200, admin: 409 }, ['anon', 'member', 'connector', 'other', 'admin']],
  // --- end of matters and committees ---

  // --- governance: polls, proposals and decisions (C) ---
  ...(() => {
    const soon = () => Math.floor(Date.now() / 1000);
    // a proposal in a fresh chapter, opened by its connector (closed, with its decision, when asked)
    const poll = async (close = false) => {
      const ch = await fresh();
      const p = (await who.connector.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'proposal', title: `Proposal ${unique()}`,
        closes_at: soon() + 7 * 86400 })).json().poll;
      if (!close) return { ...p, base: `/polls/${p.id}` };
      const d = (await who.connector.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Agreed.', review_at: soon() + 90 * 86400 })).json();
      return { ...p, base: `/polls/${p.id}`, decision_id: d.decision_id };
    };
    // the committee of the test metro, the connector (its chair) and the member sitting on it
    let committee;
    const committeeOf = async () => {
      if (committee) return committee;
      const { sql } = await import('./lib.mjs');
      sql(`INSERT INTO gov_committees (place_id, level, created_at) VALUES (${geo.metro.id}, 'metro', ${soon()}) ON CONFLICT DO NOTHING`);
      const id = Number(sql(`SELECT id FROM gov_committees WHERE place_id = ${geo.metro.id}`));
      for (const m of [who.connector, who.member]) {
        sql(`INSERT INTO gov_committee_members (committee_id, user_id, source, since, term_ends_at) VALUES (${id}, ${m.id}, 'appointed', ${soon() - 86400}, ${soon() + 700 * 86400})`);
      }
      sql(`UPDATE gov_committees SET chair_id = ${who.connector.id} WHERE id = ${id}`);
      committee = `/committees/${geo.metro.slug}`;
      return committee;
    };
    const proposal = () => ({ kind: 'proposal', title: `Proposal ${unique()}`, closes_at: soon() + 86400 * 3 });
    return [
      ['GET /chapters/{chapter}/polls', async () => ({ path: `/chapters/${(await fresh()).slug}/polls` }),
        { anon: 401, other: 403, member: 200, admin: 200, connector: 200 }],
      ['POST /chapters/{chapter}/polls', async () => ({ path: `/chapters/${(await fresh()).slug}/polls`, body: proposal }),
        { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
      // the member gives their vote to the connector; the connector to herself is refused
      ['POST /chapters/{chapter}/delegation', async () => ({ path: `/chapters/${(await fresh()).slug}/delegation`, body: { to: who.connector.id } }),
        { anon: 401, other: 403, member: 200, admin: 403, connector: 422 }],
      ['GET /committees/{committee}/polls', async () => ({ path: `${await committeeOf()}/polls` }),
        { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
      ['POST /committees/{committee}/polls', async () => ({ path: `${await committeeOf()}/polls`, body: proposal }),
        { anon: 401, other: 403, member: 201, admin: 403, connector: 201 }],
      ['POST /committees/{committee}/delegation', async () => ({ path: `${await committeeOf()}/delegation`, body: { to: who.connector.id } }),
        { anon: 401, other: 403, member: 200, admin: 403, connector: 422 }],
      ['GET /polls/{poll}', async () => ({ path: (await poll()).base }), { anon: 401, other: 404, member: 200, admin: 200, connector: 200 }],
      ['POST /polls/{poll}/vote', async () => ({ path: `${(await poll()).base}/vote`, body: { position: 'agree' } }),
        { anon: 401, other: 404, member: 200, admin: 403, connector: 200 }],
      ['POST /polls/{poll}/delegation', async () => ({ path: `${(await poll()).base}/delegation`, body: { to: who.connector.id } }),
        { anon: 401, other: 404, member: 200, admin: 403, connector: 422 }],
      // the member neither opened it nor is a connector; the administrator closes it, then it is closed
      ['POST /polls/{poll}/close', async () => ({ path: `${(await poll()).base}/close`, body: { outcome: 'Agreed.', review_at: soon() + 90 * 86400 } }),
        { anon: 401, other: 404, member: 403, admin: 200, connector: 409 }],
      ['GET /decisions', async () => ({ path: '/decisions' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /decisions.atom', async () => ({ path: '/decisions.atom', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      // a chapter's decision is its members' (and administrators')
      ['GET /decisions/{id}', async () => ({ path: `/decisions/${(await poll(true)).decision_id}` }),
        { anon: 404, other: 404, member: 200, admin: 200, connector: 200 }],
    ];
  })(),
  // --- end of polls ---

  // --- governance: elections (D) ---
  // By now everyone logged in runs a chapter in the metro of geo's region, so all of them may stand and vote there.
  ['GET /elections', async () => ({ path: '/elections' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /elections', async () => ({ path: '/elections', body: () => electionBody() }), { anon: 401, other: 403, member: 403, admin: 201, connector: 403 }],
  // {committee} is loaded by the committees' feature (area B): without it the address names no committee yet
  ['POST /committees/{committee}/elections', async () => ({ path: `/committees/${geo.region.slug}/elections`, body: () => electionBody() }),
    { anon: 401, other: 403, member: 403, admin: committeePages() ? 201 : 404, connector: 403 }],
  ['GET /elections/{election}', async () => ({ path: (await election()).base }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /elections/{election}', async () => ({ path: (await election()).base, body: { title: `Renamed ${unique()}` } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /elections/{election}/cancel', async () => ({ path: `${(await election()).base}/cancel`, body: {} }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }],
  ['POST /elections/{election}/nominations', async () => ({ path: `${(await election()).base}/nominations`, body: { statement: 'I stand.' } }),
    { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['POST /elections/{election}/candidacy', async () => {
    const el = await election();
    await who.connector.client.api('POST', `${el.base}/nominations`, { user_id: who.member.id });
    return { path: `${el.base}/candidacy`, body: { answer: 'accept', statement: 'Yes.' } };
  }, { anon: 401, other: 404, admin: 404, connector: 404, member: 200 }, ['anon', 'other', 'admin', 'connector', 'member']],
  ['POST /elections/{election}/open', async () => {
    const el = await election();
    await who.connector.client.api('POST', `${el.base}/nominations`, {});
    return { path: `${el.base}/open`, body: {} };
  }, { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }],
  ['POST /elections/{election}/vote', async () => ({ path: `${(await election('voting')).base}/vote`, body: { ranking: [1] } }),
    { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['POST /elections/{election}/close', async () => ({ path: `${(await election('voting')).base}/close`, body: {} }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }],
  // anonymous API callers have no CSRF token (people look a tracker up through the page's form)
  ['POST /elections/{election}/find', async () => ({ path: `${(await election('closed')).base}/find`, body: { tracker: '0000-0000-0000-0000-0000-0000' } }),
    { anon: 403, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /elections/{election}/box.json', async () => ({ path: `${(await election('closed')).base}/box.json`, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /elections/{election}/box.blt', async () => ({ path: `${(await election('closed')).base}/box.blt`, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end of elections ---

  // --- commons: items (items area) ---
  // Items are the member's: a draft exists only for those named on it; writes need its authors; adapting needs a published item.
  ...(() => {
    const item = async ({ publish = false, quoted = null, ask = false } = {}) => {
      const c = who.member.client;
      const r = await c.api('POST', '/commons', { kind: 'notes', title: `Item ${unique()}`, body: 'Notes.', tags: 'permissions' });
      assert.equal(r.status, 201, r.text);
      const it = r.json().item;
      if (quoted) assert.equal((await c.api('POST', `/commons/${it.slug}/people`, { email: quoted.email, role: 'quoted' })).status, 200);
      if (publish || ask) assert.equal((await c.api('POST', `/commons/${it.slug}/publish`, {})).status, 200);
      return { ...it, base: `/commons/${it.slug}` };
    };
    const body = () => ({ kind: 'notes', title: `Item ${unique()}` });
    return [
      ['GET /commons', async () => ({ path: '/commons' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      ['POST /commons', async () => ({ path: '/commons', body }), { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
      ['GET /commons/new', async () => ({ path: '/commons/new', page: true }), { anon: 303, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /commons/mine', async () => ({ path: '/commons/mine' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /commons/settings', async () => ({ path: '/commons/settings' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
      ['POST /commons/settings', async () => ({ path: '/commons/settings', body: { licence: 'cc-by-4.0' } }),
        { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
      ['GET /commons/tags', async () => ({ path: '/commons/tags' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /commons/tags/{tag}', async () => { await item({ publish: true }); return { path: '/commons/tags/permissions' }; },
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /commons/authors/{member}', async () => { await item({ publish: true }); return { path: `/commons/authors/${who.member.id}` }; },
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      // a draft: only the people named on it (the connector is quoted on this one)
      ['GET /commons/{item}', async () => ({ path: (await item({ quoted: who.connector })).base }),
        { anon: 404, other: 404, member: 200, admin: 404, connector: 200 }],
      ['GET /commons/{item}/edit', async () => ({ path: `${(await item({ publish: true })).base}/edit`, page: true }),
        { anon: 303, other: 403, member: 200, admin: 403, connector: 403 }],
      ['POST /commons/{item}/edit', async () => ({ path: `${(await item({ publish: true })).base}/edit`, body: { summary: 'Changed.' } }),
        { anon: 401, other: 403, member: 201, admin: 403, connector: 403 }],
      ['GET /commons/{item}/history', async () => ({ path: `${(await item()).base}/history` }),
        { anon: 404, other: 404, member: 200, admin: 404, connector: 404 }],
      ['GET /commons/{item}/revisions/{id}', async () => ({ path: `${(await item({ publish: true })).base}/revisions/1` }),
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      // the quoted connector consents but does not publish; the author's ask succeeds once
      ['POST /commons/{item}/publish', async () => ({ path: `${(await item({ quoted: who.connector })).base}/publish`, body: {} }),
        { anon: 401, other: 404, admin: 404, connector: 403, member: 200 }, ['anon', 'other', 'admin', 'connector', 'member']],
      ['POST /commons/{item}/consent', async () => ({ path: `${(await item({ quoted: who.connector, ask: true })).base}/consent`, body: { consent: 'give' } }),
        { anon: 401, other: 404, admin: 404, member: 200, connector: 200 }],
      ['POST /commons/{item}/people', async () => ({ path: `${(await item()).base}/people`, body: { email: ADMIN.email, role: 'quoted' } }),
        { anon: 401, other: 404, admin: 404, connector: 404, member: 200 }, ['anon', 'other', 'admin', 'connector', 'member']],
      ['GET /commons/{item}/adapt', async () => ({ path: `${(await item({ publish: true })).base}/adapt`, page: true }),
        { anon: 303, other: 200, member: 200, admin: 200, connector: 200 }],
      ['POST /commons/{item}/adapt', async () => ({ path: `${(await item({ publish: true })).base}/adapt`, body }),
        { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
    ];
  })(),
  // --- end commons: items ---
  // --- commons: drafts from meetings (drafts area) ---
  ['GET /commons/stories', async () => ({ path: '/commons/stories' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  // only the round's author drafts it (the member's shared success)
  ['POST /commons/drafts', async () => ({ path: '/commons/drafts', body: { round_id: (await sharedRound()).id } }),
    { anon: 401, other: 403, admin: 403, connector: 403, member: 201 }],
  // the member's draft quotes the connector's story: those two read it, nobody else learns it exists
  ['GET /commons/{item}/quoted', async () => ({ path: `/commons/${(await quotedDraft()).slug}/quoted` }),
    { anon: 401, other: 404, admin: 404, member: 200, connector: 200 }],
  // --- end commons: drafts ---
  // --- commons: spread (spread area) ---
  ...(() => {
    // a published item of a fresh chapter, written as the items' operations write it (the connector is its author)
    const published = async (ch) => {
      const { sql } = await import('./lib.mjs');
      const slug = unique('spread').toLowerCase(), at = Math.floor(Date.now() / 1000) - 86400;
      sql(`INSERT INTO commons_items (slug, kind, title, licence, status, origin, place_id, chapter_id, created_by, published_at, created_at, updated_at)
           VALUES ('${slug}', 'technique', 'A technique', 'cc-by-4.0', 'published', 'chapter', ${geo.metro.id}, ${ch.id}, ${who.connector.id}, ${at}, ${at}, ${at})`);
      sql(`INSERT INTO commons_people (item_id, user_id, role, consent, added_at) SELECT id, ${who.connector.id}, 'author', 'given', ${at} FROM commons_items WHERE slug = '${slug}'`);
      return slug;
    };
    const today = () => lisbon(0).date;
    return [
      ['GET /commons/authors/{member}/reach', async () => { await published(await fresh()); return { path: `/commons/authors/${who.connector.id}/reach` }; },
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      // members of the chapter named record its uses; the connector, last, records the same chapter's use of the same day again
      ['POST /commons/{item}/uses', async () => {
        const ch = await fresh();
        return { path: `/commons/${await published(ch)}/uses`, body: { used_by: `chapter:${ch.slug}`, used_on: today(), outcome: 'worked' } };
      }, { anon: 401, other: 403, member: 201, admin: 403, connector: 422 }],
      ['GET /commons/{item}/reach', async () => ({ path: `/commons/${await published(await fresh())}/reach` }),
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      // the sponsors' report is public: open-licensed items and no amounts
      ['GET /organisations/{org}/spread', async () => { await appOf(); return { path: `/organisations/${theOrg.slug}/spread` }; },
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
      ['GET /organisations/{org}/spread.csv', async () => { await appOf(); return { path: `/organisations/${theOrg.slug}/spread.csv`, raw: true }; },
        { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
    ];
  })(),
  // --- end commons: spread ---
  // --- commons: feeds (feeds area) ---
  // Feeds are public pages: anyone may read them, logged in or not.
  ['GET /commons.atom', async () => ({ path: '/commons.atom', page: true }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /commons/tags/{tag}.atom', async () => ({ path: '/commons/tags/facilitation.atom', page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // an author's feed exists once they have published; before that their name is not public (404 to everyone, themself too)
  ['GET /commons/authors/{member}.atom', async () => ({ path: `/commons/authors/${await feedAuthor()}.atom`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places/{place}/commons.atom', async () => ({ path: `/places/${geo.metro.slug}/commons.atom`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /sectors/{sector}/commons.atom', async () => ({ path: `/sectors/${geo.sector.slug}/commons.atom`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/commons.atom', async () => ({ path: `/chapters/${(await fresh()).slug}/commons.atom`, page: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end commons: feeds ---
  // --- unconferences (unconf area) ---
  // The board is for ticket holders (the member) and the organisers (the connector, administrators).
  ['GET /events/{event}/board', async () => ({ path: `${(await camp()).base}/board` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}/board', async () => ({ path: `${(await camp()).base}/board`, body: { dots: 4 } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /events/{event}/sessions', async () => ({ path: `${(await camp()).base}/sessions`, body: { title: 'A session', kind: 'talk' } }),
    { anon: 401, other: 403, member: 201, admin: 201, connector: 201 }],
  ['GET /events/{event}/sessions/{session}', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}` }; },
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}/sessions/{session}', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}`, body: { title: 'Pricing, again', kind: 'talk' } }; },
    { anon: 401, other: 403, admin: 403, connector: 403, member: 200 }],
  ['POST /events/{event}/sessions/{session}/capture', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}/capture`, body: { notes: 'What we found.' } }; },
    { anon: 401, other: 403, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}/sessions/{session}/publish', async () => {
    const c = await camp();
    await who.member.client.api('POST', `${c.base}/sessions/${c.session}/capture`, { notes: 'What we found.' });
    return { path: `${c.base}/sessions/${c.session}/publish`, body: {} };
  }, { anon: 401, other: 403, member: 200 }, ['anon', 'other', 'member']],
  ['POST /events/{event}/sessions/{session}/withdraw', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}/withdraw`, body: {} }; },
    { anon: 401, other: 403, admin: 403, connector: 403, member: 200 }, ['anon', 'other', 'admin', 'connector', 'member']],
  ['POST /events/{event}/sessions/{session}/merge', async () => {
    const c = await camp();
    const into = (await who.connector.client.api('POST', `${c.base}/sessions`, { title: 'Pricing too', kind: 'talk' })).json().id;
    return { path: `${c.base}/sessions/${c.session}/merge`, body: { into } };
  }, { anon: 401, other: 403, member: 403, connector: 200 }, ['anon', 'other', 'member', 'connector']],
  ['POST /events/{event}/sessions/{session}/vote', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}/vote`, body: { dots: 1 } }; },
    { anon: 401, other: 403, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}/sessions/{session}/place', async () => { const c = await camp(); return { path: `${c.base}/sessions/${c.session}/place`, body: { room_id: c.room, slot_id: c.slot, locked: true } }; },
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  // the second organiser adding the same room or slot is told it exists (422 at the field): they were let in
  ['POST /events/{event}/rooms', async () => ({ path: `${(await camp()).base}/rooms`, body: { name: 'Library', capacity: 12 } }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 422 }],
  ['POST /events/{event}/rooms/{id}/delete', async () => { const c = await camp(); return { path: `${c.base}/rooms/${c.room}/delete`, body: {} }; },
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /events/{event}/slots', async () => {
    const c = await camp();
    const s = lisbon(60 * 24 + 120), e = lisbon(60 * 24 + 180);
    return { path: `${c.base}/slots`, body: { starts_at: `${s.date}T${s.time}`, ends_at: `${e.date}T${e.time}` } };
  }, { anon: 401, other: 403, member: 403, admin: 201, connector: 422 }],
  ['POST /events/{event}/slots/{id}/delete', async () => { const c = await camp(); return { path: `${c.base}/slots/${c.slot}/delete`, body: {} }; },
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /events/{event}/grid', async () => ({ path: `${(await camp()).base}/grid` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /events/{event}/grid', async () => ({ path: `${(await camp()).base}/grid`, body: {} }), { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  // the venue's screen and the audience (the sponsors' view): public, as the schedule is
  ['GET /events/{event}/screen', async () => ({ path: `${(await camp()).base}/screen` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /events/{event}/sessions', async () => ({ path: `${(await camp()).base}/sessions` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /events/{event}/schedule.ics', async () => ({ path: `${(await camp()).base}/schedule.ics`, raw: true }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /events/{event}/my-schedule.ics', async () => ({ path: `${(await camp()).base}/my-schedule.ics`, raw: true }),
    { anon: F, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end unconferences ---
  // --- growth (dashboards, targets, lists) ---
  // Dashboards and their CSV are for anyone logged in; targets for an administrator (or the board, or the
  // place's committee: tests/http/growth.test.mjs); the lists are filtered to what each caller answers for.
  ['GET /growth', async () => ({ path: '/growth?range=90d' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /growth.csv', async () => ({ path: '/growth.csv', raw: true }), { anon: F, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /growth/targets', async () => ({ path: '/growth/targets', body: { figure: 'members', kind: 'rate', per_month: '5' } }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 201 }],
  ['POST /growth/targets/{target}/delete', async () => {
    const t = (await who.admin.client.api('POST', '/growth/targets', { figure: 'chapters', kind: 'rate', per_month: '2' })).json();
    return { path: `/growth/targets/${t.id}/delete`, body: {} };
  }, { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }, ['anon', 'other', 'member', 'connector', 'admin']],
  ['GET /growth/attention', async () => ({ path: '/growth/attention' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /growth/white-space', async () => ({ path: '/growth/white-space' }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places/{place}/growth', async () => ({ path: `/places/${geo.metro.slug}/growth` }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /places/{place}/growth.csv', async () => ({ path: `/places/${geo.metro.slug}/growth.csv`, raw: true }),
    { anon: F, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /places/{place}/growth/targets', async () => ({ path: `/places/${geo.metro2.slug}/growth/targets`,
    body: { figure: 'chapters_active', kind: 'level', target: '10', by_day: '2030-12-31' } }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 201 }],
  ['GET /sectors/{sector}/growth', async () => ({ path: `/sectors/${geo.sector.slug}/growth` }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /sectors/{sector}/growth.csv', async () => ({ path: `/sectors/${geo.sector.slug}/growth.csv`, raw: true }),
    { anon: F, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /sectors/{sector}/growth/targets', async () => ({ path: `/sectors/${geo.sector.slug}/growth/targets`,
    body: { figure: 'members', kind: 'level', target: '50', by_day: '2030-06-30' } }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 201 }],
  ['GET /chapters/{chapter}/growth', async () => ({ path: `/chapters/${(await fresh()).slug}/growth` }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/growth.csv', async () => ({ path: `/chapters/${(await fresh()).slug}/growth.csv`, raw: true }),
    { anon: F, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end growth ---
  // --- federation: documents for other servers, the same for everyone; the inboxes take only signed
  // activities (an unsigned one is 401 whoever sends it, federation.test.mjs signs); the settings are
  // the administrators' ---
  ['GET /.well-known/webfinger', async () => ({ path: `/.well-known/webfinger?resource=acct:${otherChapter.slug}@glocal.test` }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /.well-known/nodeinfo', async () => ({ path: '/.well-known/nodeinfo' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /nodeinfo/2.1', async () => ({ path: '/nodeinfo/2.1' }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /admin/federation', async () => ({ path: '/admin/federation' }), { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/federation', async () => ({ path: '/admin/federation', body: { allow_private: true } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  ['POST /admin/federation/keys/rotate', async () => ({ path: '/admin/federation/keys/rotate', body: { actor: '/ap/node' } }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }],
  // asking the test server itself: it answers, but not as the node it names (its public URL is
  // glocal.test), so an administrator gets past the guard to the field's refusal
  ['POST /admin/federation/peers', async () => ({ path: '/admin/federation/peers', body: { url: BASE } }),
    { anon: 401, other: 403, member: 403, admin: 422, connector: 403 }],
  ...['approve', 'refuse'].map((what) => [`POST /admin/federation/peers/{id}/${what}`,
    async () => ({ path: `/admin/federation/peers/${askingPeer()}/${what}`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 403 }]),
  // a use of a peer's item: recorded by the members of the chapter named (the connector, last, records the same day again)
  ['GET /commons/peers/{id}/use', async () => ({ path: `/commons/peers/${peerItem()}/use`, page: true }),
    { anon: L, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /commons/peers/{id}/uses', async () => ({ path: `/commons/peers/${peerItem()}/uses`,
    body: { used_by: `chapter:${(await fresh()).slug}`, used_on: lisbon(0).date, outcome: 'worked' } }),
    { anon: 401, other: 422, member: 201, admin: 422, connector: 422 }],
  ...['/ap/inbox', '/ap/node/inbox', '/ap/chapters/{chapter}/inbox', '/ap/places/{place}/inbox'].map((route) => [`POST ${route}`,
    async () => ({ path: route.replace('{chapter}', otherChapter.slug).replace('{place}', geo.metro.slug),
      body: { id: `https://remote.example/${unique()}`, type: 'Follow', actor: 'https://remote.example/actor' } }),
    { anon: 401, other: 401, member: 401, admin: 401, connector: 401 }]),
  ...['', '/outbox', '/followers'].map((tail) => [`GET /ap/node${tail}`, async () => ({ path: `/ap/node${tail}` }),
    { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }]),
  ...['', '/outbox', '/followers'].map((tail) => [`GET /ap/chapters/{chapter}${tail}`,
    async () => ({ path: `/ap/chapters/${(await fresh()).slug}${tail}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }]),
  ...['', '/outbox', '/followers'].map((tail) => [`GET /ap/places/{place}${tail}`,
    async () => ({ path: `/ap/places/${geo.region.slug}${tail}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }]),
  ['GET /ap/keys/{id}', async () => {
    assert.equal((await who.anon.client.api('GET', '/ap/node')).status, 200);   // the node's key is made on first need
    return { path: `/ap/keys/${sql("SELECT id FROM fed_keys WHERE actor = '/ap/node' AND is_current = 1")}` };
  }, { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ap/events/{event}', async () => ({ path: `/ap/events/${(await event()).slug}` }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /ap/commons/{item}', async () => {
    const c = who.member.client;
    const it = (await c.api('POST', '/commons', { kind: 'notes', title: `Shared ${unique()}`, body: 'Notes.' })).json().item;
    assert.equal((await c.api('POST', `/commons/${it.slug}/publish`, {})).status, 200);
    return { path: `/ap/commons/${it.slug}` };
  }, { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end federation ---
  // --- search (search area) ---
  // Anyone may search; asking for members is for those logged in (anonymous: 422, "from the list"),
  // and what only members see is never found anonymously (search_commons.test.mjs, search.test.mjs).
  ['GET /search', async () => ({ path: '/search?q=a&kind=member' }), { anon: 422, other: 200, member: 200, admin: 200, connector: 200 }],
  // --- end search ---
  // --- pictures (src/pictures): a chapter's photo is its connectors', a logo the administrators', one's picture one's own ---
  ['GET /pictures/{picture}.webp', async () => ({ path: (await chapterPhoto()).url }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /pictures/{picture}/square.webp', async () => ({ path: (await chapterPhoto()).square_url }), { anon: 200, other: 200, member: 200, admin: 200, connector: 200 }],
  ['GET /chapters/{chapter}/picture', async () => ({ path: `/chapters/${(await fresh()).slug}/picture`, page: true }),
    { anon: L, other: 403, member: 403, admin: 200, connector: 200 }],
  ['POST /chapters/{chapter}/picture', async () => ({ path: `/chapters/${(await fresh()).slug}/picture`, body: () => ({ picture: PICTURE }) }),
    { anon: 401, other: 403, member: 403, admin: 201, connector: 201 }],
  ['POST /chapters/{chapter}/picture/delete', async () => ({ path: `/chapters/${(await fresh()).slug}/picture/delete`, body: {} }),
    { anon: 401, other: 403, member: 403, admin: 200, connector: 200 }],
  ['GET /organisations/{org}/logo', async () => ({ path: `/organisations/${(await logoOrg()).slug}/logo`, page: true }),
    { anon: L, other: 403, member: 200, connector: 403, admin: 200 }],
  ['POST /organisations/{org}/logo', async () => ({ path: `/organisations/${(await logoOrg()).slug}/logo`, body: () => ({ picture: PICTURE }) }),
    { anon: 401, other: 403, member: 201, connector: 403, admin: 201 }],
  ['POST /organisations/{org}/logo/delete', async () => ({ path: `/organisations/${(await logoOrg()).slug}/logo/delete`, body: {} }),
    { anon: 401, other: 403, member: 200, connector: 403, admin: 200 }],
  ['GET /me/avatar', async () => ({ path: '/me/avatar', page: true }), { anon: L, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /me/avatar', async () => ({ path: '/me/avatar', body: () => ({ picture: PICTURE }) }), { anon: 401, other: 201, member: 201, admin: 201, connector: 201 }],
  ['POST /me/avatar/delete', async () => ({ path: '/me/avatar/delete', body: {} }), { anon: 401, other: 200, member: 200, admin: 200, connector: 200 }],
  ['POST /members/{member}/avatar/delete', async () => ({ path: `/members/${who.member.id}/avatar/delete`, body: {} }),
    { anon: 401, other: 403, member: 403, connector: 403, admin: 200 }],
  // --- end pictures ---
  // last: a new pledge version makes everyone accept again (done after the loop)
  ['POST /admin/pledge', async () => ({ path: '/admin/pledge', body: { title: 'The pledge', body: 'I agree to collaborate.' } }), { anon: 401, other: 403, member: 403, connector: 403, admin: 201 }],
];

async function call(role, spec) {
  const c = who[role].client;
  const method = spec.body ? 'POST' : 'GET';
  if (typeof spec.body === 'function') spec = { ...spec, body: spec.body() };   // a new body for each caller
  if (spec.raw) return c.get(spec.path);
  if (spec.page) {
    if (method === 'GET') return c.get(spec.path);
    return c.post(spec.path, spec.body);
  }
  const r = await c.api(method, spec.path, spec.body, role === 'anon' ? { csrf: false } : {});
  return { ...r, body: spec.body };
}

// The matrix's checks of one answer (authz.mjs): the flags' promise, the canaries, the same call with a token.
async function matrix(key, role, spec, r) {
  checkFlags(key, role, spec, r);
  checkCanaries(key, role, r);
  await checkToken(key, role, spec, r.body, r, who[role].token);
}

// A GET of a chapter's own (no other parameter) is tried on the chapter with the canaries too, by
// those who may not see them: refused as the flags say, or answered without a canary.
async function onCanaryChapter(key, spec) {
  if (!/^GET \/chapters\/\{chapter\}[^{]*$/.test(key)) return;
  const path = spec.path.replace(/^\/chapters\/[^/?.]+/, `/chapters/${canaryChapter.slug}`);
  for (const role of ['anon', 'other']) {
    const r = await call(role, { ...spec, path });
    await matrix(key, role, { ...spec, path }, r);
  }
}

test('every route of the table has a permission case', () => {
  const table = JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' }));
  const covered = new Set(cases.map((c) => c[0]));
  const missing = table.map((r) => `${r.method} ${r.path}`).filter((k) => !covered.has(k));
  assert.deepEqual(missing, [], 'routes without a permission case');
  const extra = [...covered].filter((k) => !table.some((r) => `${r.method} ${r.path}` === k));
  assert.deepEqual(extra, [], 'cases for routes that do not exist');
  assert.deepEqual(unclassified(), [], 'routes whose flags the authorization matrix cannot classify (tests/http/authz.mjs)');
});

for (const [key, setup, expected, order] of cases) {
  test(`who may: ${key}`, async () => {
    const spec = await setup();
    who.anon.client = new Client();   /* a sign-up would otherwise log "anonymous" in */
    const roles = (order || ALL).filter((role) => role in expected);
    assert.deepEqual(Object.keys(expected).filter((role) => !roles.includes(role)), [], `${key}: roles expected but never called`);
    assert.ok(roles.length > 0, `${key}: no caller is checked`);
    for (const role of roles) {
      const r = await call(role, spec);
      assert.equal(r.status, expected[role], `${key} as ${role}: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status >= 400 && !spec.page) {
        assert.equal(r.headers.get('content-type'), 'application/problem+json', `${key} as ${role}: errors are problem+json`);
        assert.ok(r.json().detail.length > 10, `${key} as ${role}: the error says why`);
      }
      if (spec.expectLocation?.[role]) assert.match(r.location, spec.expectLocation[role]);
      await matrix(key, role, spec, r);
    }
    await onCanaryChapter(key, spec);
  });
}

test('the authorization matrix covered the whole route table', (t) => {
  const missed = table.map((r) => `${r.method} ${r.path}`).filter((k) => !counts.routes.has(k));
  t.diagnostic(`authz matrix: ${counts.routes.size} of ${table.length} routes, ${counts.flags} flag checks, ` +
    `${counts.token} token calls, ${counts.canary} answers searched for canaries`);
  assert.deepEqual(missed, [], 'routes the matrix never checked');
});

// The matrix ends with a new pledge version: until they accept it, pages that need the pledge send people to it.
test('after the matrix: everyone accepts the new pledge again', async () => {
  for (const role of ['member', 'other', 'connector']) {
    const c = who[role].client;
    const before = await c.get('/chapters/new');
    assert.equal(before.status, 303, `${role} before accepting the new pledge: ${before.status}`);
    assert.match(before.location, /^\/pledge\?next=/, `${role} is sent to the pledge`);
    await acceptPledge(c);
    const after = await c.get('/chapters/new');
    assert.equal(after.status, 200, `${role} after accepting it: ${after.status}`);
  }
});

test('a logged-in person may log out (and is then anonymous)', async () => {
  const m = await member();
  const r = await m.client.post('/logout', {});
  assert.equal(r.status, 303);
  assert.equal(r.location, '/');
  assert.equal((await m.client.get('/api/v1/me')).status, 401);
  assert.ok(otherChapter.slug);
});

// --- governance: helpers of the matters and committees cases (B) ---
// The committee of the permissions' region, on every path of the chapters of geo.metro (three active
// chapters in geo.metro2 make the region dense; fresh chapters in geo.metro have none): "other" sits on it.
let theCommittee;
async function committeeKey() {
  if (!theCommittee) {
    for (let i = 0; i < 3; i++) {
      const owner = await member();
      const ch = await chapter(owner, { metro_id: geo.metro2.id });
      await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' });
    }
    const r = await who.admin.client.api('POST', `/committees/${geo.region.slug}/seats`, { email: who.other.email });
    assert.equal(r.status, 201, r.text);
    theCommittee = geo.region.slug;
  }
  return theCommittee;
}

// A matter the member raised in a fresh chapter, taken to `stage`: open, summary (written by the
// connector, awaiting approval), approved (written by the member), escalated (to the region's committee).
async function matter(stage = 'open') {
  await committeeKey();
  const ch = await fresh();
  const m = (await who.member.client.api('POST', `/chapters/${ch.slug}/matters`, { kind: 'rule', title: `Matter ${unique()}`, body: 'Words of the chapter' })).json().matter;
  const by = stage === 'summary' ? who.connector : who.member;
  if (stage !== 'open') await by.client.api('POST', `/matters/${m.id}/summary`, { summary_title: 'A summary', summary: 'For the committee' });
  if (stage === 'escalated') assert.equal((await who.connector.client.api('POST', `/matters/${m.id}/escalate`, {})).status, 200);
  return { ...m, base: `/matters/${m.id}`, chapter: ch };
}

// --- commons: helpers of the drafts cases ---
// A success or challenge the member posted in a meeting of a fresh chapter and shared with the network.
async function sharedRound(kind = 'success') {
  const m = await meeting(await fresh(), 'checkin');
  const r = (await who.member.client.api('POST', `${m.base}/rounds`, { kind, body: 'A good month for the chapter' })).json().round;
  assert.equal((await who.member.client.api('POST', `${m.base}/rounds/${r.id}/share`, { shared: true })).status, 200);
  return { ...r, meeting: m };
}

// A commons draft the member made from their shared challenge, which the connector answered with a story.
async function quotedDraft() {
  const r = await sharedRound('challenge');
  for (const phase of ['successes', 'challenges'])
    await who.connector.client.api('POST', `${r.meeting.base}/phase`, { phase });
  const story = await who.connector.client.api('POST', `${r.meeting.base}/rounds/${r.id}/stories`, { body: 'When we had this, we asked the library.' });
  assert.equal(story.status, 201, story.text);
  const made = await who.member.client.api('POST', '/commons/drafts', { round_id: r.id });
  assert.equal(made.status, 201, made.text);
  return made.json().item;
}
// --- end commons: helpers of the drafts cases ---
// --- commons: helpers of the feeds cases (feeds area) ---
// An author with a published item (made once, through the items' API): the connector.
let theFeedAuthor;
async function feedAuthor() {
  if (!theFeedAuthor) {
    const c = who.connector.client;
    const it = await c.api('POST', '/commons', { kind: 'notes', title: `Feed notes ${unique()}`, body: 'Notes.', tags: 'feeds' });
    assert.equal(it.status, 201, it.text);
    const r = await c.api('POST', `/commons/${it.json().item.slug}/publish`, {});
    assert.equal(r.json().item.status, 'published', r.text);
    theFeedAuthor = who.connector.id;
  }
  return theFeedAuthor;
}

// --- growth: helpers of the funnel's cases ---
// The funnel's own places, with "committee" seated on the committee of their region: only a place on
// some chapter's path has one (three active chapters in its second metro make the region dense, a
// chapter in its first metro has the region on its path).
let gf;
async function funnelPlaces() {
  if (!gf) {
    const g = await geography(who.admin.client);
    await chapter(await member(), { metro_id: g.metro.id });
    for (let i = 0; i < 3; i++) {
      const owner = await member();
      const ch = await chapter(owner, { metro_id: g.metro2.id });
      assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
    }
    const c = await member();
    const r = await who.admin.client.api('POST', `/committees/${g.region.slug}/seats`, { email: c.email });
    assert.equal(r.status, 201, r.text);
    who.committee = c;
    gf = g;
  }
  return gf;
}

// A new city in the funnel's region (one application waits per person, city and sector).
async function funnelMetro() {
  const g = await funnelPlaces();
  const r = await who.admin.client.api('POST', '/places', { name: `Funnel city ${unique()}`, parent_id: g.region.id, timezone: 'Europe/Lisbon' });
  assert.equal(r.status, 201, r.text);
  return r.json().place;
}

// The member's application to start a chapter in a new city of the funnel's region.
async function funnelApplication() {
  const metro = await funnelMetro();
  const r = await who.member.client.api('POST', '/growth/applications', { name: `Funnel ${unique()}`, metro_id: metro.id,
    sector_id: gf.sector.id, second_email: `${unique('s')}@test.example` });
  assert.equal(r.status, 201, r.text);
  const app = r.json().application;
  return { ...app, base: `/growth/applications/${app.id}` };
}
// --- end growth: helpers of the funnel's cases ---
