// federation.test.mjs - ActivityPub, server to server (src/federation/): WebFinger, NodeInfo,
// the actors and objects as JSON-LD, what never leaves the node, the inbox's refusals, and a
// remote actor — a tiny HTTP server in this test, with its own RSA key (node:crypto) and its own
// draft-cavage signer written here from the specification — that follows a chapter, gets the
// Accept (whose signature this test verifies with the chapter's published key, in RFC 9421, which
// the node tries first), hears of the chapter's events (Create, Update, Delete) and unfollows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BASE, BIN, DB, admin, member, chapter, geography, unique, sql, sqlSoon, when, documented } from './lib.mjs';

const PUBLIC_HOST = 'glocal.test';   // the node's --public-url is http://glocal.test (tests/run, qt.sh)
const AP = 'application/activity+json';
const here = (url) => url.replace(`http://${PUBLIC_HOST}`, BASE);   // ids are under the public URL; the server is here

let adm, geo, conn, ch, app, pub, netEv, chEv, remote;

async function settings(fields) {
  const r = await adm.api('POST', '/admin/federation', fields);
  assert.equal(r.status, 200, r.text);
  return r.json().federation;
}

async function get(path, accept = AP) {
  const r = await fetch(BASE + path, { headers: { accept }, redirect: 'manual' });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, text, json };
}

async function newEvent(fields = {}) {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Talk ${unique()}`,
    venue: 'The Hub, Rua X 1', capacity: 30, ...when(60 * 24 * 5), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

// ---- the remote actor: keys, a signer (draft-cavage-http-signatures-12, rsa-sha256) and an inbox ----

function cavageSign({ method, url, body, keyId, privateKey }) {
  const u = new URL(url);
  const date = new Date().toUTCString();
  const digest = 'SHA-256=' + createHash('sha256').update(body).digest('base64');
  const target = `${method.toLowerCase()} ${u.pathname}${u.search}`;
  const str = `(request-target): ${target}\nhost: ${u.host}\ndate: ${date}\ndigest: ${digest}`;
  const sig = createSign('sha256').update(str).sign(privateKey, 'base64');
  return { date, digest,
    signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${sig}"` };
}

// RFC 9421 (HTTP Message Signatures), written here from the RFC: @method, @target-uri and
// content-digest (RFC 9530) covered, rsa-v1_5-sha256.
function rfc9421Sign({ method, url, body, keyId, privateKey }) {
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const params = `("@method" "@target-uri" "content-digest");created=${Math.floor(Date.now() / 1000)};keyid="${keyId}";alg="rsa-v1_5-sha256"`;
  const base = `"@method": ${method.toUpperCase()}\n"@target-uri": ${url}\n"content-digest": ${digest}\n"@signature-params": ${params}`;
  const sig = createSign('sha256').update(base).sign(privateKey, 'base64');
  return { 'content-digest': digest, 'signature-input': `sig1=${params}`, signature: `sig1=:${sig}:` };
}

