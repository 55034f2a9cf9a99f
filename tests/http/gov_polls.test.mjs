// gov_polls.test.mjs - proposals, polls and delegation (issue 12): who may
// open, see, vote, delegate and close in a chapter and in a committee; a
// second vote changes the first instead of counting twice; voting after the
// close, ineligible voters and delegating to oneself (or to a non-member, or
// in a loop) are refused with a clear message; a direct vote overrides a
// delegate's; every kind is counted; closing writes a decision record that
// appears in /decisions and in the Atom feed (read by an independent parser,
// python3-feedparser); "closes tomorrow" reminders from `glocal tick`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client, BIN, DB, member, admin, chapter, admit, geography, unique, sql, mainOf } from './lib.mjs';

let adm, geo, conn, mem, mem2, out, ch, ch2;
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86400;

// The local date (YYYY-MM-DD) in Lisbon `days` from now.
function dateIn(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon' }).format(new Date(Date.now() + days * DAY * 1000));
}

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// A poll opened through the API by `who` in the chapter (or, with base, a committee's path).
async function openPoll(who, fields = {}, base = `/chapters/${ch.slug}`) {
  const r = await who.client.api('POST', `${base}/polls`, { kind: 'proposal', title: `Meet on Thursdays ${unique()}`,
    closes_at: now() + 7 * DAY, ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().poll;
}

async function show(who, poll) {
  const r = await who.client.api('GET', `/polls/${poll.id}`);
  assert.equal(r.status, 200, r.text);
  return r.json();
}

function outbox(kind, email) {
  return Number(sql(`SELECT count(*) FROM outbox WHERE kind = '${kind}' AND to_email = '${email}'`));
}

function problem(r) {
  return r.json().detail;
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  mem = await member({ name: `Mia ${unique()}` });
  mem2 = await member({ name: `Max ${unique()}` });
  out = await member({ name: `Olga ${unique()}` });
  ch = await chapter(conn, { name: `Polls ${unique()}`, metro_id: geo.metro.id });
  ch2 = await chapter(out, { name: `Elsewhere ${unique()}`, metro_id: geo.metro2.id });
  await admit(conn, ch, mem);
  await admit(conn, ch, mem2);
});

test('members open proposals and polls in their chapter; others may not; the voters are told', async () => {
  let r = await out.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'proposal', title: 'Mine', closes_at: now() + DAY });
  assert.equal(r.status, 403);
  r = await new Client().api('POST', `/chapters/${ch.slug}/polls`, { kind: 'proposal', title: 'Mine' }, { csrf: false });
  assert.equal(r.status, 401);
  r = await mem.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'single', title: '', options: ['Only one'], closes_at: now() + 60 });
  assert.equal(r.status, 422);
  const fields = r.json().errors.map((x) => x.field).sort();
  assert.deepEqual(fields, ['closes_at', 'options', 'title']);
  const p = await openPoll(mem, { body: 'From **May** on.', quorum_pct: 50 });
  assert.equal(p.kind, 'proposal');
  assert.equal(outbox('gov_poll_opened', conn.email), 1, 'the connector is told');
  assert.equal(outbox('gov_poll_opened', mem2.email), 1, 'the other member is told');
  assert.equal(outbox('gov_poll_opened', mem.email), 0, 'not the one who opened it');
  assert.equal(outbox('gov_poll_opened', out.email), 0, 'not someone of another chapter');
  // the page's form: options one a line, local date and time in the chapter's zone
  r = await mem2.client.post(`/chapters/${ch.slug}/polls`, { kind: 'single', title: `Where in June ${unique()}`,
    options: 'The hub\r\nThe park\r\n\r\nThe library', closes_date: dateIn(5), closes_time: '18:00', quorum_pct: '0' });
  assert.equal(r.status, 303, mainOf(r.text).slice(0, 600));
  assert.match(r.location, /^\/polls\/\d+$/);
  const made = (await mem2.client.api('GET', r.location)).json();
  assert.deepEqual(made.options.map((o) => o.label), ['The hub', 'The park', 'The library']);
  assert.match(made.poll.closes_local, /18:00/);
  r = await mem2.client.post(`/chapters/${ch.slug}/polls`, { kind: 'single', title: 'No options', options: '', closes_date: dateIn(5) });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /Give at least two options/);
  // the list
  r = await mem.client.api('GET', `/chapters/${ch.slug}/polls`);
  assert.equal(r.status, 200);
  assert.ok(r.json().open.some((x) => x.id === p.id && x.is_voting));
  assert.equal(r.json().can_open, true);
  const page = await mem.client.get(`/chapters/${ch.slug}/polls`);
  assert.match(mainOf(page.text), /Open a proposal or a poll/);
  assert.match(mainOf(page.text), /The server still keeps each vote with its voter/);
});

