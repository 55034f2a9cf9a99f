// gov_matters.test.mjs - matters and the escalation path: who may raise, see,
// summarise, approve, escalate, pass up and decide a matter; the path that
// follows the network's density (a dense city's committee in one country, the
// country's committee in a sparse one), recomputed as the network grows while
// matters in flight stay where they are; the committees' pages and the
// administrators' appointments and settings; and a canary: the chapter's own
// words (title, text, notes) never reach a committee member, an administrator,
// the committees' pages or the outbox, only the summary the raiser approved.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, unique, sql, mainOf } from './lib.mjs';

let adm, dense, sparse;

// A place made by the administrator under `parent` (a country when none).
async function place(name, parent) {
  const r = await adm.api('POST', '/places', parent ? { name, parent_id: parent.id, timezone: 'Europe/Lisbon' } : { name });
  assert.equal(r.status, 201, r.text);
  return r.json().place;
}

// A chapter in `metro` run by a new connector, made active (status by its connector).
async function activeChapter(metro, status = 'active') {
  const owner = await member({ name: `Connie ${unique()}` });
  const ch = await chapter(owner, { metro_id: metro.id });
  if (status !== 'forming') {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}`, { status });
    assert.equal(r.status, 200, r.text);
  }
  return { ...ch, owner };
}

// A country whose city `big` has three active chapters (a committee of its own) and a second region
// with one more (so the country, with four, is a step above the city); and a sparse country: three
// cities with one active chapter each, in two regions (only the country reaches three).
before(async () => {
  adm = await admin();
  const t = unique('t');
  const country = await place(`Densia ${t}`);
  const region = await place(`North ${t}`, country);
  const big = await place(`Bigtown ${t}`, region);
  const south = await place(`South ${t}`, country);
  const small = await place(`Smallton ${t}`, south);
  const chs = [await activeChapter(big), await activeChapter(big), await activeChapter(big), await activeChapter(small)];
  dense = { country, region, big, south, small, chs };
  const c2 = await place(`Sparsia ${t}`);
  const r1 = await place(`East ${t}`, c2);
  const r2 = await place(`West ${t}`, c2);
  const a = await place(`Avila ${t}`, r1);
  const b = await place(`Bela ${t}`, r1);
  const w = await place(`Wick ${t}`, r2);
  sparse = { country: c2, r1, r2, a, b, w, chs: [await activeChapter(a), await activeChapter(b), await activeChapter(w)] };
});

const keys = (path) => path.map((s) => s.key);

// A member of `ch` who raises a matter in it; returns {who, matter}.
async function raise(ch, words = {}) {
  const who = await member({ name: `Raiser ${unique()}` });
  await admit(ch.owner, ch, who);
  const r = await who.client.api('POST', `/chapters/${ch.slug}/matters`, {
    kind: 'conflict', title: words.title || `A quarrel ${unique()}`, body: words.body || 'Two members want the same client.' });
  assert.equal(r.status, 201, r.text);
  return { who, matter: r.json().matter };
}

// Writes the summary as the raiser (approved at once) and escalates it as the connector.
async function escalate(ch, m, summary = {}) {
  const s = await m.who.client.api('POST', `/matters/${m.matter.id}/summary`, {
    summary_title: summary.title || 'Two members compete for one client', summary: summary.text || 'How should a chapter handle this?' });
  assert.equal(s.status, 200, s.text);
  const e = await ch.owner.client.api('POST', `/matters/${m.matter.id}/escalate`, {});
  assert.equal(e.status, 200, e.text);
  return e.json().matter;
}

// Someone appointed to the committee of `key` by the administrator.
async function seated(key) {
  const who = await member({ name: `Seated ${unique()}` });
  const r = await adm.api('POST', `/committees/${key}/seats`, { email: who.email });
  assert.equal(r.status, 201, r.text);
  return who;
}

test('the path follows density: a dense city has its own committee, a sparse country sends matters to its country', async () => {
  const denseCh = (await new Client().get(`/api/v1/chapters/${dense.chs[0].slug}`)).json();
  assert.deepEqual(keys(denseCh.governance.path), [dense.big.slug, dense.country.slug, 'board'],
    'the city (3), not its region (3 as well: the same chapters), then the country (4), then the board');
  assert.equal(denseCh.governance.open_matters, undefined, 'outsiders are not told how many matters a chapter has');
  const southCh = (await new Client().get(`/api/v1/chapters/${dense.chs[3].slug}`)).json();
  assert.deepEqual(keys(southCh.governance.path), [dense.country.slug, 'board'], 'a sparse city of a dense country goes to the country');
  const sparseCh = (await new Client().get(`/api/v1/chapters/${sparse.chs[0].slug}`)).json();
  assert.deepEqual(keys(sparseCh.governance.path), [sparse.country.slug, 'board'], 'one chapter a city, two in the region: the country');

  const html = mainOf((await new Client().get(`/chapters/${dense.chs[0].slug}`)).text);
  assert.match(html, /Matters that the chapter cannot settle go to:/);
  assert.ok(html.indexOf(`${dense.big.name} committee`) < html.indexOf(`${dense.country.name} committee`), 'the path reads upwards');

  const big = (await new Client().get(`/api/v1/places/${dense.big.slug}`)).json().governance;
  assert.equal(big.active, 3);
  assert.equal(big.on_path, true);
  assert.equal(big.committee.key, dense.big.slug);
  const region = (await new Client().get(`/api/v1/places/${dense.region.slug}`)).json().governance;
  assert.equal(region.is_dense, true);
  assert.equal(region.committee, null, 'a region whose chapters are all in one city with a committee calls for none');
  assert.match(mainOf((await new Client().get(`/places/${dense.region.slug}`)).text), /a committee here would be elected by the same chapters/);
  const wick = (await new Client().get(`/api/v1/places/${sparse.w.slug}`)).json().governance;
  assert.equal(wick.committee, null);
  assert.deepEqual(keys(wick.path), [sparse.country.slug, 'board']);

  const hub = (await new Client().get('/api/v1/governance')).json();
  const all = hub.levels.flatMap((l) => l.committees.map((c) => c.key));
  for (const k of [dense.big.slug, dense.country.slug, sparse.country.slug]) assert.ok(all.includes(k), `the hub lists ${k}`);
  for (const k of [dense.region.slug, dense.small.slug, sparse.r1.slug, sparse.a.slug]) assert.ok(!all.includes(k), `the hub leaves out ${k}`);
  assert.equal((await new Client().get(`/api/v1/committees/${dense.region.slug}`)).status, 404, 'no committee page where no committee is called for');
  assert.equal((await new Client().get('/api/v1/committees/nowhere-at-all')).status, 404);
  assert.match(mainOf((await new Client().get('/governance')).text), /Only a summary leaves/);
});

test('who may raise and see a matter, with the problems of a bad one at their fields', async () => {
  const ch = dense.chs[0];
  const m = await raise(ch);
  const outsider = await member();
  assert.equal((await new Client().get(`/api/v1/chapters/${ch.slug}/matters`)).status, 401);
  assert.equal((await outsider.client.api('GET', `/chapters/${ch.slug}/matters`)).status, 403);
  assert.equal((await adm.api('GET', `/chapters/${ch.slug}/matters`)).status, 403, 'administrators are not members: the chapter keeps its words');
  assert.equal((await outsider.client.api('POST', `/chapters/${ch.slug}/matters`, { kind: 'rule', title: 'x', body: 'y' })).status, 403);
  const list = await m.who.client.api('GET', `/chapters/${ch.slug}/matters`);
  assert.equal(list.status, 200);
  assert.ok(list.json().matters.some((x) => x.id === m.matter.id));
  assert.deepEqual(keys(list.json().escalation_path), [dense.big.slug, dense.country.slug, 'board']);
  assert.equal((await ch.owner.client.api('GET', `/matters/${m.matter.id}`)).json().matter.title, m.matter.title);
  assert.equal((await outsider.client.api('GET', `/matters/${m.matter.id}`)).status, 404, 'outsiders learn nothing, not even that it exists');
  assert.equal((await adm.api('GET', `/matters/${m.matter.id}`)).status, 404, 'nor administrators while it is in the chapter');
  assert.equal((await new Client().get(`/api/v1/matters/${m.matter.id}`)).status, 401);
  assert.equal((await m.who.client.api('GET', '/matters/abc')).status, 404);

  const bad = await m.who.client.api('POST', `/chapters/${ch.slug}/matters`, { kind: 'gossip', title: '', body: 'x'.repeat(10001) });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['body', 'kind', 'title']);
  const page = await m.who.client.post(`/chapters/${ch.slug}/matters`, { kind: '', title: 'Kept title', body: '' });
  assert.equal(page.status, 422);
  assert.match(page.text, /value="Kept title"/, 'the form keeps what was typed');
  assert.match(page.text, /Choose what kind of matter this is/);
  const own = (await ch.owner.client.api('GET', `/chapters/${ch.slug}`)).json().governance;
  assert.ok(own.open_matters >= 1, 'members see how many matters are open');
  assert.equal(own.url, `/chapters/${ch.slug}/matters`);
});

test('a summary must be written and approved by the raiser before a connector may escalate', async () => {
  const ch = dense.chs[1];
  const m = await raise(ch);
  const other = await member();
  await admit(ch.owner, ch, other);
  const id = m.matter.id;
  const early = await ch.owner.client.api('POST', `/matters/${id}/escalate`, {});
  assert.equal(early.status, 409);
  assert.match(early.json().detail, /summary first/);
  assert.equal((await other.client.api('POST', `/matters/${id}/summary`, { summary_title: 'x', summary: 'y' })).status, 403,
    'a plain member who did not raise it does not write the summary');
  const empty = await ch.owner.client.api('POST', `/matters/${id}/summary`, { summary_title: '', summary: '' });
  assert.equal(empty.status, 422);
  assert.deepEqual(empty.json().errors.map((e) => e.field).sort(), ['summary', 'summary_title']);
  const s = await ch.owner.client.api('POST', `/matters/${id}/summary`, { summary_title: 'A client two members want', summary: 'Which rule applies?' });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json().matter.summary_approved_at, null);
  const mail = sql(`SELECT subject FROM outbox WHERE to_email = '${m.who.email}' AND kind = 'gov_matter_summary'`);
  assert.match(mail, /awaits your approval/, 'the raiser is asked to approve');
  const waiting = await ch.owner.client.api('POST', `/matters/${id}/escalate`, {});
  assert.equal(waiting.status, 409);
  assert.match(waiting.json().detail, /approval/);
  assert.equal((await other.client.api('POST', `/matters/${id}/approve`, {})).status, 403);
  assert.equal((await m.who.client.api('POST', `/matters/${id}/escalate`, {})).status, 403, 'only a connector escalates');
  const ok = await m.who.client.api('POST', `/matters/${id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await m.who.client.api('POST', `/matters/${id}/approve`, {})).status, 409);
  const sent = await ch.owner.client.api('POST', `/matters/${id}/escalate`, {});
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json().matter.status, 'escalated');
  assert.equal(sent.json().matter.committee_key, dense.big.slug, 'the dense city takes it');
  assert.equal((await ch.owner.client.api('POST', `/matters/${id}/escalate`, {})).status, 409, 'once');
  assert.equal((await m.who.client.api('POST', `/matters/${id}/withdraw`, {})).status, 409, 'no withdrawing once it left');
  // a summary changed by a connector after approval needs approving again; the raiser's own is approved at once
  const m2 = await raise(ch);
  const own = await m2.who.client.api('POST', `/matters/${m2.matter.id}/summary`, { summary_title: 'Mine', summary: 'In my words' });
  assert.ok(own.json().matter.summary_approved_at > 0);
  await ch.owner.client.api('POST', `/matters/${m2.matter.id}/summary`, { summary_title: 'Changed', summary: 'By the connector' });
  assert.equal((await m2.who.client.api('GET', `/matters/${m2.matter.id}`)).json().matter.summary_approved_at, null);
});