// Verifies a cavage signature on a request this test's server received; the key is fetched from
// the node by its keyId (under the public URL, read here). Returns the keyId.
async function cavageVerify(req, body) {
  const sh = req.headers.signature;
  assert.ok(sh, 'the delivery is signed');
  const params = Object.fromEntries([...sh.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const names = params.headers.split(' ');
  for (const n of ['(request-target)', 'host', 'date', 'digest']) assert.ok(names.includes(n), `the signature covers ${n}`);
  assert.equal(req.headers.digest, 'SHA-256=' + createHash('sha256').update(body).digest('base64'), 'the digest is the body\'s');
  const str = names.map((n) => n === '(request-target)' ? `(request-target): ${req.method.toLowerCase()} ${req.url}`
    : `${n}: ${req.headers[n]}`).join('\n');
  const actor = await get(new URL(here(params.keyId)).pathname);
  assert.equal(actor.status, 200);
  assert.equal(actor.json.publicKey.id, params.keyId, 'the keyId is the actor\'s current key');
  assert.ok(createVerify('sha256').update(str).verify(actor.json.publicKey.publicKeyPem, params.signature, 'base64'),
    'the signature verifies with the published key');
  return params.keyId;
}

// Verifies an RFC 9421 signature (rsa-v1_5-sha256) on a request this test's server received, written
// here from the RFC: the components it covers, the content digest (RFC 9530), the signature base.
// Returns the keyid.
async function rfc9421Verify(req, body) {
  const m = req.headers['signature-input'].match(/^([\w-]+)=\(([^)]*)\)(.*)$/);
  assert.ok(m, 'a Signature-Input');
  const [, label, list, rest] = m;
  const comps = list.split(' ').map((c) => c.replace(/"/g, ''));
  assert.ok(comps.includes('@method') && comps.includes('content-digest'), 'the signature covers the method and the digest');
  assert.ok(comps.includes('@target-uri') || (comps.includes('@authority') && comps.includes('@path')), 'and the target');
  assert.equal(req.headers['content-digest'], `sha-256=:${createHash('sha256').update(body).digest('base64')}:`);
  const created = Number(rest.match(/;created=(\d+)/)[1]);
  assert.ok(Math.abs(created - Date.now() / 1000) < 300, 'made just now');
  const keyId = rest.match(/;keyid="([^"]+)"/)[1];
  const value = { '@method': req.method, '@target-uri': `http://${req.headers.host}${req.url}`, '@authority': req.headers.host,
    '@path': req.url.split('?')[0] };
  const text = comps.map((c) => `"${c}": ${c in value ? value[c] : req.headers[c]}`).join('\n') +
    `\n"@signature-params": (${list})${rest}`;
  const sig = req.headers.signature.match(new RegExp(`${label}=:([^:]+):`))[1];
  const actor = await get(new URL(here(keyId)).pathname);
  assert.equal(actor.json.publicKey.id, keyId, 'the keyid is the actor\'s current key');
  assert.ok(createVerify('sha256').update(text).verify(actor.json.publicKey.publicKeyPem, sig, 'base64'),
    'the RFC 9421 signature verifies with the published key');
  return keyId;
}

// Either scheme: what a delivery is signed in (RFC 9421 unless the server refused it) and the key.
async function signedBy(req, body) {
  return req.headers['signature-input'] ? { scheme: 'rfc9421', keyId: await rfc9421Verify(req, body) }
    : { scheme: 'cavage', keyId: await cavageVerify(req, body) };
}

const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

// The remote actor: self.publicKey/privateKey may be replaced (a rotation); its document follows.
function remoteActor() {
  const self = rsaPair();
  const got = [];
  const waiting = [];
  const docs = {};   // other actors this server serves, by path (the fixtures')
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const origin = `http://${req.headers.host}`;
      if (req.method === 'GET' && req.url === '/actor') {
        res.writeHead(200, { 'content-type': AP });
        res.end(JSON.stringify({ '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
          id: `${origin}/actor`, type: 'Person', preferredUsername: 'remy', inbox: `${origin}/inbox`,
          publicKey: { id: `${origin}/actor#main-key`, owner: `${origin}/actor`, publicKeyPem: self.publicKey } }));
        return;
      }
      if (req.method === 'GET' && docs[req.url]) {
        res.writeHead(200, { 'content-type': AP });
        res.end(JSON.stringify(docs[req.url]));
        return;
      }
      if (req.method === 'POST' && req.url.endsWith('/inbox')) {
        got.push({ req, body, activity: JSON.parse(body), path: req.url });
        res.writeHead(202);
        res.end();
        waiting.splice(0).forEach((w) => w());
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  return Object.assign(self, { server, got, docs,
    next: () => new Promise((resolve) => waiting.push(resolve)) });
}

// POSTs an activity to an inbox path of the node, signed by the remote actor (or not).
async function deliver(path, activity, { sign = true, keyId, body } = {}) {
  const text = body ?? JSON.stringify(activity);
  const headers = { 'content-type': AP };
  if (sign) {
    const s = cavageSign({ method: 'POST', url: BASE + path, body: text, keyId: keyId ?? `${remote.origin}/actor#main-key`,
      privateKey: remote.privateKey });
    Object.assign(headers, { date: s.date, digest: s.digest, signature: s.signature });
  }
  const r = await fetch(BASE + path, { method: 'POST', headers, body: text });
  return { status: r.status, text: await r.text() };
}

// Waits until the remote inbox holds an activity matching `pred` (the node delivers within seconds).
async function received(pred, what) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const hit = remote.got.find((g) => pred(g.activity));
    if (hit) return hit;
    assert.ok(Date.now() < deadline, `${what} did not arrive`);
    await Promise.race([remote.next(), new Promise((r) => setTimeout(r, 500))]);
  }
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  ch = await chapter(conn, { name: `Fediverse ${unique()}`, metro_id: geo.metro.id, description: 'We meet on Tuesdays.' });
  const r = await adm.api('POST', '/apps', { name: `Talks ${unique()}`, summary: 'A talk.', tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  pub = await newEvent({ title: `Open talk ${unique()}` });
  netEv = await newEvent({ title: `CANARY network ${unique()}`, visibility: 'network' });
  chEv = await newEvent({ title: `CANARY chapter ${unique()}`, visibility: 'chapter' });
  remote = remoteActor();
  await new Promise((resolve) => remote.server.listen(0, '127.0.0.1', resolve));
  remote.origin = `http://127.0.0.1:${remote.server.address().port}`;
  await settings({ allow_private: true });   // the remote actor lives on loopback
});

after(() => {
  remote.server.closeAllConnections();
  remote.server.close();
});

test('WebFinger finds chapters, places and the node, with CORS; anything else is 404', async () => {
  let r = await get(`/.well-known/webfinger?resource=acct:${ch.slug}@${PUBLIC_HOST}`, 'application/jrd+json');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/jrd\+json/);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.json.subject, `acct:${ch.slug}@${PUBLIC_HOST}`);
  const self = r.json.links.find((l) => l.rel === 'self');
  assert.deepEqual(self, { rel: 'self', type: AP, href: `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}` });
  r = await get(`/.well-known/webfinger?resource=acct:${geo.region.slug}@${PUBLIC_HOST}`);
  assert.equal(r.json.links.find((l) => l.rel === 'self').href, `http://${PUBLIC_HOST}/ap/places/${geo.region.slug}`);
  r = await get(`/.well-known/webfinger?resource=acct:${PUBLIC_HOST}@${PUBLIC_HOST}`);
  assert.equal(r.json.links.find((l) => l.rel === 'self').href, `http://${PUBLIC_HOST}/ap/node`);
  assert.equal((await get(`/.well-known/webfinger?resource=acct:nobody-${unique()}@${PUBLIC_HOST}`)).status, 404);
  assert.equal((await get(`/.well-known/webfinger?resource=acct:${ch.slug}@elsewhere.example`)).status, 404);
  assert.equal((await get('/.well-known/webfinger')).status, 400);
});

