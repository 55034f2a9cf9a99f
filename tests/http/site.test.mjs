// site.test.mjs - the parts every page shares: headers, faces, errors, limits, assets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, member } from './lib.mjs';

test('pages carry the security headers', async () => {
  const r = await new Client().get('/');
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /<main id="main"/);
});

test('the API answers JSON with nosniff; kept only to be asked again when public, never when personal', async () => {
  const r = await new Client().get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-cache', 'public: revalidated by its ETag (wire.test.mjs)');
  assert.ok(r.headers.get('etag'));
  const m = await member();
  assert.equal((await m.client.api('GET', '/me')).headers.get('cache-control'), 'no-store');
  const body = r.json();
  assert.equal(body.status, 'ok');
  assert.ok(body.schema >= 1);
});

test('unknown pages: a friendly 404 page, and problem+json on the API', async () => {
  const c = new Client();
  const page = await c.get('/no/such/page');
  assert.equal(page.status, 404);
  assert.match(page.text, /There is no page at \/no\/such\/page/);
  assert.match(page.text, /directory of chapters/);
  const api = await c.get('/api/v1/no-such-thing');
  assert.equal(api.status, 404);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  const p = api.json();
  assert.equal(p.status, 404);
  assert.equal(p.title, 'Not Found', 'the HTTP reason phrase (RFC 9457 §4.2: about:blank)');
  assert.match(p.detail, /There is no page/);
});

test('feeds, calendars and exports answer their errors as problem+json to programs, as pages to browsers', async () => {
  const cases = [['/places/no-such-place/commons.atom', 'application/atom+xml', 404, /no place called/],
    ['/events/no-such-event/calendar.ics', 'text/calendar', 404, /no event called/],
    ['/calendar/not-a-real-token', 'text/calendar', 404, /calendar address is not valid/],
    ['/chapters/no-such-chapter/ledger.csv', 'text/csv', 404, /no chapter called/],
    ['/events/no-such-event/my-schedule.ics', 'text/calendar', 401, /log in/]];
  for (const [path, type, status, detail] of cases) {
    const r = await fetch(`${BASE}${path}`, { headers: { accept: type }, redirect: 'manual' });
    assert.equal(r.status, status, path);
    assert.equal(r.headers.get('content-type'), 'application/problem+json', `${path}: a feed reader gets a problem, not a page`);
    const p = await r.json();
    assert.equal(p.status, status);
    assert.match(p.detail, detail, path);
  }
  const page = await fetch(`${BASE}/places/no-such-place/commons.atom`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  assert.equal(page.status, 404);
  assert.match(page.headers.get('content-type'), /^text\/html/, 'a browser that followed the link gets the page');
  await page.text();
});

test('a wrong method gets 405 with Allow', async () => {
  const r = await new Client().request('DELETE', '/api/v1/chapters');
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow'), /GET/);
  assert.match(r.headers.get('allow'), /POST/);
});

test('problems titled with the HTTP reason phrase (RFC 9110), the specific message in detail', async () => {
  const m = await member();
  const cases = [
    [() => new Client().request('DELETE', '/api/v1/chapters'), 405, 'Method Not Allowed'],
    [() => new Client().api('GET', '/me'), 401, 'Unauthorized'],
    [() => m.client.api('POST', '/admin/settings', { network_name: 'Mine' }), 403, 'Forbidden'],
    [() => m.client.api('POST', '/chapters', { name: '' }), 422, 'Unprocessable Content'],
    [() => new Client().api('GET', '/chapters/no-such-chapter'), 404, 'Not Found'],
  ];
  for (const [call, status, title] of cases) {
    const r = await call();
    assert.equal(r.status, status, r.text);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    const p = r.json();
    assert.equal(p.type, 'about:blank');
    assert.equal(p.title, title, `${status}`);
    assert.equal(p.status, status);
    assert.ok(p.detail && p.detail !== title, `a detail of its own for ${status}: ${p.detail}`);
  }
  // people's pages keep their friendly headings
  const page = await new Client().get('/no/such/page');
  assert.match(page.text, /<h1[^>]*>Not found/);
});

test('a trailing slash is the same page', async () => {
  const r = await new Client().get('/chapters/');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Chapters/);
});

test('malformed JSON is refused with 400 and says where', async () => {
  const m = await member();
  const r = await m.client.request('POST', '/api/v1/me', { body: '{"name": "x",', headers: { 'content-type': 'application/json', 'x-csrf-token': m.client.csrf } });
  assert.equal(r.status, 400);
  assert.match(r.json().detail, /malformed.*line 1/);
  const arr = await m.client.request('POST', '/api/v1/me', { body: '[1,2]', headers: { 'content-type': 'application/json', 'x-csrf-token': m.client.csrf } });
  assert.equal(arr.status, 400);
  assert.match(arr.json().detail, /must be an object/);
  const dup = await m.client.request('POST', '/api/v1/me', { body: '{"name":"a","name":"b"}', headers: { 'content-type': 'application/json', 'x-csrf-token': m.client.csrf } });
  assert.equal(dup.status, 400);
  const nul = await m.client.request('POST', '/api/v1/me', { body: '{"name":"a\\u0000b"}', headers: { 'content-type': 'application/json', 'x-csrf-token': m.client.csrf } });
  assert.equal(nul.status, 400);
  const me = (await m.client.api('GET', '/me')).json();
  assert.equal(me.user.name, m.name, 'nothing changed');
});

test('an oversized body is refused with 413 before anything changes', async () => {
  const m = await member();
  const big = 'x'.repeat(1100 * 1024);
  const r = await m.client.api('POST', '/me', { name: 'Too Big', bio: big });
  assert.equal(r.status, 413);
  assert.match(r.json().detail, /larger than the limit/);
  assert.equal((await m.client.api('GET', '/me')).json().user.name, m.name);
});

test('an unsupported body type is refused with 415', async () => {
  const m = await member();
  const r = await m.client.request('POST', '/api/v1/me', { body: '<x/>', headers: { 'content-type': 'application/xml', 'x-csrf-token': m.client.csrf } });
  assert.equal(r.status, 415);
});

test('form data that is not UTF-8 is refused with 400', async () => {
  const m = await member();
  const r = await m.client.request('POST', '/me', { body: `_csrf=${m.client.csrf}&name=%FF%FE`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 400);
});

test('assets are embedded, typed and cached by ETag', async () => {
  const c = new Client();
  const home = await c.get('/');
  const href = home.text.match(/href="(\/assets\/app\.css\?v=[0-9a-f]+)"/)[1];
  const css = await c.get(href);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.headers.get('cache-control'), /immutable/);
  const etag = css.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}(-gz)?"$/);   // -gz: the gzip form (fetch asks for it)
  const again = await c.get('/assets/app.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  assert.equal((await c.get('/assets/nope.css')).status, 404);
  assert.equal((await c.get('/assets/..%2Fschema%2F001_foundation.sql')).status, 404);
});

test('HEAD answers like GET without a body', async () => {
  const r = await fetch(`${BASE}/chapters`, { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
});

test('the about and pledge pages are public', async () => {
  const c = new Client();
  assert.equal((await c.get('/about')).status, 200);
  const p = await c.get('/pledge');
  assert.equal(p.status, 200);
  assert.match(p.text, /agree to collaborate/);
  const api = (await c.get('/api/v1/pledge')).json();
  assert.ok(api.pledge.version >= 1);
  assert.equal(api.is_accepted, false);
});
