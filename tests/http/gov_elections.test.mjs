// gov_elections.test.mjs - elections of committees and the board by secret
// ballot: who may start one, stand, nominate, accept, vote and close; double
// voting, ineligible voters and voting after the close refused with a clear
// message; the published box found intact by `glocal verify-election`, and a
// tampered one found broken; and the canary: no ballot can be linked to its
// voter through any page, API answer, export, mail or log line.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, Client, admin, member, chapter, admit, geography, unique, sql, lisbon } from './lib.mjs';

const sqlite = DB.startsWith('sqlite:');
const TRACKER = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const now = () => Math.floor(Date.now() / 1000);
let adm, geo;

before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

// A region with two metros: connectors ca (with members m1, m2) and cb; a
// chapter abroad run by `out`. The region's committee is elected.
async function scene(opts = {}) {
  const g = opts.geo || await geography(adm);
  const ca = await member(opts.caName ? { name: opts.caName } : {});
  const cb = await member();
  const m1 = await member(), m2 = await member(), out = await member();
  const chA = await chapter(ca, { metro_id: g.metro.id });
  await chapter(cb, { metro_id: g.metro2.id });
  await admit(ca, chA, m1);
  await admit(ca, chA, m2);
  const far = (await adm.api('POST', '/places', { name: `Far ${unique()}` })).json().place;
  const farRegion = (await adm.api('POST', '/places', { name: `Far region ${unique()}`, parent_id: far.id })).json().place;
  const farMetro = (await adm.api('POST', '/places', { name: `Far city ${unique()}`, parent_id: farRegion.id, timezone: 'UTC' })).json().place;
  await chapter(out, { metro_id: farMetro.id });
  return { g, ca, cb, m1, m2, out, key: g.region.slug };
}