test('canary: the chapter\'s words never reach a committee member, an administrator, the committee\'s pages or the outbox', async () => {
  const ch = dense.chs[2];
  const canary = unique('CANARY');
  const m = await raise(ch, { title: `${canary}-TITLE`, body: `${canary}-BODY said at the table` });
  const chapterNote = await m.who.client.api('POST', `/matters/${m.matter.id}/notes`, { note: `${canary}-NOTE between us` });
  assert.equal(chapterNote.status, 200, chapterNote.text);
  await ch.owner.client.api('POST', `/matters/${m.matter.id}/resolve`, { resolution: '' });   // refused: nothing written
  const judge = await seated(dense.big.slug);
  assert.equal((await judge.client.api('GET', `/matters/${m.matter.id}`)).status, 404, 'before it is escalated the committee sees nothing');
  await escalate(ch, m, { title: 'SUMMARY-TITLE travels', text: 'SUMMARY-TEXT travels' });
  await ch.owner.client.api('POST', `/matters/${m.matter.id}/notes`, { note: `${canary}-LATER chapter note`, scope: 'chapter' });

  const seen = [];
  for (const c of [judge.client, adm]) {
    const api = await c.api('GET', `/matters/${m.matter.id}`);
    assert.equal(api.status, 200, api.text);
    assert.equal(api.json().matter.view, 'committee');
    assert.equal(api.json().matter.summary_title, 'SUMMARY-TITLE travels');
    assert.equal(api.json().matter.title, undefined);
    assert.equal(api.json().matter.body, undefined);
    assert.ok(api.json().steps.every((s) => s.scope === 'committee'), 'only the committees\' steps');
    seen.push(api.text, (await c.get(`/matters/${m.matter.id}`)).text);
    seen.push((await c.api('GET', `/committees/${dense.big.slug}`)).text, (await c.get(`/committees/${dense.big.slug}`)).text);
    seen.push((await c.api('GET', '/governance')).text, (await c.get('/governance')).text);
  }
  seen.push(sql(`SELECT subject || ' ' || body FROM outbox`));
  const page = mainOf((await judge.client.get(`/matters/${m.matter.id}`)).text);
  assert.match(page, /SUMMARY-TEXT travels/);
  assert.match(page, /What was said in the chapter stays there/);
  for (const text of seen) assert.ok(!text.includes(canary), `the chapter's words leaked: ${text.slice(Math.max(0, text.indexOf(canary) - 200), text.indexOf(canary) + 80)}`);
  const members = (await m.who.client.api('GET', `/matters/${m.matter.id}`)).json();
  assert.equal(members.matter.title, `${canary}-TITLE`, 'the chapter still sees all of it');
  assert.ok(members.steps.some((s) => s.note.includes(`${canary}-LATER`)));
  const reached = sql(`SELECT body FROM outbox WHERE to_email = '${judge.email}' AND kind = 'gov_matter_reached'`);
  assert.match(reached, /SUMMARY-TEXT travels/, 'the committee member is told, with the summary');
});