test('NodeInfo 2.1 names the software and counts only what is public', async () => {
  let r = await get('/.well-known/nodeinfo', 'application/json');
  assert.equal(r.status, 200);
  assert.equal(r.json.links[0].rel, 'http://nodeinfo.diaspora.software/ns/schema/2.1');
  assert.equal(r.json.links[0].href, `http://${PUBLIC_HOST}/nodeinfo/2.1`);
  r = await get('/nodeinfo/2.1', 'application/json');
  assert.equal(r.status, 200);
  assert.equal(r.json.version, '2.1');
  assert.equal(r.json.software.name, 'glocal');
  assert.match(r.json.software.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(r.json.protocols, ['activitypub']);
  assert.equal(String(r.json.usage.localPosts), sql("SELECT count(*) FROM events WHERE visibility = 'public'"));
  assert.ok(!r.text.includes('CANARY'));
  // chapters counted as the home page and the directory count them: a closed chapter is not one
  const shut = await chapter(conn, { name: `Shut ${unique()}`, metro_id: geo.metro.id });
  sql(`UPDATE chapters SET status = 'closed' WHERE id = ${shut.id}`);
  r = await get('/nodeinfo/2.1', 'application/json');
  assert.equal(String(r.json.metadata.chapters), sql("SELECT count(*) FROM chapters WHERE status <> 'closed'"));
});

test('a chapter is a Group actor with its key, inbox, outbox and its place path', async () => {
  const r = await get(`/ap/chapters/${ch.slug}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/activity\+json/);
  const a = r.json, id = `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}`;
  assert.equal(a['@context'][0], 'https://www.w3.org/ns/activitystreams');
  assert.equal(a['@context'][2].glocal, `http://${PUBLIC_HOST}/ns#`);
  assert.equal(a.id, id);
  assert.equal(a.type, 'Group');
  assert.equal(a.preferredUsername, ch.slug);
  assert.equal(a.name, ch.name);
  assert.equal(a.summary, 'We meet on Tuesdays.');
  assert.equal(a.url, `http://${PUBLIC_HOST}/chapters/${ch.slug}`);
  assert.equal(a.inbox, `${id}/inbox`);
  assert.equal(a.outbox, `${id}/outbox`);
  assert.equal(a.followers, `${id}/followers`);
  assert.equal(a.endpoints.sharedInbox, `http://${PUBLIC_HOST}/ap/inbox`);
  assert.equal(a.publicKey.owner, id);
  assert.ok(a.publicKey.id.startsWith(`${id}#key-`));
  assert.match(a.publicKey.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  assert.deepEqual(a.placePath.map((p) => p.name), [geo.country.name, geo.region.name, geo.metro.name]);
  assert.equal(a.placePath[1].id, `http://${PUBLIC_HOST}/ap/places/${geo.region.slug}`);
  // the key is kept: asked again, the same
  assert.equal((await get(`/ap/chapters/${ch.slug}`)).json.publicKey.publicKeyPem, a.publicKey.publicKeyPem);
  // and readable on its own
  const k = await get(`/ap/keys/${a.publicKey.id.split('#key-')[1]}`);
  assert.equal(k.json.id, a.publicKey.id);
  assert.equal(k.json.publicKeyPem, a.publicKey.publicKeyPem);
  // a browser is sent to the page
  const page = await get(`/ap/chapters/${ch.slug}`, 'text/html');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), `/chapters/${ch.slug}`);
});

test('places are Groups, the node an Application', async () => {
  let r = await get(`/ap/places/${geo.metro.slug}`, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.type, 'Group');
  assert.equal(r.json.preferredUsername, geo.metro.slug);
  assert.deepEqual(r.json.placePath.map((p) => p.name), [geo.country.name, geo.region.name, geo.metro.name]);
  r = await get('/ap/node');
  assert.equal(r.json.type, 'Application');
  assert.equal(r.json.preferredUsername, PUBLIC_HOST);
  assert.equal((await get(`/ap/places/nowhere-${unique()}`)).status, 404);
});

test('a public event is an Event object with what FEP-8a8e asks; others never appear', async () => {
  const r = await get(`/ap/events/${pub.slug}`);
  assert.equal(r.status, 200, r.text);
  const o = r.json;
  assert.equal(o.type, 'Event');
  assert.equal(o.id, `http://${PUBLIC_HOST}/ap/events/${pub.slug}`);
  assert.equal(o.name, pub.title);
  assert.equal(o.startTime, new Date(pub.starts_at * 1000).toISOString().replace('.000Z', 'Z'));
  assert.equal(o.endTime, new Date(pub.ends_at * 1000).toISOString().replace('.000Z', 'Z'));
  assert.equal(o.timezone, 'Europe/Lisbon');
  assert.deepEqual(o.location, { type: 'Place', name: 'The Hub, Rua X 1', address: { type: 'PostalAddress', streetAddress: 'The Hub, Rua X 1' } });
  assert.equal(o.attributedTo, `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}`);
  assert.deepEqual(o.organizers, [o.attributedTo]);
  assert.equal(o.eventStatus, 'EventScheduled');
  assert.equal(o.joinMode, 'free');
  assert.equal(o.maximumAttendeeCapacity, 30);
  assert.equal(o.url, `http://${PUBLIC_HOST}/events/${pub.slug}`);
  assert.deepEqual(o.to, ['https://www.w3.org/ns/activitystreams#Public']);
  assert.equal(o.placePath.length, 3);
  for (const hidden of [netEv, chEv]) assert.equal((await get(`/ap/events/${hidden.slug}`)).status, 404);
  // the outbox: the public event, not the canaries
  const box = await get(`/ap/chapters/${ch.slug}/outbox`);
  assert.equal(box.json.type, 'OrderedCollection');
  assert.equal(box.json.totalItems, 1);
  const page = await get(`/ap/chapters/${ch.slug}/outbox?page=1`);
  assert.equal(page.json.type, 'OrderedCollectionPage');
  assert.deepEqual(page.json.orderedItems.map((a) => [a.type, a.object.id]), [['Create', o.id]]);
  assert.ok(!page.text.includes('CANARY') && !box.text.includes('CANARY'));
  assert.equal((await get(`/ap/chapters/${ch.slug}/outbox?page=0`)).status, 400);
});