test("a chapter's polls are for its members and administrators", async () => {
  const p = await openPoll(conn);
  assert.equal((await out.client.api('GET', `/polls/${p.id}`)).status, 404);
  assert.equal((await new Client().api('GET', `/polls/${p.id}`, undefined, { csrf: false })).status, 401);
  assert.equal((await adm.api('GET', `/polls/${p.id}`)).status, 200);
  assert.equal((await out.client.api('GET', `/chapters/${ch.slug}/polls`)).status, 403);
  assert.equal((await adm.api('GET', `/chapters/${ch.slug}/polls`)).status, 200);
  const v = await adm.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  assert.equal(v.status, 403, 'an administrator who is not a member does not vote');
  assert.match(problem(v), /Only members of/);
  assert.equal((await out.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' })).status, 404);
});

test('a second vote changes the first; votes after the close are refused', async () => {
  const p = await openPoll(conn, { quorum_pct: 60 });
  let r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree', reason: 'Thursdays suit me.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().vote.changed, false);
  r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'block' });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'reason');
  assert.match(r.json().errors[0].message, /A block needs a reason/);
  r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'disagree', reason: 'On second thoughts, no.' });
  assert.equal(r.status, 200);
  assert.equal(r.json().vote.changed, true);
  const seen = await show(mem, p);
  assert.equal(seen.results.ballots, 1, 'counted once');
  assert.equal(seen.results.options.find((o) => o.label === 'Disagree').value, 1);
  assert.equal(seen.results.options.find((o) => o.label === 'Agree').value, 0);
  assert.equal(seen.results.quorum_needed, 2);
  assert.equal(seen.results.quorum_reached, false);
  assert.equal(seen.my_vote.vote, 'Disagree');
  assert.equal(seen.voters.length, 1, 'a named poll shows who voted what');
  assert.equal(seen.voters[0].reason, 'On second thoughts, no.');
  assert.equal((await show(mem2, p)).results, null, 'no running count before you vote');
  // the page form
  r = await mem2.client.post(`/polls/${p.id}/vote`, { position: 'agree', reason: '' });
  assert.equal(r.status, 303);
  // the close passes
  sql(`UPDATE gov_polls SET opens_at = ${now() - 7200}, closes_at = ${now() - 60} WHERE id = ${p.id}`);
  r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  assert.equal(r.status, 409);
  assert.match(problem(r), /Voting closed on .*votes after the close are not counted/);
  const page = await mem.client.get(`/polls/${p.id}`);
  assert.match(mainOf(page.text), /Voting ended on/);
});

test('an anonymous poll never shows who voted what, and says what the server keeps', async () => {
  const p = await openPoll(conn, { is_anonymous: true });
  await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree', reason: 'secret reason' });
  const seen = await show(conn, p);
  assert.equal(seen.voters.length, 0);
  await conn.client.api('POST', `/polls/${p.id}/vote`, { position: 'abstain' });
  const after = await conn.client.api('GET', `/polls/${p.id}`);
  assert.equal(after.json().voters.length, 0);
  assert.doesNotMatch(after.text, new RegExp(mem.name));
  assert.equal(after.json().results.ballots, 2);
  const page = await conn.client.get(`/polls/${p.id}`);
  assert.match(mainOf(page.text), /The server keeps each vote with its voter, so that a vote can be changed and a direct vote can override a delegate/);
  assert.doesNotMatch(mainOf(page.text), /secret reason/);
});

