// fedify.test.mjs - interoperability with an independent ActivityPub implementation: a peer built on
// npm's @fedify/fedify (tests/tools/fedify_peer.mjs) follows a Glocal chapter with a Follow that
// fedify signs (draft-cavage) and Glocal verifies, and receives the Accept and the Create, Update and
// Delete of the chapter's public event, each verified by fedify against the chapter's published key
// and parsed by fedify's vocabulary; every field FEP-8a8e asks of an Event is checked. A Follow
// signed with a key that is not the peer's is refused and stores nothing. The peer also joins a
// public event (a guest registration, answered with an Accept fedify verifies), leaves it (a Leave,
// and an Undo of a Join), and is answered with a Reject where the event is full, cancelled or not
// public, or when the organiser cancels its registration. (RFC 9421 is not tried with
// fedify: the fedify that runs on this Node, 1.5, signs in draft-cavage only.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Accept, Create, Delete, Event, Follow, Join, Place, Reject, Tombstone, Undo, Update } from '@fedify/fedify/vocab';
import { generateCryptoKeyPair } from '@fedify/fedify/sig';
import { BASE, admin, member, chapter, geography, unique, sql, sqlSoon, when } from './lib.mjs';
import { startPeer } from '../tools/fedify_peer.mjs';

const PUBLIC_HOST = 'glocal.test';   // the node's --public-url (tests/run, qt.sh)
let adm, conn, ch, app, peer, groupId;

const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