test('the committee discusses, passes up along the path (never down) and decides; the chapter is told', async () => {
  const ch = dense.chs[0];
  const m = await raise(ch);
  const matter = await escalate(ch, m);
  assert.equal(matter.committee_key, dense.big.slug);
  const local = await seated(dense.big.slug);
  const national = await seated(dense.country.slug);
  const id = m.matter.id;
  const stranger = await member();
  assert.equal((await stranger.client.api('POST', `/matters/${id}/pass-up`, {})).status, 404);
  const refused = await national.client.api('POST', `/matters/${id}/decide`, { statement: 'Too early' });
  assert.equal(refused.status, 404, 'a committee the matter has not reached sees nothing of it');
  const byChapter = await ch.owner.client.api('POST', `/matters/${id}/decide`, { statement: 'We decide' });
  assert.equal(byChapter.status, 403);
  assert.match(byChapter.json().detail, /Only members of the committee that holds this matter/);
  assert.equal((await ch.owner.client.api('POST', `/matters/${id}/notes`, { note: 'x', scope: 'committee' })).status, 403);
  const note = await local.client.api('POST', `/matters/${id}/notes`, { note: 'We will ask the country.' });
  assert.equal(note.status, 200, note.text);
  assert.equal((await local.client.api('POST', `/matters/${id}/notes`, { note: '' })).status, 422);
  const up = await local.client.api('POST', `/matters/${id}/pass-up`, { note: 'It concerns every city.' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json().matter.committee_key, dense.country.slug, 'the region adds no chapters: the country is next');
  assert.equal((await local.client.api('GET', `/matters/${id}`)).status, 200, 'a committee it passed through still reads it');
  assert.equal((await local.client.api('POST', `/matters/${id}/decide`, { statement: 'x' })).status, 403, 'but no longer acts on it');
  const queue = (await national.client.api('GET', `/committees/${dense.country.slug}`)).json();
  assert.ok(queue.matters.some((x) => x.id === id && x.summary_title), 'the country committee\'s queue holds it');
  assert.equal((await new Client().get(`/api/v1/committees/${dense.country.slug}`)).json().matters, undefined, 'the queue is not public');
  assert.equal((await national.client.api('POST', `/matters/${id}/decide`, { statement: '' })).status, 422);
  const decided = await national.client.api('POST', `/matters/${id}/decide`, { statement: 'First come, first served; tell the others.' });
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.json().matter.status, 'decided');
  assert.ok(decided.json().decision_id > 0);
  assert.equal(sql(`SELECT source || ':' || source_id || ':' || title FROM gov_decisions WHERE id = ${decided.json().decision_id}`),
    `matter:${id}:Two members compete for one client`, 'a decision record with the summary\'s title');
  const told = sql(`SELECT to_email FROM outbox WHERE kind = 'gov_matter_decided' AND body LIKE '%First come%' ORDER BY to_email`).split('\n');
  assert.deepEqual(told.sort(), [m.who.email, ch.owner.email].sort(), 'the raiser and the chapter\'s connectors are told');
  const after = (await m.who.client.api('GET', `/matters/${id}`)).json();
  assert.deepEqual(after.steps.map((s) => s.action), ['raised', 'summary_approved', 'escalated', 'note', 'passed_up', 'decided']);
  assert.equal((await national.client.api('POST', `/matters/${id}/pass-up`, {})).status, 409);
  // the board is the last step
  const m2 = await raise(ch);
  await escalate(ch, m2);
  await local.client.api('POST', `/matters/${m2.matter.id}/pass-up`, {});
  await national.client.api('POST', `/matters/${m2.matter.id}/pass-up`, {});
  const atBoard = (await adm.api('GET', `/matters/${m2.matter.id}`)).json().matter;
  assert.equal(atBoard.committee_key, 'board');
  const last = await adm.api('POST', `/matters/${m2.matter.id}/pass-up`, {});
  assert.equal(last.status, 409);
  assert.match(last.json().detail, /board is the last step/);
});

