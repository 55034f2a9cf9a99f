// federation_peers.test.mjs - Glocal to Glocal peering (src/federation/peers.c) between three
// nodes on loopback, each a `glocal serve` on a fresh database (nodes.mjs) whose queue thread
// delivers the signed activities: two regional nodes ask the network's node to peer; its
// administrator approves one and refuses the other, and each regional node learns the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, peersOf, peerIn, until, memberOn, placesOn, postSignedAs } from './nodes.mjs';
import { BASE, admin, chapter, geography, member, unique, when } from './lib.mjs';

let net, north, south, tag, netPlaces, northPlaces, conn, known, unknown, app, early;
const canaries = [];

// An event of `ch` on `node`'s format, made by `who` (a memberOn()).
async function eventOn(who, ch, fields = {}) {
  const r = await who.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Talk ${unique()}`,
    venue: 'The Hub', capacity: 30, ...when(60 * 24 * 5), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

// What the network's node keeps of the peers' objects, by name.
function copies(kind) {
  return net.sql(`SELECT name FROM fed_remote_objects WHERE kind = '${kind}' ORDER BY name`).split('\n').filter(Boolean);
}

before(async () => {
  [net, north, south] = [await startNode('network'), await startNode('north'), await startNode('south')];
  tag = unique('t');
  // the same place path on both nodes (the slugs match); north also has a metro the network lacks
  netPlaces = await placesOn(net, tag);
  northPlaces = await placesOn(north, tag, ['Elsewhere']);
  conn = await memberOn(north, 'Nora North');
  const mk = async (name, metro) => {
    const r = await conn.client.api('POST', '/chapters', { name, metro_id: metro.id, description: 'We meet on Mondays.' });
    assert.equal(r.status, 201, r.text);
    return r.json().chapter;
  };
  known = await mk(`Northern Lights ${tag}`, northPlaces.metro);
  unknown = await mk(`Far Away ${tag}`, northPlaces.Elsewhere);
  const r = await north.admin.api('POST', '/apps', { name: `Talks ${unique()}`, summary: 'A talk.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  early = await eventOn(conn, known, { title: `Early bird ${unique()}` });   // made before the peering
  // confidential canaries on north: events for the network or the chapter only, a line of the books for the chapter only
  for (const visibility of ['network', 'chapter']) {
    const title = `CANARY${visibility}${unique()}`;
    await eventOn(conn, known, { title, visibility });
    canaries.push(title);
  }
  const line = `CANARYLEDGER${unique()}`;
  const l = await conn.client.api('POST', `/chapters/${known.slug}/ledger`, { kind: 'expense', counterpart: 'network',
    resource: 'EUR', amount: '2', visibility: 'unit', description: `Paid ${line}`, category: 'canary' });
  assert.equal(l.status, 201, l.text);
  canaries.push(line);
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

test("once approved, the peer's chapters are in the network's directory under their places", async () => {
  await until('both chapters on the network node', () => copies('chapter').length === 2);
  // the known metro holds the first; the unknown one's chapter is under the deepest known place, the region
  let page = await net.admin.get(`/places/${netPlaces.metro.slug}`);
  assert.match(page.text, new RegExp(`<a href="${north.base}/chapters/${known.slug}">Northern Lights ${tag}</a>`));
  assert.match(page.text, new RegExp(`Lives on ${new URL(north.base).host}`));
  assert.doesNotMatch(page.text, /Far Away/);
  page = await net.admin.get(`/places/${netPlaces.region.slug}`);
  assert.match(page.text, new RegExp(`<a href="${north.base}/chapters/${unknown.slug}">Far Away ${tag}</a>`));
  assert.match(page.text, new RegExp(`Country ${tag} › Region ${tag} › Elsewhere ${tag}`));
  // a public event made before the approval is sent with its chapter
  await until('the earlier event', () => copies('event').includes(early.title));
  const api = (await net.admin.api('GET', `/places/${netPlaces.metro.slug}`)).json();
  assert.deepEqual(api.peer_chapters.map((c) => c.home_url), [`${north.base}/chapters/${known.slug}`]);
});

test("a peer's chapter changed, started or closed there is changed, added or removed here", async () => {
  let r = await conn.client.api('POST', `/chapters/${known.slug}`, { description: 'Now on Thursdays.' });
  assert.equal(r.status, 200, r.text);
  await until('the update', () => net.sql(`SELECT summary FROM fed_remote_objects WHERE object_url = '${north.base}/ap/chapters/${known.slug}'`) === 'Now on Thursdays.');
  r = await conn.client.api('POST', '/chapters', { name: `Late Starters ${tag}`, metro_id: northPlaces.metro.id });
  assert.equal(r.status, 201, r.text);
  await until('the new chapter', () => copies('chapter').includes(`Late Starters ${tag}`));
  r = await conn.client.api('POST', `/chapters/${unknown.slug}`, { status: 'closed' });
  assert.equal(r.status, 200, r.text);
  await until('the closed chapter gone', () => !copies('chapter').includes(`Far Away ${tag}`));
  const page = await net.admin.get(`/places/${netPlaces.region.slug}`);
  assert.doesNotMatch(page.text, /Far Away/);
});

test("the peer's public events are in the network's calendar; updates and cancellations propagate", async () => {
  const ev = await eventOn(conn, known, { title: `Open evening ${unique()}` });
  const calendar = async () => (await net.admin.api('GET', '/events')).json().peer_events;
  let seen = await until('the event in the calendar', async () => (await calendar()).find((e) => e.name === ev.title));
  assert.equal(seen.home_url, `${north.base}/events/${ev.slug}`);
  assert.equal(seen.starts_at, ev.starts_at);
  assert.equal(seen.location, 'The Hub');
  assert.match(seen.place_path, new RegExp(`Metro ${tag}$`));
  const page = await net.admin.get('/events');
  assert.match(page.text, new RegExp(`<a href="${north.base}/events/${ev.slug}">${ev.title}</a>`));
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { venue: 'A bigger room' })).status, 200);
  seen = await until('the update', async () => (await calendar()).find((e) => e.name === ev.title && e.location === 'A bigger room'));
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' })).status, 200);
  await until('the deletion', async () => !(await calendar()).some((e) => e.name === ev.title));
  assert.equal(net.sql(`SELECT COUNT(*) FROM fed_remote_objects WHERE name = '${ev.title}'`), '0');
});

test('only the node an object lives on may change it', async () => {
  // north's chapter, an approved peer's actor with its own key, signs an Update of an object on another host
  const path = `/ap/chapters/${known.slug}`;
  const id = `${north.base}${path}#forged-${unique()}`;
  const forged = { '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'Update', actor: `${north.base}${path}`,
    object: { id: `${south.base}/ap/events/theirs`, type: 'Event', name: 'Hijacked', url: `${south.base}/events/theirs`,
      startTime: '2030-01-01T10:00:00Z' } };
  let r = await postSignedAs(north, path, `${net.base}/ap/inbox`, forged);
  assert.equal(r.status, 403, r.text);
  assert.match(r.text, /Only the node an object lives on/);
  assert.equal(net.sql("SELECT COUNT(*) FROM fed_remote_objects WHERE name = 'Hijacked'"), '0');
  assert.equal(net.sql(`SELECT COUNT(*) FROM fed_inbox_log WHERE activity_id = '${id}'`), '0');
  // the same signer about its own object is heard (the control that the refusal is about the host)
  const own = { ...forged, id: `${id}-own`, object: { ...forged.object, id: `${north.base}/ap/events/own-${unique()}`,
    url: `${north.base}/events/own`, name: 'Signed by its origin' } };
  r = await postSignedAs(north, path, `${net.base}/ap/inbox`, own);
  assert.equal(r.status, 202, r.text);
  assert.equal(net.sql("SELECT COUNT(*) FROM fed_remote_objects WHERE name = 'Signed by its origin'"), '1');
});

