// wire.test.mjs - bytes on the wire (src/web/encoding.c, docs/ARCHITECTURE.md
// "Bytes on the wire"): a page, a JSON answer, the stylesheet, an Atom feed, an
// iCalendar feed and an export come gzipped to a client that takes gzip and
// decompress to the identity answer byte for byte; identity without
// Accept-Encoding or with gzip;q=0; Vary: Accept-Encoding on both; ETags per
// encoding and 304 to If-None-Match for either form; HEAD like GET.
// Requests go through node:http, which neither asks for nor undoes gzip.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { BASE, member, admin, chapter, geography, unique } from './lib.mjs';

const GZIP = 'gzip, deflate, br';   // what browsers send
let adm, connie, ch, paths;

// One request; the body as the bytes that came (a Buffer), the headers lower-cased.
function raw(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(BASE + path, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Two answers are the same, byte for byte, but for a calendar's DTSTAMP lines, which say when the
// answer was written (two requests a second apart differ there, on a slow or busy machine).
function same(a, b) {
  const strip = (buf) => buf.toString('latin1').replace(/^DTSTAMP:[^\n]*\n/gm, '');
  return strip(a) === strip(b);
}

// The same answer without and with gzip: returns both, after checking that the
// second is gzip and decompresses to the first.
async function bothWays(path, cookie) {
  const base = cookie ? { cookie } : {};
  const plain = await raw(path, base);
  assert.equal(plain.status, 200, `${path}: ${plain.status} ${plain.body.toString().slice(0, 200)}`);
  assert.equal(plain.headers['content-encoding'], undefined, `${path}: identity when not asked`);
  assert.equal(plain.headers.vary, 'Accept-Encoding', `${path}: Vary without gzip`);
  assert.ok(plain.body.length >= 1024, `${path}: large enough to be compressed (${plain.body.length} bytes)`);
  const gz = await raw(path, { ...base, 'accept-encoding': GZIP });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip', `${path}: gzip when asked`);
  assert.equal(gz.headers.vary, 'Accept-Encoding', `${path}: Vary with gzip`);
  assert.equal(gz.headers['content-type'], plain.headers['content-type']);
  assert.equal(Number(gz.headers['content-length']), gz.body.length);
  assert.ok(gz.body.length < plain.body.length / 2, `${path}: ${plain.body.length} bytes became ${gz.body.length}`);
  assert.ok(same(gunzipSync(gz.body), plain.body), `${path}: the gzip decompresses to the identity answer, byte for byte`);
  if (plain.headers.etag) assert.equal(gz.headers.etag, plain.headers.etag.replace(/"$/, '-gz"'), `${path}: an ETag per encoding`);
  return { plain, gz };
}

before(async () => {
  adm = await admin();
  const geo = await geography(adm);
  connie = await member({ name: `Connie ${unique()}` });
  ch = await chapter(connie, { name: `Wire ${unique()}`, metro_id: geo.metro.id, sector_id: geo.sector.id,
    description: 'We meet to talk about what we make and sell. '.repeat(30) });
  // meetings for the chapter's calendar, and published items for the feeds
  for (let i = 1; i <= 6; i++) {
    const date = new Date(Date.now() + i * 7 * 86400 * 1000).toISOString().slice(0, 10);
    const r = await connie.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '19:30', venue: `The back room of the bakery, table ${i}` });
    assert.equal(r.status, 201, r.text);
  }
  for (let i = 0; i < 4; i++) {
    const r = await connie.client.api('POST', '/commons', { kind: 'notes', title: `How we ran meeting ${i} ${unique()}`, chapter_id: ch.id,
      body: 'What worked, what did not, and what we would do again. '.repeat(8) });
    assert.equal(r.status, 201, r.text);
    assert.equal((await connie.client.api('POST', `/commons/${r.json().item.slug}/publish`, {})).status, 200);
  }
  for (let i = 0; i < 10; i++) {
    const r = await connie.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${connie.id}`,
      resource: 'HOURS', amount: '1.5', description: `Prepared meeting ${i}: the room, the agenda and the coffee` });
    assert.equal(r.status, 201, r.text);
  }
  paths = {
    page: `/chapters/${ch.slug}`,
    json: `/api/v1/chapters/${ch.slug}`,
    css: '/assets/app.css',
    atom: `/chapters/${ch.slug}/commons.atom`,
    ics: `/chapters/${ch.slug}/calendar.ics`,
  };
});

const cookieOf = (who) => who.client.cookieHeader();

test('a page, a JSON answer, the stylesheet, an Atom and an iCalendar feed come gzipped when asked', async () => {
  await bothWays(paths.page, cookieOf(connie));
  await bothWays(paths.json);
  const css = await bothWays(paths.css);
  assert.match(css.plain.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.match(css.gz.headers.etag, /^"[0-9a-f]{16}-gz"$/);
  const atom = await bothWays(paths.atom);
  assert.match(atom.plain.headers['content-type'], /^application\/atom\+xml/);
  const ics = await bothWays(paths.ics, cookieOf(connie));
  assert.match(ics.plain.headers['content-type'], /^text\/calendar/);
  assert.match(ics.plain.body.toString(), /BEGIN:VCALENDAR/);
});

test('an export (a chapter\'s books as a ledger journal) and the OpenAPI document come gzipped too', async () => {
  const doc = await bothWays('/api/openapi.json');
  assert.ok(JSON.parse(doc.plain.body).paths, 'the OpenAPI document');
  const journal = await bothWays(`/chapters/${ch.slug}/ledger.journal`, cookieOf(connie));
  assert.match(journal.plain.headers['content-type'], /^text\/plain/);
  assert.match(journal.plain.body.toString(), /Prepared meeting 9/);
  await notModified(`/chapters/${ch.slug}/ledger.journal`, cookieOf(connie));
});

test('identity unless gzip is acceptable: q=0, identity, an unknown coding, a malformed header', async () => {
  for (const ae of ['gzip;q=0', 'GZIP; q=0', 'identity', 'br', 'deflate, br', '*;q=0', 'gzip;q=0.5, identity', 'gzip;q=2']) {
    const r = await raw(paths.json, { 'accept-encoding': ae });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined, `${ae}: identity`);
    assert.equal(r.headers.vary, 'Accept-Encoding', `${ae}: Vary`);
    JSON.parse(r.body);
  }
  for (const ae of ['gzip', 'GZIP', '*', 'x-gzip', 'br;q=1, gzip;q=0.5', 'identity;q=0.5, gzip']) {
    const r = await raw(paths.json, { 'accept-encoding': ae });
    assert.equal(r.headers['content-encoding'], 'gzip', `${ae}: gzip`);
    JSON.parse(gunzipSync(r.body));
  }
});

test('small answers are sent as they are, with Vary; SVG only when it pays', async () => {
  const health = await raw('/api/v1/health', { 'accept-encoding': GZIP });
  assert.equal(health.status, 200);
  assert.ok(health.body.length < 1024);
  assert.equal(health.headers['content-encoding'], undefined, 'under 1 KB: as it is');
  assert.equal(health.headers.vary, 'Accept-Encoding', 'a larger answer at that address would be compressed');
  const svg = await raw('/assets/icon.svg', { 'accept-encoding': GZIP });
  assert.equal(svg.status, 200);
  assert.equal(svg.headers['content-type'], 'image/svg+xml');
  if (svg.body.length < 1024) assert.equal(svg.headers['content-encoding'], undefined);
  else assert.ok(gunzipSync(svg.body).length > svg.body.length);
});

// Asks with the answer's ETag (either form) and checks the 304.
async function notModified(path, cookie) {
  const base = cookie ? { cookie } : {};
  const plain = await raw(path, base);
  const gz = await raw(path, { ...base, 'accept-encoding': GZIP });
  assert.ok(plain.headers.etag && gz.headers.etag, `${path}: ETags`);
  assert.notEqual(plain.headers.etag, gz.headers.etag, `${path}: one per encoding`);
  for (const [tag, ae] of [[gz.headers.etag, GZIP], [plain.headers.etag, undefined], [plain.headers.etag, GZIP], [`"x", W/${gz.headers.etag.replace(/^W\//, "")}`, GZIP]]) {
    const r = await raw(path, { ...base, 'if-none-match': tag, ...(ae ? { 'accept-encoding': ae } : {}) });
    assert.equal(r.status, 304, `${path} with If-None-Match ${tag}, Accept-Encoding ${ae}`);
    assert.equal(r.body.length, 0, 'no body');
    assert.equal(r.headers['content-encoding'], undefined, 'a 304 is not encoded');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.ok(tag.includes(r.headers.etag.replace(/^W\//, '')), `${path}: the 304 names the copy the client holds (${r.headers.etag})`);
  }
  const unreadable = await raw(path, { ...base, 'if-none-match': gz.headers.etag });
  assert.equal(unreadable.status, 200, `${path}: a gzip copy is no use to a client that no longer takes gzip`);
  assert.ok(same(unreadable.body, plain.body), `${path}: the identity answer`);
  const other = await raw(path, { ...base, 'if-none-match': '"something-else"', 'accept-encoding': GZIP });
  assert.equal(other.status, 200);
  assert.equal(other.headers['content-encoding'], 'gzip');
  return { plain, gz };
}

test('304 to If-None-Match for a feed, a static file and a JSON answer, in either encoding', async () => {
  await notModified(paths.atom);
  const ics = await notModified(paths.ics, cookieOf(connie));
  assert.match(ics.plain.headers.etag, /^W\/"[0-9a-f]{32}"$/, 'a calendar: a weak tag, its DTSTAMP (now) left out');
  await notModified(paths.css);
  const json = await notModified(paths.json);
  assert.match(json.plain.headers.etag, /^"[0-9a-f]{32}"$/, 'a digest of the body');
  assert.equal(json.plain.headers['cache-control'], 'no-cache', 'a public answer: kept, asked again');
  // a change to the chapter changes its tag
  const r = await connie.client.api('POST', `/chapters/${ch.slug}`, { description: `Changed ${unique()}. `.repeat(40) });
  assert.ok(r.status < 300, r.text);
  const after = await raw(paths.json, { 'if-none-match': json.plain.headers.etag });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.etag, json.plain.headers.etag);
  // a person's own JSON answers stay out of caches, but carry a tag for programs
  const mine = await raw('/api/v1/me', { cookie: cookieOf(connie) });
  assert.equal(mine.status, 200);
  assert.equal(mine.headers['cache-control'], 'no-store');
  assert.ok(mine.headers.etag);
  assert.equal((await raw('/api/v1/me', { cookie: cookieOf(connie), 'if-none-match': mine.headers.etag })).status, 304);
  // pages have no tag (see docs/ARCHITECTURE.md)
  assert.equal((await raw(paths.page, { cookie: cookieOf(connie) })).headers.etag, undefined);
});

test('HEAD gives the headers GET gives, without the body, in both encodings', async () => {
  for (const path of [paths.page, paths.json, paths.css, paths.atom]) {
    for (const ae of [undefined, GZIP]) {
      const h = { cookie: cookieOf(connie), ...(ae ? { 'accept-encoding': ae } : {}) };
      const get = await raw(path, h);
      const head = await raw(path, h, 'HEAD');
      assert.equal(head.status, 200, path);
      assert.equal(head.body.length, 0);
      for (const name of ['content-type', 'content-encoding', 'content-length', 'vary', 'etag', 'cache-control'])
        assert.equal(head.headers[name], get.headers[name], `${path} (${ae || 'identity'}): ${name}`);
    }
  }
});
