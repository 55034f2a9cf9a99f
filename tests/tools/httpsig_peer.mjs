#!/usr/bin/env node
// httpsig_peer.mjs - HTTP signatures written again from the specifications, in
// JavaScript with node's crypto, so that tests/unit/test_httpsig_vectors.c can
// check Glocal's C library (src/federation/httpsig.h) against an implementation
// that shares none of its code: the signing strings, the digests and the
// parsing are built here independently.
//
//   node tests/tools/httpsig_peer.mjs verify PUBLIC.pem REQUEST.json
//       prints "ok", or "refused: why"
//   node tests/tools/httpsig_peer.mjs sign cavage|rfc9421 PRIVATE.pem KEYID NOW REQUEST.json
//       prints the headers to add as JSON: [[name, value], ...]
//
// REQUEST.json: {"method", "target", "scheme", "authority", "headers": [[name, value], ...], "body"}
// (body a UTF-8 string, "" for none). draft-cavage-http-signatures-12: rsa-sha256
// or hs2019 over the names of `headers`; RFC 9421: the label sig1, components
// without parameters, rsa-v1_5-sha256 (or no alg) with RSA keys.
import { createHash, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [cmd, ...args] = process.argv.slice(2);
const req = JSON.parse(readFileSync(args[args.length - 1], 'utf8'));
const body = Buffer.from(req.body ?? '', 'utf8');

function field(name) {
  const values = req.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => String(v).trim());
  return values.length ? values.join(', ') : undefined;
}
const b64 = (alg) => createHash(alg).update(body).digest('base64');

function cavageString(names) {
  return names.map((n) => {
    if (n === '(request-target)') return `${n}: ${req.method.toLowerCase()} ${req.target}`;
    const v = field(n) ?? (n === 'host' ? req.authority : undefined);
    if (v === undefined) throw new Error(`no ${n}`);
    return `${n}: ${v}`;
  }).join('\n');
}

function rfcBase(components, params) {
  const q = req.target.indexOf('?');
  const derived = {
    '@method': req.method,
    '@authority': req.authority.toLowerCase(),
    '@target-uri': `${req.scheme.toLowerCase()}://${req.authority.toLowerCase()}${req.target}`,
    '@path': q < 0 ? req.target : req.target.slice(0, q),
    '@query': q < 0 ? '?' : req.target.slice(q),
  };
  const lines = components.map((c) => {
    const v = c.startsWith('@') ? derived[c] : field(c);
    if (v === undefined) throw new Error(`no ${c}`);
    return `"${c}": ${v}`;
  });
  return [...lines, `"@signature-params": ${params}`].join('\n');
}

function digestsMatch(name) {
  const value = field(name);
  if (value === undefined) return `no ${name}`;
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    const alg = item.slice(0, eq).trim().toLowerCase();
    let want = item.slice(eq + 1).trim();
    if (name === 'content-digest') want = want.replace(/^:|:$/g, '');
    const node = { 'sha-256': 'sha256', 'sha-512': 'sha512' }[alg];
    if (node && b64(node) !== want) return 'the body does not match its digest';
  }
  return null;
}

function verifyRequest(publicPem) {
  const input = field('signature-input');
  const signature = field('signature');
  if (!signature) return 'not signed';
  let text, sig, covered;
  if (input) {
    const m = /(?:^|,\s*)sig1=(\(([^)]*)\)[^,]*)/.exec(input);
    const s = /(?:^|,\s*)sig1=:([^:]*):/.exec(signature);
    if (!m || !s) return 'no sig1';
    covered = m[2].split(' ').filter(Boolean).map((c) => JSON.parse(c));
    text = rfcBase(covered, m[1]);
    sig = Buffer.from(s[1], 'base64');
    const created = Number(/;created=(\d+)/.exec(m[1])?.[1]);
    if (!created) return 'no created';
  } else {
    const params = Object.fromEntries([...signature.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    covered = (params.headers ?? 'date').toLowerCase().split(' ');
    text = cavageString(covered);
    sig = Buffer.from(params.signature, 'base64');
  }
  if (!verify('sha256', Buffer.from(text), publicPem, sig)) return 'the signature does not hold';
  if (body.length && !covered.includes('digest') && !covered.includes('content-digest')) return 'the digest is not covered';
  for (const name of ['digest', 'content-digest']) {
    if (covered.includes(name)) {
      const why = digestsMatch(name);
      if (why) return why;
    }
  }
  return null;
}

function signRequest(scheme, privatePem, keyId, now) {
  const added = [];
  const add = (n, v) => { added.push([n, v]); req.headers.push([n, v]); };
  if (scheme === 'cavage') {
    if (!field('date')) add('Date', new Date(now * 1000).toUTCString());
    const names = ['(request-target)', 'host', 'date'];
    if (body.length) { add('Digest', `SHA-256=${b64('sha256')}`); names.push('digest'); }
    const s = sign('sha256', Buffer.from(cavageString(names)), privatePem).toString('base64');
    add('Signature', `keyId="${keyId}",algorithm="hs2019",headers="${names.join(' ')}",signature="${s}"`);
  } else {
    const names = ['@method', '@authority', '@path'];
    if (req.target.includes('?')) names.push('@query');
    if (body.length) { add('Content-Digest', `sha-512=:${b64('sha512')}:`); names.push('content-digest'); }
    const params = `(${names.map((n) => `"${n}"`).join(' ')});keyid="${keyId}";created=${now}`;
    const s = sign('sha256', Buffer.from(rfcBase(names, params)), privatePem).toString('base64');
    add('Signature-Input', `sig1=${params}`);
    add('Signature', `sig1=:${s}:`);
  }
  return added;
}

if (cmd === 'verify') {
  const why = verifyRequest(readFileSync(args[0], 'utf8'));
  console.log(why ? `refused: ${why}` : 'ok');
} else if (cmd === 'sign') {
  const [scheme, keyFile, keyId, now] = args;
  console.log(JSON.stringify(signRequest(scheme, readFileSync(keyFile, 'utf8'), keyId, Number(now))));
} else {
  console.error('usage: httpsig_peer.mjs verify PUBLIC.pem REQUEST.json | sign cavage|rfc9421 PRIVATE.pem KEYID NOW REQUEST.json');
  process.exit(2);
}
