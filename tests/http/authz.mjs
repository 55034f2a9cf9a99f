// authz.mjs - the authorization matrix: what a route's flags promise each caller, checked on
// every call permissions.test.mjs makes, with an API token as well as a cookie session, and with
// canaries (unique strings planted in what is confidential) that no answer may show the wrong caller.
//
// The route table comes from the binary (`glocal routes --json`), so it cannot drift. A route with
// a flag this file does not know fails the suite, naming the route; permissions.test.mjs fails a
// route without a case. To add a rule for a new flag: give it a name in cmd_routes
// (src/cli/commands.c) and a branch in promise() below.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BIN, Client, unique } from './lib.mjs';

export const table = JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' }));
const byKey = new Map(table.map((r) => [`${r.method} ${r.path}`, r]));
// ('hash' and 'remote' say where a route runs, on the hashing or the remote pool, and 'upload' how large its body may be, not who may call it.)
const KNOWN = new Set(['login', 'admin', 'pledge', 'member', 'connector', 'admin_ok', 'page', 'api', 'nocsrf', 'manager', 'hash', 'remote', 'upload']);
const GUARDED = ['login', 'admin', 'pledge', 'member', 'connector', 'manager'];

// The routes whose flags the matrix cannot classify: "METHOD PATH: flag" each.
export function unclassified() {
  return table.flatMap((r) => r.flags.filter((f) => !KNOWN.has(f)).map((f) => `${r.method} ${r.path}: unknown flag ${f}`));
}

const DENIED = [403, 404];
// What the flags of `route` promise `role` (anon, other, member, connector, admin, or a sixth caller
// with no place in the fixtures): a list of statuses the answer must be one of, a list it must not be,
// or null when the flags leave the answer to the route's own rules (the hand-written case pins it).
export function promise(route, role, page) {
  const f = new Set(route.flags);
  const guarded = GUARDED.some((g) => f.has(g));
  if (role === 'anon') return guarded ? { oneOf: [page ? 303 : 401], login: page } : route.method === 'GET' ? { not: [401, 403] } : null;
  if (!['other', 'member', 'connector', 'admin'].includes(role)) return null;
  if (f.has('admin')) return role === 'admin' ? { not: [401, 403] } : { oneOf: [403] };
  if (f.has('member') || f.has('connector')) {
    // fixtures: "other" belongs to none of the case's chapters, "member" is no connector, "admin" is in none
    if (role === 'other' || (role === 'member' && f.has('connector'))) return { oneOf: DENIED };
    if (role === 'admin') return f.has('admin_ok') ? { not: [401, 403] } : { oneOf: DENIED };
    return { not: [401] };
  }
  if (f.has('manager')) return role === 'other' ? { oneOf: DENIED } : role === 'admin' ? { not: [401, 403] } : { not: [401] };
  if (f.has('login') || f.has('pledge')) return { not: [401] };
  return route.method === 'GET' ? { not: [401, 403] } : null;
}

export const counts = { routes: new Set(), flags: 0, token: 0, canary: 0 };

// Checks an answer against the flags' promise.
export function checkFlags(key, role, spec, r) {
  const route = byKey.get(key);
  assert.ok(route, `${key}: not in the route table`);
  counts.routes.add(key);
  // feeds, calendars and exports read by programs (the matrix sends no text/html in Accept) get 401, not the login form
  const feed = /\.(atom|ics|csv|journal)(\?|$)|^\/calendar\//.test(spec.path || '');
  const p = promise(route, role, (spec.page || spec.raw) && !feed);
  if (!p) return;
  counts.flags++;
  const why = `${key} as ${role}: flags [${route.flags}] promise`;
  if (p.oneOf) assert.ok(p.oneOf.includes(r.status), `${why} ${p.oneOf.join(' or ')}, got ${r.status}`);
  if (p.not) assert.ok(!p.not.includes(r.status), `${why} not ${p.not.join(' or ')}, got ${r.status}`);
  if (p.login) assert.match(r.location || '', /^\/login/, `${why} a redirection to the login form`);
}

// Canaries: strings planted once (plant()) in what only some may read; `hidden` says from whom.
export const canaries = [];
export function checkCanaries(key, role, r) {
  counts.canary++;
  for (const c of canaries)
    if (c.hidden.includes(role)) assert.ok(!r.text.includes(c.value), `${key} as ${role} shows the canary of ${c.what}`);
}

// A chapter of `who.connector` with `who.member` in it, its confidential things marked: a success the
// member shared in a meeting (said in the chapter, not shared), ledger lines seen by the chapter only
// and by their parties only, an event for the chapter's members only (chapterEvent(ch, title) makes
// it), and the member's e-mail (planted at sign-up: lib's member()).
export async function plant(who, fresh, meeting, chapterEvent) {
  const mark = (what) => `CANARY${what.replace(/\W/g, '').toUpperCase()}${unique().replace(/\W/g, '')}`;
  const ch = await fresh();
  const m = await meeting(ch, 'checkin');
  const round = mark('round');
  const r = await who.member.client.api('POST', `${m.base}/rounds`, { kind: 'success', body: `A good month ${round}` });
  assert.equal(r.status, 201, r.text);
  canaries.push({ what: 'a meeting round', value: round, hidden: ['anon', 'other', 'admin'] });
  for (const [visibility, hidden] of [['unit', ['anon', 'other']], ['parties', ['anon', 'other', 'member']]]) {
    const value = mark(visibility);
    const l = await who.connector.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'expense', counterpart: `member:${who.connector.id}`,
      resource: 'EUR', amount: '2', visibility, description: `Paid ${value}`, category: 'canary' });
    assert.equal(l.status, 201, l.text);
    canaries.push({ what: `a ledger line seen by ${visibility}`, value, hidden });
  }
  const title = mark('event');
  const ev = await chapterEvent(ch, `Members only ${title}`);
  assert.equal(ev.status, 201, ev.text);
  canaries.push({ what: "an event for the chapter's members", value: title, hidden: ['anon', 'other'] });
  canaries.push({ what: "the member's e-mail", value: who.member.email, hidden: ['anon', 'other'] });
  return ch;
}

// Each caller's API token, made through the tokens' form.
export async function tokens(who) {
  for (const role of ['other', 'member', 'connector', 'admin']) {
    const created = await who[role].client.post('/me/tokens', { name: 'authz matrix' });
    assert.equal(created.status, 201, created.text.slice(0, 200));
    who[role].token = created.text.match(/<code id="new-token">(glc_[A-Za-z0-9_-]+)<\/code>/)[1];
  }
}

// The same call with the caller's API token (JSON face only): a GET, or a refusal (which changed
// nothing), must be answered as it was with the cookie session.
export async function checkToken(key, role, spec, body, cookie, token) {
  const method = spec.body ? 'POST' : 'GET';
  if (!token || spec.page || spec.raw) return;
  if (method !== 'GET' && ![401, 403, 404].includes(cookie.status)) return;
  const r = await new Client().api(method, spec.path, body, { token });
  counts.token++;
  assert.equal(r.status, cookie.status, `${key} as ${role} with an API token: ${r.status}, with a session ${cookie.status}: ${r.text.slice(0, 200)}`);
  checkFlags(key, role, spec, r);
  checkCanaries(key, role, r);
}