test('the answers are those docs/openapi.json documents', async () => {
  const check = await documented();
  const as = (r) => ({ ...r, json: () => r.json });
  check(as(await get(`/.well-known/webfinger?resource=acct:${ch.slug}@${PUBLIC_HOST}`)), '/.well-known/webfinger');
  check(as(await get(`/.well-known/webfinger?resource=acct:nobody@${PUBLIC_HOST}`)), '/.well-known/webfinger');
  check(as(await get('/.well-known/nodeinfo')), '/.well-known/nodeinfo');
  check(as(await get('/nodeinfo/2.1')), '/nodeinfo/2.1');
  check(as(await get('/ap/node')), '/ap/node');
  check(as(await get('/ap/node/outbox?page=1')), '/ap/node/outbox');
  check(as(await get(`/ap/chapters/${ch.slug}`)), '/ap/chapters/{chapter}');
  check(as(await get(`/ap/chapters/${ch.slug}/outbox?page=1`)), '/ap/chapters/{chapter}/outbox');
  check(as(await get(`/ap/chapters/${ch.slug}/followers`)), '/ap/chapters/{chapter}/followers');
  check(as(await get(`/ap/places/${geo.country.slug}`)), '/ap/places/{place}');
  check(as(await get(`/ap/events/${pub.slug}`)), '/ap/events/{event}');
  check(as(await get(`/ap/events/${netEv.slug}`)), '/ap/events/{event}');
  const r = await fetch(`${BASE}/ap/inbox`, { method: 'POST', headers: { 'content-type': AP }, body: '{"type":"Follow"}' });
  check({ status: r.status, headers: r.headers, text: '', json: await r.json().then((j) => () => j) }, '/ap/inbox', 'post');
});

