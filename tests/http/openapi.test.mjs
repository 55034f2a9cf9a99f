// openapi.test.mjs - the OpenAPI document (docs/openapi.json, served at
// /api/openapi.json) against the route table and the live server: it lists
// exactly the API routes, it is valid OpenAPI 3.1, every $ref resolves, path
// parameters match the paths, and real answers conform to the documented schemas.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, BIN, admin, member, geography, unique, admit } from './lib.mjs';

const ROUTES_H = fileURLToPath(new URL('../../src/routes.h', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let doc;              // the served document
let table;            // `glocal routes --json`
let validators;       // {parser, Ajv2020}

async function loadValidators() {
  try {
    const parser = await import('@readme/openapi-parser');
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    return { parser, Ajv2020 };
  } catch (e) {
    throw new Error(`the validators are not installed (run: cd tests && npm ci): ${e.message}`);
  }
}

before(async () => {
  const r = await new Client().get('/api/openapi.json');
  assert.equal(r.status, 200, `GET /api/openapi.json answered ${r.status}`);
  doc = r.json();
  table = JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' }));
});

const apiRoutes = () => table.filter((rt) => !rt.flags.includes('page'));

function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const m of METHODS) if (item[m]) out.push({ path, method: m.toUpperCase(), op: item[m], item });
  }
  return out;
}

// A JSON pointer ("#/components/schemas/X") inside the document, or undefined.
function pointer(ref) {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function deref(x) {
  for (let i = 0; x && x.$ref && i < 20; i++) x = pointer(x.$ref);
  return x;
}

test('GET /api/openapi.json serves an OpenAPI 3.1.0 document', async () => {
  const r = await new Client().get('/api/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const d = JSON.parse(r.text);
  assert.equal(d.openapi, '3.1.0');
  assert.equal(d.info.title, 'Glocal API');
  assert.deepEqual(d.servers, [{ url: '/api/v1' }]);
});

test('the document lists exactly the API routes of the route table', () => {
  const want = new Set(apiRoutes().map((rt) => `${rt.method} ${rt.path}`));
  assert.ok(want.size > 0, 'the route table lists API routes');
  const have = new Set(operations().map((o) => `${o.method} ${o.path}`));
  const missing = [...want].filter((k) => !have.has(k));
  const extra = [...have].filter((k) => !want.has(k));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
    `not documented: ${missing.join(', ') || 'none'}; documented but not API routes: ${extra.join(', ') || 'none'}`);
});

test('each operation carries the summary and flags of its route, and its handler as operationId', () => {
  // the handlers' names are read from the route table's source: every API route must be found there, or the
  // operationId check below would check nothing
  assert.ok(existsSync(ROUTES_H), `${ROUTES_H} is where the handlers are named`);
  const handlers = new Map();
  const re = /ROUTE\((\w+),\s*"([^"]+)",\s*(\w+),/g;
  for (const m of readFileSync(ROUTES_H, 'utf8').matchAll(re)) handlers.set(`${m[1]} ${m[2]}`, m[3]);
  assert.deepEqual(apiRoutes().map((rt) => `${rt.method} ${rt.path}`).filter((k) => !handlers.has(k)), [],
    'API routes whose handler src/routes.h does not name');
  // A handler that serves several API routes (ledger_export_csv, canvas_update, ...) cannot give each the
  // same operationId: there each one is the handler's name followed by _ and a qualifier.
  const routesOf = new Map();
  for (const rt of apiRoutes()) {
    const h = handlers.get(`${rt.method} ${rt.path}`);
    if (h) routesOf.set(h, (routesOf.get(h) || 0) + 1);
  }
  const problems = [];
  for (const rt of apiRoutes()) {
    const op = doc.paths?.[rt.path]?.[rt.method.toLowerCase()];
    if (!op) continue;   // reported by the test above
    const key = `${rt.method} ${rt.path}`;
    if (op.summary !== rt.summary) problems.push(`${key}: summary "${op.summary}" is not "${rt.summary}"`);
    const flags = [...(op['x-glocal-flags'] || [])].sort().join(',');
    if (flags !== [...rt.flags].sort().join(',')) problems.push(`${key}: x-glocal-flags [${flags}] are not [${rt.flags}]`);
    const h = handlers.get(key);
    const shared = routesOf.get(h) > 1;
    if (!(op.operationId === h || (shared && String(op.operationId).startsWith(`${h}_`))))
      problems.push(`${key}: operationId ${op.operationId} is not the handler ${h}${shared ? ` (or ${h}_…, as it serves several routes)` : ''}`);
    const needsLogin = rt.flags.some((f) => ['login', 'admin', 'pledge', 'member', 'connector', 'manager'].includes(f));
    if (needsLogin && !op.responses?.['401']) problems.push(`${key}: needs a login but documents no 401`);
    if (needsLogin && (op.security || []).some((s) => Object.keys(s).length === 0))
      problems.push(`${key}: needs a login but its security allows anonymous calls`);
  }
  const ids = operations().map((o) => o.op.operationId);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`duplicate operationIds: ${dup.join(', ')}`);
  assert.deepEqual(problems, []);
});

test('the document is valid OpenAPI 3.1 (@readme/openapi-parser)', async () => {
  validators ??= await loadValidators();
  const result = await validators.parser.validate(structuredClone(doc));
  assert.ok(result.valid, `not valid: ${String(JSON.stringify(result.errors, null, 1)).slice(0, 3000)}`);
  assert.equal(result.specification, 'OpenAPI');
});

