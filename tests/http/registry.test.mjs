// registry.test.mjs - places, sectors, the directory and its counts, density, members.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, mainOf, sql } from './lib.mjs';

let geo, adm;
before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

test('only administrators add places and sectors', async () => {
  const m = await member();
  const anon = new Client();
  assert.equal((await anon.api('POST', '/places', { name: 'Nowhere' }, { csrf: false })).status, 401);
  assert.equal((await m.client.api('POST', '/places', { name: 'Nowhere' })).status, 403);
  assert.equal((await m.client.api('POST', '/sectors', { name: 'Nothing' })).status, 403);
  const page = await m.client.post('/places', { name: 'Nowhere' });
  assert.equal(page.status, 403);
  assert.match(page.text, /Only network administrators/);
});

test('places form a tree: country > region > metro, with validation', async () => {
  const tooDeep = await adm.api('POST', '/places', { name: 'Street', parent_id: geo.metro.id });
  assert.equal(tooDeep.status, 422);
  assert.match(tooDeep.json().errors[0].message, /smallest places/);
  assert.equal(geo.region.kind, 'region');
  assert.equal(geo.metro.kind, 'metro');
  const dup = await adm.api('POST', '/places', { name: 'Again', slug: geo.metro.slug });
  assert.equal(dup.status, 422);
  assert.match(dup.json().errors[0].message, /taken/);
  const tz = await adm.api('POST', '/places', { name: `Zone ${unique()}`, parent_id: geo.region.id, timezone: 'Mars/Olympus' });
  assert.equal(tz.status, 422);
  assert.equal(tz.json().errors[0].field, 'timezone');
  const blank = await adm.api('POST', '/places', { name: '' });
  assert.equal(blank.status, 422);
  const dupSector = await adm.api('POST', '/sectors', { name: geo.sector.name });
  assert.equal(dupSector.status, 422);
  assert.match(dupSector.json().errors[0].message, /already a sector/);
});

