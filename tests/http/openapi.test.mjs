// openapi.test.mjs - the OpenAPI document (docs/openapi.json, served at
// /api/openapi.json) against the route table and the live server: it lists
// exactly the API routes, it is valid OpenAPI 3.1, every $ref resolves, path
// parameters match the paths, and real answers conform to the documented schemas.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  const have = new Set(operations().map((o) => `${o.method} ${o.path}`));
  const missing = [...want].filter((k) => !have.has(k));
  const extra = [...have].filter((k) => !want.has(k));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
    `not documented: ${missing.join(', ') || 'none'}; documented but not API routes: ${extra.join(', ') || 'none'}`);
});

test('each operation carries the summary and flags of its route, and its handler as operationId', () => {
  const handlers = new Map();
  if (existsSync(ROUTES_H)) {
    const re = /ROUTE\((\w+),\s*"([^"]+)",\s*(\w+),/g;
    for (const m of readFileSync(ROUTES_H, 'utf8').matchAll(re)) handlers.set(`${m[1]} ${m[2]}`, m[3]);
  }
  const problems = [];
  for (const rt of apiRoutes()) {
    const op = doc.paths?.[rt.path]?.[rt.method.toLowerCase()];
    if (!op) continue;   // reported by the test above
    const key = `${rt.method} ${rt.path}`;
    if (op.summary !== rt.summary) problems.push(`${key}: summary "${op.summary}" is not "${rt.summary}"`);
    const flags = [...(op['x-glocal-flags'] || [])].sort().join(',');
    if (flags !== [...rt.flags].sort().join(',')) problems.push(`${key}: x-glocal-flags [${flags}] are not [${rt.flags}]`);
    if (handlers.has(key) && op.operationId !== handlers.get(key))
      problems.push(`${key}: operationId ${op.operationId} is not the handler ${handlers.get(key)}`);
    const needsLogin = rt.flags.some((f) => ['login', 'admin', 'pledge', 'member', 'connector'].includes(f));
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
  await expect(await call(a, 'GET', '/stories'), 200, '/stories');
  await expect(await call(a, 'GET', '/stories?page=0'), 400, '/stories');
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