test('every $ref resolves inside the document', () => {
  const broken = [];
  let count = 0;
  (function walk(node, where) {
    if (Array.isArray(node)) { node.forEach((x, i) => walk(x, `${where}/${i}`)); return; }
    if (node === null || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      count += 1;
      if (pointer(node.$ref) === undefined) broken.push(`${where}: ${node.$ref}`);
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
  })(doc, '#');
  assert.ok(count > 0, 'the document uses $ref');
  assert.deepEqual(broken, []);
});

test("each operation's path parameters match the {names} in its path", () => {
  const problems = [];
  for (const { path, method, op, item } of operations()) {
    const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const params = [...(item.parameters || []), ...(op.parameters || [])].map(deref);
    const declared = params.filter((p) => p && p.in === 'path');
    const names = declared.map((p) => p.name).sort();
    if (names.join(',') !== inPath.join(','))
      problems.push(`${method} ${path}: path parameters [${names}] do not match [${inPath}]`);
    for (const p of declared) if (p.required !== true) problems.push(`${method} ${path}: {${p.name}} is not required`);
  }
  assert.deepEqual(problems, []);
});

// ---- live answers against the documented schemas

let ajv;
function schemaFor(path, method, status) {
  const op = doc.paths?.[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  const resp = deref(op.responses[String(status)]);
  assert.ok(resp, `${method.toUpperCase()} ${path} documents a ${status} answer`);
  const [type] = Object.keys(resp.content);
  return { type, schema: resp.content[type].schema };
}

async function conforms(res, path, method = 'get') {
  validators ??= await loadValidators();
  if (!ajv) {
    ajv = new validators.Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'glocal-openapi', components: doc.components });
  }
  const { type, schema } = schemaFor(path, method, res.status);
  assert.equal(res.headers.get('content-type').split(';')[0], type, `content type of ${method.toUpperCase()} ${path}`);
  if (!/[/+]json$/.test(type)) {   // a raw answer (text/calendar): documented as a string
    assert.equal(schema.type, 'string', `${method.toUpperCase()} ${path} documents its ${type} answer as a string`);
    return res.text;
  }
  const ref = schema.$ref ? schema.$ref.replace(/^#/, 'glocal-openapi#') : null;
  const validate = ajv.compile(ref ? { $ref: ref } : schema);
  const body = res.json();
  assert.ok(validate(body), `${method.toUpperCase()} ${path} ${res.status} does not match its schema: ` +
    `${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}\nbody: ${res.text.slice(0, 800)}`);
  return body;
}

test('anonymous GET /health, /places, /chapters, /sectors and /pledge conform to their schemas', async () => {
  const c = new Client();
  const health = await conforms(await c.get('/api/v1/health'), '/health');
  assert.equal(health.status, 'ok');
  for (const path of ['/places', '/chapters', '/sectors', '/pledge']) {
    const r = await c.get(`/api/v1${path}`);
    assert.equal(r.status, 200, `GET ${path} answered ${r.status}`);
    await conforms(r, path);
  }
});

test('errors conform to Problem: 404, 400, 401 and 403', async () => {
  const c = new Client();
  const nf = await c.get(`/api/v1/chapters/${unique('none')}`);
  assert.equal(nf.status, 404);
  await conforms(nf, '/chapters/{chapter}');
  const bad = await c.get('/api/v1/chapters?status=nonsense');
  assert.equal(bad.status, 400);
  await conforms(bad, '/chapters');
  const anon = await c.get('/api/v1/me');
  assert.equal(anon.status, 401);
  await conforms(anon, '/me');
  const token = await c.get('/api/v1/places', { token: 'glc_not-a-token' });
  assert.equal(token.status, 401);
  await conforms(token, '/places');
  const m = await member();
  const denied = await m.client.api('GET', '/admin');
  assert.equal(denied.status, 403);
  await conforms(denied, '/admin');
  const invalid = await m.client.api('POST', '/chapters', { name: '' });
  assert.equal(invalid.status, 422);
  const p = await conforms(invalid, '/chapters', 'post');
  assert.ok(p.errors.some((e) => e.field === 'name'), 'the name is reported');
});

test('a network with places, a sector and a chapter answers as documented', async () => {
  const a = await admin();
  const g = await geography(a);
  const owner = await member({ metro_id: g.metro.id, sector_id: g.sector.id });
  const created = await owner.client.api('POST', '/chapters', { name: `Chapter ${unique('c')}`, metro_id: g.metro.id, sector_id: g.sector.id });
  assert.equal(created.status, 201, created.text);
  const ch = (await conforms(created, '/chapters', 'post')).chapter;
  const anon = new Client();

  await conforms(await anon.get('/api/v1/places'), '/places');
  await conforms(await anon.get(`/api/v1/places/${g.country.slug}`), '/places/{place}');
  await conforms(await anon.get(`/api/v1/places/${g.metro.slug}`), '/places/{place}');
  await conforms(await anon.get('/api/v1/sectors'), '/sectors');
  const dir = await conforms(await anon.get(`/api/v1/chapters?place=${g.region.slug}&sector=${g.sector.slug}&q=chapter`), '/chapters');
  assert.ok(dir.chapters.some((x) => x.slug === ch.slug), 'the directory finds the chapter');
  await conforms(await anon.get(`/api/v1/chapters/${ch.slug}`), '/chapters/{chapter}');
  const mine = await conforms(await owner.client.api('GET', `/chapters/${ch.slug}`), '/chapters/{chapter}');
  assert.equal(mine.viewer.is_connector, true);
  await conforms(await a.api('GET', `/chapters/${ch.slug}`), '/chapters/{chapter}');
  await conforms(await owner.client.api('GET', `/chapters/${ch.slug}/members`), '/chapters/{chapter}/members');

  const guest = await member({ sector_id: g.sector2.id });
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: guest.email });
  assert.equal(inv.status, 201, inv.text);
  const token = (await conforms(inv, '/chapters/{chapter}/invitations', 'post')).invitation.link.split('/invitations/')[1];
  await conforms(await owner.client.api('GET', `/chapters/${ch.slug}/invitations`), '/chapters/{chapter}/invitations');
  await conforms(await anon.get(`/api/v1/invitations/${token}`), '/invitations/{token}');
  await conforms(await guest.client.api('POST', `/invitations/${token}/accept`, {}), '/invitations/{token}/accept', 'post');
  const used = await guest.client.api('GET', `/invitations/${token}`);
  assert.equal(used.status, 200, 'a member opening the invitation they used is told so');
  assert.ok((await conforms(used, '/invitations/{token}')).message);
  const gone = await anon.get(`/api/v1/invitations/${token}`);
  assert.equal(gone.status, 410);
  await conforms(gone, '/invitations/{token}');

  const asker = await member();
  const ask = await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: 'May I join?' });
  assert.equal(ask.status, 201, ask.text);
  await conforms(ask, '/chapters/{chapter}/join-requests', 'post');
  await conforms(await owner.client.api('GET', `/chapters/${ch.slug}/join-requests`), '/chapters/{chapter}/join-requests');
  await conforms(await asker.client.api('GET', `/chapters/${ch.slug}`), '/chapters/{chapter}');

  await conforms(await owner.client.api('GET', '/me'), '/me');
  await conforms(await owner.client.api('GET', '/me/tokens'), '/me/tokens');
  await conforms(await owner.client.api('GET', `/members?place=${g.country.slug}`), '/members');
  await conforms(await guest.client.api('GET', `/members/${owner.id}`), '/members/{member}');
  await conforms(await owner.client.api('GET', `/members/${owner.id}`), '/members/{member}');
  await conforms(await a.api('GET', '/admin'), '/admin');
  await conforms(await a.api('GET', '/admin/users?q=test'), '/admin/users');
  await conforms(await a.api('GET', '/admin/outbox'), '/admin/outbox');
  const saved = await owner.client.api('POST', `/chapters/${ch.slug}`, { capacity: 20 });
  assert.equal(saved.status, 200, saved.text);
  await conforms(saved, '/chapters/{chapter}', 'post');
  await conforms(await owner.client.api('POST', `/chapters/${ch.slug}/step-down`, {}), '/chapters/{chapter}/step-down', 'post');
});

