// feeds.test.mjs - the Atom feeds (the commons' six kinds and governance's
// decision records) read by an independent parser (Debian's python3-feedparser:
// bozo 0, the entries expected) and validated with jing against the RELAX NG
// schema of RFC 4287 (tests/data/atom.rnc, Appendix B); conditional GET (304
// to If-None-Match and If-Modified-Since); only published items, a withdrawn
// one gone at once; markup in titles escaped; the pages' <head> links.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, member, admin, chapter, geography, unique, sql } from './lib.mjs';

const SCHEMA = fileURLToPath(new URL('../data/atom.rnc', import.meta.url));
const PUBLIC = 'http://glocal.test';   // the --public-url the tests' server runs with
const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);

let adm, geo, ana, bo, chA, chB, items;

// ---- reading a feed ----

// The feed as Python's feedparser reads it (bozo must be 0: well-formed, nothing it had to guess).
function parseFeed(xml) {
  const script = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.read())
def links(x): return [{"rel": l.get("rel"), "href": l.get("href"), "type": l.get("type"), "title": l.get("title")} for l in x.get("links", [])]
print(json.dumps({"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "feed": {"id": d.feed.get("id"), "title": d.feed.get("title"), "subtitle": d.feed.get("subtitle"), "updated": d.feed.get("updated"),
           "author": d.feed.get("author"), "links": links(d.feed)},
  "entries": [{"id": e.get("id"), "title": e.get("title"), "title_type": e.get("title_detail", {}).get("type"), "link": e.get("link"),
               "links": links(e), "updated": e.get("updated"), "published": e.get("published"),
               "authors": [{"name": a.get("name"), "href": a.get("href")} for a in e.get("authors", [])],
               "tags": [{"term": t.get("term"), "scheme": t.get("scheme"), "label": t.get("label")} for t in e.get("tags", [])],
               "summary": e.get("summary"), "content": [{"type": c.get("type"), "value": c.get("value")} for c in e.get("content", [])]}
              for e in d.entries]}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `feedparser: ${r.stderr}`);
  const f = JSON.parse(r.stdout);
  assert.equal(f.bozo, 0, `feedparser read it cleanly: ${f.error}`);
  assert.equal(f.version, 'atom10');
  return f;
}