test('delegation: not to oneself, a non-member or in a loop; a direct vote overrides it; the count says how many came through delegates', async () => {
  const p = await openPoll(conn);
  let r = await mem.client.api('POST', `/polls/${p.id}/delegation`, { to: mem.id });
  assert.equal(r.status, 422);
  assert.match(r.json().errors[0].message, /cannot give your vote to yourself/);
  r = await mem.client.api('POST', `/polls/${p.id}/delegation`, { to: out.id });
  assert.equal(r.status, 422);
  assert.match(r.json().errors[0].message, new RegExp(`${out.name} does not vote here`));
  r = await mem2.client.api('POST', `/polls/${p.id}/delegation`, { to: mem.id });
  assert.equal(r.status, 200, r.text);
  r = await mem.client.api('POST', `/polls/${p.id}/delegation`, { to: mem2.id });
  assert.equal(r.status, 422);
  assert.match(r.json().errors[0].message, /loop/);
  // Mia gives her vote in every poll of the chapter to the connector
  r = await mem.client.api('POST', `/chapters/${ch.slug}/delegation`, { to: conn.id });
  assert.equal(r.status, 200, r.text);
  r = await conn.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  assert.equal(r.status, 200);
  let seen = await show(conn, p);
  assert.equal(seen.results.ballots, 3, 'the connector carries Mia and, through her, Max');
  assert.equal(seen.results.delegated, 2);
  assert.equal(seen.results.options.find((o) => o.label === 'Agree').value, 3);
  assert.equal(seen.voters[0].carried, 2);
  const maxView = await show(mem2, p);
  assert.equal(maxView.my_vote_cast_by, conn.name);
  assert.equal(maxView.my_poll_delegation.to_name, mem.name);
  // Mia votes herself: her own vote counts, and Max's follows her
  r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'disagree', reason: 'Not Thursdays.' });
  assert.equal(r.status, 200);
  seen = await show(conn, p);
  assert.equal(seen.results.options.find((o) => o.label === 'Agree').value, 1);
  assert.equal(seen.results.options.find((o) => o.label === 'Disagree').value, 2);
  assert.equal(seen.results.delegated, 1);
  const page = await conn.client.get(`/polls/${p.id}`);
  assert.match(mainOf(page.text), /through a delegate/);
  // taking votes back
  r = await mem2.client.api('POST', `/polls/${p.id}/delegation`, { revoke: true });
  assert.equal(r.status, 200);
  r = await mem2.client.api('POST', `/polls/${p.id}/delegation`, { revoke: true });
  assert.equal(r.status, 409);
  assert.match(problem(r), /You had not given your vote/);
  r = await mem.client.post(`/chapters/${ch.slug}/delegation`, { revoke: '1' });
  assert.equal(r.status, 303);
  seen = await show(conn, p);
  assert.equal(seen.results.ballots, 2);
  assert.equal(seen.results.delegated, 0);
  // a refused delegation on the page comes back at its field
  r = await mem.client.post(`/polls/${p.id}/delegation`, { to: String(mem.id), scope: 'poll' });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /cannot give your vote to yourself/);
});

test('every kind is counted', async () => {
  const opts = ['Lisbon', 'Porto', 'Faro'];
  const single = await openPoll(conn, { kind: 'single', options: opts });
  const approval = await openPoll(conn, { kind: 'approval', options: opts });
  const score = await openPoll(conn, { kind: 'score', options: opts, score_max: 10 });
  const dots = await openPoll(conn, { kind: 'dots', options: opts, dots: 5 });
  const vote = async (who, p, body, status = 200) => {
    const r = await who.client.api('POST', `/polls/${p.id}/vote`, body);
    assert.equal(r.status, status, r.text);
    return r;
  };
  await vote(mem, single, { choice: 1 });
  await vote(mem2, single, { choice: 1 });
  await vote(conn, single, { choice: 0 });
  await vote(conn, single, { choice: 7 }, 422);
  await vote(mem, approval, { choices: [0, 1] });
  await vote(mem2, approval, { choices: [1] });
  await vote(conn, approval, { choices: [] }, 422);
  await vote(mem, score, { scores: [10, 4, 0] });
  await vote(mem2, score, { scores: [2, 9, 1] });
  let r = await vote(conn, score, { scores: [2, 11, 1] }, 422);
  assert.match(r.json().errors[0].message, /Scores go from 0 to 10/);
  await vote(mem, dots, { dots: [5, 0, 0] });
  await vote(mem2, dots, { dots: [1, 1, 3] });
  r = await vote(conn, dots, { dots: [3, 3, 0] }, 422);
  assert.match(r.json().errors[0].message, /You have 5 dots to spend; these add up to 6/);
  const values = async (p) => (await show(mem, p)).results.options.map((o) => o.value);
  assert.deepEqual(await values(single), [1, 2, 0]);
  assert.deepEqual((await show(mem, single)).results.leading, [1]);
  assert.deepEqual(await values(approval), [1, 2, 0]);
  assert.deepEqual(await values(score), [12, 13, 1]);
  assert.deepEqual(await values(dots), [6, 1, 3]);
  // the page's forms: a field per option
  r = await conn.client.post(`/polls/${score.id}/vote`, { option_0: '3', option_1: '3', option_2: '10' });
  assert.equal(r.status, 303);
  assert.deepEqual(await values(score), [15, 16, 11]);
  r = await conn.client.post(`/polls/${dots.id}/vote`, { option_0: '9', option_1: '', option_2: '' });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /You have 5 dots/);
  r = await conn.client.post(`/polls/${approval.id}/vote`, { choices: ['0', '2'] });
  assert.equal(r.status, 303);
  assert.deepEqual(await values(approval), [2, 2, 1]);
  for (const p of [single, approval, score, dots]) {
    const page = await mem.client.get(`/polls/${p.id}`);
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /<meter/);
  }
});

