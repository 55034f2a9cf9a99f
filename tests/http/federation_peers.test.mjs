// federation_peers.test.mjs - Glocal to Glocal peering (src/federation/peers.c) between three
// nodes on loopback, each a `glocal serve` on a fresh database (nodes.mjs) whose queue thread
// delivers the signed activities: two regional nodes ask the network's node to peer; its
// administrator approves one and refuses the other, and each regional node learns the answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, peersOf, peerIn, until, memberOn, placesOn, postSignedAs } from './nodes.mjs';
import { BASE, Client, admin, chapter, geography, member, unique, when } from './lib.mjs';

let net, north, south, tag, netPlaces, northPlaces, conn, known, unknown, app, early, earlyRegional, earlyItem, netEarly;
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
  netPlaces = await placesOn(net, tag, ['Othertown']);   // a city north lacks
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
  // and one the region hosts (its administrator's), made before the peering too
  const rr = await north.admin.api('POST', '/events', { app: app.slug, host: `place:${northPlaces.region.slug}`,
    title: `Regional day ${unique()}`, venue: 'The Hall', capacity: 100, ...when(60 * 24 * 6) });
  assert.equal(rr.status, 201, rr.text);
  earlyRegional = rr.json().event;
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
  // the commons: an item published before the peering, and a draft that is never published
  earlyItem = await itemOn(conn, { title: `Early notes ${unique()}`, licence: 'cc0-1.0' });
  const draft = `CANARYDRAFT${unique()}`;
  const d = await conn.client.api('POST', '/commons', { kind: 'notes', title: draft, body: `Secret ${draft}`, chapter_id: known.id });
  assert.equal(d.status, 201, d.text);
  canaries.push(draft);
  // and on the network's node, an item published before the peering (sent to north when it is approved)
  const ned = await memberOn(net, 'Ned Net');
  const nc = await ned.client.api('POST', '/chapters', { name: `Early network ${tag}`, metro_id: netPlaces.metro.id });
  assert.equal(nc.status, 201, nc.text);
  const ni = await ned.client.api('POST', '/commons', { kind: 'tool', title: `Network early ${unique()}`, chapter_id: nc.json().chapter.id });
  assert.equal(ni.status, 201, ni.text);
  netEarly = (await ned.client.api('POST', `/commons/${ni.json().item.slug}/publish`, {})).json().item;
  assert.equal(netEarly.status, 'published');
});

// A commons item of the chapter `known` published on north by `who` (its only author, so published at once).
async function itemOn(who, fields = {}) {
  let r = await who.client.api('POST', '/commons', { kind: 'technique', title: `Notes ${unique()}`, summary: 'How we did it.',
    body: 'What we learnt.', chapter_id: known.id, ...fields });
  assert.equal(r.status, 201, r.text);
  r = await who.client.api('POST', `/commons/${r.json().item.slug}/publish`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().item.status, 'published');
  return r.json().item;
}

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
  // a region's and a country's pages show the peers' chapters of every place below them too
  assert.match(page.text, new RegExp(`Northern Lights ${tag}`));
  page = await net.admin.get(`/places/${netPlaces.country.slug}`);
  assert.match(page.text, new RegExp(`Far Away ${tag}[\\s\\S]*Northern Lights ${tag}`), 'both, by name');
  // the directory lists them too, by place and by words, but not under a status or sector it cannot know
  const names = async (query) => ((await net.admin.api('GET', `/chapters${query}`)).json().peer_chapters || []).map((c) => c.name).sort();
  assert.deepEqual(await names(`?place=${netPlaces.country.slug}`), [`Far Away ${tag}`, `Northern Lights ${tag}`]);
  assert.deepEqual(await names(`?place=${netPlaces.metro.slug}`), [`Northern Lights ${tag}`]);
  assert.deepEqual(await names(`?place=${netPlaces.country.slug}&q=northern`), [`Northern Lights ${tag}`]);
  assert.deepEqual(await names(`?place=${netPlaces.country.slug}&status=active`), []);
  assert.ok((await names('')).includes(`Far Away ${tag}`), 'the whole directory');
  page = await new Client(net.base).get(`/chapters?place=${netPlaces.country.slug}`);   // anyone
  assert.match(page.text, /Chapters on peer nodes/);
  assert.match(page.text, new RegExp(`<a href="${north.base}/chapters/${unknown.slug}">Far Away ${tag}</a>`));
  // a public event made before the approval is sent with its chapter
  await until('the earlier event', () => copies('event').includes(early.title));
  // and the region's, sent from the region's Group, under the region here
  await until("the region's earlier event", () => copies('event').includes(earlyRegional.title));
  const regional = (await net.admin.api('GET', `/events?place=${netPlaces.region.slug}`)).json().peer_events;
  assert.ok(regional.some((e) => e.name === earlyRegional.title && e.home_url === `${north.base}/events/${earlyRegional.slug}`));
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

