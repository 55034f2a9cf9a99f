// openapi.test.mjs - the OpenAPI document (docs/openapi.json, served at
// /api/openapi.json) against the route table and the live server: it lists
// exactly the API routes, it is valid OpenAPI 3.1, every $ref resolves, path
// parameters match the paths, and real answers conform to the documented schemas.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, BIN, admin, member, geography, unique } from './lib.mjs';

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