test('the inbox refuses what is oversized (413), not JSON (400), unsigned (401) or from a blocked domain (403)', async () => {
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/follows/${unique()}`, type: 'Follow',
    actor: `${remote.origin}/actor`, object: `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}` };
  const before = sql('SELECT count(*) FROM fed_inbox_log');
  let r = await deliver('/ap/inbox', null, { body: JSON.stringify({ ...follow, padding: 'x'.repeat(300 * 1024) }) });
  assert.equal(r.status, 413, r.text);
  r = await deliver('/ap/inbox', null, { body: '{"type": "Follow", ' });
  assert.equal(r.status, 400, r.text);
  r = await deliver(`/ap/chapters/${ch.slug}/inbox`, follow, { sign: false });
  assert.equal(r.status, 401, r.text);
  // signed, but with a key that is not the actor's
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const text = JSON.stringify(follow);
  const s = cavageSign({ method: 'POST', url: `${BASE}/ap/inbox`, body: text, keyId: `${remote.origin}/actor#main-key`, privateKey: other.privateKey });
  const forged = await fetch(`${BASE}/ap/inbox`, { method: 'POST', headers: { 'content-type': AP, date: s.date, digest: s.digest,
    signature: s.signature }, body: text });
  assert.equal(forged.status, 401, await forged.text());
  await settings({ allow_private: true, blocked_domains: 'example.org 127.0.0.1' });
  r = await deliver('/ap/inbox', follow);
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(await settings({ allow_private: true, blocked_domains: 'Example.org' }),
    { allow_private: true, blocked_domains: 'example.org\n', rate_limit: 300 });
  assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), before, 'nothing refused was stored');
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '/ap/chapters/${ch.slug}'`), '0');
});

test('administrators set the blocked domains; a name that is no domain is refused at its field', async () => {
  const r = await adm.api('POST', '/admin/federation', { allow_private: true, blocked_domains: 'good.example bad/domain' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().errors[0].field, 'blocked_domains');
  const now = await adm.api('GET', '/admin/federation');
  assert.equal(now.json().federation.blocked_domains, 'example.org\n');
  assert.equal(now.json().federation.allow_private, true);
  assert.equal((await (await member()).client.api('GET', '/admin/federation')).status, 403);
});

test('a remote actor follows a chapter: stored, answered with a signed Accept, told of events, and unfollows', async () => {
  const path = `/ap/chapters/${ch.slug}`;
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/follows/${unique()}`, type: 'Follow',
    actor: `${remote.origin}/actor`, object: `http://${PUBLIC_HOST}${path}` };
  let r = await deliver(`${path}/inbox`, follow);
  assert.equal(r.status, 202, r.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`), '1');
  const accept = await received((a) => a.type === 'Accept', 'the Accept');
  assert.equal(accept.activity.actor, `http://${PUBLIC_HOST}${path}`);
  assert.equal(accept.activity.object.id, follow.id);
  // signed in RFC 9421 first; this server takes it, and the node remembers that of its host
  assert.deepEqual(await signedBy(accept.req, accept.body), { scheme: 'rfc9421', keyId: (await get(path)).json.publicKey.id });
  assert.equal(await sqlSoon(`SELECT sig_scheme FROM fed_remote_servers WHERE host = '${new URL(remote.origin).host}'`, 'rfc9421'),
    'rfc9421');
  assert.equal((await get(`${path}/followers`)).json.totalItems, 1);

  // the same activity again is a replay: 202, nothing more stored or sent
  r = await deliver(`${path}/inbox`, follow);
  assert.equal(r.status, 202, r.text);
  assert.match(r.text, /seen before/);
  assert.equal(sql(`SELECT count(*) FROM fed_deliveries WHERE inbox = '${remote.origin}/inbox' AND activity LIKE '%"Accept"%'`), '1');

  // the chapter's public events reach the follower; the canaries never do
  const ev = await newEvent({ title: `Followed talk ${unique()}` });
  const hidden = await newEvent({ title: `CANARY later ${unique()}`, visibility: 'chapter' });
  const create = await received((a) => a.type === 'Create' && a.object.name === ev.title, 'the Create');
  assert.equal((await signedBy(create.req, create.body)).scheme, 'rfc9421');
  assert.equal(create.activity.object.type, 'Event');
  assert.equal(create.activity.object.startTime, new Date(ev.starts_at * 1000).toISOString().replace('.000Z', 'Z'));
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { venue: 'A bigger room' })).status, 200);
  const update = await received((a) => a.type === 'Update' && a.object.id.endsWith(`/ap/events/${ev.slug}`), 'the Update');
  assert.equal(update.activity.object.location.name, 'A bigger room');
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' })).status, 200);
  const del = await received((a) => a.type === 'Delete', 'the Delete');
  assert.equal(del.activity.object.id, `http://${PUBLIC_HOST}/ap/events/${ev.slug}`);
  assert.equal(del.activity.object.type, 'Tombstone');
  // a public event made chapter-only is gone for the follower; a confidential one changed sends nothing
  const ev2 = await newEvent({ title: `Soon private ${unique()}` });
  await received((a) => a.type === 'Create' && a.object.name === ev2.title, 'the second Create');
  assert.equal((await conn.client.api('POST', `/events/${ev2.slug}`, { visibility: 'chapter' })).status, 200);
  const gone = await received((a) => a.type === 'Delete' && a.object.id.endsWith(`/ap/events/${ev2.slug}`), 'the Delete of an event made private');
  assert.equal(gone.activity.object.type, 'Tombstone');
  assert.ok(!gone.body.includes('Soon private'), 'a Delete carries no more than the id');
  assert.equal((await conn.client.api('POST', `/events/${hidden.slug}`, { venue: 'A secret room' })).status, 200);
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`), '1', 'the follower would have heard');
  // (what an event's change sends is queued in the change's own transaction: none was)
  assert.equal(sql(`SELECT count(*) FROM fed_deliveries WHERE activity LIKE '%secret room%'`), '0');
  assert.ok(!remote.got.some((g) => g.body.includes('CANARY') || g.body.includes(hidden.slug) || g.body.includes('secret room')),
    'confidential events never left');
  assert.equal(sql(`SELECT count(*) FROM fed_deliveries WHERE status <> 'sent' AND inbox = '${remote.origin}/inbox'`), '0');

  // Undo Follow
  r = await deliver('/ap/inbox', { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/undos/${unique()}`,
    type: 'Undo', actor: `${remote.origin}/actor`, object: follow });
  assert.equal(r.status, 202, r.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`), '0');
  assert.equal((await get(`${path}/followers`)).json.totalItems, 0);
});

test('an activity signed in RFC 9421 is accepted too: a place is followed, then unfollowed', async () => {
  const path = `/ap/places/${geo.region.slug}`;
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/follows/${unique()}`, type: 'Follow',
    actor: `${remote.origin}/actor`, object: `http://${PUBLIC_HOST}${path}` };
  const text = JSON.stringify(follow);
  const headers = { 'content-type': AP, ...rfc9421Sign({ method: 'POST', url: `${BASE}${path}/inbox`, body: text,
    keyId: `${remote.origin}/actor#main-key`, privateKey: remote.privateKey }) };
  const r = await fetch(`${BASE}${path}/inbox`, { method: 'POST', headers, body: text });
  assert.equal(r.status, 202, await r.text());
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`), '1');
  // the same signature over another body does not hold
  const tampered = await fetch(`${BASE}${path}/inbox`, { method: 'POST', headers,
    body: JSON.stringify({ ...follow, id: `${remote.origin}/follows/${unique()}` }) });
  assert.equal(tampered.status, 401, await tampered.text());
  const accept = await received((a) => a.type === 'Accept' && a.object.id === follow.id, 'the Accept of the place');
  assert.equal(accept.activity.actor, `http://${PUBLIC_HOST}${path}`);
  assert.equal((await signedBy(accept.req, accept.body)).scheme, 'rfc9421');
  const undo = await deliver(`${path}/inbox`, { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/undos/${unique()}`,
    type: 'Undo', actor: `${remote.origin}/actor`, object: follow });
  assert.equal(undo.status, 202, undo.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`), '0');
});

