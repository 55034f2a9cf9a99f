// search.test.mjs - what the network's search finds beyond the commons, on
// each database: chapters, places, events, formats and members are found as
// soon as they are made and as they are after a change; network events and
// members only by those logged in; and confidential words — a canary in a
// chapter-only event, in a meeting's shared success and its stories, in a
// governance matter, in a draft item — are never found by anyone, not even
// by the chapter's own members.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, when } from './lib.mjs';

let adm, geo, conn, mem, outsider, anon, ch, app;

// The addresses found for `q` by `client`.
async function urls(client, q, extra = '') {
  const r = await client.api('GET', `/search?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json().results.map((x) => x.url);
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  mem = await member({ name: `Mia ${unique()}` });
  outsider = await member({ name: `Olga ${unique()}` });
  anon = new Client();
  ch = await chapter(conn, { name: `Searchers ${unique()}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(conn, ch, mem);
  const a = await adm.api('POST', '/apps', { name: `Search night ${unique()}`, summary: 'An evening of lightning talks.',
    description: 'Everyone brings one *finding*.', tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] });
  assert.equal(a.status, 201, a.text);
  app = a.json().app;
});

test('chapters: found by name, accents and case folded, and as they are after a change', async () => {
  const word = unique('zq');
  const made = await chapter(conn, { name: `Café Zürich ${word}`, metro_id: geo.metro.id, description: `Founders who **bake** ${word}.` });
  assert.deepEqual(await urls(anon, `cafe zurich ${word}`), [`/chapters/${made.slug}`]);
  assert.deepEqual(await urls(anon, `CAFÉ ${word}`), [`/chapters/${made.slug}`]);
  assert.deepEqual(await urls(anon, `bake ${word}`), [`/chapters/${made.slug}`], 'the description, without its markup');
  assert.deepEqual(await urls(anon, word, `&place=${geo.country.slug}&kind=chapter`), [`/chapters/${made.slug}`], 'by place, up the tree');
  const r = await conn.client.api('POST', `/chapters/${made.slug}`, { name: `Basel Bakers ${word}`, metro_id: geo.metro.id, description: 'Bread.',
    capacity: 12, status: 'forming', sector_rule: 'open' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await urls(anon, `zurich ${word}`), [], 'the old name is gone');
  assert.deepEqual(await urls(anon, `basel ${word}`), [`/chapters/${made.slug}`]);
});

test('places and formats are found', async () => {
  assert.ok((await urls(anon, geo.metro.name, '&kind=place')).includes(`/places/${geo.metro.slug}`));
  assert.deepEqual(await urls(anon, app.name), [`/apps/${app.slug}`]);
  assert.deepEqual(await urls(anon, `lightning ${app.name}`), [`/apps/${app.slug}`]);
});

test('events: public ones for all, network ones for members, chapter-only and cancelled ones for nobody', async () => {
  const word = unique('ev');
  const make = async (visibility, title) => {
    const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `${title} ${word}`,
      venue: 'The Hub', capacity: 20, visibility, description: `About ${visibility}-${word}`, ...when(60 * 24) });
    assert.equal(r.status, 201, r.text);
    return r.json().event;
  };
  const pub = await make('public', 'Open evening');
  const net = await make('network', 'Members evening');
  const own = await make('chapter', 'Chapter evening');
  assert.deepEqual(await urls(anon, word), [`/events/${pub.slug}`]);
  assert.deepEqual((await urls(outsider.client, word)).sort(), [`/events/${pub.slug}`, `/events/${net.slug}`].sort());
  for (const who of [anon, outsider.client, mem.client, conn.client]) {
    assert.deepEqual(await urls(who, `chapter-${word}`), [], 'a chapter-only event is never found');
    assert.deepEqual(await urls(who, `Chapter evening ${word}`), []);
  }
  // made chapter-only later: out; cancelled: out
  assert.equal((await conn.client.api('POST', `/events/${pub.slug}`, { visibility: 'chapter' })).status, 200);
  assert.deepEqual(await urls(anon, word), []);
  assert.equal((await conn.client.api('POST', `/events/${net.slug}`, { status: 'cancelled' })).status, 200);
  assert.deepEqual(await urls(outsider.client, word), []);
});

test('members: found only by those logged in, with what their profile shows and never their address', async () => {
  const word = unique('mb');
  const who = await member({ name: `Zoë ${word}` });
  assert.equal((await who.client.api('POST', '/me', { name: `Zoë ${word}`, organisation: `Krümel ${word} Ltd`, bio: 'I *bake*.' })).status, 200);
  assert.deepEqual(await urls(anon, word), [], 'anonymous: no members');
  assert.deepEqual(await urls(outsider.client, `zoe ${word}`), [`/members/${who.id}`]);
  assert.deepEqual(await urls(outsider.client, `krumel ${word}`), [`/members/${who.id}`]);
  assert.deepEqual(await urls(outsider.client, who.email), [], 'never by the e-mail address');
  const r = await outsider.client.api('GET', `/search?q=${word}`);
  assert.doesNotMatch(r.text, new RegExp(who.email.replace(/[.@+]/g, '.')));
});

async function todaysMeeting() {
  const date = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  const r = await conn.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '23:30', venue: 'Back room' });
  assert.equal(r.status, 201, r.text);
  return r.json().meeting;
}

test('a canary in confidential words is never found by anyone, not even by the chapter', async () => {
  const canary = unique('canary');
  // a meeting: a shared success, a challenge and its story
  const m = await todaysMeeting();
  const base = `/chapters/${ch.slug}/meetings/${m.id}`;
  assert.equal((await mem.client.api('POST', `${base}/rsvp`, { answer: 'yes' })).status, 200);
  for (const p of ['checkin', 'successes']) assert.equal((await conn.client.api('POST', `${base}/phase`, { phase: p })).status, 200);
  assert.equal((await mem.client.api('POST', `${base}/rounds`, { kind: 'success', body: `We won ${canary} success` })).status, 201);
  assert.equal((await conn.client.api('POST', `${base}/phase`, { phase: 'challenges' })).status, 200);
  const c = await mem.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: `Our ${canary} challenge` });
  assert.equal(c.status, 201, c.text);
  const story = await conn.client.api('POST', `${base}/rounds/${c.json().round.id}/stories`,
    { body: `When we faced ${canary} we kept a shared folder.` });
  assert.equal(story.status, 201, story.text);
  // a governance matter
  const matter = await mem.client.api('POST', `/chapters/${ch.slug}/matters`, { kind: 'conflict', title: `Matter ${canary}`, body: `Words ${canary}` });
  assert.equal(matter.status, 201, matter.text);
  // a draft in the commons
  const draft = await mem.client.api('POST', '/commons', { kind: 'notes', title: `Draft ${canary}`, body: `Draft words ${canary}` });
  assert.equal(draft.status, 201, draft.text);
  for (const [name, who] of [['anonymous', anon], ['outsider', outsider.client], ['member', mem.client], ['connector', conn.client], ['admin', adm]]) {
    const r = await who.api('GET', `/search?q=${canary}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json().results, [], `${name}: nothing confidential is ever in the index`);
    assert.doesNotMatch(r.text, new RegExp(`${canary}.*(success|challenge|folder|Words)`));
  }
});
