// federation_peers.test.mjs - Glocal to Glocal peering (src/federation/peers.c) between three
// nodes on loopback, each a `glocal serve` on a fresh database (nodes.mjs) whose queue thread
// delivers the signed activities: two regional nodes ask the network's node to peer; its
// administrator approves one and refuses the other, and each regional node learns the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, peersOf, peerIn } from './nodes.mjs';
import { BASE, admin, chapter, geography, member } from './lib.mjs';

let net, north, south;

before(async () => {
  [net, north, south] = [await startNode('network'), await startNode('north'), await startNode('south')];
});

after(async () => {
  await Promise.all([net, north, south].filter(Boolean).map((n) => n.stop()));
});

test('a regional node asks, the network approves, and the regional node learns it', async () => {
  assert.deepEqual(await peersOf(net), []);
  let r = await north.admin.api('POST', '/admin/federation/peers', { url: `${net.base}/` });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().peer.state, 'asked');
  const mine = (await peersOf(north))[0];
  assert.equal(mine.actor_url, `${net.base}/ap/node`);
  assert.equal(mine.is_outgoing, true);
  assert.equal(mine.state, 'asked');
  // the Follow travels through north's queue, signed by north's node actor
  const asked = await peerIn(net, north, 'asked');
  assert.equal(asked.is_outgoing, false);
  assert.equal(asked.actor_url, `${north.base}/ap/node`);
  assert.ok(asked.last_activity_at > 0);
  assert.equal(north.sql("SELECT COUNT(*) FROM fed_deliveries WHERE status = 'sent' AND activity LIKE '%\"Follow\"%'"), '1');
  // north cannot decide its own request: the network's administrator does
  r = await north.admin.api('POST', `/admin/federation/peers/${mine.id}/approve`, {});
  assert.equal(r.status, 409, r.text);
  r = await net.admin.api('POST', `/admin/federation/peers/${asked.id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().peer.state, 'approved');
  const approved = await peerIn(north, net, 'approved');
  assert.ok(approved.decided_at > 0);
  assert.equal((await peersOf(net)).find((p) => p.id === asked.id).state, 'approved');
  r = await net.admin.api('POST', `/admin/federation/peers/${asked.id}/approve`, {});
  assert.equal(r.status, 409, 'an approved peer is not approved twice');
  // asking again once approved is refused at the field
  r = await north.admin.api('POST', '/admin/federation/peers', { url: net.base });
  assert.equal(r.status, 422, r.text);
  assert.match(JSON.stringify(r.json()), /peer already/);
});

test('the network refuses a node, which learns it', async () => {
  let r = await south.admin.api('POST', '/admin/federation/peers', { url: `${net.base}/ap/node` });
  assert.equal(r.status, 201, r.text);
  const asked = await peerIn(net, south, 'asked');
  r = await net.admin.api('POST', `/admin/federation/peers/${asked.id}/refuse`, {});
  assert.equal(r.status, 200, r.text);
  await peerIn(south, net, 'refused');
  r = await net.admin.api('POST', `/admin/federation/peers/${asked.id}/refuse`, {});
  assert.equal(r.status, 409);
  r = await net.admin.api('POST', '/admin/federation/peers/999999/approve', {});
  assert.equal(r.status, 404);
});

test('a request to peer names a Glocal node that answers, not this one', async () => {
  const cases = [
    [{ url: '' }, /address of the other Glocal node/],
    [{ url: 'ftp://example.org' }, /not the address of a node/],
    [{ url: north.base }, /own address/],
    [{ url: 'http://127.0.0.1:9/' }, /did not answer as a Glocal node/],
  ];
  for (const [body, why] of cases) {
    const r = await north.admin.api('POST', '/admin/federation/peers', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(JSON.stringify(r.json()), why);
  }
  assert.equal((await peersOf(north)).length, 1, 'nothing recorded');
});

test('the page lists the peers with their state and the settings', async () => {
  const page = await net.admin.get('/admin/federation');
  assert.equal(page.status, 200);
  const host = (n) => new URL(n.base).host;
  assert.match(page.text, new RegExp(`${host(north)}</a>`));
  assert.match(page.text, /Approved/);
  assert.match(page.text, /Refused/);
  assert.match(page.text, /data-confirm="Refuse/);
  assert.match(page.text, /name="blocked_domains"/);
  const lonely = await startNode('lonely');
  const empty = await lonely.admin.get('/admin/federation');
  await lonely.stop();
  assert.match(empty.text, /No peers yet/);
  // the settings form answers at its field
  const bad = await net.admin.post('/admin/federation', { blocked_domains: 'not a/domain' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="blocked-error"/);
});

test("a chapter's and a place's pages show their fediverse handle", async () => {
  const adm = await admin();
  const geo = await geography(adm);
  const ch = await chapter(await member(), { metro_id: geo.metro.id });
  const page = await adm.get(`/chapters/${ch.slug}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<code class="wrap">@${ch.slug}@glocal\\.test</code>`));
  const place = await adm.get(`/places/${geo.region.slug}`);
  assert.match(place.text, new RegExp(`<code class="wrap">@${geo.region.slug}@glocal\\.test</code>`));
  // and WebFinger answers that handle with the actor
  const wf = await fetch(`${BASE}/.well-known/webfinger?resource=acct:${ch.slug}@glocal.test`);
  assert.equal(wf.status, 200);
  assert.equal((await wf.json()).links.find((l) => l.rel === 'self').href, `http://glocal.test/ap/chapters/${ch.slug}`);
});