test('ranked choice is counted by instant runoff (stv_count with one seat)', async () => {
  // five voters in a chapter of their own: Porto 2, Lisbon 2, Faro 1 (then Lisbon) first
  const ranked = await chapter(conn, { name: `Ranked ${unique()}`, metro_id: geo.metro.id });
  const m3 = await member(), m4 = await member();
  for (const m of [mem, mem2, m3, m4]) await admit(conn, ranked, m);
  const p = await openPoll(conn, { kind: 'ranked', options: ['Lisbon', 'Porto', 'Faro'] }, `/chapters/${ranked.slug}`);
  let r = await mem.client.api('POST', `/polls/${p.id}/vote`, { ranking: [2, 0] });
  assert.equal(r.status, 200, r.text);
  r = await mem2.client.api('POST', `/polls/${p.id}/vote`, { ranking: [1, 1] });
  assert.equal(r.status, 422);
  assert.match(r.json().errors[0].message, /ranked twice/);
  assert.equal((await mem2.client.api('POST', `/polls/${p.id}/vote`, { ranking: [1] })).status, 200);
  assert.equal((await m3.client.api('POST', `/polls/${p.id}/vote`, { ranking: [1, 2] })).status, 200);
  assert.equal((await m4.client.api('POST', `/polls/${p.id}/vote`, { ranking: [0, 1, 2] })).status, 200);
  r = await conn.client.post(`/polls/${p.id}/vote`, { option_0: '1', option_1: '0', option_2: '2' });
  assert.equal(r.status, 303);
  const seen = await show(conn, p);
  assert.deepEqual(seen.results.options.map((o) => o.value), [2, 2, 1], 'first preferences');
  assert.equal(seen.results.runoff_error, undefined, `the runoff: ${seen.results.runoff_error}`);
  assert.deepEqual(seen.results.leading, [0], 'Lisbon wins once Faro drops out: 3 of 5');
  assert.ok(seen.results.runoff.rounds.length >= 2);
  const page = await conn.client.get(`/polls/${p.id}`);
  assert.match(mainOf(page.text), /Instant runoff, round by round/);
});