// jing against RFC 4287's schema (compact syntax: -c); fails the test with jing's words.
const scratch = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'feeds-'));
function validate(xml, what) {
  const file = join(scratch, `${unique('feed')}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('jing', ['-c', SCHEMA, file], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `jing could not run (install it: tools/setup test): ${r.error}`);
  assert.equal(r.status, 0, `${what} is valid Atom (RFC 4287, Appendix B): ${r.stdout}`);
}

// GETs a feed: 200, Atom, parsed and validated.
async function feed(path, client = new Client()) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type'), /^application\/atom\+xml; charset=utf-8$/);
  validate(r.text, path);
  return { ...parseFeed(r.text), xml: r.text, etag: r.headers.get('etag'), lastModified: r.headers.get('last-modified'),
    cacheControl: r.headers.get('cache-control') };
}

const titles = (f) => f.entries.map((e) => e.title);

// ---- making items, through the items' API ----

// A draft by `author` from chapter `ch` (its place and sector are the chapter's); fields as POST /commons takes them.
async function draftItem(author, ch, fields = {}) {
  const r = await author.client.api('POST', '/commons', { kind: 'notes', title: `Item ${unique()}`, chapter_id: ch.id, ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().item;
}

async function publishedItem(author, ch, fields = {}) {
  const it = await draftItem(author, ch, fields);
  const r = await author.client.api('POST', `/commons/${it.slug}/publish`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().item.status, 'published');
  return r.json().item;
}

// A draft its author asked to publish, waiting for `quoted` (named on it) to consent.
async function waitingItem(author, ch, quoted, fields = {}) {
  const it = await draftItem(author, ch, fields);
  assert.equal((await author.client.api('POST', `/commons/${it.slug}/people`, { email: quoted.email, role: 'quoted' })).status, 200);
  const r = await author.client.api('POST', `/commons/${it.slug}/publish`, {});
  assert.equal(r.json().item.status, 'consenting', r.text);
  return r.json().item;
}

// Someone named on a published item takes their consent back: it is withdrawn.
async function withdraw(who, it, reason) {
  const r = await who.client.api('POST', `/commons/${it.slug}/consent`, { consent: 'withdraw', reason });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  ana = await member({ name: `Ana ${unique()}` });
  bo = await member({ name: `Bo ${unique()}` });
  chA = await chapter(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  chB = await chapter(bo, { metro_id: geo.metro2.id, sector_id: geo.sector2.id });
  const tagA = unique('tag').toLowerCase(), tagB = unique('tag').toLowerCase();
  items = {
    tagA, tagB,
    a: await publishedItem(ana, chA, { title: `Fishbowl notes ${unique()}`, summary: 'How we ran a fishbowl & what we learned.',
      body: '# Steps\n\n1. Four chairs\n\n<script>alert(1)</script>', tags: `${tagA} facilitation`, licence: 'cc-by-sa-4.0',
      url: 'https://video.example/fishbowl' }),
    b: await publishedItem(bo, chB, { title: `Open space template ${unique()}`, kind: 'template', tags: tagB, licence: 'cc0-1.0' }),
  };
});

// ---- the tests ----

test('every kind of commons feed parses (feedparser) and validates (jing), holding the items it should', async () => {
  const { a, b, tagA, tagB } = items;
  const cases = [
    ['/commons.atom', [a, b], []],
    [`/commons/tags/${tagA}.atom`, [a], [b]],
    [`/commons/tags/${tagB}.atom`, [b], [a]],
    [`/commons/authors/${ana.id}.atom`, [a], [b]],
    [`/commons/authors/${bo.id}.atom`, [b], [a]],
    [`/places/${geo.metro.slug}/commons.atom`, [a], [b]],
    [`/places/${geo.region.slug}/commons.atom`, [a, b], []],   // a place holds the places in it
    [`/sectors/${geo.sector.slug}/commons.atom`, [a], [b]],
    [`/chapters/${chA.slug}/commons.atom`, [a], [b]],
    [`/chapters/${chB.slug}/commons.atom`, [b], [a]],
  ];
  for (const [path, inside, outside] of cases) {
    const f = await feed(path);
    assert.equal(f.feed.id, `${PUBLIC}${path}`, `${path}: its id`);
    assert.deepEqual(f.feed.links.filter((l) => l.rel === 'self').map((l) => l.href), [`${PUBLIC}${path}`], `${path}: rel=self`);
    assert.ok(f.feed.title && f.feed.updated && f.feed.author, `${path}: title, updated, author`);
    for (const it of inside) assert.ok(titles(f).includes(it.title), `${path} holds ${it.title}`);
    for (const it of outside) assert.ok(!titles(f).includes(it.title), `${path} does not hold ${it.title}`);
    const stamps = f.entries.map((e) => e.published);
    assert.deepEqual([...stamps].sort().reverse(), stamps, `${path}: newest first`);
  }
  const tagged = await feed(`/commons/tags/${tagA}.atom`);
  assert.match(tagged.feed.title, new RegExp(`tagged ${tagA}`));
  assert.deepEqual(tagged.feed.links.find((l) => l.rel === 'alternate').href, `${PUBLIC}/commons/tags/${tagA}`);
  const byAna = await feed(`/commons/authors/${ana.id}.atom`);
  assert.match(byAna.feed.title, new RegExp(ana.name));
  const fromChapter = await feed(`/chapters/${chA.slug}/commons.atom`);
  assert.deepEqual(fromChapter.feed.links.find((l) => l.rel === 'alternate').href, `${PUBLIC}/chapters/${chA.slug}`);
});

test("an entry carries the item: id, page, authors, licence (rel=license), kind and tags, summary, safe HTML body", async () => {
  const f = await feed(`/commons/tags/${items.tagA}.atom`);
  const e = f.entries.find((x) => x.title === items.a.title);
  assert.ok(e);
  assert.match(e.id, new RegExp(`^tag:glocal\\.test,\\d{4}-\\d\\d-\\d\\d:commons:item:${items.a.id}$`));
  assert.equal(e.link, `${PUBLIC}/commons/${items.a.slug}`);
  assert.deepEqual(e.authors, [{ name: ana.name, href: `${PUBLIC}/commons/authors/${ana.id}` }]);
  const licence = e.links.filter((l) => l.rel === 'license');
  assert.deepEqual(licence.map((l) => [l.href, l.title]), [['https://creativecommons.org/licenses/by-sa/4.0/', 'CC BY-SA 4.0']]);
  assert.deepEqual(e.links.filter((l) => l.rel === 'related').map((l) => l.href), ['https://video.example/fishbowl']);
  assert.deepEqual(e.tags.map((t) => t.term).sort(), [items.tagA, 'facilitation', 'notes'].sort());
  assert.equal(e.tags.find((t) => t.term === items.tagA).scheme, `${PUBLIC}/commons/tags/`);
  assert.equal(e.summary, 'How we ran a fishbowl & what we learned.');
  assert.equal(e.content[0].type, 'text/html');
  assert.match(e.content[0].value, /<h1>Steps<\/h1>/);
  assert.doesNotMatch(e.content[0].value, /<script|alert\(1\)<\/script>/, 'raw HTML in the Markdown is dropped');
  assert.ok(e.published && e.updated);
  const zero = (await feed(`/commons/tags/${items.tagB}.atom`)).entries[0];
  assert.deepEqual(zero.links.filter((l) => l.rel === 'license').map((l) => l.href), ['https://creativecommons.org/publicdomain/zero/1.0/']);
});

test('markup in titles is text: escaped in the document, read back exactly', async () => {
  const tag = unique('mk').toLowerCase();
  const title = `<b>Bold</b> & "quoted" <script>x()</script> ${unique()}`;
  await publishedItem(ana, chA, { title, tags: tag, summary: 'A <i>summary</i> & more' });
  const f = await feed(`/commons/tags/${tag}.atom`);
  assert.equal(f.entries.length, 1);
  assert.equal(f.entries[0].title, title);
  assert.equal(f.entries[0].title_type, 'text/plain');
  assert.equal(f.entries[0].summary, 'A <i>summary</i> & more');
  assert.ok(f.xml.includes('&lt;b&gt;Bold&lt;/b&gt; &amp; '), 'escaped by the writer');
  assert.ok(f.xml.includes('&lt;script&gt;x()&lt;/script&gt;'));
  assert.ok(!f.xml.includes('<b>Bold'), 'never markup of the feed');
});

test('a draft, an item waiting for consent and a withdrawn item are in no feed', async () => {
  const tag = unique('wd').toLowerCase();
  const draft = await draftItem(ana, chA, { title: `Draft ${unique()}`, tags: tag });
  const waiting = await waitingItem(ana, chA, bo, { title: `Waiting for Bo ${unique()}`, tags: tag });
  const gone = await publishedItem(ana, chA, { title: `Soon withdrawn ${unique()}`, tags: tag });
  const paths = ['/commons.atom', `/commons/tags/${tag}.atom`, `/commons/authors/${ana.id}.atom`, `/places/${geo.metro.slug}/commons.atom`,
    `/sectors/${geo.sector.slug}/commons.atom`, `/chapters/${chA.slug}/commons.atom`];
  const before = {};
  for (const p of paths) {
    const f = await feed(p);
    assert.ok(!titles(f).includes(draft.title), `${p}: no draft`);
    assert.ok(!titles(f).includes(waiting.title), `${p}: nothing waiting for consent`);
    assert.ok(titles(f).includes(gone.title), `${p}: the published item, before`);
    before[p] = f;
  }
  await withdraw(ana, gone, 'A member quoted in it asked for it to go.');
  for (const p of paths) {
    const f = await feed(p);
    assert.ok(!titles(f).includes(gone.title), `${p}: withdrawn, so gone`);
    assert.notEqual(f.etag, before[p].etag, `${p}: a new ETag`);
    const r = await new Client().get(p, { headers: { 'If-Modified-Since': before[p].lastModified } });
    assert.equal(r.status, 200, `${p}: a reader that asks If-Modified-Since learns that something left`);
  }
  assert.equal((await feed(`/commons/tags/${tag}.atom`)).entries.length, 0);
});

test("an author's feed exists once they have published; unknown tags, places, sectors and chapters are not found", async () => {
  const newcomer = await member();
  for (const path of [`/commons/authors/${newcomer.id}.atom`, '/commons/authors/999999999.atom', '/commons/authors/x.atom',
    '/commons/tags/Not_A_Tag.atom', '/commons/tags/x.atom', '/places/nowhere-at-all/commons.atom', '/sectors/no-such-sector/commons.atom',
    '/chapters/no-such-chapter/commons.atom']) {
    const r = await new Client().get(path);
    assert.equal(r.status, 404, `${path}: ${r.status}`);
    assert.match(r.text, /not found|There is no|has published nothing/i);
  }
  const untouched = await feed(`/commons/tags/${unique('fresh').toLowerCase()}.atom`);
  assert.equal(untouched.entries.length, 0, 'a well-formed tag nobody used yet: an empty feed to follow');
  const s = await adm.api('POST', '/sectors', { name: `Quiet ${unique()}` });
  assert.equal((await feed(`/sectors/${s.json().sector.slug}/commons.atom`)).entries.length, 0);
});

test('conditional GET: an ETag and a Last-Modified, 304 to If-None-Match and If-Modified-Since', async () => {
  const tag = unique('cg').toLowerCase();
  await publishedItem(bo, chB, { title: `Cached ${unique()}`, tags: tag });
  const path = `/commons/tags/${tag}.atom`;
  const f = await feed(path);
  assert.match(f.etag, /^"[0-9a-f]{32}(-gz)?"$/);   // -gz: the gzip form (fetch asks for it)
  assert.match(f.lastModified, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  assert.equal(f.cacheControl, 'no-cache');
  const ask = (headers) => new Client().get(path, { headers });
  let r = await ask({ 'If-None-Match': f.etag });
  assert.equal(r.status, 304);
  assert.equal(r.text, '', 'no body');
  assert.equal(r.headers.get('etag'), f.etag);
  assert.equal((await ask({ 'If-None-Match': `"other", W/${f.etag}` })).status, 304, 'a list, weak comparison');
  assert.equal((await ask({ 'If-Modified-Since': f.lastModified })).status, 304);
  const earlier = new Date(Date.parse(f.lastModified) - 1000).toUTCString();
  assert.equal((await ask({ 'If-Modified-Since': earlier })).status, 200, 'changed after that');
  assert.equal((await ask({ 'If-None-Match': '"other"', 'If-Modified-Since': f.lastModified })).status, 200, 'If-None-Match decides');
  assert.equal((await ask({ 'If-Modified-Since': 'not a date' })).status, 200);
  // a new item changes the feed: the old tag no longer matches
  await publishedItem(bo, chB, { title: `Newer ${unique()}`, tags: tag });
  r = await ask({ 'If-None-Match': f.etag });
  assert.equal(r.status, 200);
  assert.notEqual(r.headers.get('etag'), f.etag);
  assert.equal(parseFeed(r.text).entries.length, 2);
  // the same for the other kinds
  for (const p of ['/commons.atom', `/commons/authors/${bo.id}.atom`, `/places/${geo.metro2.slug}/commons.atom`,
    `/sectors/${geo.sector2.slug}/commons.atom`, `/chapters/${chB.slug}/commons.atom`]) await stillCurrent(p);
});

// A feed asked again with its validators answers 304 both ways.
async function stillCurrent(p) {
  const g = await feed(p);
  assert.ok(g.etag && g.lastModified, `${p}: both validators`);
  assert.equal((await new Client().get(p, { headers: { 'If-None-Match': g.etag } })).status, 304, p);
  assert.equal((await new Client().get(p, { headers: { 'If-Modified-Since': g.lastModified } })).status, 304, p);
}

// ---- the decision records' feed (governance), through the same writer ----

async function publicDecision(title) {
  const metro = geo.metro2;
  sql(`INSERT INTO gov_committees (place_id, level, created_at) VALUES (${metro.id}, 'metro', ${now()}) ON CONFLICT DO NOTHING`);
  const cid = Number(sql(`SELECT id FROM gov_committees WHERE place_id = ${metro.id}`));
  sql(`INSERT INTO gov_committee_members (committee_id, user_id, source, since, term_ends_at) VALUES (${cid}, ${bo.id}, 'appointed', ${now() - DAY}, ${now() + 700 * DAY}) ON CONFLICT DO NOTHING`);
  sql(`UPDATE gov_committees SET chair_id = ${bo.id} WHERE id = ${cid}`);
  const base = `/committees/${metro.slug}`;
  const p = await bo.client.api('POST', `${base}/polls`, { kind: 'proposal', title, closes_at: now() + 7 * DAY });
  assert.equal(p.status, 201, p.text);
  const id = p.json().poll.id;
  assert.equal((await bo.client.api('POST', `/polls/${id}/vote`, { position: 'agree' })).status, 200);
  const c = await bo.client.api('POST', `/polls/${id}/close`, { outcome: 'Agreed <with> care & thanks.', review_at: now() + 40 * DAY });
  assert.equal(c.status, 200, c.text);
  return { id: c.json().decision_id, committee: metro.slug };
}

test('the decision records feed parses and validates, per committee and place too', async () => {
  const title = `Decided <here> & now ${unique()}`;
  const d = await publicDecision(title);
  for (const q of ['', `?committee=${d.committee}`, `?place=${geo.region.slug}`]) {
    const f = await feed(`/decisions.atom${q}`);
    assert.equal(f.feed.id, `${PUBLIC}/decisions.atom${q}`);
    const e = f.entries.find((x) => x.id === `${PUBLIC}/decisions/${d.id}`);
    assert.ok(e, `the decision is in /decisions.atom${q}`);
    assert.equal(e.title, title);
    assert.equal(e.summary, 'Agreed <with> care & thanks.');
    assert.equal(e.authors.length, 1);
    assert.equal(e.authors[0].href, `${PUBLIC}/committees/${d.committee}`);
    assert.ok(e.tags.some((t) => t.term === 'proposal'));
    await stillCurrent(`/decisions.atom${q}`);
  }
});

test('pages announce their feeds in <head> (rel=alternate, application/atom+xml)', async () => {
  const links = (html) => [...html.matchAll(/<link rel="alternate" type="application\/atom\+xml" href="([^"]*)" title="([^"]*)">/g)]
    .map((m) => ({ href: m[1].replace(/&amp;/g, '&'), title: m[2] }));
  const head = (html) => html.slice(0, html.indexOf('</head>'));
  let r = await new Client().get('/decisions');
  assert.deepEqual(links(head(r.text)), [{ href: '/decisions.atom', title: 'Decisions' }]);
  r = await new Client().get(`/decisions?place=${geo.region.slug}`);
  assert.deepEqual(links(head(r.text)).map((l) => l.href), [`/decisions.atom?place=${geo.region.slug}`]);
  r = await new Client().get('/chapters');
  assert.deepEqual(links(head(r.text)), [], 'only pages that have a feed');
  // an author's, a chapter's and a place's page announce their commons feed (the commons' Feature.extend)
  for (const [page, href, title] of [[`/commons/authors/${ana.id}`, `/commons/authors/${ana.id}.atom`, `Commons: by ${ana.name}`],
    [`/chapters/${chA.slug}`, `/chapters/${chA.slug}/commons.atom`, `Commons: from ${chA.name}`],
    [`/places/${geo.metro.slug}`, `/places/${geo.metro.slug}/commons.atom`, `Commons: from ${geo.metro.name}`]]) {
    r = await new Client().get(page);
    assert.equal(r.status, 200, page);
    assert.deepEqual(links(head(r.text)), [{ href, title }], page);
    assert.ok((await feed(href)).entries.length > 0, `${href} is there, with the items that came from there`);
  }
});