async function newElection(s, fields = {}) {
  const r = await adm.api('POST', '/elections', { committee: s.key, title: `Election ${unique()}`, method: 'stv', seats: 2,
    nominations_close_at: now() + 3600, closes_at: now() + 7200, ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().election;
}

// An election of the scene with m1, m2 and cb standing, open for voting.
async function openElection(s, fields = {}) {
  const el = await newElection(s, fields);
  for (const who of [s.m1, s.m2, s.cb]) {
    const r = await who.client.api('POST', `/elections/${el.id}/nominations`, { statement: `I am ${who.name}.` });
    assert.equal(r.status, 201, r.text);
  }
  const o = await adm.api('POST', `/elections/${el.id}/open`, {});
  assert.equal(o.status, 200, o.text);
  const shown = (await adm.api('GET', `/elections/${el.id}`)).json();
  return { ...el, candidates: shown.candidates.filter((c) => c.position) };
}

const position = (el, who) => el.candidates.find((c) => c.user_id === who.id).position;

function randomTracker() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const chars = Array.from({ length: 24 }, () => alphabet[Math.floor(Math.random() * 32)]);
  return chars.join('').match(/.{4}/g).join('-');
}

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('only administrators start elections; the form says what is wrong at each field', async () => {
  const s = await scene({ geo });
  const body = { committee: s.key, title: 'Region 2027', nominations_close_at: now() + 3600, closes_at: now() + 7200 };
  assert.equal((await new Client().api('POST', '/elections', body, { csrf: false })).status, 401);
  assert.equal((await s.ca.client.api('POST', '/elections', body)).status, 403);
  const bad = await adm.api('POST', '/elections', { committee: s.key, title: '', method: 'plurality', nominations_close_at: now() + 3600, closes_at: now() + 60 });
  assert.equal(bad.status, 422);
  const fields = bad.json().errors.map((x) => x.field).sort();
  assert.deepEqual(fields, ['closes_at', 'method', 'title']);
  assert.equal((await adm.api('POST', '/elections', { ...body, committee: 'no-such-place' })).status, 422);
  // the page's form: the committee's local dates, errors shown at the fields
  const page = await adm.post('/elections', { committee: s.key, title: '', method: 'stv', nominations_close_at_date: '2020-01-01',
    nominations_close_at_time: '12:00', closes_at_date: '2020-01-02', closes_at_time: '12:00' });
  assert.equal(page.status, 422);
  assert.match(page.text, /Give the election a title/);
  assert.match(page.text, /Nominations have to close in the future/);
  const noms = lisbon(30 * 1440), closes = lisbon(44 * 1440);
  const ok = await adm.post('/elections', { committee: s.key, title: `Region ${unique()}`, method: 'stv', seats: '3',
    nominations_close_at_date: noms.date, nominations_close_at_time: '12:00', closes_at_date: closes.date, closes_at_time: '18:00' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const id = ok.location.match(/^\/elections\/(\d+)$/)[1];
  const el = (await adm.api('GET', `/elections/${id}`)).json().election;
  assert.equal(el.seats, 3);
  assert.equal(el.status, 'nominating');
  assert.equal(el.committee_key, s.key);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(el.closes_at * 1000));
  assert.equal(local, `${closes.date}, 18:00`, 'the dates are the committee\'s local time');
  // through the committee's own address as well
  const viaCommittee = await adm.api('POST', `/committees/${s.key}/elections`, body);
  assert.ok([201, 404].includes(viaCommittee.status), `the committee's address answers ${viaCommittee.status}`);
  const list = await new Client().get('/elections');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(el.title));
});

test('nominations: by oneself or others, accepted or declined by the nominee; who may stand and nominate', async () => {
  const s = await scene();
  const el = await newElection(s);
  const at = `/elections/${el.id}`;
  let r = await s.m1.client.api('POST', `${at}/nominations`, { statement: 'I **will** listen.' });
  assert.equal(r.status, 201, r.text);
  r = await s.out.client.api('POST', `${at}/nominations`, { user_id: s.m2.id });
  assert.equal(r.status, 403, 'a member of a chapter abroad nominates nobody here');
  assert.match(r.json().detail, /Only members of the chapters there/);
  r = await s.ca.client.api('POST', `${at}/nominations`, { user_id: s.out.id });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'user_id');
  assert.match(r.json().errors[0].message, /cannot stand/);
  r = await s.ca.client.api('POST', `${at}/nominations`, { user_id: s.m2.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'gov_election_nominated' AND to_email = '${s.m2.email}'`), '1');
  r = await s.cb.client.api('POST', `${at}/nominations`, { user_id: s.m2.id });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /already nominated/);
  assert.equal((await new Client().api('POST', `${at}/nominations`, {}, { csrf: false })).status, 401);
  // the nominee sees the request and answers on the page
  let page = await s.m2.client.get(at);
  assert.match(page.text, /You were nominated/);
  r = await s.m2.client.post(`${at}/candidacy`, { answer: 'accept', statement: 'Nuno will serve.' });
  assert.equal(r.status, 303);
  r = await s.out.client.api('POST', `${at}/candidacy`, { answer: 'accept' });
  assert.equal(r.status, 404, 'only a nominee answers');
  const shown = (await new Client().api('GET', at)).json();
  const byId = Object.fromEntries(shown.candidates.map((c) => [c.user_id, c]));
  assert.equal(byId[s.m1.id].status, 'accepted');
  assert.equal(byId[s.m2.id].status, 'accepted');
  assert.equal(byId[s.m2.id].statement, 'Nuno will serve.');
  page = await new Client().get(at);
  assert.match(page.text, /<strong>will<\/strong> listen/, 'statements are Markdown');
  // a withdrawal before voting opens
  r = await s.m1.client.api('POST', `${at}/candidacy`, { answer: 'decline' });
  assert.equal(r.status, 200);
  assert.equal((await new Client().api('GET', at)).json().candidates.find((c) => c.user_id === s.m1.id).status, 'declined');
});

test('opening freezes the electorate (the connectors) and numbers the ballot alphabetically', async () => {
  const s = await scene();
  const el = await newElection(s, { seats: 3 });
  const at = `/elections/${el.id}`;
  await s.m1.client.api('POST', `${at}/nominations`, {});
  let r = await adm.api('POST', `${at}/open`, {});
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /at least 3 accepted candidates/);
  await s.m2.client.api('POST', `${at}/nominations`, {});
  await s.cb.client.api('POST', `${at}/nominations`, {});
  assert.equal((await s.ca.client.api('POST', `${at}/open`, {})).status, 403);
  r = await adm.api('POST', `${at}/open`, {});
  assert.equal(r.status, 200, r.text);
  const shown = (await new Client().api('GET', at)).json();
  assert.equal(shown.election.status, 'voting');
  assert.equal(shown.election.electorate_size, 2, 'the connectors of the two chapters of the region');
  const names = shown.candidates.filter((c) => c.position).sort((a, b) => a.position - b.position).map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  assert.equal((await s.m1.client.api('POST', `${at}/nominations`, { user_id: s.ca.id })).status, 409, 'nominations are over');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'gov_election_opened' AND body LIKE '%/elections/${el.id}%'`), '2');
});