test('chapter meetings answer as documented, from the schedule to the runner and the calendar feeds', async () => {
  const a = await admin();
  const g = await geography(a);
  const owner = await member({ metro_id: g.metro.id });
  const created = await owner.client.api('POST', '/chapters', { name: `Chapter ${unique('m')}`, metro_id: g.metro.id });
  assert.equal(created.status, 201, created.text);
  const ch = created.json().chapter;
  const other = await member();
  await admit(owner, ch, other);
  const B = `/chapters/${ch.slug}`;
  const call = (who, method, path, body) => who.api(method, path, body);
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };

  await expect(await call(owner.client, 'GET', `${B}/meetings`), 200, '/chapters/{chapter}/meetings');
  await expect(await call(a, 'GET', `${B}/meetings`), 403, '/chapters/{chapter}/meetings');
  await expect(await new Client().get(`/api/v1${B}/meetings`), 401, '/chapters/{chapter}/meetings');
  await expect(await call(owner.client, 'POST', `${B}/series`, { week: 2, weekday: 'TU', time: '08:00', venue: 'The library', absence_limit: 2 }),
    200, '/chapters/{chapter}/series', 'post');
  await expect(await call(owner.client, 'POST', `${B}/series`, { week: 9, time: '25:00' }), 422, '/chapters/{chapter}/series', 'post');
  const list = await expect(await call(other.client, 'GET', `${B}/meetings`), 200, '/chapters/{chapter}/meetings');
  assert.ok(list.series && list.upcoming.length > 0, 'the series is scheduled');

  const date = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  const made = await expect(await call(owner.client, 'POST', `${B}/meetings`, { date, time: '23:30', venue: 'Back room' }), 201, '/chapters/{chapter}/meetings', 'post');
  await expect(await call(owner.client, 'POST', `${B}/meetings`, { date: '2020-01-01', time: '10:00' }), 422, '/chapters/{chapter}/meetings', 'post');
  const M = `${B}/meetings/${made.meeting.id}`;
  const P = '/chapters/{chapter}/meetings/{meeting}';
  await expect(await call(owner.client, 'POST', M, { time: '23:40' }), 200, P, 'post');
  await expect(await call(other.client, 'GET', `${B}/meetings/999999`), 404, P);
  await expect(await call(other.client, 'POST', `${M}/rsvp`, { answer: 'yes' }), 200, `${P}/rsvp`, 'post');
  await expect(await call(other.client, 'POST', `${M}/rsvp`, { answer: 'perhaps' }), 422, `${P}/rsvp`, 'post');
  await expect(await call(other.client, 'POST', `${M}/rounds`, { kind: 'success', body: 'Too early' }), 409, `${P}/rounds`, 'post');
  await expect(await call(other.client, 'GET', M), 200, P);
  await expect(await call(other.client, 'GET', `${M}/live`), 200, `${P}/live`);
  await expect(await call(owner.client, 'POST', `${M}/phase`, { phase: 'checkin' }), 200, `${P}/phase`, 'post');
  await expect(await call(owner.client, 'POST', `${M}/phase`, { phase: 'closed' }), 422, `${P}/phase`, 'post');
  const success = await expect(await call(other.client, 'POST', `${M}/rounds`, { kind: 'success', body: 'We signed a partner.' }), 201, `${P}/rounds`, 'post');
  await expect(await call(other.client, 'POST', `${M}/rounds`, { kind: 'success', body: 'Another.' }), 409, `${P}/rounds`, 'post');
  const R = `${M}/rounds/${success.round.id}`;
  await expect(await call(other.client, 'POST', R, { body: 'We signed a partner, at last.' }), 200, `${P}/rounds/{round}`, 'post');
  await expect(await call(owner.client, 'POST', R, { body: 'hijack' }), 403, `${P}/rounds/{round}`, 'post');
  await expect(await call(other.client, 'POST', `${R}/share`, { shared: true }), 200, `${P}/rounds/{round}/share`, 'post');
  const challenge = await expect(await call(owner.client, 'POST', `${M}/rounds`, { kind: 'challenge', body: 'Our regulator keeps asking.' }), 201, `${P}/rounds`, 'post');
  for (const phase of ['successes', 'challenges']) await expect(await call(owner.client, 'POST', `${M}/phase`, { phase }), 200, `${P}/phase`, 'post');
  await expect(await call(other.client, 'POST', R, { body: 'late' }), 409, `${P}/rounds/{round}`, 'post');
  const S = `${M}/rounds/${challenge.round.id}/stories`;
  const advice = await expect(await call(other.client, 'POST', S, { body: 'You should hire a lawyer.' }), 422, `${P}/rounds/{round}/stories`, 'post');
  assert.match(advice.errors[0].message, /you should/);
  await expect(await call(other.client, 'POST', S, { body: 'When we faced this, we kept a shared folder.' }), 201, `${P}/rounds/{round}/stories`, 'post');
  const anyway = await expect(await call(other.client, 'POST', S, { body: 'You should call them.', post_anyway: true }), 201, `${P}/rounds/{round}/stories`, 'post');
  assert.equal(anyway.story.is_flagged, true);
  await expect(await call(owner.client, 'POST', S, { body: 'When I...' }), 409, `${P}/rounds/{round}/stories`, 'post');
  const k = await expect(await call(other.client, 'POST', `${M}/commitments`, { body: 'Send the folder' }), 201, `${P}/commitments`, 'post');
  await expect(await call(owner.client, 'GET', M), 200, P);
  await expect(await call(owner.client, 'POST', `${M}/phase`, {}), 200, `${P}/phase`, 'post');
  await expect(await call(owner.client, 'POST', `${M}/attendance`, { present: [owner.id, other.id] }), 200, `${P}/attendance`, 'post');
  await expect(await call(owner.client, 'POST', `${M}/phase`, { phase: 'closed' }), 200, `${P}/phase`, 'post');
  await expect(await call(owner.client, 'POST', `${M}/phase`, {}), 409, `${P}/phase`, 'post');
  await expect(await call(other.client, 'GET', M), 200, P);
  await expect(await call(other.client, 'POST', `${B}/commitments/${k.commitment.id}`, { status: 'done', meeting_id: made.meeting.id }), 200, '/chapters/{chapter}/commitments/{id}', 'post');
  await expect(await call(other.client, 'POST', `${B}/commitments/${k.commitment.id}`, { status: 'maybe' }), 422, '/chapters/{chapter}/commitments/{id}', 'post');
  await expect(await call(owner.client, 'GET', `${B}/absences`), 200, '/chapters/{chapter}/absences');
  await expect(await call(other.client, 'GET', `${B}/absences`), 403, '/chapters/{chapter}/absences');
  await expect(await call(a, 'GET', '/commons/stories'), 200, '/commons/stories');
  await expect(await call(a, 'GET', '/commons/stories?page=0'), 400, '/commons/stories');
  const moved = await call(a, 'GET', '/stories?page=2');
  assert.equal(moved.status, 301);
  assert.equal(moved.location, '/api/v1/commons/stories?page=2');
  const later = await expect(await call(owner.client, 'POST', `${B}/meetings`, { date: '2030-06-04', time: '19:00' }), 201, '/chapters/{chapter}/meetings', 'post');
  await expect(await call(owner.client, 'POST', `${B}/meetings/${later.meeting.id}/cancel`, {}), 200, `${P}/cancel`, 'post');
  await expect(await call(owner.client, 'POST', `${B}/meetings/${later.meeting.id}/cancel`, {}), 409, `${P}/cancel`, 'post');

  const feed = await expect(await other.client.get(`/api/v1${B}/calendar.ics`), 200, '/chapters/{chapter}/calendar.ics');
  assert.match(feed, /^BEGIN:VCALENDAR/);
  await expect(await other.client.get(`/api/v1${M}/calendar.ics`), 200, `${P}/calendar.ics`);
  await expect(await other.client.get(`/api/v1${B}/meetings/999999/calendar.ics`), 404, `${P}/calendar.ics`);
  const me = await expect(await call(other.client, 'GET', '/me'), 200, '/me');
  const token = new URL(me.calendar_url).pathname.split('/calendar/')[1];
  await expect(await new Client().get(`/api/v1/calendar/${token}`), 200, '/calendar/{token}');
  const reset = await expect(await call(other.client, 'POST', '/me/calendar', {}), 200, '/me/calendar', 'post');
  assert.notEqual(reset.calendar_url, me.calendar_url);
  await expect(await new Client().get(`/api/v1/calendar/${token}`), 404, '/calendar/{token}');

  const page = await expect(await call(other.client, 'GET', B), 200, '/chapters/{chapter}');
  assert.equal(page.health.meetings_held, 1);
  assert.ok('next_meeting_at' in page.health, 'members see when the next meeting is');
  const outside = await expect(await new Client().get(`/api/v1${B}`), 200, '/chapters/{chapter}');
  assert.ok(!('next_meeting_at' in outside.health), 'others do not');
  await expect(await call(a, 'POST', '/admin/settings', { activate_after_meetings: 3, dormant_after_days: 90 }), 200, '/admin/settings', 'post');
  await expect(await call(a, 'POST', '/admin/settings', { activate_after_meetings: 0 }), 422, '/admin/settings', 'post');
});

