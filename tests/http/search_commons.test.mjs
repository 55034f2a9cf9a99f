// search_commons.test.mjs - the network's search (GET /search, /api/v1/search)
// over the commons, on each database: a fixed corpus (kept apart from the other
// files' items by a tag of its own) and fixed queries whose top results are
// written here, so the same assertions passing on SQLite and on PostgreSQL
// means the same results on both; accents, case and the last word's prefix;
// the filters; consent (an item is not found until every person named on it
// consents, and taking consent back takes it out); snippets escaped with the
// matches in <mark>; bad input answered 422 at its field.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, geography, chapter, unique, mainOf } from './lib.mjs';

let adm, geo, ana, bea, anon, tag;
const items = {};

// A published item of Ana's with the corpus's tag (and more tags after it).
async function publish(key, fields) {
  const r = await ana.client.api('POST', '/commons', { kind: 'technique', body: '', ...fields, tags: `${tag} ${fields.tags || ''}` });
  assert.equal(r.status, 201, r.text);
  const slug = r.json().item.slug;
  const p = await ana.client.api('POST', `/commons/${slug}/publish`, {});
  assert.equal(p.status, 200, p.text);
  items[key] = slug;
}

// The keys of the items found, best first: the corpus's own results only.
async function found(query, client = anon) {
  const r = await client.api('GET', `/search?tag=${tag}&${query}`);
  assert.equal(r.status, 200, r.text);
  const bySlug = Object.fromEntries(Object.entries(items).map(([k, s]) => [`/commons/${s}`, k]));
  return r.json().results.map((x) => bySlug[x.url] || x.url);
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  [ana, bea] = [await member({ name: `Ana ${unique()}` }), await member({ name: `Bea ${unique()}` })];
  anon = new Client();
  tag = unique('srk');
  // in this order: later ones are newer
  await publish('basics', { title: 'Facilitation basics', body: 'A few facilitation tips, and the fishbowl for big rooms.', kind: 'notes' });
  await publish('fishbowl', { title: 'Fishbowl conversations for large rooms', body: 'The fishbowl format lets a room of sixty talk: four chairs, one empty.', tags: 'fishbowl' });
  await publish('cafe', { title: 'Café meetups in Zürich', body: 'We ran a CAFÉ round at the Zürich chapter every month.', licence: 'cc0-1.0', kind: 'tool' });
  await publish('hotseat', { title: 'The hot seat', body: 'One member, one problem, forty minutes. Someone mentioned a fishbowl once.' });
  await publish('silent', { title: 'Silent hot seat for remote members', body: 'A hot seat where the first round is written: hot seat, quietly.', tags: 'remote' });
  const ch = await chapter(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  await publish('placed', { title: 'Harbour walks', body: 'Walking meetings along the harbour.', chapter_id: ch.id });
});

test('fixed queries give these results in this order (the same on every database)', async () => {
  assert.deepEqual(await found('q=fishbowl'), ['fishbowl', 'hotseat', 'basics'],
    'the title and tag first, then the mentions, the more recent first among equals');
  assert.deepEqual(await found('q=hot+seat'), ['silent', 'hotseat'], 'more of the words, and next to each other');
  assert.deepEqual((await found('q=seat+hot')).sort(), ['hotseat', 'silent'], 'the words in any order');
  assert.deepEqual(await found('q=rooms'), ['fishbowl', 'basics']);
  assert.deepEqual(await found('q=hot+seat+fishbowl'), ['hotseat'], 'every word must be there');
  assert.deepEqual(await found('q=nothing+like+this'), []);
});

test('accents and case are folded, and the last word finds longer ones', async () => {
  assert.deepEqual(await found('q=cafe+zurich'), ['cafe']);
  assert.deepEqual(await found('q=CAF%C3%89'), ['cafe']);
  assert.deepEqual(await found('q=Z%C3%BCrich+meetups'), ['cafe']);
  assert.deepEqual(await found('q=facil'), ['basics'], '"facil" finds "facilitation"');
  assert.deepEqual(await found('q=facil+'), [], 'a space after it ends the word');
  assert.deepEqual(await found('q=fa'), [], 'two letters are no prefix');
});

test('filters: kind, licence, tag, and the filters alone', async () => {
  assert.deepEqual(await found('q=rooms&kind=item:notes'), ['basics']);
  assert.deepEqual(await found('q=rooms&kind=chapter'), []);
  assert.deepEqual(await found('kind=item:tool'), ['cafe'], 'a filter without words lists the newest it keeps');
  assert.deepEqual(await found('licence=cc0-1.0'), ['cafe']);
  assert.deepEqual(await found(`place=${geo.metro.slug}`), ['placed']);
  assert.deepEqual(await found(`place=${geo.country.slug}`), ['placed'], 'a place holds the places in it');
  assert.deepEqual(await found(`place=${geo.metro2.slug}`), []);
  assert.deepEqual(await found(`sector=${geo.sector.id}&q=harbour`), ['placed']);
  assert.deepEqual(await found(`sector=${geo.sector2.id}&q=harbour`), []);
  assert.deepEqual(await found('q=seat&licence=cc-by-4.0'), ['silent', 'hotseat']);
  const both = await anon.api('GET', `/search?tag=${tag}+remote`);
  assert.deepEqual(both.json().results.map((x) => x.url), [`/commons/${items.silent}`], 'several tags: all of them');
  const none = await anon.api('GET', '/search');
  assert.equal(none.status, 200);
  assert.equal(none.json().count, 0, 'nothing asked, nothing found');
});