test('voting: once, by the electorate only, until the close; refusals say why', async () => {
  const s = await scene();
  const el = await openElection(s);
  const at = `/elections/${el.id}`;
  let r = await s.m1.client.api('POST', `${at}/vote`, { ranking: [1, 2] });
  assert.equal(r.status, 403);
  assert.match(r.json().detail, /not on the electorate/);
  r = await s.out.client.api('POST', `${at}/vote`, { ranking: [1] });
  assert.equal(r.status, 403);
  r = await s.ca.client.api('POST', `${at}/vote`, { ranking: [1, 1] });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'ranking');
  r = await s.ca.client.api('POST', `${at}/vote`, { ranking: [9] });
  assert.equal(r.status, 422);
  assert.match(r.json().errors[0].message, /no candidate number 9/);
  r = await s.ca.client.api('POST', `${at}/vote`, { ranking: [2, 3] });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json().tracker, TRACKER);
  r = await s.ca.client.api('POST', `${at}/vote`, { ranking: [1] });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /already voted/);
  // the page's ballot, without script: a select of ranks per candidate; five at once count once
  const page = await s.cb.client.get(at);
  assert.match(page.text, /name="rank_1"/);
  assert.match(page.text, /No one can vote for you/);
  const tries = await Promise.all(Array.from({ length: 5 }, () => s.cb.client.post(`${at}/vote`, { rank_1: '2', rank_2: '0', rank_3: '1' })));
  const codes = tries.map((x) => x.status).sort();
  assert.deepEqual(codes, [201, 409, 409, 409, 409], `one ballot of five: ${codes}`);
  const voted = tries.find((x) => x.status === 201);
  assert.match(voted.text, /Your ballot is in the box/);
  const tracker = voted.text.match(/Tracker <\/span><code>([0-9A-Z-]+)<\/code>/)[1];
  assert.match(tracker, TRACKER);
  assert.equal(sql(`SELECT choice FROM gov_ballots WHERE tracker = '${tracker}'`), '[3,1]', 'rank 1 first, gaps closed');
  assert.equal(sql(`SELECT count(*) FROM gov_ballots WHERE election_id = ${el.id}`), '2');
  // after the close: refused, with the date
  assert.equal((await s.ca.client.api('POST', `${at}/close`, {})).status, 403);
  r = await adm.api('POST', `${at}/close`, {});
  assert.equal(r.status, 200, r.text);
  r = await s.ca.client.api('POST', `${at}/vote`, { ranking: [1] });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /Voting closed on .*: ballots are no longer accepted/);
  assert.equal((await adm.api('POST', `${at}/close`, {})).status, 409, 'closed once');
});