test('the directory filters by any place level, sector and status, with counts', async () => {
  const owner = await member({ metro_id: geo.metro.id, sector_id: geo.sector.id });
  const a = await chapter(owner, { name: `Alpha ${geo.tag}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  const b = await chapter(owner, { name: `Beta ${geo.tag}`, metro_id: geo.metro2.id });
  await owner.client.api('POST', `/chapters/${b.slug}`, { status: 'active' });
  const anon = new Client();
  for (const place of [geo.country.slug, geo.region.slug]) {
    const d = (await anon.get(`/api/v1/chapters?place=${place}`)).json();
    assert.equal(d.total, 2, `two chapters under ${place}`);
    const st = Object.fromEntries(d.facets.statuses.map((s) => [s.status, s.chapters]));
    assert.equal(st.forming, 1);
    assert.equal(st.active, 1);
    const sectors = d.facets.sectors.map((s) => s.slug);
    assert.deepEqual(sectors, [geo.sector.slug]);
  }
  const metro = (await anon.get(`/api/v1/chapters?place=${geo.metro.slug}`)).json();
  assert.equal(metro.total, 1);
  assert.equal(metro.chapters[0].slug, a.slug);
  const bySector = (await anon.get(`/api/v1/chapters?place=${geo.country.slug}&sector=${geo.sector.slug}`)).json();
  assert.deepEqual(bySector.chapters.map((c) => c.slug), [a.slug]);
  const active = (await anon.get(`/api/v1/chapters?place=${geo.country.slug}&status=active`)).json();
  assert.deepEqual(active.chapters.map((c) => c.slug), [b.slug]);
  const q = (await anon.get(`/api/v1/chapters?q=${encodeURIComponent(`alpha ${geo.tag}`)}`)).json();
  assert.deepEqual(q.chapters.map((c) => c.slug), [a.slug]);
  const regionFacet = (await anon.get(`/api/v1/chapters?place=${geo.country.slug}`)).json().facets.places;
  assert.deepEqual(regionFacet.map((p) => [p.slug, p.chapters]), [[geo.region.slug, 2]]);
  const page = await anon.get(`/chapters?place=${geo.region.slug}`);
  assert.match(mainOf(page.text), new RegExp(`Alpha ${geo.tag}`));
  assert.match(mainOf(page.text), /2 open chapters found/);
});

test('every page counts the same chapters: the open ones (forming, active, dormant), and says so', async () => {
  const g = await geography(adm);
  const owner = await member({ metro_id: g.metro.id });
  const open = await chapter(owner, { name: `Open ${g.tag}`, metro_id: g.metro.id });
  await chapter(owner, { name: `Other ${g.tag}`, metro_id: g.metro2.id });
  const shut = await chapter(owner, { name: `Shut ${g.tag}`, metro_id: g.metro.id });
  sql(`UPDATE chapters SET status = 'closed' WHERE id = ${shut.id}`);
  const anon = new Client();
  const home = mainOf((await anon.get('/')).text);
  const onHome = Number(home.match(/<strong>([\d,]+)<\/strong><span>open chapters<\/span>/)[1].replace(/,/g, ''));
  const directory = (await anon.get('/api/v1/chapters')).json();
  assert.equal(directory.total, onHome, 'the home page and the directory count the same chapters');
  assert.ok(!directory.chapters.some((c) => c.slug === shut.slug), 'a closed chapter is not among them');
  assert.match(mainOf((await anon.get('/chapters')).text), new RegExp(`${onHome.toLocaleString('en-US')} open chapters found`));
  assert.match(home, /closed/i, 'the home page says which chapters it counts');
  for (const place of [g.country, g.region, g.metro]) {
    const page = (await anon.get(`/api/v1/places/${place.slug}`)).json();
    const dir = (await anon.get(`/api/v1/chapters?place=${place.slug}`)).json();
    assert.equal(dir.total, page.place.chapters, `${place.kind}: the place's page and the directory agree`);
    assert.match(mainOf((await anon.get(`/places/${place.slug}`)).text), /open chapters/);
  }
  assert.equal((await anon.get(`/api/v1/places/${g.country.slug}`)).json().place.chapters, 2);
  const closed = (await anon.get(`/api/v1/chapters?place=${g.country.slug}&status=closed`)).json();
  assert.deepEqual(closed.chapters.map((c) => c.slug), [shut.slug], 'closed chapters are still found under their status');
  const facet = (await anon.get(`/api/v1/chapters?place=${g.country.slug}`)).json().facets.statuses;
  assert.equal(facet.find((f) => f.status === 'closed').chapters, 1, 'and the status facet counts them');
  assert.ok(open.slug);
});

test('dates on pages are the days of the chapter\'s own time zone, not UTC\'s', async () => {
  const tag = unique();
  const country = (await adm.api('POST', '/places', { name: `States ${tag}` })).json().place;
  const state = (await adm.api('POST', '/places', { name: `California ${tag}`, parent_id: country.id })).json().place;
  const sf = (await adm.api('POST', '/places', { name: `San Francisco ${tag}`, parent_id: state.id, timezone: 'America/Los_Angeles' })).json().place;
  const owner = await member({ metro_id: sf.id });
  const c = await chapter(owner, { name: `Bay ${tag}`, metro_id: sf.id });
  // 18:00 on 1 December in San Francisco is 02:00 on 2 December in UTC
  sql(`UPDATE chapters SET created_at = ${Date.UTC(2026, 11, 2, 2, 0) / 1000} WHERE id = ${c.id}`);
  const page = mainOf((await new Client().get(`/chapters/${c.slug}`)).text);
  assert.match(page, /Started 1 Dec 2026/);
  assert.doesNotMatch(page, /2 Dec 2026/);
});

test('directory filters that name nothing are refused clearly', async () => {
  const anon = new Client();
  assert.equal((await anon.get('/api/v1/chapters?place=atlantis')).status, 404);
  assert.equal((await anon.get('/api/v1/chapters?sector=alchemy')).status, 404);
  assert.equal((await anon.get('/api/v1/chapters?status=sleeping')).status, 400);
  assert.equal((await anon.get('/api/v1/chapters?page=0')).status, 400);
  assert.equal((await anon.get('/api/v1/chapters?page=abc')).status, 400);
  const quoted = await anon.get(`/api/v1/chapters?q=${encodeURIComponent("' OR 1=1 --")}`);
  assert.equal(quoted.status, 200);
  assert.equal(quoted.json().total, 0, 'SQL in a search is only text');
});

test('a place page shows the density by metro and sector', async () => {
  const p = (await new Client().get(`/api/v1/places/${geo.region.slug}`)).json();
  assert.equal(p.place.kind, 'region');
  assert.deepEqual(p.ancestors.map((x) => x.slug), [geo.country.slug]);
  assert.equal(p.density.rows.length, 2, 'both metros of the region');
  const row = p.density.rows.find((r) => r.slug === geo.metro.slug);
  const col = p.density.columns.findIndex((c) => c.slug === geo.sector.slug);
  assert.ok(col >= 0);
  assert.equal(row.cells[col].chapters, 1);
  assert.ok(row.cells[col].members >= 1);
  assert.ok(p.density.chapters >= 2);
  const html = await new Client().get(`/places/${geo.region.slug}`);
  assert.match(html.text, /Density of the network/);
  assert.equal((await new Client().get('/api/v1/places/atlantis')).status, 404);
  const tree = (await new Client().get('/api/v1/places')).json().places;
  const country = tree.find((c) => c.slug === geo.country.slug);
  assert.equal(country.children[0].children.length, 2);
  assert.ok(country.chapters >= 2, 'counts roll up to the country');
});

test('sectors list their chapters and members', async () => {
  const s = (await new Client().get('/api/v1/sectors')).json().sectors;
  const mine = s.find((x) => x.slug === geo.sector.slug);
  assert.ok(mine.chapters >= 1);
});

test('member search and profiles need a login; e-mail stays private', async () => {
  const anon = new Client();
  assert.equal((await anon.get('/api/v1/members')).status, 401);
  const target = await member({ name: `Zelda ${geo.tag}`, metro_id: geo.metro.id });
  const other = await member();
  assert.equal((await anon.get(`/api/v1/members/${target.id}`)).status, 401);
  const found = (await other.client.api('GET', `/members?q=${encodeURIComponent(`zelda ${geo.tag}`)}`)).json();
  assert.equal(found.total, 1);
  assert.equal(found.members[0].id, target.id);
  assert.equal(found.members[0].email, undefined);
  const byPlace = (await other.client.api('GET', `/members?place=${geo.country.slug}`)).json();
  assert.ok(byPlace.members.some((m) => m.id === target.id));
  const prof = (await other.client.api('GET', `/members/${target.id}`)).json();
  assert.equal(prof.member.name, `Zelda ${geo.tag}`);
  assert.equal(prof.member.email, undefined, 'other members do not see the e-mail address');
  const self = (await target.client.api('GET', `/members/${target.id}`)).json();
  assert.equal(self.member.email, target.email);
  const asAdmin = (await adm.api('GET', `/members/${target.id}`)).json();
  assert.equal(asAdmin.member.email, target.email);
  assert.equal((await other.client.api('GET', '/members/0')).status, 404);
  assert.equal((await other.client.api('GET', '/members/abc')).status, 404);
});

test('member search finds the starts of words of names and organisations, folded, every word typed, and follows profile changes', async () => {
  const t = unique('s');
  const zoe = await member({ name: `Zoë Marchetti ${t}`, metro_id: geo.metro2.id });
  const quinn = await member({ name: `Quinn O"Hara ${t}` });
  const marta = await member({ name: `Márta Sïlva ${t}` });
  const ids = async (q) => {
    const r = await quinn.client.api('GET', `/members?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `search for ${q} answered ${r.status}`);
    return r.json().members.map((m) => m.id).sort();
  };
  const all = [zoe.id, quinn.id, marta.id].sort();
  assert.deepEqual(await ids(t), all, 'a whole word');
  assert.deepEqual(await ids(t.slice(0, -1)), all, 'the start of a word');
  assert.deepEqual(await ids(t.toUpperCase()), all, 'in any case');
  assert.deepEqual(await ids(`mar ${t}`), [zoe.id, marta.id].sort(), '"mar" starts Marchetti and Márta (accents folded)');
  assert.deepEqual(await ids(`MARTA SILVA ${t}`), [marta.id], 'typed without accents, in capitals');
  assert.deepEqual(await ids(`zoe ${t}`), [zoe.id], 'ë is e');
  assert.deepEqual(await ids(`rchetti ${t}`), [], 'the middle of a word finds nothing');
  assert.deepEqual(await ids(`${t.slice(1)}`), [], 'nor the middle of the tag');
  assert.deepEqual(await ids(`zoe silva ${t}`), [], 'every word typed must start a word of the same member');
  assert.deepEqual(await ids(`o"hara ${t}`), [quinn.id], 'a double quote separates words');
  assert.deepEqual(await ids(`hara ${t}`), [quinn.id], 'a word after punctuation is a word');
  assert.deepEqual(await ids(`%${t}`), all, 'LIKE wildcards are only separators');
  assert.deepEqual(await ids(`%%`), [], 'no word typed: nobody');
  assert.deepEqual(await ids(`zzz${t}zzz`), []);
  const two = (await quinn.client.api('GET', `/members?q=zo&place=${geo.metro2.slug}`)).json();
  assert.deepEqual(two.members.map((m) => m.id), [zoe.id], 'two letters are a prefix too, within the place');

  // the words follow inserts and updates of the profile
  const org = `Fabrica ${unique('o')}`;
  assert.equal((await zoe.client.api('POST', '/me', { organisation: org })).status, 200);
  assert.deepEqual(await ids(org.split(' ')[1].slice(0, 8)), [zoe.id], 'found by the start of a word of the organisation');
  assert.equal((await zoe.client.api('POST', '/me', { name: `Zoë Ricci ${t}` })).status, 200);
  assert.deepEqual(await ids(`marchetti ${t}`), [], 'the old name is gone from the words');
  assert.deepEqual(await ids(`ricci ${t}`), [zoe.id], 'the new name is found');
  assert.ok((await ids('ricc')).includes(zoe.id), 'a prefix of the new name, alone');
  const page = await quinn.client.get(`/members?q=${encodeURIComponent(t)}`);
  assert.match(mainOf(page.text), /3 people/);
  assert.match(mainOf(page.text), /start of any word/);
});

test('the directory counts places from the top, and a metro has no places below it', async () => {
  const owner = await member({ metro_id: geo.metro.id });
  const c = await chapter(owner, { name: `Gamma ${geo.tag}`, metro_id: geo.metro.id, sector_id: geo.sector2.id });
  const anon = new Client();
  const top = (await anon.get(`/api/v1/chapters?sector=${geo.sector2.slug}`)).json();
  assert.deepEqual(top.facets.places.map((p) => [p.slug, p.kind, p.chapters]), [[geo.country.slug, 'country', 1]]);
  assert.equal(top.facets.places[0].url, `/chapters?place=${geo.country.slug}&sector=${geo.sector2.slug}`);
  const metro = (await anon.get(`/api/v1/chapters?place=${geo.metro.slug}&sector=${geo.sector2.slug}`)).json();
  assert.deepEqual(metro.chapters.map((x) => x.slug), [c.slug]);
  assert.deepEqual(metro.facets.places, []);
  assert.deepEqual(metro.place_path.map((p) => p.slug), [geo.country.slug, geo.region.slug]);
  assert.deepEqual(metro.facets.sectors.find((s) => s.slug === geo.sector2.slug).chapters, 1);
  const text = (await anon.get(`/api/v1/chapters?place=${geo.region.slug}&q=${encodeURIComponent(`gamma ${geo.tag}`)}`)).json();
  assert.deepEqual(text.facets.places.map((p) => [p.slug, p.chapters]), [[geo.metro.slug, 1]]);
  assert.deepEqual(text.facets.statuses.map((s) => s.chapters), [0, 1, 0, 0]);
});

test('the home page sums up the network', async () => {
  const r = await new Client().get('/');
  assert.equal(r.status, 200);
  assert.match(r.text, /active chapters/);
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const again = await new Client().get('/');
  assert.match(again.text, new RegExp(ch.name));
  await admit(owner, ch, await member());
});