test('results: the title and snippet highlighted and escaped, the licence and kind named', async () => {
  const r = await anon.api('GET', `/search?tag=${tag}&q=fishbowl+format`);
  const [first] = r.json().results;
  assert.equal(first.url, `/commons/${items.fishbowl}`);
  assert.match(first.title_marked, /<mark>Fishbowl<\/mark> conversations/);
  assert.match(first.snippet_marked, /<mark>fishbowl<\/mark> <mark>format<\/mark>/);
  assert.equal(first.licence, 'cc-by-4.0');
  assert.equal(first.kind, 'item');
  assert.equal(first.subkind, 'technique');
  const page = await anon.get(`/search?tag=${tag}&q=fishbowl+format`);
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  assert.match(main, /<mark>Fishbowl<\/mark> conversations/);
  assert.match(main, /Technique/);
  assert.match(main, /CC BY 4.0/);
  assert.match(main, /value="fishbowl format"/);
  const word = unique('x');   // other files' data may hold "script" and "alert"
  const markup = await anon.get(`/search?q=${encodeURIComponent(`<script>alert(${word})</script>`)}`);
  assert.equal(markup.status, 200);
  assert.doesNotMatch(markup.text, /<script>alert/);
  assert.match(mainOf(markup.text), new RegExp(`&lt;script&gt;alert\\(${word}\\)&lt;/script&gt;`));
  assert.match(mainOf(markup.text), /Nothing matches/);
});

test('consent: found only once everyone named consents, and not after consent is taken back', async () => {
  const word = unique('consentcanary');
  const r = await ana.client.api('POST', '/commons', { kind: 'story', title: `A story ${word}`, body: `${word} in the words`, tags: tag });
  const slug = r.json().item.slug;
  assert.equal((await ana.client.api('POST', `/commons/${slug}/people`, { email: bea.email, role: 'quoted' })).status, 200);
  const urls = async (c) => (await c.api('GET', `/search?q=${word}`)).json().results.map((x) => x.url);
  assert.deepEqual(await urls(anon), [], 'a draft is never found');
  assert.equal((await ana.client.api('POST', `/commons/${slug}/publish`, {})).json().item.status, 'consenting');
  assert.deepEqual(await urls(anon), [], 'waiting for consent');
  assert.deepEqual(await urls(ana.client), [], 'not even by its author: the search holds only what is public');
  assert.equal((await bea.client.api('POST', `/commons/${slug}/consent`, { consent: 'give' })).json().item.status, 'published');
  assert.deepEqual(await urls(anon), [`/commons/${slug}`]);
  assert.equal((await bea.client.api('POST', `/commons/${slug}/consent`, { consent: 'withdraw', reason: 'Too close to home.' })).status, 200);
  assert.deepEqual(await urls(anon), [], 'taken back: gone from the search');
  assert.deepEqual(await urls(ana.client), []);
});

test('bad input is answered 422 at its field, on both faces', async () => {
  const cases = [
    [`q=${'x'.repeat(201)}`, 'q', /at most 200 characters/],
    ['kind=sessions', 'kind', /from the list/],
    ['kind=member', 'kind', /from the list/],   // members are found only by those logged in
    ['licence=cc-by-nc-4.0', 'licence', /CC BY 4.0, CC BY-SA 4.0 or CC0/],
    ['place=atlantis', 'place', /no place called "atlantis"/],
    ['sector=abc', 'sector', /from the list/],
    ['sector=999999999', 'sector', /from the list/],
    [`tag=${'t'.repeat(65)}`, 'tag', /at most 64/],
  ];
  for (const [query, field, message] of cases) {
    const r = await anon.api('GET', `/search?${query}`);
    assert.equal(r.status, 422, query);
    assert.match(r.json().errors.find((e) => e.field === field).message, message, query);
  }
  const page = await anon.get('/search?kind=sessions&q=x');
  assert.equal(page.status, 422);
  assert.match(mainOf(page.text), /id="kind-error"/);
  assert.equal((await ana.client.api('GET', '/search?kind=member&q=x')).status, 200, 'members may look for members');
  const place = await anon.api('GET', `/search?q=x&place=${geo.metro.slug}`);
  assert.equal(place.status, 200, 'a place that exists');
});