test('the close publishes the count round by round, the signed box (JSON and BLT), and finds a ballot by its tracker', async () => {
  const s = await scene();
  const el = await openElection(s);
  const at = `/elections/${el.id}`;
  const t1 = (await s.ca.client.api('POST', `${at}/vote`, { ranking: [position(el, s.m2), position(el, s.cb)] })).json().tracker;
  await s.cb.client.api('POST', `${at}/vote`, { ranking: [position(el, s.m2)] });
  assert.equal((await new Client().get(`${at}/box.json`)).status, 404, 'no box before the close');
  assert.equal((await adm.api('POST', `${at}/close`, {})).status, 200);
  const shown = (await new Client().api('GET', at)).json();
  assert.equal(shown.election.status, 'closed');
  const winners = shown.outcome.result.winners.map((i) => shown.candidates.filter((c) => c.position).sort((a, b) => a.position - b.position)[i].user_id);
  assert.ok(winners.includes(s.m2.id), 'the first choice of both voters is elected');
  const page = await new Client().get(at);
  assert.match(page.text, /The count, round by round/);
  assert.match(page.text, /<th scope="col" class="num">Round 1<\/th>/);
  assert.match(page.text, /verify-election --file box.json --public-key [0-9a-f]{64}/);
  const box = (await new Client().get(`${at}/box.json`)).json();
  assert.equal(box.format, 'glocal-ballot-box/1');
  assert.equal(box.ballots.length, 2);
  assert.ok(box.ballots.some((b) => b.tracker === t1));
  assert.deepEqual(box.result, shown.outcome.result);
  const blt = await new Client().get(`${at}/box.blt`);
  assert.equal(blt.status, 200);
  assert.match(blt.text, /^3 2\n/);
  assert.match(blt.text, new RegExp(`"${box.election.title}"\\s*$`));
  // find my ballot: the tracker goes in a form's body, the answer does not repeat it
  const me = s.ca.client;
  let r = await me.post(`${at}/find`, { tracker: t1.toLowerCase().replaceAll('-', ' ') });
  assert.equal(r.status, 200);
  assert.match(r.text, /This ballot is in the box/);
  assert.ok(!r.text.includes(t1), 'the answer does not repeat the tracker');
  r = await me.api('POST', `${at}/find`, { tracker: t1 });
  assert.equal(r.json().lookup.found, true);
  assert.deepEqual(r.json().lookup.choice, [position(el, s.m2), position(el, s.cb)]);
  r = await me.api('POST', `${at}/find`, { tracker: '0000-0000-0000-0000-0000-0000' });
  assert.equal(r.json().lookup.found, false);
  r = await me.api('POST', `${at}/find`, { tracker: 'not a tracker' });
  assert.equal(r.status, 422);
  // the decision record and the seats
  assert.equal(sql(`SELECT count(*) FROM gov_decisions WHERE source = 'election' AND source_id = ${el.id}`), '1');
  assert.equal(sql(`SELECT count(*) FROM gov_committee_members WHERE election_id = ${el.id} AND ended_at IS NULL`), String(winners.length));
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'gov_election_results' AND body LIKE '%/elections/${el.id}%'`), '2');
});

// Lifts the database's own refusal to change ballots or a published box, for `fn` (as an attacker with the database would).
function untrigger(table, fn) {
  if (sqlite) {
    const saved = sql(`SELECT group_concat(sql, ';' || char(10)) || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${table}'`);
    const names = sql(`SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${table}'`).split(' ');
    sql(names.map((n) => `DROP TRIGGER ${n};`).join(' '));
    try { fn(); } finally { sql(saved); }
  } else {
    sql(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try { fn(); } finally { sql(`ALTER TABLE ${table} ENABLE TRIGGER USER`); }
  }
}

test('glocal verify-election finds the box intact, and finds every tampering', async () => {
  const s = await scene();
  const el = await openElection(s);
  const at = `/elections/${el.id}`;
  const t1 = (await s.ca.client.api('POST', `${at}/vote`, { ranking: [1, 2] })).json().tracker;
  await s.cb.client.api('POST', `${at}/vote`, { ranking: [3] });
  let v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 1, 'an open election has no box yet');
  assert.match(v.out, /not closed/);
  await adm.api('POST', `${at}/close`, {});
  v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /holds: 2 ballots/);

  assert.throws(() => sql(`UPDATE gov_ballots SET choice = '[2]' WHERE tracker = '${t1}'`), /append-only/);
  untrigger('gov_ballots', () => sql(`UPDATE gov_ballots SET choice = '[2]' WHERE tracker = '${t1}'`));
  v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`BROKEN: election ${el.id}: the ballot with tracker ${t1} differs`));
  untrigger('gov_ballots', () => sql(`UPDATE gov_ballots SET choice = '[1,2]' WHERE tracker = '${t1}'`));
  assert.equal(glocal(['verify-election', '--db', DB, String(el.id)]).code, 0);

  const id = sql(`SELECT id FROM gov_ballots WHERE tracker = '${t1}'`);
  untrigger('gov_ballots', () => sql(`DELETE FROM gov_ballots WHERE tracker = '${t1}'`));
  v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 1);
  assert.match(v.out, /is missing from the database: it was removed/);
  sql(`INSERT INTO gov_ballots (id, election_id, tracker, choice) VALUES (${id}, ${el.id}, '${t1}', '[1,2]')`);
  assert.equal(glocal(['verify-election', '--db', DB, String(el.id)]).code, 0);

  sql(`INSERT INTO gov_ballots (id, election_id, tracker, choice) VALUES (${Number(id) + 1}, ${el.id}, '${randomTracker()}', '[3]')`);
  v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 1);
  assert.match(v.out, /that is not in the published box: it was added after the close/);
  untrigger('gov_ballots', () => sql(`DELETE FROM gov_ballots WHERE id = ${Number(id) + 1}`));

  // the published box edited in the database: the chain or the signature says so
  const stored = sql(`SELECT box FROM gov_elections WHERE id = ${el.id}`);
  const edited = JSON.parse(stored);
  edited.ballots[0].choice = [2, 1];
  untrigger('gov_elections', () => sql(`UPDATE gov_elections SET box = '${JSON.stringify(edited).replaceAll("'", "''")}' WHERE id = ${el.id}`));
  v = glocal(['verify-election', '--db', DB, String(el.id)]);
  assert.equal(v.code, 1);
  assert.match(v.out, /does not match its hash|differs between the database/);
  untrigger('gov_elections', () => sql(`UPDATE gov_elections SET box = '${stored.replaceAll("'", "''")}' WHERE id = ${el.id}`));
  assert.equal(glocal(['verify-election', '--db', DB, String(el.id)]).code, 0);

  // anyone's copy of the box: checked offline, with the node's key
  const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'box-'));
  const file = join(dir, 'box.json');
  const text = (await new Client().get(`${at}/box.json`)).text;
  writeFileSync(file, text);
  const key = (await new Client().api('GET', '/ledger/head')).json().head.public_key;
  v = glocal(['verify-election', '--file', file, '--public-key', key, '--tracker', t1]);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /the ballot with this tracker is in the box: \[1,2\]/);
  const box = JSON.parse(text);
  box.ballots.pop();
  writeFileSync(file, JSON.stringify(box));
  v = glocal(['verify-election', '--file', file, '--public-key', key]);
  assert.equal(v.code, 1);
  assert.match(v.out, /BROKEN/);
  box.ballots = JSON.parse(text).ballots;
  box.result.winners.reverse();
  writeFileSync(file, JSON.stringify(box));
  v = glocal(['verify-election', '--file', file, '--public-key', key]);
  assert.equal(v.code, 1);
  assert.match(v.out, /the recount elects/);
  assert.equal(glocal(['verify-election', '--file', file, '--public-key', 'nothex']).code, 2);
});