before(async () => {
  adm = await admin();
  const geo = await geography(adm);
  conn = await member({ name: `Fedi ${unique()}` });
  ch = await chapter(conn, { name: `Fedify ${unique()}`, metro_id: geo.metro.id });
  const r = await adm.api('POST', '/apps', { name: `Talks ${unique()}`, summary: 'A talk.', tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  assert.equal((await adm.api('POST', '/admin/federation', { allow_private: true })).status, 200);   // the peer is on loopback
  peer = await startPeer({ base: BASE, publicHost: PUBLIC_HOST });
  groupId = `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}`;
});

after(() => peer?.close());

// What fedify refused that was not an RFC 9421 first knock: nothing should be.
const refusedCavage = () => peer.refused.filter((r) => !r.rfc9421).length;

test('a Follow signed with a key that is not the actor\'s is refused; nothing is stored', async () => {
  const other = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  const before = sql('SELECT count(*) FROM fed_inbox_log');
  const r = await peer.send(`/ap/chapters/${ch.slug}/inbox`, new Follow({ id: new URL(`${peer.origin}/follows/${unique()}`),
    actor: new URL(peer.actorId), object: new URL(groupId) }), { privateKey: other.privateKey });
  assert.equal(r.status, 401, r.text);
  assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), before);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id WHERE a.actor_url = '${peer.actorId}'`), '0');
});

test('fedify follows a chapter, verifies the Accept and the events\' Create, Update and Delete, then unfollows', async () => {
  const follow = new Follow({ id: new URL(`${peer.origin}/follows/${unique()}`), actor: new URL(peer.actorId), object: new URL(groupId) });
  let r = await peer.send(`/ap/chapters/${ch.slug}/inbox`, follow);
  assert.equal(r.status, 202, r.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id WHERE a.actor_url = '${peer.actorId}'`), '1');

  const accept = await peer.received((g) => g.activity instanceof Accept, 'the Accept');
  // double-knocking: the Accept went first in RFC 9421, which fedify 1.5 refuses (401), then at once
  // in draft-cavage, which fedify verified; the node remembers that the peer's host takes draft-cavage
  assert.equal(accept.headers['signature-input'], undefined);
  assert.match(accept.headers.signature, /keyId="[^"]+",algorithm="rsa-sha256"/);
  assert.deepEqual(peer.refused.map((r) => r.rfc9421), [true], 'one refused RFC 9421 knock before it');
  assert.equal(await sqlSoon(`SELECT sig_scheme FROM fed_remote_servers WHERE host = '${new URL(peer.origin).host}'`, 'cavage'), 'cavage');
  assert.equal(accept.activity.actorId.href, groupId);
  assert.equal(accept.owner, groupId, 'fedify verified the Accept with the chapter\'s own key');
  assert.equal(accept.activity.objectId.href, follow.id.href);

  const ev = (await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Fedify talk ${unique()}`,
    venue: 'The Hub, Rua X 1', capacity: 25, ...when(60 * 24 * 6) })).json().event;
  const create = await peer.received((g) => g.activity instanceof Create, 'the Create');
  assert.equal(create.owner, groupId);
  const o = await create.activity.getObject();
  assert.ok(o instanceof Event, 'fedify reads an Event');
  assert.equal(o.id.href, `http://${PUBLIC_HOST}/ap/events/${ev.slug}`);
  assert.equal(o.name.toString(), ev.title);
  assert.equal(o.startTime.toString(), iso(ev.starts_at));
  assert.equal(o.endTime.toString(), iso(ev.ends_at));
  const loc = await o.getLocation();
  assert.ok(loc instanceof Place);
  assert.equal(loc.name.toString(), 'The Hub, Rua X 1');
  assert.equal(o.attributionId.href, groupId);
  assert.equal(o.url.href, `http://${PUBLIC_HOST}/events/${ev.slug}`);
  // FEP-8a8e's terms outside ActivityStreams, as sent
  const raw = create.json.object;
  assert.equal(raw.timezone, 'Europe/Lisbon');
  assert.deepEqual(raw.organizers, [groupId]);
  assert.equal(raw.eventStatus, 'EventScheduled');
  assert.equal(raw.joinMode, 'free');
  assert.equal(raw.maximumAttendeeCapacity, 25);
  assert.equal(raw.content !== undefined && raw.mediaType !== undefined, true);

  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { venue: 'A bigger room' })).status, 200);
  const update = await peer.received((g) => g.activity instanceof Update, 'the Update');
  assert.equal(update.owner, groupId);
  assert.equal((await (await update.activity.getObject()).getLocation()).name.toString(), 'A bigger room');

  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' })).status, 200);
  const del = await peer.received((g) => g.activity instanceof Delete, 'the Delete');
  assert.equal(del.owner, groupId);
  const gone = await del.activity.getObject();
  assert.ok(gone instanceof Tombstone);
  assert.equal(gone.id.href, o.id.href);
  assert.equal(refusedCavage(), 0, 'fedify refused nothing Glocal sent in draft-cavage');

  r = await peer.send('/ap/inbox', new Undo({ id: new URL(`${peer.origin}/undos/${unique()}`), actor: new URL(peer.actorId), object: follow }));
  assert.equal(r.status, 202, r.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id WHERE a.actor_url = '${peer.actorId}'`), '0');
});

// ---- Join and Leave (FEP-8a8e, as Mobilizon does them) ----

const apEvent = (ev) => `http://${PUBLIC_HOST}/ap/events/${ev.slug}`;
const remoteRegs = (ev, status = 'ticket') => sql(`SELECT count(*) FROM registrations g JOIN events e ON e.id = g.event_id
  WHERE e.slug = '${ev.slug}' AND g.remote_actor = '${peer.actorId}' AND g.status = '${status}'`);

async function newEvent(fields = {}) {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Join me ${unique()}`,
    venue: 'The Hub, Rua X 1', capacity: 3, ...when(60 * 24 * 4), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

// The answer (Accept or Reject) fedify received and verified for the Join `join`.
const answerTo = (join, what) => peer.received((g) => (g.activity instanceof Accept || g.activity instanceof Reject) &&
  g.activity.objectId?.href === join.id.href, what);

test('fedify joins a public event: a guest registration, an Accept fedify verifies; replays store nothing twice; it leaves', async () => {
  const ev = await newEvent();
  let r = await peer.join(apEvent(ev));
  assert.equal(r.status, 202, r.text);
  assert.equal(remoteRegs(ev), '1');
  assert.equal(sql(`SELECT g.name || '|' || coalesce(g.guest_email, '-') || '|' || g.remote_host FROM registrations g
    WHERE g.remote_actor = '${peer.actorId}' AND g.status = 'ticket'`), `A fedify peer|-|${new URL(peer.origin).host}`);
  const accept = await answerTo(r.join, 'the Accept of the Join');
  assert.ok(accept.activity instanceof Accept, 'an Accept');
  assert.equal(accept.owner, groupId, 'fedify verified the Accept with the host chapter\'s key');
  assert.equal(accept.activity.actorId.href, groupId);
  assert.ok((await accept.activity.getObject()) instanceof Join, 'fedify reads the Join inside the Accept');

  // the event counts the guest like any other; the organiser's desk says where it comes from
  let shown = (await conn.client.api('GET', `/events/${ev.slug}`)).json().event;
  assert.equal(shown.places_left, 2);
  const desk = (await conn.client.api('GET', `/events/${ev.slug}/registrations`)).json();
  const guest = desk.registrations.find((g) => g.remote_actor === peer.actorId);
  assert.ok(guest, 'the remote guest is on the desk');
  assert.equal(guest.remote_host, new URL(peer.origin).host);
  assert.equal(guest.is_guest, true);
  const page = await conn.client.get(`/events/${ev.slug}/registrations`);
  assert.match(page.text, /from the fediverse/);

  // the same Join again is a replay: 202, nothing stored, nothing sent
  const deliveries = sql('SELECT count(*) FROM fed_deliveries');
  const again = await fetch(BASE + '/ap/inbox', { method: 'POST', body: r.body, headers: { 'content-type': 'application/activity+json' } });
  assert.equal(again.status, 401, 'unsigned, it is refused');
  r = await peer.send('/ap/inbox', r.join);
  assert.equal(r.status, 202, r.text);
  assert.match(r.text, /seen before/);
  assert.equal(sql('SELECT count(*) FROM fed_deliveries'), deliveries);
  // a second Join (another id) of the event it holds a ticket for: accepted again, one registration
  const second = await peer.join(apEvent(ev));
  assert.equal(second.status, 202, second.text);
  assert.ok((await answerTo(second.join, 'the second Accept')).activity instanceof Accept);
  assert.equal(sql(`SELECT count(*) FROM registrations WHERE remote_actor = '${peer.actorId}' AND status <> 'cancelled'`), '1');

  // Leave cancels it and frees the place
  r = await peer.leave(apEvent(ev));
  assert.equal(r.status, 202, r.text);
  assert.equal(remoteRegs(ev), '0');
  assert.equal(remoteRegs(ev, 'cancelled'), '1');
  shown = (await conn.client.api('GET', `/events/${ev.slug}`)).json().event;
  assert.equal(shown.places_left, 3);

  // join again, and leave by an Undo of the Join
  const third = await peer.join(apEvent(ev));
  assert.equal(third.status, 202);
  assert.equal(remoteRegs(ev), '1');
  r = await peer.leave(apEvent(ev), third.join);
  assert.equal(r.status, 202, r.text);
  assert.equal(remoteRegs(ev), '0');

  // the organiser cancels a remote guest at the desk: the guest is told, with a Reject of its Join
  const fourth = await peer.join(apEvent(ev));
  assert.ok((await answerTo(fourth.join, 'the fourth Accept')).activity instanceof Accept);
  const id = sql(`SELECT id FROM registrations WHERE remote_actor = '${peer.actorId}' AND status = 'ticket'`);
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${id}/cancel`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(remoteRegs(ev), '0');
  const removed = await peer.received((g) => g.activity instanceof Reject && g.activity.objectId?.href === fourth.join.id.href,
    'the Reject after the organiser cancelled');
  assert.equal(removed.owner, groupId, 'fedify verified it with the host chapter\'s key');
  const rejected = await removed.activity.getObject();
  assert.ok(rejected instanceof Join);
  assert.equal(rejected.objectId.href, apEvent(ev));
  assert.equal(refusedCavage(), 0, 'fedify refused nothing Glocal sent in draft-cavage');
});