test('closing: who may, the outcome and review date, the decision record for the chapter only', async () => {
  const p = await openPoll(mem, { quorum_pct: 100 });
  await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  await mem2.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  let r = await mem2.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Done.', review_at: now() + 90 * DAY });
  assert.equal(r.status, 403, 'only whoever opened it, the connectors or an administrator');
  assert.match(problem(r), /Only whoever opened this poll/);
  r = await mem.client.api('POST', `/polls/${p.id}/close`, {});
  assert.equal(r.status, 422);
  assert.deepEqual(r.json().errors.map((x) => x.field).sort(), ['outcome', 'review_at']);
  r = await mem.client.post(`/polls/${p.id}/close`, { outcome: '', review_date: dateIn(-3) });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /quorum not reached/);
  assert.match(mainOf(r.text), /The review date is after today/);
  r = await conn.client.post(`/polls/${p.id}/close`, { outcome: 'Quorum not reached: we ask again at the next meeting.', review_date: dateIn(60) });
  assert.equal(r.status, 303, mainOf(r.text).slice(0, 400));
  assert.match(r.location, /^\/decisions\/\d+$/);
  const id = Number(r.location.split('/').pop());
  assert.equal(outbox('gov_poll_closed', mem2.email), 1, 'the voters are told');
  r = await conn.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Again', review_at: now() + DAY * 9 });
  assert.equal(r.status, 409);
  r = await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'disagree' });
  assert.equal(r.status, 409);
  assert.match(problem(r), /This poll is closed/);
  const d = (await mem2.client.api('GET', `/decisions/${id}`)).json().decision;
  assert.equal(d.statement, 'Quorum not reached: we ask again at the next meeting.');
  assert.equal(d.counts.quorum_reached, false);
  assert.equal(d.counts.ballots, 2);
  assert.equal(d.counts.eligible, 3);
  assert.equal(d.source, 'proposal');
  assert.equal(d.source_url, `/polls/${p.id}`);
  assert.ok(d.review_at > now());
  assert.equal((await out.client.api('GET', `/decisions/${id}`)).status, 404, "a chapter's decision is its members'");
  assert.equal((await new Client().get(`/api/v1/decisions/${id}`)).status, 404);
  assert.equal((await adm.api('GET', `/decisions/${id}`)).status, 200);
  const mine = (await mem.client.api('GET', `/decisions?chapter=${ch.slug}`)).json();
  assert.ok(mine.decisions.some((x) => x.id === id));
  const theirs = (await out.client.api('GET', `/decisions?chapter=${ch.slug}`)).json();
  assert.equal(theirs.closed_to_reader, true);
  assert.equal(theirs.decisions.length, 0);
  assert.ok(!(await new Client().api('GET', '/decisions', undefined, { csrf: false })).json().decisions.some((x) => x.id === id));
  assert.ok((await mem.client.api('GET', '/decisions')).json().decisions.some((x) => x.id === id), 'members see it network-wide');
  const page = await mem.client.get(`/polls/${p.id}`);
  assert.match(mainOf(page.text), /Quorum not reached: we ask again/);
  const record = await mem.client.get(`/decisions/${id}`);
  assert.match(mainOf(record.text), /not reached/);
  assert.match(mainOf(record.text), /This record is frozen/);
});

test('closes tomorrow: a reminder from the periodic work to those whose vote is not cast', async () => {
  const p = await openPoll(conn, { closes_at: now() + 3 * DAY });
  await mem.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  glocal(['tick', '--db', DB, '--now', String(now() + 2 * DAY + 3600)]);
  assert.equal(outbox('gov_poll_reminder', mem2.email), 1);
  assert.equal(outbox('gov_poll_reminder', conn.email), 1);
  assert.equal(outbox('gov_poll_reminder', mem.email), 0, 'Mia voted');
  glocal(['tick', '--db', DB, '--now', String(now() + 2 * DAY + 7200)]);
  assert.equal(outbox('gov_poll_reminder', mem2.email), 1, 'once');
});

// ---- committees: their sitting members vote; every member of the network reads; the decisions are public

let committee;
async function committeeOf() {
  if (committee) return committee;
  const key = geo.metro.slug;
  sql(`INSERT INTO gov_committees (place_id, level, created_at) VALUES (${geo.metro.id}, 'metro', ${now()}) ON CONFLICT DO NOTHING`);
  const cid = Number(sql(`SELECT id FROM gov_committees WHERE place_id = ${geo.metro.id}`));
  for (const m of [conn, mem]) {
    sql(`INSERT INTO gov_committee_members (committee_id, user_id, source, since, term_ends_at) VALUES (${cid}, ${m.id}, 'appointed', ${now() - DAY}, ${now() + 700 * DAY})`);
  }
  sql(`UPDATE gov_committees SET chair_id = ${conn.id} WHERE id = ${cid}`);
  committee = { id: cid, key, base: `/committees/${key}` };
  return committee;
}