test('the books answer as documented: recording and its refusals, reversals, claims, capture, canvas, organisations, exports and the signed head', async () => {
  const a = await admin();
  const g = await geography(a);
  const owner = await member({ metro_id: g.metro.id, sector_id: g.sector.id });
  const created = await owner.client.api('POST', '/chapters', { name: `Chapter ${unique('l')}`, metro_id: g.metro.id, sector_id: g.sector.id });
  assert.equal(created.status, 201, created.text);
  const ch = created.json().chapter;
  const other = await member();                         // a plain member of the chapter
  await admit(owner, ch, other);
  const outsider = await member({ metro_id: g.metro.id });   // logged in, connector of another chapter
  const elsewhere = (await outsider.client.api('POST', '/chapters', { name: `Chapter ${unique('x')}`, metro_id: g.metro.id })).json().chapter;
  const anon = new Client();
  const B = `/chapters/${ch.slug}`;
  const L = '/chapters/{chapter}/ledger';
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };
  const post = (who, path, body, opts) => who.api('POST', path, body, opts);
  const record = (body, opts) => post(owner.client, `${B}/ledger`, body, opts);

  // organisations, a basket, and what comes in
  const orgName = `Sponsor ${unique('o')}`;
  const org = (await expect(await post(owner.client, '/organisations', { name: orgName, kind: 'sponsor', website: 'https://sponsor.example' }),
    201, '/organisations', 'post')).organisation;
  await expect(await post(owner.client, '/organisations', { name: orgName.toUpperCase() }), 422, '/organisations', 'post');
  await expect(await post(owner.client, '/organisations', { name: `Bank ${unique('b')}`, kind: 'bank', website: 'ftp://x' }), 422, '/organisations', 'post');
  const venue = (await expect(await post(other.client, '/organisations', { name: `Venue ${unique('v')}`, kind: 'venue' }), 201, '/organisations', 'post')).organisation;
  await expect(await anon.get('/api/v1/organisations'), 200, '/organisations');
  const basket = (await expect(await post(owner.client, `${B}/baskets`, { name: 'Venue 2027', purpose: 'venue' }), 201, '/chapters/{chapter}/baskets', 'post')).basket;
  await expect(await post(owner.client, `${B}/baskets`, { name: 'Venue 2027', purpose: 'venue' }), 422, '/chapters/{chapter}/baskets', 'post');
  await expect(await record({ kind: 'income', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '500.00', description: 'Sponsorship',
    category: 'sponsorship', visibility: 'public' }), 201, L, 'post');
  const key = unique('idem');
  const fund = { kind: 'basket_funding', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '200', basket: basket.id, description: 'Venue fund', visibility: 'network' };
  const first = await expect(await record(fund, { headers: { 'idempotency-key': key } }), 201, L, 'post');
  const again = await expect(await record(fund, { headers: { 'idempotency-key': key } }), 200, L, 'post');
  assert.deepEqual(again.transaction, { id: first.transaction.id, is_repeat: true });
  const hours = await expect(await record({ kind: 'contribution', counterpart: `member:${other.id}`, resource: 'HOURS', amount: '1.5',
    description: 'Set up the room', visibility: 'unit' }), 201, L, 'post');
  await expect(await record({ kind: 'contribution', counterpart: `member:${other.id}`, resource: 'GOODS', amount: '3', value_amount: '45.00',
    description: 'Coffee beans', visibility: 'parties' }), 201, L, 'post');

  // refusals
  const spend = { kind: 'basket_spending', counterpart: `org:${venue.slug}`, resource: 'EUR', basket: basket.id, description: 'Room hire', visibility: 'public' };
  const over = await expect(await record({ ...spend, amount: '250' }), 409, L, 'post');
  assert.ok(over.errors.some((e) => e.field === 'amount'), 'an overdrawn basket names the amount');
  const off = await expect(await record({ ...spend, amount: '50', category: 'catering' }), 422, L, 'post');
  assert.ok(off.errors.some((e) => e.field === 'category'), 'spending outside the purpose names the category');
  await expect(await record({ ...spend, amount: '50' }), 201, L, 'post');
  const toOrg = await expect(await record({ kind: 'transfer', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '5', description: 'x' }), 422, L, 'post');
  assert.ok(toOrg.errors.some((e) => e.field === 'counterpart'), 'a transfer to an organisation names the counterpart');
  await expect(await record({ kind: 'income', resource: 'XYZ', amount: '-1', occurred_on: '2026-13-01', visibility: 'secret' }), 422, L, 'post');
  const mine = `chapter:${ch.slug}`;
  const unbalanced = await expect(await record({ kind: 'expense', description: 'Dinner', postings: [
    { account: mine, resource: 'EUR', amount: '-30.00' }, { account: `org:${venue.slug}`, resource: 'EUR', amount: '20' }] }), 422, L, 'post');
  assert.ok(unbalanced.errors.some((e) => e.field === 'postings'));
  const taking = await expect(await record({ kind: 'transfer', description: 'Not ours', postings: [
    { account: `chapter:${elsewhere.slug}`, resource: 'EUR', amount: '-5' }, { account: mine, resource: 'EUR', amount: '5' }] }), 403, L, 'post');
  assert.ok(taking.errors.some((e) => e.field === 'postings'));
  await expect(await record({ kind: 'expense', description: 'x', postings: 'no' }), 400, L, 'post');
  const split = await expect(await record({ kind: 'expense', description: 'Dinner split', category: 'catering', visibility: 'unit', postings: [
    { account: mine, resource: 'EUR', amount: '-30.00' }, { account: `org:${venue.slug}`, resource: 'EUR', amount: '20' },
    { account: `member:${other.id}`, resource: 'EUR', amount: '10' }] }), 201, L, 'post');
  assert.equal(split.transaction.is_repeat, false);
  await expect(await post(other.client, `${B}/ledger`, fund), 403, L, 'post');
  await expect(await post(a, `${B}/ledger`, fund), 403, L, 'post');
  await expect(await anon.api('POST', `${B}/ledger`, fund), 401, L, 'post');

  // corrections are reversals
  const R = '/chapters/{chapter}/ledger/{tx}/reverse';
  const rev = await expect(await post(owner.client, `${B}/ledger/${hours.transaction.id}/reverse`, {}), 201, R, 'post');
  assert.equal(rev.transaction.reverses_id, hours.transaction.id);
  await expect(await post(owner.client, `${B}/ledger/${hours.transaction.id}/reverse`, {}), 409, R, 'post');
  await expect(await post(owner.client, `${B}/ledger/${rev.transaction.id}/reverse`, {}), 409, R, 'post');
  await expect(await post(owner.client, `${B}/ledger/999999999/reverse`, {}), 404, R, 'post');

  // expense claims
  const C = '/chapters/{chapter}/claims';
  const claim = (await expect(await post(other.client, `${B}/claims`, { resource: 'EUR', amount: '12.50', description: 'Croissants', category: 'catering' }),
    201, C, 'post')).claim;
  await expect(await post(other.client, `${B}/claims`, { resource: 'HOURS', amount: '1', description: '' }), 422, C, 'post');
  const taxi = (await expect(await post(other.client, `${B}/claims`, { resource: 'EUR', amount: '5', description: 'Taxi', payee: `org:${venue.slug}` }), 201, C, 'post')).claim;
  await expect(await post(other.client, `${B}/claims/${claim.id}/approve`, {}), 403, `${C}/{id}/approve`, 'post');
  const approved = await expect(await post(owner.client, `${B}/claims/${claim.id}/approve`, {}), 200, `${C}/{id}/approve`, 'post');
  assert.ok(approved.transaction.id > 0);
  await expect(await post(owner.client, `${B}/claims/${claim.id}/approve`, {}), 409, `${C}/{id}/approve`, 'post');
  await expect(await post(owner.client, `${B}/claims/${taxi.id}/decline`, {}), 200, `${C}/{id}/decline`, 'post');
  await expect(await post(owner.client, `${B}/claims/${taxi.id}/decline`, {}), 409, `${C}/{id}/decline`, 'post');
  await expect(await post(owner.client, `${B}/claims/999999999/decline`, {}), 404, `${C}/{id}/decline`, 'post');

  // quick capture at a meeting
  const date = new Date(Date.now() + 2 * 86400 * 1000).toISOString().slice(0, 10);
  const meeting = (await owner.client.api('POST', `${B}/meetings`, { date, time: '19:00' })).json().meeting;
  const K = '/chapters/{chapter}/meetings/{meeting}/contributions';
  const cap = await expect(await post(owner.client, `${B}/meetings/${meeting.id}/contributions`, {
    who: [`member:${other.id}`, `member:${owner.id}`, ''], resource: ['EUR', 'HOURS', 'EUR'], amount: ['5', '0.5', ''], note: ['Coffee', 'Set-up', ''] }),
  201, K, 'post');
  assert.equal(cap.recorded, 2);
  await expect(await post(owner.client, `${B}/meetings/${meeting.id}/contributions`, {}), 422, K, 'post');
  await expect(await post(owner.client, `${B}/meetings/999999999/contributions`, {}), 404, K, 'post');

  // what each reader sees: totals for everyone, lines by their visibility
  const full = await expect(await owner.client.api('GET', `${B}/ledger`), 200, L);
  assert.equal(full.hidden.count, 0);
  assert.ok(full.totals.some((t) => t.resource === 'HOURS') && full.baskets[0].balances.length > 0);
  assert.ok(Array.isArray(full.claims), 'connectors see the claims');
  const asMember = await expect(await other.client.api('GET', `${B}/ledger`), 200, L);
  assert.ok(Array.isArray(asMember.claims), 'members see the claims');
  const outside = await expect(await anon.get(`/api/v1${B}/ledger`), 200, L);
  assert.ok(outside.hidden.count > 0 && outside.hidden.summary.length > 0, 'an anonymous reader is told what is hidden');
  assert.ok(outside.lines.every((l) => l.visibility === 'public'));
  assert.ok(!('claims' in outside));
  assert.deepEqual(outside.totals, full.totals, 'totals are public aggregates');
  const logged = await expect(await outsider.client.api('GET', `${B}/ledger`), 200, L);
  assert.ok(logged.lines.every((l) => ['public', 'network'].includes(l.visibility)));
  await expect(await a.api('GET', `${B}/ledger`), 200, L);
  const later = await expect(await anon.get(`/api/v1${B}/ledger?from=2999-01-01`), 200, L);
  assert.equal(later.lines.length, 0);
  assert.ok(later.opening.length > 0, 'the opening balances before the period');
  await expect(await anon.get(`/api/v1${B}/ledger?from=someday`), 400, L);
  await expect(await anon.get(`/api/v1/chapters/${unique('none')}/ledger`), 404, L);
  await expect(await other.client.api('GET', '/me/ledger'), 200, '/me/ledger');
  await expect(await anon.get('/api/v1/me/ledger'), 401, '/me/ledger');
  await expect(await anon.get(`/api/v1/organisations/${org.slug}`), 200, '/organisations/{org}');
  await expect(await anon.get(`/api/v1/organisations/${unique('none')}`), 404, '/organisations/{org}');
  const place = await expect(await anon.get(`/api/v1/places/${g.metro.slug}/ledger`), 200, '/places/{place}/ledger');
  assert.ok(place.chapters.some((x) => x.slug === ch.slug));
  await expect(await anon.get(`/api/v1/places/${unique('none')}/ledger`), 404, '/places/{place}/ledger');
  await expect(await anon.get('/api/v1/ledger'), 200, '/ledger');
  const network = await expect(await a.api('GET', '/ledger'), 200, '/ledger');
  assert.ok(network.head && network.head.seq > 0);

  // the canvas
  const V = '/chapters/{chapter}/canvas';
  await expect(await post(owner.client, `${B}/canvas`, { value_proposition: 'Honest talk about **regulators**.', channels: 'Meetups' }), 200, V, 'post');
  await expect(await post(owner.client, `${B}/canvas`, { relationships: 'x'.repeat(4001) }), 422, V, 'post');
  await expect(await post(other.client, `${B}/canvas`, { channels: 'mine' }), 403, V, 'post');
  const canvas = await expect(await anon.get(`/api/v1${B}/canvas`), 200, V);
  assert.equal(canvas.canvas.texts.channels, 'Meetups');
  const P = '/places/{place}/canvas';
  await expect(await post(a, `/places/${g.metro.slug}/canvas`, { channels: 'Word of mouth' }), 200, P, 'post');
  await expect(await post(owner.client, `/places/${g.metro.slug}/canvas`, { channels: 'x' }), 403, P, 'post');
  await expect(await post(a, `/places/${unique('none')}/canvas`, { channels: 'x' }), 404, P, 'post');
  await expect(await anon.get(`/api/v1/places/${g.metro.slug}/canvas`), 200, P);
  await expect(await post(a, '/ledger/canvas', { value_proposition: 'A network of chapters' }), 200, '/ledger/canvas', 'post');
  await expect(await post(owner.client, '/ledger/canvas', {}), 403, '/ledger/canvas', 'post');
  await expect(await anon.get('/api/v1/ledger/canvas'), 200, '/ledger/canvas');

  // exports
  const csv = await expect(await owner.client.get(`/api/v1${B}/ledger.csv`), 200, '/chapters/{chapter}/ledger.csv');
  assert.match(csv, /^"date","entry","kind"/);
  await expect(await anon.get('/api/v1/ledger.csv'), 200, '/ledger.csv');
  const journal = await expect(await owner.client.get(`/api/v1${B}/ledger.journal`), 200, '/chapters/{chapter}/ledger.journal');
  assert.match(journal, /^; /);
  await expect(await anon.get('/api/v1/ledger.journal'), 200, '/ledger.journal');
  await expect(await anon.get(`/api/v1/chapters/${unique('none')}/ledger.csv`), 404, '/chapters/{chapter}/ledger.csv');

  // the signed head checks out with the node's public key
  const { head } = await expect(await anon.get('/api/v1/ledger/head'), 200, '/ledger/head');
  assert.equal(head.message, `glocal-ledger-head:${head.seq}:${head.hash}:${head.signed_at}`);
  const key_ = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(head.public_key, 'hex').toString('base64url') }, format: 'jwk' });
  assert.ok(verify(null, Buffer.from(head.message), key_, Buffer.from(head.signature, 'hex')), 'the signature of the head verifies');
  assert.ok(head.seq >= network.head.seq);
});