// ---------- the canary ----------

// Every way of writing a tracker: as shown, without dashes, in lower case.
function forms(t) {
  const bare = t.replaceAll('-', '');
  return [t, bare, t.toLowerCase(), bare.toLowerCase()];
}

test('the canary: no ballot can be linked to its voter through any page, API answer, export, mail or log line', async () => {
  const name = `Canary ${unique('Voter')}`;
  const s = await scene({ caName: name });
  const el = await openElection(s);
  const at = `/elections/${el.id}`;
  const voter = s.ca;
  // a unique ranking: all three, in an order nobody else uses
  const ranking = [position(el, s.cb), position(el, s.m1), position(el, s.m2)];
  const cast = await voter.client.api('POST', `${at}/vote`, { ranking });
  assert.equal(cast.status, 201, cast.text);
  const tracker = cast.json().tracker;
  assert.match(tracker, TRACKER);
  await s.cb.client.api('POST', `${at}/vote`, { ranking: [position(el, s.m1)] });
  assert.equal((await adm.api('POST', `${at}/close`, {})).status, 200);
  const ballotText = JSON.stringify(ranking);

  // everything the voter, an administrator, a candidate and a stranger can fetch about it
  const paths = ['/elections', at, `${at}/box.json`, `${at}/box.blt`, '/me', '/admin/outbox', '/governance', `/committees/${s.key}`,
    '/decisions', `/members/${voter.id}`, `/places/${s.g.region.slug}`];
  const callers = { voter: voter.client, admin: adm, candidate: s.m1.client, stranger: new Client() };
  let answers = 0, boxSeen = false;
  for (const [who, c] of Object.entries(callers)) {
    for (const p of paths) {
      for (const face of [p, `/api/v1${p}`]) {
        if (face.startsWith('/api/v1') && /\.(json|blt)$/.test(p)) continue;
        const r = await c.get(face);
        if (r.status !== 200) continue;
        answers += 1;
        const text = r.text;
        const hasTracker = forms(tracker).some((f) => text.includes(f));
        if (hasTracker) boxSeen = true;
        const namesVoter = text.includes(name) || text.includes(voter.email) || new RegExp(`"user_id":\\s*${voter.id}\\b`).test(text);
        assert.ok(!(namesVoter && hasTracker), `${who} GET ${face}: an answer that names the voter holds their tracker`);
        assert.ok(!(namesVoter && text.includes(ballotText) && !face.endsWith('box.json')), `${who} GET ${face}: names the voter beside their ballot`);
      }
    }
  }
  assert.ok(answers > 20, `the pages were read (${answers})`);
  assert.ok(boxSeen, 'the published box holds the tracker (else the search proves nothing)');
  // the voter's own look-up does not repeat the tracker either
  const found = await voter.client.post(`${at}/find`, { tracker });
  assert.match(found.text, /This ballot is in the box/);
  assert.ok(!forms(tracker).some((f) => found.text.includes(f)));

  // the outbox: no message holds a tracker (every message, not only the last hundred)
  const bodies = sql('SELECT subject || body FROM outbox');
  assert.ok(bodies.length > 0);
  assert.ok(!forms(tracker).some((f) => bodies.includes(f)), 'no tracker in any mail');
  assert.doesNotMatch(bodies, /(?:^|[^0-9A-Z])[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}(?:[^0-9A-Z]|$)/, 'no tracker-shaped text in any mail');

  // the database: ballots have no column that names, dates or orders a voter
  const columns = sqlite ? sql("SELECT group_concat(name, ',') FROM pragma_table_info('gov_ballots')")
    : sql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'gov_ballots'");
  assert.deepEqual(columns.split(',').sort(), ['choice', 'election_id', 'id', 'tracker']);

  // the server's log: requests are logged, trackers and ballots are not
  const tmp = process.env.GLOCAL_TMP;
  assert.ok(tmp, 'GLOCAL_TMP names the folder of the server log (tests/run and qt.sh set it)');
  const logs = readdirSync(tmp).filter((f) => /^serve\..*log/.test(f)).map((f) => readFileSync(join(tmp, f), 'utf8')).join('\n');
  assert.match(logs, new RegExp(`POST /api/v1/elections/${el.id}/vote 201`), 'the log of this server is read');
  assert.ok(!forms(tracker).some((f) => logs.includes(f)), 'no tracker in the log');
  assert.ok(!logs.includes(ballotText) && !logs.includes(ranking.join(',')), 'no ballot in the log');
});