test('a sparse country: matters from its chapters go to the country committee', async () => {
  const ch = sparse.chs[1];
  const m = await raise(ch);
  const matter = await escalate(ch, m);
  assert.equal(matter.committee_key, sparse.country.slug);
  assert.equal(matter.committee_level, 'country');
});

test('crossing a threshold with matters in flight: they stay where they are, new ones take the new path, passing up never goes down', async () => {
  const t = unique('x');
  const country = await place(`Growland ${t}`);
  const region = await place(`Mid ${t}`, country);
  const city = await place(`Risetown ${t}`, region);
  const town = await place(`Ville ${t}`, region);
  const chs = [await activeChapter(city), await activeChapter(city), await activeChapter(town)];
  const third = await activeChapter(city, 'forming');
  const before = await raise(chs[0]);
  assert.equal((await escalate(chs[0], before)).committee_key, region.slug, 'two in the city: the region (3) takes it');
  const waiting = await raise(chs[1]);
  await waiting.who.client.api('POST', `/matters/${waiting.matter.id}/summary`, { summary_title: 'Pending', summary: 'Not sent yet' });
  // the city crosses its threshold
  assert.equal((await third.owner.client.api('POST', `/chapters/${third.slug}`, { status: 'active' })).status, 200);
  const path = (await new Client().get(`/api/v1/chapters/${chs[0].slug}`)).json().governance.path;
  assert.deepEqual(keys(path), [city.slug, region.slug, 'board'], 'the path is recomputed: the city first (3), then the region (4)');
  assert.equal((await chs[0].owner.client.api('GET', `/matters/${before.matter.id}`)).json().matter.committee_key, region.slug,
    'the matter in flight stays with the region');
  const sent = await chs[1].owner.client.api('POST', `/matters/${waiting.matter.id}/escalate`, {});
  assert.equal(sent.json().matter.committee_key, city.slug, 'a matter that leaves now goes to the new city committee');
  const regional = await seated(region.slug);
  const up = await regional.client.api('POST', `/matters/${before.matter.id}/pass-up`, {});
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json().matter.committee_key, 'board', 'up, never down to the city (the country adds no chapters)');
  // the city loses its density: the matter it holds stays, and passing it up goes to the region
  assert.equal((await third.owner.client.api('POST', `/chapters/${third.slug}`, { status: 'dormant' })).status, 200);
  assert.equal((await chs[1].owner.client.api('GET', `/matters/${waiting.matter.id}`)).json().matter.committee_key, city.slug);
  const cityPage = (await adm.api('GET', `/committees/${city.slug}`)).json();
  assert.equal(cityPage.density.on_path, false, 'the city no longer calls for a committee, but its committee page remains');
  assert.match(mainOf((await adm.get(`/committees/${city.slug}`)).text), /no longer calls for a committee of its own/);
  const cityMember = await seated(city.slug);
  const up2 = await cityMember.client.api('POST', `/matters/${waiting.matter.id}/pass-up`, {});
  assert.equal(up2.json().matter.committee_key, region.slug);
});