test('confidential canaries never leave their node', async () => {
  // every request north sent (its queue keeps each body), and everything the network keeps
  const sent = north.sql('SELECT activity FROM fed_deliveries');
  assert.ok(sent.includes('Northern Lights'), 'the sent requests are read');
  const kept = net.sql("SELECT name || ' ' || summary || ' ' || location FROM fed_remote_objects");
  for (const c of canaries) {
    assert.ok(!sent.includes(c), `${c} was sent`);
    assert.ok(!kept.includes(c), `${c} is kept by the network`);
  }
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

test("a node that is not an approved peer is refused, and nothing it sends is stored", async () => {
  // south was refused; make it believe otherwise, so that its queue sends its chapter's event
  const place = await placesOn(south, unique('s'));
  const sam = await memberOn(south, 'Sam South');
  const r = await sam.client.api('POST', '/chapters', { name: `Southern ${unique()}`, metro_id: place.metro.id });
  assert.equal(r.status, 201, r.text);
  south.sql("UPDATE fed_peers SET state = 'approved'");
  const a = await south.admin.api('POST', '/apps', { name: `Talks ${unique()}`, summary: 'A talk.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  const ev = await sam.client.api('POST', '/events', { app: a.json().app.slug, host: `chapter:${r.json().chapter.slug}`,
    title: `Uninvited ${unique()}`, venue: 'Somewhere', capacity: 10, ...when(60 * 24 * 3) });
  assert.equal(ev.status, 201, ev.text);
  await until('the refusal', () => south.sql("SELECT last_status FROM fed_deliveries WHERE activity LIKE '%Uninvited%'") === '403');
  assert.equal(net.sql(`SELECT COUNT(*) FROM fed_remote_objects o JOIN fed_peers p ON p.id = o.peer_id WHERE p.host = '${new URL(south.base).host}'`), '0');
  assert.equal(net.sql("SELECT COUNT(*) FROM fed_inbox_log WHERE kind = 'Create' AND actor_url LIKE '%" + new URL(south.base).host + "%'"), '0');
});