test('apps and events answer as documented: the catalog, events, registration, tickets, the desk, money, closing, statements and calendars', async () => {
  const a = await admin();
  const g = await geography(a);
  const conn = await member({ metro_id: g.metro.id });
  const ch = (await conn.client.api('POST', '/chapters', { name: `Chapter ${unique('e')}`, metro_id: g.metro.id })).json().chapter;
  const co = await member();
  const coCh = (await co.client.api('POST', '/chapters', { name: `Chapter ${unique('f')}`, metro_id: g.metro2.id })).json().chapter;
  const mem = await member();
  await admit(conn, ch, mem);
  const plain = await member();                          // logged in, runs no chapter
  const anon = new Client();
  const org = (await conn.client.api('POST', '/organisations', { name: `Sponsor ${unique('s')}`, kind: 'sponsor' })).json().organisation;
  const venue = (await conn.client.api('POST', '/organisations', { name: `Venue ${unique('v')}`, kind: 'venue' })).json().organisation;
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };
  const post = (who, path, body) => who.api('POST', path, body);
  // local date and time in Lisbon, `minutes` from now
  const at = (minutes) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60000)).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  };
  const when = (from, length = 180) => { const s = at(from), e = at(from + length); return { date: s.date, time: s.time, end_date: e.date, end_time: e.time }; };

  // the catalog
  const format = {
    name: `Pitch night ${unique('p')}`, summary: 'Five founders, five minutes each.', description: 'Founders **pitch**.',
    runbook: [{ step: 'Doors open', minutes: 30 }, { step: 'Pitches', minutes: 60 }],
    tiers: [{ name: 'Members', price: '0', currency: 'EUR' }, { name: 'Standard', price: '10.00', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '500.00', currency: 'EUR', placement: 'headline', benefits: 'Logo on the screen' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'host', share: 2000 }, { party: 'cohosts', share: 1000 },
      { party: 'region', share: 1000 }, { party: 'network', share: 1000 }],
  };
  const app = (await expect(await post(a, '/apps', format), 201, '/apps', 'post')).app;
  assert.deepEqual(app.split_rule, format.split_rule, 'a format answers its lists as lists');
  await expect(await post(a, '/apps', { ...format, name: '', split_rule: [{ party: 'landlord', share: 10000 }] }), 422, '/apps', 'post');
  await expect(await post(conn.client, '/apps', format), 403, '/apps', 'post');
  await expect(await anon.api('POST', '/apps', format), 401, '/apps', 'post');
  await expect(await anon.get('/api/v1/apps'), 200, '/apps');
  await expect(await anon.get(`/api/v1/apps/${app.slug}`), 200, '/apps/{app}');
  await expect(await anon.get(`/api/v1/apps/${unique('none')}`), 404, '/apps/{app}');
  await expect(await post(a, `/apps/${app.slug}`, { summary: 'Five founders, one honest room.' }), 200, '/apps/{app}', 'post');
  await expect(await post(a, `/apps/${app.slug}`, { tiers: 42 }), 422, '/apps/{app}', 'post');
  await expect(await post(conn.client, `/apps/${app.slug}`, { summary: 'mine' }), 403, '/apps/{app}', 'post');
  await expect(await anon.api('POST', `/apps/${app.slug}`, { summary: 'x' }), 401, '/apps/{app}', 'post');
  await expect(await post(plain.client, `/apps/${app.slug}/copy`, {}), 403, '/apps/{app}/copy', 'post');
  await expect(await post(conn.client, `/apps/${app.slug}/copy`, { name: 'x'.repeat(81) }), 422, '/apps/{app}/copy', 'post');
  const copy = (await expect(await post(conn.client, `/apps/${app.slug}/copy`, {}), 201, '/apps/{app}/copy', 'post')).app;
  assert.equal(copy.origin_id, app.id);
  await expect(await post(conn.client, `/apps/${copy.slug}`, { packages: [] }), 200, '/apps/{app}', 'post');
  await expect(await conn.client.api('GET', '/apps'), 200, '/apps');

  // events
  const E = '/events/{event}';
  const make = async (fields) => (await expect(await post(conn.client, '/events', { app: app.slug, host: `chapter:${ch.slug}`,
    title: `Pitch ${unique('t')}`, venue: 'The Hub', ...when(-30), record: true, ...fields }), 201, '/events', 'post')).event;
  const ev = await make({ capacity: 2, cohosts: [coCh.slug] });
  await expect(await post(conn.client, '/events', { app: 'none', host: `chapter:${coCh.slug}`, title: '', capacity: 0 }), 422, '/events', 'post');
  await expect(await anon.api('POST', '/events', {}), 401, '/events', 'post');
  const regional = (await expect(await post(conn.client, '/events', { app: copy.slug, host: `place:${g.region.slug}`, title: `Online ${unique('o')}`,
    online_url: 'https://meet.example/x', visibility: 'network', ...when(600) }), 201, '/events', 'post')).event;
  await expect(await anon.get('/api/v1/events'), 200, '/events');
  await expect(await anon.get(`/api/v1/events?place=${g.country.slug}`), 200, '/events');
  await expect(await anon.get(`/api/v1/events?place=${unique('none')}`), 404, '/events');
  await expect(await anon.get(`/api/v1/events/${ev.slug}`), 200, E);
  await expect(await anon.get(`/api/v1/events/${regional.slug}`), 404, E);
  await expect(await mem.client.api('GET', `/events/${regional.slug}`), 200, E);
  await expect(await anon.get(`/api/v1/events/${ev.slug}/calendar.ics`), 200, `${E}/calendar.ics`);
  await expect(await anon.get(`/api/v1/events/${regional.slug}/calendar.ics`), 404, `${E}/calendar.ics`);
  await expect(await anon.get(`/api/v1/places/${g.country.slug}/events.ics`), 200, '/places/{place}/events.ics');
  await expect(await anon.get(`/api/v1/places/${unique('none')}/events.ics`), 404, '/places/{place}/events.ics');

  // registration: members through the API, guests with the page's CSRF cookie and token (their ticket at once)
  await expect(await a.api('POST', '/admin/settings', { guest_verification: false }), 200, '/admin/settings', 'post');
  const tiers = (await expect(await mem.client.api('GET', `/events/${ev.slug}`), 200, E)).tiers;
  const standard = tiers.find((t) => t.name === 'Standard');
  const R = `${E}/register`;
  const paidReg = (await expect(await post(mem.client, `/events/${ev.slug}/register`, { tier: standard.id }), 201, R, 'post')).registration;
  await expect(await post(mem.client, `/events/${ev.slug}/register`, {}), 409, R, 'post');
  await expect(await post(plain.client, `/events/${ev.slug}/register`, { tier: 999999999 }), 422, R, 'post');
  await expect(await new Client().api('POST', `/events/${ev.slug}/register`, { name: 'No Cookie', email: 'nc@example.org' }, { csrf: false }), 403, R, 'post');
  const guest = new Client();
  await guest.get(`/events/${ev.slug}`);                 // the page sets the glocal_csrf cookie and its token
  await expect(await guest.api('POST', `/events/${ev.slug}/register`, { name: '', email: 'nope' }), 422, R, 'post');
  const guestReg = (await expect(await guest.api('POST', `/events/${ev.slug}/register`, { name: 'Gus Guest', email: `${unique('g')}@example.org` }),
    201, R, 'post')).registration;
  const waiting = (await expect(await post(plain.client, `/events/${ev.slug}/register`, {}), 201, R, 'post')).registration;
  assert.equal(waiting.status, 'waitlist');
  await expect(await post(mem.client, `/events/${regional.slug}/register`, {}), 201, R, 'post');
  await expect(await anon.api('POST', `/events/${regional.slug}/register`, {}), 404, R, 'post');
  const mine = await expect(await plain.client.api('GET', `/events/${ev.slug}`), 200, E);
  assert.equal(mine.my_registration.position, 1);

  // tickets
  const T = '/tickets/{token}';
  const token = (x) => x.ticket_url.split('/tickets/')[1];
  await expect(await anon.get(`/api/v1/tickets/${token(paidReg)}`), 200, T);
  await expect(await anon.get(`/api/v1/tickets/${token(waiting)}`), 200, T);
  await expect(await anon.get(`/api/v1/tickets/${'x'.repeat(43)}`), 404, T);

  // the desk
  const D = `${E}/registrations`;
  await expect(await conn.client.api('GET', `/events/${ev.slug}/registrations`), 200, D);
  await expect(await a.api('GET', `/events/${ev.slug}/registrations`), 200, D);
  await expect(await mem.client.api('GET', `/events/${ev.slug}/registrations`), 403, D);
  await expect(await anon.get(`/api/v1/events/${ev.slug}/registrations`), 401, D);
  const C = `${E}/checkin`;
  await expect(await post(conn.client, `/events/${ev.slug}/checkin`, { code: paidReg.code }), 409, C, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/checkin`, { code: 'ZZZZZZ' }), 404, C, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/checkin`, { code: '' }), 422, C, 'post');
  const PD = `${D}/{registration}/paid`;
  await expect(await post(mem.client, `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {}), 403, PD, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {}), 200, PD, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {}), 409, PD, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/999999999/paid`, {}), 404, PD, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/checkin`, { code: paidReg.code.toLowerCase() }), 200, C, 'post');
  const SP = `${E}/sponsors`;
  await expect(await post(conn.client, `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' }), 201, SP, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Platinum' }), 422, SP, 'post');
  await expect(await post(mem.client, `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' }), 403, SP, 'post');
  const K = `${E}/costs`;
  await expect(await post(conn.client, `/events/${ev.slug}/costs`, { payee: `org:${venue.slug}`, amount: '120.01', description: 'Room hire' }), 201, K, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/costs`, { payee: `org:${venue.slug}`, amount: '9999', description: 'Too much' }), 409, K, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/costs`, { payee: 'nobody', amount: '-1', currency: 'XYZ' }), 422, K, 'post');
  await expect(await conn.client.api('GET', `/events/${ev.slug}/registrations`), 200, D);
  await expect(await anon.get(`/api/v1/events/${ev.slug}`), 200, E);

  // changing, cancelling
  await expect(await post(conn.client, `/events/${ev.slug}`, { capacity: 3, venue: 'A bigger room' }), 200, E, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}`, { capacity: 1 }), 409, E, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}`, { capacity: 0, status: 'closed' }), 422, E, 'post');
  await expect(await post(mem.client, `/events/${ev.slug}`, { title: 'Hijack' }), 403, E, 'post');
  const W = `${E}/cancel`;
  await expect(await post(plain.client, `/events/${ev.slug}/cancel`, {}), 200, W, 'post');
  await expect(await post(plain.client, `/events/${ev.slug}/cancel`, {}), 404, W, 'post');
  await expect(await anon.api('POST', `/events/${ev.slug}/cancel`, {}), 401, W, 'post');
  const RC = `${D}/{registration}/cancel`;
  const again = (await expect(await post(plain.client, `/events/${ev.slug}/register`, { tier: standard.id }), 201, R, 'post')).registration;
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/${again.id}/paid`, {}), 200, PD, 'post');
  const refunded = await expect(await post(conn.client, `/events/${ev.slug}/registrations/${again.id}/cancel`, {}), 200, RC, 'post');
  assert.equal(refunded.registration.is_refunded, true);
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/${again.id}/cancel`, {}), 409, RC, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/registrations/999999999/cancel`, {}), 404, RC, 'post');
  const TC = `${T}/cancel`;
  await expect(await new Client().api('POST', `/tickets/${token(guestReg)}/cancel`, {}, { csrf: false }), 200, TC, 'post');
  await expect(await new Client().api('POST', `/tickets/${token(guestReg)}/cancel`, {}, { csrf: false }), 409, TC, 'post');
  await expect(await new Client().api('POST', `/tickets/${'x'.repeat(43)}/cancel`, {}, { csrf: false }), 404, TC, 'post');

  // statement, closing, earnings
  const S = `${E}/statement`;
  const open = await expect(await mem.client.api('GET', `/events/${ev.slug}/statement`), 200, S);
  assert.ok(open.projected_shares.length > 0 && open.shares.length === 0);
  await expect(await anon.get(`/api/v1/events/${ev.slug}/statement`), 401, S);
  await expect(await plain.client.api('GET', `/events/${regional.slug}/statement`), 200, S);
  const X = `${E}/close`;
  await expect(await post(conn.client, `/events/${regional.slug}/close`, {}), 409, X, 'post');
  await expect(await post(mem.client, `/events/${ev.slug}/close`, {}), 403, X, 'post');
  const closed = await expect(await post(conn.client, `/events/${ev.slug}/close`, {}), 200, X, 'post');
  const eur = open.totals.find((t) => t.currency === 'EUR');
  assert.equal(closed.shares.reduce((s, x) => s + x.amount, 0), eur.net, 'the shares add up to the net income');
  await expect(await post(conn.client, `/events/${ev.slug}/close`, {}), 409, X, 'post');
  await expect(await post(conn.client, `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' }), 409, SP, 'post');
  await expect(await post(mem.client, `/events/${ev.slug}/register`, {}), 409, R, 'post');
  const done = await expect(await mem.client.api('GET', `/events/${ev.slug}/statement`), 200, S);
  assert.equal(done.projected_shares.length, 0);
  await expect(await mem.client.api('GET', '/events/splits'), 200, '/events/splits');
  await expect(await anon.get('/api/v1/events/splits'), 401, '/events/splits');
  const earned = await expect(await conn.client.api('GET', '/me/events'), 200, '/me/events');
  assert.ok(earned.earnings.some((x) => x.slug === ev.slug));
  await expect(await mem.client.api('GET', '/me/events'), 200, '/me/events');
  await expect(await anon.get('/api/v1/me/events'), 401, '/me/events');
  await expect(await post(conn.client, `/events/${regional.slug}`, { status: 'cancelled' }), 200, E, 'post');
  await expect(await post(conn.client, `/events/${regional.slug}`, { status: 'cancelled' }), 409, E, 'post');
  await expect(await anon.get(`/api/v1/apps/${app.slug}`), 200, '/apps/{app}');
});

// --- governance: matters and committees (B) ---
test('matters and committees answer as documented, the chapter\'s view and the committee\'s', async () => {
  const a = await admin();
  const g = await geography(a);
  const owners = [];
  for (let i = 0; i < 3; i++) {
    const o = await member();
    const made = (await o.client.api('POST', '/chapters', { name: `Chapter ${unique('g')}`, metro_id: g.metro.id })).json().chapter;
    await o.client.api('POST', `/chapters/${made.slug}`, { status: 'active' });
    owners.push({ ...o, ch: made });
  }
  const [owner] = owners;
  const ch = owner.ch;
  const raiser = await member();
  await admit(owner, ch, raiser);
  const judge = await member();
  const anon = new Client();
  const post = (who, path, body) => who.api('POST', path, body);
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };
  const K = '/committees/{committee}';
  await expect(await anon.get('/api/v1/governance'), 200, '/governance');
  await expect(await judge.client.api('GET', '/governance'), 200, '/governance');
  await expect(await a.api('GET', '/governance/settings'), 200, '/governance/settings');
  await expect(await judge.client.api('GET', '/governance/settings'), 403, '/governance/settings');
  await expect(await post(a, '/governance/settings', { gov_metro_min: 0 }), 422, '/governance/settings', 'post');
  await expect(await post(a, '/governance/settings', { gov_metro_min: 3 }), 200, '/governance/settings', 'post');
  await expect(await anon.get(`/api/v1/committees/${g.metro.slug}`), 200, K);
  await expect(await anon.get(`/api/v1/committees/${g.metro2.slug}`), 404, K);
  await expect(await post(a, `/committees/${g.metro.slug}/seats`, { email: judge.email }), 201, `${K}/seats`, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}/seats`, { email: judge.email }), 409, `${K}/seats`, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}/seats`, { email: 'nobody@test.example' }), 422, `${K}/seats`, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}`, { chair_id: judge.id }), 200, K, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}`, { term_months: 0 }), 422, K, 'post');
  await expect(await post(judge.client, `/committees/${g.metro.slug}`, { seats: 3 }), 403, K, 'post');

  const C = '/chapters/{chapter}/matters';
  await expect(await post(raiser.client, `/chapters/${ch.slug}/matters`, { kind: 'x' }), 422, C, 'post');
  await expect(await post(judge.client, `/chapters/${ch.slug}/matters`, { kind: 'rule', title: 't', body: 'b' }), 403, C, 'post');
  const made = await expect(await post(raiser.client, `/chapters/${ch.slug}/matters`, { kind: 'resources', title: 'A room', body: 'We need a room.' }), 201, C, 'post');
  await expect(await raiser.client.api('GET', `/chapters/${ch.slug}/matters`), 200, C);
  await expect(await a.api('GET', `/chapters/${ch.slug}/matters`), 403, C);
  const M = '/matters/{matter}';
  const id = made.matter.id;
  await expect(await raiser.client.api('GET', `/matters/${id}`), 200, M);
  await expect(await judge.client.api('GET', `/matters/${id}`), 404, M);
  await expect(await anon.get(`/api/v1/matters/${id}`), 401, M);
  await expect(await post(raiser.client, `/matters/${id}/notes`, { note: 'More detail' }), 200, `${M}/notes`, 'post');
  await expect(await post(raiser.client, `/matters/${id}/notes`, { note: '' }), 422, `${M}/notes`, 'post');
  await expect(await post(owner.client, `/matters/${id}/escalate`, {}), 409, `${M}/escalate`, 'post');
  await expect(await post(owner.client, `/matters/${id}/summary`, { summary_title: 'A room', summary: 'The chapter needs a room.' }), 200, `${M}/summary`, 'post');
  await expect(await post(owner.client, `/matters/${id}/summary`, { summary: '' }), 422, `${M}/summary`, 'post');
  await expect(await post(owner.client, `/matters/${id}/approve`, {}), 403, `${M}/approve`, 'post');
  await expect(await post(raiser.client, `/matters/${id}/approve`, {}), 200, `${M}/approve`, 'post');
  await expect(await post(raiser.client, `/matters/${id}/escalate`, {}), 403, `${M}/escalate`, 'post');
  const sent = await expect(await post(owner.client, `/matters/${id}/escalate`, {}), 200, `${M}/escalate`, 'post');
  assert.equal(sent.matter.committee_key, g.metro.slug);
  const seen = await expect(await judge.client.api('GET', `/matters/${id}`), 200, M);
  assert.equal(seen.matter.view, 'committee');
  await expect(await judge.client.api('GET', `/committees/${g.metro.slug}`), 200, K);
  await expect(await post(owner.client, `/matters/${id}/resolve`, { resolution: 'x' }), 409, `${M}/resolve`, 'post');
  await expect(await post(raiser.client, `/matters/${id}/withdraw`, {}), 409, `${M}/withdraw`, 'post');
  await expect(await post(owner.client, `/matters/${id}/decide`, { statement: 'x' }), 403, `${M}/decide`, 'post');
  await expect(await post(judge.client, `/matters/${id}/decide`, { statement: '' }), 422, `${M}/decide`, 'post');
  await expect(await post(judge.client, `/matters/${id}/pass-up`, { note: 'x'.repeat(2001) }), 422, `${M}/pass-up`, 'post');
  const up = await expect(await post(judge.client, `/matters/${id}/pass-up`, { note: 'For the board' }), 200, `${M}/pass-up`, 'post');
  assert.equal(up.matter.committee_key, 'board');
  await expect(await post(a, `/matters/${id}/pass-up`, {}), 409, `${M}/pass-up`, 'post');
  const decided = await expect(await post(a, `/matters/${id}/decide`, { statement: 'A room is found.' }), 200, `${M}/decide`, 'post');
  assert.ok(decided.decision_id > 0);
  const second = (await post(raiser.client, `/chapters/${ch.slug}/matters`, { kind: 'rule', title: 'Another', body: 'b' })).json().matter;
  await expect(await post(owner.client, `/matters/${second.id}/resolve`, { resolution: '' }), 422, `${M}/resolve`, 'post');
  await expect(await post(owner.client, `/matters/${second.id}/resolve`, { resolution: 'Done' }), 200, `${M}/resolve`, 'post');
  const third = (await post(raiser.client, `/chapters/${ch.slug}/matters`, { kind: 'rule', title: 'Third', body: 'b' })).json().matter;
  await expect(await post(raiser.client, `/matters/${third.id}/withdraw`, {}), 200, `${M}/withdraw`, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}/seats/${judge.id}/end`, {}), 200, `${K}/seats/{member}/end`, 'post');
  await expect(await post(a, `/committees/${g.metro.slug}/seats/${judge.id}/end`, {}), 404, `${K}/seats/{member}/end`, 'post');
  const page = await expect(await raiser.client.api('GET', `/chapters/${ch.slug}`), 200, '/chapters/{chapter}');
  assert.ok(page.governance.path.length >= 2);
  await expect(await anon.get(`/api/v1/places/${g.metro.slug}`), 200, '/places/{place}');
});