test("a peer's published commons items are in the network's commons with their licence; revisions and withdrawals propagate", async () => {
  const peerItems = async () => (await net.admin.api('GET', '/commons')).json().peer_items;
  // sent at the approval with the chapters
  let seen = await until('the earlier item', async () => (await peerItems()).find((i) => i.name === earlyItem.title));
  assert.equal(seen.licence, 'cc0-1.0');
  assert.equal(seen.home_url, `${north.base}/commons/${earlyItem.slug}`);
  assert.equal(seen.host, new URL(north.base).host);
  // the network's own item, published before it approved north, went to north with the Accept
  await until("the network's earlier item on north", () => north.sql(`SELECT COUNT(*) FROM fed_remote_objects WHERE name = '${netEarly.title}'`) === '1');
  // then a Create when an item is published there
  const item = await itemOn(conn, { licence: 'cc-by-sa-4.0' });
  seen = await until('the new item', async () => (await peerItems()).find((i) => i.name === item.title));
  assert.equal(seen.licence, 'cc-by-sa-4.0');
  assert.equal(seen.licence_url, 'https://creativecommons.org/licenses/by-sa/4.0/');
  assert.equal(seen.summary, 'How we did it.');
  assert.equal(net.sql(`SELECT object_url FROM fed_remote_objects WHERE kind = 'item' AND name = '${item.title}'`),
    `${north.base}/ap/commons/${item.slug}`);
  const page = await new Client(net.base).get('/commons');   // as anyone sees it
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<a href="${north.base}/commons/${item.slug}">${item.title}</a>`));
  assert.match(page.text, /<a href="https:\/\/creativecommons.org\/licenses\/by-sa\/4.0\/">CC BY-SA 4.0<\/a>/);
  assert.match(page.text, new RegExp(`Lives on ${new URL(north.base).host}`));
  // a new revision is an Update
  const title = `Revised ${unique()}`;
  let r = await conn.client.api('POST', `/commons/${item.slug}/edit`, { title, note: 'A better title.' });
  assert.equal(r.status, 201, r.text);
  await until('the revision', async () => (await peerItems()).some((i) => i.name === title));
  assert.ok(!(await peerItems()).some((i) => i.name === item.title), 'the copy is changed, not added to');
  // consent taken back withdraws it on the peer too
  r = await conn.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'withdraw', reason: 'We got it wrong.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().item.status, 'withdrawn');
  await until('the withdrawal', async () => !(await peerItems()).some((i) => i.name === title));
  assert.equal(net.sql(`SELECT COUNT(*) FROM fed_remote_objects WHERE object_url = '${north.base}/ap/commons/${item.slug}'`), '0');
  assert.match(north.sql(`SELECT activity FROM fed_deliveries WHERE activity LIKE '%"Delete"%' AND activity LIKE '%/ap/commons/${item.slug}%'`),
    /"formerType":"Article"/);
});

// An Add of a glocal Use: what a chapter `ch` of the network's node tells north of a use of north's `item`.
function useOf(ch, item, fields = {}) {
  const group = `${net.base}/ap/chapters/${ch.slug}`, id = `${group}#use-${unique()}`;
  const path = [netPlaces.country, netPlaces.region, ch.metro].map((p) => ({ name: p.name, id: `${net.base}/ap/places/${p.slug}` }));
  return { '@context': ['https://www.w3.org/ns/activitystreams', { glocal: `${net.base}/ns#` }], id, type: 'Add', actor: group,
    target: `${north.base}/ap/commons/${item.slug}`,
    object: { type: 'Use', id: `${net.base}/ap/uses/${unique()}`, item: `${north.base}/ap/commons/${item.slug}`,
      chapter: { id: group, name: ch.name }, placePath: path, usedOn: new Date().toISOString().slice(0, 10), outcome: 'worked',
      ...fields } };
}

test("a use recorded on the network's node counts in the item's spread on the regional node", async () => {
  const item = await itemOn(conn);
  const reachOf = async () => (await conn.client.api('GET', `/commons/${item.slug}/reach`)).json();
  let reach = await reachOf();
  assert.equal(reach.reach.uses, 0);
  assert.equal(reach.reach.cities, 1, 'its origin');
  // two chapters of the network's node: one in the city both nodes have, one in a city only the network has
  const nell = await memberOn(net, 'Nell Net');
  const chapters = [];
  for (const metro of [netPlaces.metro, netPlaces.Othertown]) {
    const r = await nell.client.api('POST', '/chapters', { name: `Users in ${metro.name}`, metro_id: metro.id });
    assert.equal(r.status, 201, r.text);
    const ch = { ...r.json().chapter, metro };
    const doc = await fetch(`${net.base}/ap/chapters/${ch.slug}`, { headers: { accept: 'application/activity+json' } });
    assert.equal(doc.status, 200);   // its key is made
    chapters.push(ch);
  }
  const first = useOf(chapters[0], item);
  let r = await postSignedAs(net, `/ap/chapters/${chapters[0].slug}`, `${north.base}/ap/inbox`, first);
  assert.equal(r.status, 202, r.text);
  r = await postSignedAs(net, `/ap/chapters/${chapters[1].slug}`, `${north.base}/ap/inbox`, useOf(chapters[1], item, { outcome: 'mixed' }));
  assert.equal(r.status, 202, r.text);
  reach = await reachOf();
  assert.equal(reach.reach.uses, 2);
  assert.equal(reach.reach.chapters, 3, 'its own chapter and the two that used it on the network');
  assert.equal(reach.reach.cities, 2, 'the city both nodes have counts once; the other is new');
  assert.equal(reach.reach.countries, 1);
  assert.equal(reach.reach.first_outside_days, 0);
  assert.deepEqual(reach.reach.reached.cities.map((c) => c.name).sort(), [netPlaces.metro.name, netPlaces.Othertown.name].sort());
  assert.equal(reach.reach.outcomes.mixed, 1);
  const told = reach.uses.filter((u) => u.peer);
  assert.deepEqual(told.map((u) => u.peer.name).sort(), chapters.map((c) => c.name).sort());
  assert.ok(told.every((u) => u.peer.host === new URL(net.base).host));
  const page = await conn.client.get(`/commons/${item.slug}/reach`);
  assert.match(page.text, new RegExp(`<a href="${net.base}/ap/chapters/${chapters[1].slug}">Users in ${netPlaces.Othertown.name}</a> <span class="badge note">Lives on`));
  assert.match(page.text, new RegExp(`${netPlaces.Othertown.name}, ${netPlaces.country.name}`));
  // the same activity again, or the same Use in another activity, is one use
  r = await postSignedAs(net, `/ap/chapters/${chapters[0].slug}`, `${north.base}/ap/inbox`, first);
  assert.equal(r.status, 202, r.text);
  r = await postSignedAs(net, `/ap/chapters/${chapters[0].slug}`, `${north.base}/ap/inbox`, { ...first, id: `${first.id}-again` });
  assert.equal(r.status, 202, r.text);
  assert.equal((await reachOf()).reach.uses, 2);
  // a use of what is not published there, or told of by another host, is refused with nothing stored
  const draft = north.sql("SELECT slug FROM commons_items WHERE status = 'draft' LIMIT 1");
  const bad = useOf(chapters[0], { slug: draft });
  r = await postSignedAs(net, `/ap/chapters/${chapters[0].slug}`, `${north.base}/ap/inbox`, bad);
  assert.equal(r.status, 404, r.text);
  const foreign = useOf(chapters[0], item);
  foreign.object.id = `${south.base}/ap/uses/x`;
  r = await postSignedAs(net, `/ap/chapters/${chapters[0].slug}`, `${north.base}/ap/inbox`, foreign);
  assert.equal(r.status, 403, r.text);
  assert.equal(north.sql('SELECT COUNT(*) FROM commons_remote_uses'), '2');
  assert.equal(north.sql(`SELECT COUNT(*) FROM fed_inbox_log WHERE activity_id IN ('${bad.id}', '${foreign.id}')`), '0');
});

test("a member of a chapter of the network's node records a use of a peer's item, and the item's node counts it", async () => {
  const item = await itemOn(conn);
  const copy = await until('the copy', () => net.sql(`SELECT id FROM fed_remote_objects WHERE name = '${item.title}'`));
  const nina = await memberOn(net, 'Nina Net');
  let r = await nina.client.api('POST', '/chapters', { name: `Recorders ${tag}`, metro_id: netPlaces.Othertown.id });
  assert.equal(r.status, 201, r.text);
  const ch = r.json().chapter;
  // the form, linked from the commons' list of the peers' items
  const home = await nina.client.get('/commons');
  assert.match(home.text, new RegExp(`href="/commons/peers/${copy}/use">Record a use<span class="visually-hidden"> of ${item.title}</span>`));
  const form = await nina.client.get(`/commons/peers/${copy}/use`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`<option value="chapter:${ch.slug}"`));
  assert.match(form.text, /data-confirm="Tell /);
  // refusals at each field, nothing sent
  const outsider = await memberOn(net, 'Otto Outsider');
  const sent = () => net.sql(`SELECT COUNT(*) FROM fed_deliveries WHERE activity LIKE '%"Use"%'`);
  r = await outsider.client.api('POST', `/commons/peers/${copy}/uses`, { used_by: `chapter:${ch.slug}`, used_on: '2026-01-02', outcome: 'worked' });
  assert.equal(r.status, 422, r.text);
  assert.match(JSON.stringify(r.json().errors), /used_by/);
  r = await nina.client.api('POST', `/commons/peers/${copy}/uses`, { used_by: `chapter:${ch.slug}`, used_on: '2999-01-01', outcome: 'maybe' });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json().errors.map((x) => x.field).sort(), ['outcome', 'used_on']);
  const page = await nina.client.post(`/commons/peers/${copy}/uses`, { used_by: `chapter:${ch.slug}`, used_on: 'soon', outcome: 'worked' });
  assert.equal(page.status, 422);
  assert.match(page.text, /id="used_on-error"/);
  assert.equal((await nina.client.api('POST', '/commons/peers/999999/uses', { used_by: `chapter:${ch.slug}`, used_on: '2026-01-02', outcome: 'worked' })).status, 404);
  assert.equal(sent(), '0');
  // recorded: an Add of a Use goes to north, signed by the chapter, and north counts it
  const day = new Date().toISOString().slice(0, 10);
  r = await nina.client.api('POST', `/commons/peers/${copy}/uses`, { used_by: `chapter:${ch.slug}`, used_on: day, outcome: 'worked' });
  assert.equal(r.status, 201, r.text);
  r = await nina.client.api('POST', `/commons/peers/${copy}/uses`, { used_by: `chapter:${ch.slug}`, used_on: day, outcome: 'mixed' });
  assert.equal(r.status, 422, 'one use per chapter, item and day');
  const reach = await until('the use counted on north', async () => {
    const v = (await conn.client.api('GET', `/commons/${item.slug}/reach`)).json();
    return v.reach.uses === 1 && v;
  });
  assert.equal(reach.reach.cities, 2, `its origin and ${netPlaces.Othertown.name}`);
  assert.equal(reach.uses[0].peer.name, `Recorders ${tag}`);
  assert.equal(reach.uses[0].peer.url, `${net.base}/ap/chapters/${ch.slug}`);
  assert.equal(net.sql(`SELECT actor FROM fed_deliveries WHERE activity LIKE '%"Use"%'`), `/ap/chapters/${ch.slug}`);
});