test("FEP-1b12: a region's Group announces, unchanged, what its chapters publish to whoever follows the region", async () => {
  const region = `/ap/places/${geo.region.slug}`, chapterPath = `/ap/chapters/${ch.slug}`;
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/follows/${unique()}`, type: 'Follow',
    actor: `${remote.origin}/actor`, object: `http://${PUBLIC_HOST}${region}` };
  let r = await deliver(`${region}/inbox`, follow);
  assert.equal(r.status, 202, r.text);
  await received((a) => a.type === 'Accept' && a.object.id === follow.id, 'the Accept of the region');
  // a chapter in a metro of the region publishes an event: the region announces the chapter's Create
  const ev = await newEvent({ title: `Regional news ${unique()}` });
  const ann = await received((a) => a.type === 'Announce' && a.object.object?.name === ev.title, 'the Announce');
  assert.equal(ann.activity.actor, `http://${PUBLIC_HOST}${region}`);
  assert.ok(ann.activity.id.startsWith(`http://${PUBLIC_HOST}${region}#announce-`));
  assert.deepEqual(ann.activity.cc, [`http://${PUBLIC_HOST}${region}/followers`]);
  const inner = ann.activity.object;
  assert.equal(inner.type, 'Create');
  assert.equal(inner.actor, `http://${PUBLIC_HOST}${chapterPath}`, "the activity is the chapter's own");
  assert.equal(inner.object.audience, `http://${PUBLIC_HOST}${chapterPath}`, 'the event belongs to its chapter (audience)');
  assert.ok(inner['@context'], 'wrapped whole, its context included');
  // signed by the region's key
  assert.equal((await signedBy(ann.req, ann.body)).keyId, (await get(region)).json.publicKey.id);
  // the chapter's own activity (its id on the event, its object the Event with what FEP-8a8e asks)
  assert.ok(inner.id.startsWith(`http://${PUBLIC_HOST}/ap/events/${ev.slug}#Create-`), inner.id);
  assert.equal(inner.object.type, 'Event');
  assert.equal(inner.object.id, `http://${PUBLIC_HOST}/ap/events/${ev.slug}`);
  assert.ok(inner.object.startTime && inner.object.location && inner.object.placePath, 'the whole Event travels');
  // its cancellation is announced too; a confidential event is never announced
  const hidden = await newEvent({ title: `CANARY regional ${unique()}`, visibility: 'network' });
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' })).status, 200);
  const gone = await received((a) => a.type === 'Announce' && a.object.type === 'Delete' && a.object.object.id.endsWith(`/ap/events/${ev.slug}`),
    'the Announce of the Delete');
  assert.equal(gone.activity.object.object.type, 'Tombstone');
  assert.equal(sql(`SELECT count(*) FROM fed_deliveries WHERE activity LIKE '%${hidden.title}%'`), '0');
  r = await deliver(`${region}/inbox`, { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/undos/${unique()}`,
    type: 'Undo', actor: `${remote.origin}/actor`, object: follow });
  assert.equal(r.status, 202, r.text);
});

// Real-shaped payloads (tests/http/fixtures/activitypub/, written from Mastodon's and Mobilizon's
// documentation): their servers' origins are this test's remote server (under /mastodon and
// /mobilizon), GROUP the chapter they follow, and the actors' key the remote actor's.
function fixture(name, group) {
  const text = readFileSync(new URL(`fixtures/activitypub/${name}.json`, import.meta.url), 'utf8')
    .replaceAll('https://mastodon.example', `${remote.origin}/mastodon`)
    .replaceAll('https://mobilizon.example', `${remote.origin}/mobilizon`)
    .replaceAll('"GROUP"', JSON.stringify(group));
  const json = JSON.parse(text);
  if (json.publicKey) json.publicKey.publicKeyPem = remote.publicKey;
  return json;
}

test('Mastodon\'s Follow and Undo and Mobilizon\'s Follow are accepted signed; refused unsigned, forged, oversized; a replay stores nothing', async () => {
  const path = `/ap/chapters/${ch.slug}`, group = `http://${PUBLIC_HOST}${path}`;
  const followers = () => sql(`SELECT count(*) FROM fed_followers WHERE actor = '${path}'`);
  for (const who of ['mastodon', 'mobilizon']) {
    const actor = fixture(`${who}_actor`, group);
    remote.docs[new URL(actor.id).pathname] = actor;
  }
  const keyOf = (a) => `${a.actor}#main-key`;

  // Mobilizon's Follow: refused unsigned (401), signed by another key (401), padded past 256 KiB (413)
  const mob = fixture('mobilizon_follow', group);
  const logged = sql('SELECT count(*) FROM fed_inbox_log');
  assert.equal((await deliver(`${path}/inbox`, mob, { sign: false })).status, 401);
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const text = JSON.stringify(mob);
  const s = cavageSign({ method: 'POST', url: `${BASE}${path}/inbox`, body: text, keyId: keyOf(mob), privateKey: other.privateKey });
  const forged = await fetch(`${BASE}${path}/inbox`, { method: 'POST', body: text,
    headers: { 'content-type': AP, date: s.date, digest: s.digest, signature: s.signature } });
  assert.equal(forged.status, 401, await forged.text());
  const big = await deliver(`${path}/inbox`, null, { keyId: keyOf(mob), body: JSON.stringify({ ...mob, content: 'x'.repeat(257 * 1024) }) });
  assert.equal(big.status, 413, big.text);
  assert.equal(sql('SELECT count(*) FROM fed_inbox_log'), logged, 'nothing refused was logged');
  assert.equal(followers(), '0', 'nor followed');
  // signed by Bruno's key: followed, and the Accept goes to Bruno's inbox
  let r = await deliver(`${path}/inbox`, mob, { keyId: keyOf(mob) });
  assert.equal(r.status, 202, r.text);
  assert.equal(followers(), '1');
  const accMob = await received((a) => a.type === 'Accept' && a.object.id === mob.id, 'the Accept of Mobilizon\'s Follow');
  assert.equal(accMob.path, '/mobilizon/@bruno/inbox');
  await signedBy(accMob.req, accMob.body);

  // Mastodon's Follow at the shared inbox, its replay (202, nothing more), its Undo
  const mas = fixture('mastodon_follow', group);
  r = await deliver('/ap/inbox', mas, { keyId: keyOf(mas) });
  assert.equal(r.status, 202, r.text);
  assert.equal(followers(), '2');
  const accMas = await received((a) => a.type === 'Accept' && a.object.id === mas.id, 'the Accept of Mastodon\'s Follow');
  assert.equal(accMas.path, '/mastodon/users/alice/inbox');
  const queued = sql('SELECT count(*) FROM fed_deliveries');
  r = await deliver('/ap/inbox', mas, { keyId: keyOf(mas) });
  assert.equal(r.status, 202, r.text);
  assert.match(r.text, /seen before/);
  assert.equal(sql('SELECT count(*) FROM fed_deliveries'), queued, 'a replay queues nothing');
  assert.equal(followers(), '2');
  const undo = fixture('mastodon_undo', group);
  r = await deliver('/ap/inbox', undo, { keyId: keyOf(undo) });
  assert.equal(r.status, 202, r.text);
  assert.equal(followers(), '1', 'Alice has unfollowed; Bruno still follows');
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id
    WHERE f.actor = '${path}' AND a.actor_url = '${mob.actor}'`), '1');

  // Alice following the node's own actor is not another node asking to peer: a Reject, and no peer row
  const node = fixture('mastodon_follow', `http://${PUBLIC_HOST}/ap/node`);
  node.id = `${node.id}-node`;
  r = await deliver('/ap/inbox', node, { keyId: keyOf(node) });
  assert.equal(r.status, 202, r.text);
  const rej = await received((a) => a.type === 'Reject' && a.object.id === node.id, 'the Reject of a follow of the node');
  assert.equal(rej.path, '/mastodon/users/alice/inbox');
  assert.equal(rej.activity.actor, `http://${PUBLIC_HOST}/ap/node`);
  assert.equal(sql(`SELECT count(*) FROM fed_peers WHERE actor_url = '${node.actor}'`), '0', 'not a peer asking');
});

test('keys rotate, by the API and the CLI: deliveries sign with the new key, the old one stays readable', async () => {
  const path = `/ap/chapters/${ch.slug}`;
  const old = (await get(path)).json.publicKey.id;
  let r = await adm.api('POST', '/admin/federation/keys/rotate', { actor: path });
  assert.equal(r.status, 200, r.text);
  const [rotated] = r.json().rotated;
  assert.equal(rotated.actor, path);
  assert.notEqual(rotated.key_id, old);
  assert.equal((await get(path)).json.publicKey.id, rotated.key_id, 'the actor publishes its new key');
  const kept = await get(`/ap/keys/${old.split('#key-')[1]}`);
  assert.equal(kept.status, 200, 'the retired key stays readable at its id');
  assert.equal(kept.json.id, old);
  assert.equal(kept.json.owner, `http://${PUBLIC_HOST}${path}`);
  r = await adm.api('POST', '/admin/federation/keys/rotate', { actor: `/ap/chapters/no-such-${unique()}` });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().errors[0].field, 'actor');
  assert.equal((await (await member()).client.api('POST', '/admin/federation/keys/rotate', { actor: 'all' })).status, 403);

  // what the chapter sends now is signed with the new key, which verifies
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/follows/${unique()}`, type: 'Follow',
    actor: `${remote.origin}/actor`, object: `http://${PUBLIC_HOST}${path}` };
  assert.equal((await deliver(`${path}/inbox`, follow)).status, 202);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id
    WHERE f.actor = '${path}' AND a.actor_url = '${remote.origin}/actor'`), '1');
  const accept = await received((a) => a.type === 'Accept' && a.object.id === follow.id, 'the Accept after the rotation');
  assert.equal((await signedBy(accept.req, accept.body)).keyId, rotated.key_id);

  // the CLI rotates every key; the chapter's changes again
  const out = execFileSync(BIN, ['federation', 'rotate-keys', 'all', '--db', DB], { encoding: 'utf8' });
  assert.match(out, new RegExp(`^${path}: http://${PUBLIC_HOST}${path}#key-\\d+$`, 'm'));
  assert.match(out, /keys? rotated; the old ones stay readable for 30 days/);
  const third = (await get(path)).json.publicKey.id;
  assert.notEqual(third, rotated.key_id);
  assert.ok(out.includes(third));

  // the other way: the remote actor rotates its key; the node, holding the old one in its cache,
  // fetches the actor again and takes the activity signed with the new key
  Object.assign(remote, rsaPair());
  const undo = await deliver(`${path}/inbox`, { '@context': 'https://www.w3.org/ns/activitystreams', id: `${remote.origin}/undos/${unique()}`,
    type: 'Undo', actor: `${remote.origin}/actor`, object: follow });
  assert.equal(undo.status, 202, undo.text);
  assert.equal(sql(`SELECT count(*) FROM fed_followers f JOIN fed_remote_actors a ON a.id = f.remote_id
    WHERE f.actor = '${path}' AND a.actor_url = '${remote.origin}/actor'`), '0', 'the Undo was taken');
  assert.equal(sql(`SELECT count(*) FROM fed_remote_actors WHERE actor_url = '${remote.origin}/actor' AND public_pem = '${remote.publicKey}'`), '1',
    'the cache holds the new key');
});

test('the inboxes take at most the set number of activities a minute from one server: 429 with Retry-After beyond', async () => {
  // two servers of their own (other ports, so other hosts): their counts start at nothing
  const servers = [remoteActor(), remoteActor()];
  for (const x of servers) {
    await new Promise((resolve) => x.server.listen(0, '127.0.0.1', resolve));
    x.origin = `http://127.0.0.1:${x.server.address().port}`;
  }
  const [busy, calm] = servers;
  const send = async (from) => {
    const activity = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${from.origin}/likes/${unique()}`, type: 'Like',
      actor: `${from.origin}/actor`, object: `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}` };
    const text = JSON.stringify(activity);
    const s = cavageSign({ method: 'POST', url: `${BASE}/ap/inbox`, body: text, keyId: `${from.origin}/actor#main-key`,
      privateKey: from.privateKey });
    const res = await fetch(`${BASE}/ap/inbox`, { method: 'POST', body: text,
      headers: { 'content-type': AP, date: s.date, digest: s.digest, signature: s.signature } });
    return { status: res.status, retry: res.headers.get('retry-after'), type: res.headers.get('content-type'), text: await res.text(),
      id: activity.id };
  };
  try {
    let r = await adm.api('POST', '/admin/federation', { allow_private: true, rate_limit: 'lots' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json().errors[0].field, 'rate_limit');
    assert.equal((await settings({ allow_private: true, rate_limit: 4 })).rate_limit, 4);
    for (let i = 0; i < 4; i++) assert.equal((r = await send(busy)).status, 202, r.text);
    const over = await send(busy);
    assert.equal(over.status, 429, over.text);
    assert.ok(Number(over.retry) >= 1 && Number(over.retry) <= 60, `Retry-After: ${over.retry}`);
    assert.match(over.type, /^application\/problem\+json/);
    assert.equal(sql(`SELECT count(*) FROM fed_inbox_log WHERE activity_id = '${over.id}'`), '0', 'nothing stored');
    assert.equal(sql(`SELECT count(*) FROM fed_inbox_log WHERE actor_url = '${busy.origin}/actor'`), '4');
    // another server is not held back by this one
    assert.equal((r = await send(calm)).status, 202, r.text);
  } finally {
    await settings({ allow_private: true, rate_limit: 300 });
    for (const x of servers) {
      x.server.closeAllConnections();
      x.server.close();
    }
  }
});