test('inside the chapter: the raiser withdraws, a connector resolves, and closed matters take no more steps', async () => {
  const ch = sparse.chs[2];
  const m = await raise(ch);
  const other = await member();
  await admit(ch.owner, ch, other);
  assert.equal((await ch.owner.client.api('POST', `/matters/${m.matter.id}/withdraw`, {})).status, 403);
  assert.equal((await m.who.client.api('POST', `/matters/${m.matter.id}/withdraw`, {})).status, 200);
  assert.equal((await other.client.api('POST', `/matters/${m.matter.id}/notes`, { note: 'late' })).status, 409);
  const m2 = await raise(ch);
  assert.equal((await m2.who.client.api('POST', `/matters/${m2.matter.id}/resolve`, { resolution: 'We talked' })).status, 403,
    'the raiser who is not a connector does not resolve');
  const bad = await ch.owner.client.api('POST', `/matters/${m2.matter.id}/resolve`, { resolution: '' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json().errors[0].field, 'resolution');
  const ok = await ch.owner.client.api('POST', `/matters/${m2.matter.id}/resolve`, { resolution: 'We talked it through.' });
  assert.equal(ok.status, 200);
  assert.equal(ok.json().matter.status, 'resolved');
  assert.match(sql(`SELECT subject FROM outbox WHERE to_email = '${m2.who.email}' AND kind = 'gov_matter_resolved'`), /resolved/);
  assert.ok(!sql(`SELECT body FROM outbox WHERE kind = 'gov_matter_resolved' AND to_email = '${m2.who.email}'`).includes('We talked it through'),
    'the resolution is the chapter\'s: the mail points to it');
  const page = await m2.who.client.get(`/matters/${m2.matter.id}`);
  assert.match(mainOf(page.text), /How it was resolved/);
  const list = mainOf((await other.client.get(`/chapters/${ch.slug}/matters`)).text);
  assert.match(list, /Withdrawn/);
  assert.match(list, /Resolved/);
});

test('administrators appoint and end seats, configure committees and the governance settings; others may not', async () => {
  const key = dense.big.slug;
  const outsider = await member();
  assert.equal((await outsider.client.api('POST', `/committees/${key}/seats`, { email: outsider.email })).status, 403);
  const unknown = await adm.api('POST', `/committees/${key}/seats`, { email: 'nobody-here@test.example' });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.json().errors[0].field, 'email');
  const none = await adm.api('POST', `/committees/${key}/seats`, {});
  assert.equal(none.status, 422);
  const chair = await seated(key);
  assert.equal((await adm.api('POST', `/committees/${key}/seats`, { email: chair.email })).status, 409, 'a seat once');
  assert.equal((await adm.api('POST', `/committees/${key}`, { seats: 0 })).json().errors[0].field, 'seats');
  const notMember = await adm.api('POST', `/committees/${key}`, { chair_id: outsider.id });
  assert.equal(notMember.status, 422);
  assert.equal(notMember.json().errors[0].field, 'chair_id');
  const saved = await adm.api('POST', `/committees/${key}`, { chair_id: chair.id, seats: 7, term_months: 12 });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json().committee.chair_id, chair.id);
  assert.equal(saved.json().committee.seats, 7);
  const page = (await new Client().get(`/api/v1/committees/${key}`)).json();
  assert.equal(page.committee.chair_name, chair.name);
  assert.ok(page.members.some((x) => x.user_id === chair.id && x.is_chair));
  assert.equal(page.seat_counts.total, 7);
  const full = await adm.api('POST', `/committees/${key}`, { seats: page.members.length });
  assert.equal(full.status, 200);
  const more = await adm.api('POST', `/committees/${key}/seats`, { email: outsider.email });
  assert.equal(more.status, 409);
  assert.match(more.json().detail, /seats .* are taken/);
  await adm.api('POST', `/committees/${key}`, { seats: 20 });
  assert.equal((await outsider.client.api('POST', `/committees/${key}/seats/${chair.id}/end`, {})).status, 403);
  const end = await adm.api('POST', `/committees/${key}/seats/${chair.id}/end`, {});
  assert.equal(end.status, 200, end.text);
  assert.ok(!end.json().members.some((x) => x.user_id === chair.id));
  assert.equal((await adm.api('POST', `/committees/${key}/seats/${chair.id}/end`, {})).status, 404);
  const board = await new Client().get('/committees/board');
  assert.equal(board.status, 200);
  assert.match(mainOf(board.text), /The board is the last step/);

  assert.equal((await outsider.client.api('GET', '/governance/settings')).status, 403);
  const current = (await adm.api('GET', '/governance/settings')).json().settings;
  assert.deepEqual(current, { gov_metro_min: 3, gov_region_min: 3, gov_country_min: 3, gov_committee_electorate: 'connectors' });
  const wrong = await adm.api('POST', '/governance/settings', { gov_metro_min: 0, gov_region_min: 'many', gov_country_min: 5000, gov_committee_electorate: 'everyone' });
  assert.equal(wrong.status, 422);
  assert.deepEqual(wrong.json().errors.map((e) => e.field).sort(), ['gov_committee_electorate', 'gov_country_min', 'gov_metro_min', 'gov_region_min']);
  const same = await adm.api('POST', '/governance/settings', { ...current });
  assert.equal(same.status, 200, same.text);
  const form = await adm.post('/governance/settings', { gov_metro_min: '', gov_region_min: '3', gov_country_min: '3', gov_committee_electorate: 'connectors' });
  assert.equal(form.status, 303, 'an empty field keeps its value');
});