test('a Join of a full, a cancelled or a non-public event gets a Reject fedify verifies, and stores nothing', async () => {
  const full = await newEvent({ capacity: 1 });
  assert.equal((await conn.client.api('POST', `/events/${full.slug}/register`, {})).status, 201);
  let r = await peer.join(apEvent(full));
  assert.equal(r.status, 202, r.text);
  let answer = await answerTo(r.join, 'the Reject of a full event');
  assert.ok(answer.activity instanceof Reject, 'a full event rejects');
  assert.equal(answer.owner, groupId);
  assert.ok((await answer.activity.getObject()) instanceof Join);
  assert.equal(remoteRegs(full), '0');

  const cancelled = await newEvent();
  assert.equal((await conn.client.api('POST', `/events/${cancelled.slug}`, { status: 'cancelled' })).status, 200);
  r = await peer.join(apEvent(cancelled));
  answer = await answerTo(r.join, 'the Reject of a cancelled event');
  assert.ok(answer.activity instanceof Reject, 'a cancelled event rejects');
  assert.equal(remoteRegs(cancelled), '0');

  // a network event: refused by the node, as an event that is not there is — the answer names no host
  const hidden = await newEvent({ visibility: 'network' });
  r = await peer.join(apEvent(hidden));
  assert.equal(r.status, 202, r.text);
  answer = await answerTo(r.join, 'the Reject of a network event');
  assert.ok(answer.activity instanceof Reject);
  assert.equal(answer.owner, `http://${PUBLIC_HOST}/ap/node`);
  assert.equal(sql(`SELECT count(*) FROM registrations g JOIN events e ON e.id = g.event_id WHERE e.slug = '${hidden.slug}'`), '0');
  const nowhere = await peer.join(`http://${PUBLIC_HOST}/ap/events/no-such-${unique()}`);
  assert.ok((await answerTo(nowhere.join, 'the Reject of no event')).activity instanceof Reject);
  assert.equal(JSON.stringify(answer.json).includes(hidden.slug) && !JSON.stringify(answer.json).includes(ch.slug), true,
    'the Reject of a network event does not name its host');

  // a Join of something that is not an event of this node: 404, nothing logged
  const logged = sql('SELECT count(*) FROM fed_inbox_log');
  r = await peer.join(`http://${PUBLIC_HOST}/chapters/${ch.slug}`);
  assert.equal(r.status, 404, r.text);
  assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), logged);
  assert.equal(refusedCavage(), 0);
  assert.equal(peer.refused.filter((r) => r.rfc9421).length, 1, 'the node knocked in RFC 9421 once, then remembered');
});