test('a peer slow to answer holds none of the threads that answer everyone else: the inbox waits on the remote pool', async () => {
  // a second remote server that holds every request for its actor until released
  const slow = rsaPair();
  const held = [];
  slow.server = createServer((req, res) => { held.push(res); });
  await new Promise((resolve) => slow.server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${slow.server.address().port}`;
  try {
    // more deliveries than any default of request threads (2 per core on SQLite, 12 on PostgreSQL): each fetches the actor
    const sent = [];
    for (let i = 0; i < 16; i++) {
      const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${origin}/follows/${unique()}`, type: 'Follow',
        actor: `${origin}/actor`, object: `http://${PUBLIC_HOST}/ap/chapters/${ch.slug}` };
      const text = JSON.stringify(follow);
      const s = cavageSign({ method: 'POST', url: `${BASE}/ap/inbox`, body: text, keyId: `${origin}/actor#main-key`, privateKey: slow.privateKey });
      sent.push(fetch(`${BASE}/ap/inbox`, { method: 'POST', headers: { 'content-type': AP, date: s.date, digest: s.digest,
        signature: s.signature }, body: text }).then((r) => r.status));
    }
    for (let t = 0; held.length < 4 && t < 200; t++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(held.length >= 4, `the remote pool's 4 threads each wait on the slow peer (${held.length} fetches held)`);
    // meanwhile everyone else is answered: pages, the API (a new connection each)
    const about = await fetch(`${BASE}/about`, { headers: { connection: 'close' } });
    assert.equal(about.status, 200);
    const api = await fetch(`${BASE}/api/v1/chapters/${ch.slug}`, { headers: { connection: 'close' } });
    assert.equal(api.status, 200);
    assert.ok(held.every((res) => !res.socket.destroyed), 'answered while the node still waited on every fetch it had made');
    // released: each delivery is answered (the actor's document is not one: refused, not lost)
    const release = () => held.splice(0).forEach((res) => { res.writeHead(404); res.end(); });
    const releasing = setInterval(release, 50);
    const statuses = await Promise.all(sent);
    clearInterval(releasing);
    assert.ok(statuses.every((s) => s >= 400 && s < 500), `every delivery answered once the peer answered: ${statuses}`);
  } finally {
    held.splice(0).forEach((res) => res.destroy());
    slow.server.closeAllConnections();
    slow.server.close();
  }
});