test("a committee's polls: its sitting members open and vote, every member reads, its chair closes, the decision is public", async () => {
  const c = await committeeOf();
  let r = await out.client.api('POST', `${c.base}/polls`, { kind: 'single', title: 'Where?', options: ['A', 'B'], closes_at: now() + DAY * 3 });
  assert.equal(r.status, 403);
  assert.match(problem(r), /you do not sit on it/);
  const p = await openPoll(mem, { kind: 'approval', title: `Summer event ${unique()}`, options: ['Lisbon', 'Sintra'] }, c.base);
  assert.equal(outbox('gov_poll_opened', conn.email) >= 1, true);
  assert.equal((await out.client.api('GET', `/polls/${p.id}`)).status, 200, 'every logged-in member reads it');
  assert.equal((await new Client().get(`/api/v1/polls/${p.id}`)).status, 401);
  r = await out.client.api('POST', `/polls/${p.id}/vote`, { choices: [0] });
  assert.equal(r.status, 403);
  assert.match(problem(r), /Only the members of the .* committee vote in this poll: you do not sit on it/);
  r = await mem2.client.api('POST', `/polls/${p.id}/delegation`, { to: conn.id });
  assert.equal(r.status, 403, 'a member of the chapter does not vote in the committee');
  assert.equal((await conn.client.api('POST', `/polls/${p.id}/vote`, { choices: [0, 1] })).status, 200);
  assert.equal((await mem.client.api('POST', `/polls/${p.id}/vote`, { choices: [1] })).status, 200);
  const list = (await out.client.api('GET', `${c.base}/polls`)).json();
  assert.equal(list.can_open, false);
  assert.ok(list.open.some((x) => x.id === p.id));
  r = await mem.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Sintra.', review_at: now() + 30 * DAY });
  assert.equal(r.status, 200, 'whoever opened it closes it, early');
  const id = r.json().decision_id;
  const anon = new Client();
  const d = (await anon.get(`/api/v1/decisions/${id}`)).json().decision;
  assert.equal(d.body_url, c.base);
  assert.deepEqual(d.counts.options.map((o) => o.value), [1, 2]);
  assert.ok((await anon.get('/api/v1/decisions')).json().decisions.some((x) => x.id === id));
  assert.ok((await anon.get(`/api/v1/decisions?committee=${c.key}`)).json().decisions.some((x) => x.id === id));
  assert.ok((await anon.get(`/api/v1/decisions?place=${geo.country.slug}`)).json().decisions.some((x) => x.id === id), 'the places above');
  assert.ok(!(await anon.get(`/api/v1/decisions?place=${geo.metro2.slug}`)).json().decisions.some((x) => x.id === id));
  assert.equal((await anon.get('/api/v1/decisions?committee=nowhere')).status, 404);
  const page = await anon.get('/decisions');
  assert.match(mainOf(page.text), new RegExp(`Summer event`));
});

// The feed read by an independent parser (Debian's python3-feedparser).
function parseFeed(xml) {
  const script = 'import sys, json, feedparser\nd = feedparser.parse(sys.stdin.read())\n' +
    'print(json.dumps({"bozo": d.bozo, "error": str(d.get("bozo_exception", "")), "version": d.version, "title": d.feed.get("title"),' +
    ' "id": d.feed.get("id"), "updated": d.feed.get("updated"), "self": [l.href for l in d.feed.get("links", []) if l.rel == "self"],' +
    ' "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"), "updated": e.get("updated"),' +
    ' "summary": e.get("summary"), "author": e.get("author")} for e in d.entries]}))';
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `feedparser: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('the Atom feed carries the public decisions, read by feedparser; per committee and place', async () => {
  const c = await committeeOf();
  const title = `Feed & <check> ${unique()}`;
  const p = await openPoll(conn, { kind: 'proposal', title }, c.base);
  await conn.client.api('POST', `/polls/${p.id}/vote`, { position: 'agree' });
  const closed = await conn.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Agreed, "with" <care> & thanks.', review_at: now() + 40 * DAY });
  assert.equal(closed.status, 200, closed.text);
  const id = closed.json().decision_id;
  const chapterOnly = await openPoll(conn, { title: `Chapter secret ${unique()}` });
  await conn.client.api('POST', `/polls/${chapterOnly.id}/close`, { outcome: 'Private.', review_at: now() + 40 * DAY });
  for (const q of ['', `?committee=${c.key}`, `?place=${geo.region.slug}`]) {
    const r = await new Client().get(`/decisions.atom${q}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
    const f = parseFeed(r.text);
    assert.ok(!f.bozo, `well-formed Atom: ${f.error}`);
    assert.equal(f.version, 'atom10');
    assert.ok(f.id && f.updated && f.title, 'the feed has its id, title and updated');
    assert.deepEqual(f.self, [`http://glocal.test/decisions.atom${q}`]);
    const e = f.entries.find((x) => x.id === `http://glocal.test/decisions/${id}`);
    assert.ok(e, `the decision is in the feed ${q}`);
    assert.equal(e.title, title);
    assert.equal(e.link, `http://glocal.test/decisions/${id}`);
    assert.equal(e.summary, 'Agreed, "with" <care> & thanks.');
    assert.ok(e.updated && e.author);
    assert.ok(!f.entries.some((x) => /Chapter secret/.test(x.title)), "a chapter's decisions are not in the public feed");
  }
  const other = parseFeed((await new Client().get(`/decisions.atom?place=${geo.metro2.slug}`)).text);
  assert.ok(!other.bozo);
  assert.ok(!other.entries.some((x) => x.title === title));
  assert.equal((await new Client().get('/decisions.atom?committee=nowhere')).status, 404);
});

