// fedify.test.mjs - interoperability with an independent ActivityPub implementation: a peer built on
// npm's @fedify/fedify (tests/tools/fedify_peer.mjs) follows a Glocal chapter with a Follow that
// fedify signs (draft-cavage) and Glocal verifies, and receives the Accept and the Create, Update and
// Delete of the chapter's public event, each verified by fedify against the chapter's published key
// and parsed by fedify's vocabulary; every field FEP-8a8e asks of an Event is checked. A Follow
// signed with a key that is not the peer's is refused and stores nothing. (RFC 9421 is not tried with
// fedify: the fedify that runs on this Node, 1.5, signs in draft-cavage only.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Accept, Create, Delete, Event, Follow, Place, Tombstone, Undo, Update } from '@fedify/fedify/vocab';
import { generateCryptoKeyPair } from '@fedify/fedify/sig';
import { BASE, admin, member, chapter, geography, unique, sql, when } from './lib.mjs';
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
  assert.equal(peer.refused.length, 0, 'fedify refused nothing Glocal sent');

  r = await peer.send('/ap/inbox', new Undo({ id: new URL(`${peer.origin}/undos/${unique()}`), actor: new URL(peer.actorId), object: follow }));
  assert.equal(r.status, 202, r.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id WHERE a.actor_url = '${peer.actorId}'`), '0');
});