test('the formation funnel answers as documented: applying, the lists, one application, its review and the report', async () => {
  const a = await admin();
  const g = await geography(a);
  const ana = await member();
  const stranger = await member();
  const post = (who, path, body) => who.api('POST', path, body);
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };
  const A = '/growth/applications', one = `${A}/{application}`;
  const body = (metro, sector) => ({ name: `Founders ${unique()}`, metro_id: metro.id, sector_id: sector.id, second_email: `${unique('s')}@test.example`, message: 'Why.' });
  const made = await expect(await post(ana.client, A, body(g.metro, g.sector)), 201, A, 'post');
  assert.equal(made.application.status, 'applied');
  await expect(await post(ana.client, A, body(g.metro, g.sector)), 409, A, 'post');
  await expect(await post(ana.client, A, { name: '' }), 422, A, 'post');
  await expect(await new Client().api('POST', A, body(g.metro, g.sector), { csrf: false }), 401, A, 'post');
  const other = (await expect(await post(ana.client, A, body(g.metro2, g.sector)), 201, A, 'post')).application;
  const third = (await expect(await post(ana.client, A, body(g.metro, g.sector2)), 201, A, 'post')).application;
  await expect(await ana.client.api('GET', A), 200, A);
  await expect(await a.api('GET', '/growth/review'), 200, '/growth/review');
  await expect(await stranger.client.api('GET', '/growth/review'), 403, '/growth/review');
  await expect(await ana.client.api('GET', `${A}/${made.application.id}`), 200, one);
  await expect(await stranger.client.api('GET', `${A}/${made.application.id}`), 404, one);
  await expect(await post(ana.client, `${A}/${other.id}/withdraw`, {}), 200, `${one}/withdraw`, 'post');
  await expect(await post(ana.client, `${A}/${other.id}/withdraw`, {}), 409, `${one}/withdraw`, 'post');
  await expect(await post(ana.client, `${A}/${third.id}/decline`, { note: 'x' }), 403, `${one}/decline`, 'post');
  await expect(await post(a, `${A}/${third.id}/decline`, {}), 422, `${one}/decline`, 'post');
  await expect(await post(a, `${A}/${third.id}/decline`, { note: 'Not yet.' }), 200, `${one}/decline`, 'post');
  const approved = await expect(await post(a, `${A}/${made.application.id}/approve`, { note: 'Yes.' }), 200, `${one}/approve`, 'post');
  assert.ok(approved.chapter.slug);
  await expect(await post(a, `${A}/${made.application.id}/approve`, {}), 409, `${one}/approve`, 'post');
  const after = await expect(await a.api('GET', `${A}/${made.application.id}`), 200, one);
  assert.equal(after.application.second_state, 'pending');
  const report = await expect(await new Client().get(`/api/v1/growth/funnel?place=${g.region.slug}`), 200, '/growth/funnel');
  assert.equal(report.funnel.applications, 3);
  await expect(await new Client().get('/api/v1/growth/funnel'), 200, '/growth/funnel');
  await expect(await new Client().get('/api/v1/growth/funnel?place=no-such-place'), 404, '/growth/funnel');
});