// ---- the answers against docs/openapi.json
let ajv, doc;
async function conforms(res, path, method = 'get') {
  if (!ajv) {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    doc = (await new Client().get('/api/openapi.json')).json();
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'glocal-openapi', components: doc.components });
  }
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  let resp = op.responses[String(res.status)];
  if (resp?.$ref) resp = doc.components.responses[resp.$ref.split('/').pop()];
  assert.ok(resp, `${method.toUpperCase()} ${path} documents a ${res.status} answer`);
  const [type] = Object.keys(resp.content);
  assert.equal(res.headers.get('content-type').split(';')[0], type);
  const schema = resp.content[type].schema;
  const validate = ajv.compile(schema.$ref ? { $ref: schema.$ref.replace(/^#/, 'glocal-openapi#') } : schema);
  const body = res.json();
  assert.ok(validate(body), `${method.toUpperCase()} ${path} ${res.status}: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${res.text.slice(0, 600)}`);
  return body;
}

test('the answers conform to the documented schemas', async () => {
  const created = await conn.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'score', title: `Rate ${unique()}`, options: ['A', 'B'],
    closes_at: now() + 3 * DAY, quorum_pct: 30 });
  const p = (await conforms(created, '/chapters/{chapter}/polls', 'post')).poll;
  await conforms(await mem.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'dots', title: '' }), '/chapters/{chapter}/polls', 'post');
  await conforms(await mem.client.api('POST', `/polls/${p.id}/vote`, { scores: [5, 2] }), '/polls/{poll}/vote', 'post');
  await conforms(await mem.client.api('POST', `/polls/${p.id}/vote`, { scores: [9, 2] }), '/polls/{poll}/vote', 'post');
  await conforms(await mem2.client.api('POST', `/polls/${p.id}/delegation`, { to: mem.id, scope: 'poll' }), '/polls/{poll}/delegation', 'post');
  await conforms(await mem2.client.api('POST', `/chapters/${ch.slug}/delegation`, { to: mem2.id }), '/chapters/{chapter}/delegation', 'post');
  const seen = await conforms(await mem.client.api('GET', `/polls/${p.id}`), '/polls/{poll}');
  assert.equal(seen.results.ballots, 2);
  await conforms(await mem2.client.api('GET', `/polls/${p.id}`), '/polls/{poll}');
  await conforms(await out.client.api('GET', `/polls/${p.id}`), '/polls/{poll}');
  await conforms(await mem.client.api('GET', `/chapters/${ch.slug}/polls`), '/chapters/{chapter}/polls');
  const closed = await conforms(await conn.client.api('POST', `/polls/${p.id}/close`, { outcome: 'A it is.', review_at: now() + 50 * DAY }),
    '/polls/{poll}/close', 'post');
  await conforms(await conn.client.api('POST', `/polls/${p.id}/close`, { outcome: 'Again.', review_at: now() + 50 * DAY }), '/polls/{poll}/close', 'post');
  await conforms(await mem.client.api('GET', `/polls/${p.id}`), '/polls/{poll}');
  await conforms(await mem.client.api('GET', `/decisions/${closed.decision_id}`), '/decisions/{id}');
  await conforms(await mem.client.api('GET', `/decisions?chapter=${ch.slug}`), '/decisions');
  await conforms(await new Client().get('/api/v1/decisions?per_page=5'), '/decisions');
  await conforms(await new Client().get('/api/v1/decisions?per_page=0'), '/decisions');
  await conforms(await new Client().get(`/api/v1/decisions/${closed.decision_id}`), '/decisions/{id}');
});