test("the commons travels both ways: the network's item is on the regional node, and a use there counts on the network", async () => {
  const nadia = await memberOn(net, 'Nadia Net');
  let r = await nadia.client.api('POST', '/chapters', { name: `Authors ${tag}`, metro_id: netPlaces.metro.id });
  assert.equal(r.status, 201, r.text);
  const theirs = r.json().chapter;
  r = await nadia.client.api('POST', '/commons', { kind: 'template', title: `Network template ${unique()}`, body: 'Fill it in.',
    licence: 'cc-by-4.0', chapter_id: theirs.id });
  assert.equal(r.status, 201, r.text);
  const item = r.json().item;
  assert.equal((await nadia.client.api('POST', `/commons/${item.slug}/publish`, {})).json().item.status, 'published');
  const seen = await until("the network's item on north", async () =>
    (await conn.client.api('GET', '/commons')).json().peer_items.find((i) => i.name === item.title));
  assert.equal(seen.host, new URL(net.base).host);
  assert.equal(seen.licence, 'cc-by-4.0');
  r = await conn.client.api('POST', `/commons/peers/${seen.id}/uses`, { used_by: `chapter:${known.slug}`,
    used_on: new Date().toISOString().slice(0, 10), outcome: 'worked' });
  assert.equal(r.status, 201, r.text);
  const reach = await until('the use counted on the network', async () => {
    const v = (await nadia.client.api('GET', `/commons/${item.slug}/reach`)).json();
    return v.reach.uses === 1 && v;
  });
  assert.equal(reach.uses[0].peer.name, known.name);
  assert.equal(reach.uses[0].peer.host, new URL(north.base).host);
  assert.equal(reach.reach.chapters, 2);
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
  // the calendar filtered by a place shows it under its own place and those above, not under another
  const under = async (place) => (await net.admin.api('GET', `/events?place=${place.slug}`)).json().peer_events.map((e) => e.name);
  assert.ok((await under(netPlaces.country)).includes(ev.title), 'under its country');
  assert.ok((await under(netPlaces.metro)).includes(ev.title), 'under its metro');
  assert.ok(!(await under(netPlaces.Othertown)).includes(ev.title), 'not under a city it is not in');
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
  const kept = net.sql("SELECT name || ' ' || summary || ' ' || location || ' ' || home_url FROM fed_remote_objects");
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