test('an organisation\'s managers and profile conform: the list, adding, removing, the update, the pages that show them', async () => {
  const a = await admin();
  const boss = await member(), second = await member();
  const post = (who, path, body) => who.api('POST', path, body);
  const expect = async (res, status, path, method = 'get') => {
    assert.equal(res.status, status, `${method.toUpperCase()} ${path}: ${res.text.slice(0, 300)}`);
    return conforms(res, path, method);
  };
  const org = (await post(a, '/organisations', { name: `Conforming ${unique()}`, kind: 'venue' })).json().organisation;
  const O = `/organisations/${org.slug}`, M = '/organisations/{org}/managers', R = '/organisations/{org}/managers/{member}/remove';
  const added = await expect(await post(a, `${O}/managers`, { member: boss.id }), 201, M, 'post');
  assert.equal(added.managers[0].user_id, boss.id);
  await expect(await post(boss.client, `${O}/managers`, { member: `member:${second.id}` }), 201, M, 'post');
  await expect(await post(boss.client, `${O}/managers`, { member: second.id }), 422, M, 'post');
  await expect(await post(boss.client, `${O}/managers`, { member: 987654321 }), 422, M, 'post');
  await expect(await new Client().api('POST', `${O}/managers`, { member: 1 }, { csrf: false }), 401, M, 'post');
  const list = await expect(await second.client.api('GET', `${O}/managers`), 200, M);
  assert.equal(list.managers.length, 2);
  await expect(await second.client.api('GET', `/organisations/no-such-${unique()}/managers`), 404, M);
  const page = await expect(await boss.client.api('GET', O), 200, '/organisations/{org}');
  assert.equal(page.managers.length, 2);
  assert.equal((await expect(await new Client().get(`/api/v1${O}`), 200, '/organisations/{org}')).managers, undefined);
  const saved = await expect(await post(boss.client, O, { website: 'https://conforming.example' }), 200, '/organisations/{org}', 'post');
  assert.equal(saved.organisation.website, 'https://conforming.example');
  await expect(await post(boss.client, O, { kind: 'bank' }), 422, '/organisations/{org}', 'post');
  const profile = await expect(await second.client.api('GET', `/members/${second.id}`), 200, '/members/{member}');
  assert.deepEqual(profile.managed_organisations.map((o) => o.slug), [org.slug]);
  await expect(await post(boss.client, `${O}/managers/${second.id}/remove`, {}), 200, R, 'post');
  await expect(await post(boss.client, `${O}/managers/${second.id}/remove`, {}), 404, R, 'post');
  await expect(await post(boss.client, `${O}/managers/${boss.id}/remove`, {}), 409, R, 'post');
  await expect(await post(second.client, `${O}/managers/${boss.id}/remove`, {}), 403, R, 'post');
  await expect(await post(a, `${O}/managers/${boss.id}/remove`, {}), 200, R, 'post');
});
