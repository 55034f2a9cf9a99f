// The personal home (GET /home, issue 20): a member's next meetings with the RSVP prompt,
// answered from the home; tickets; commitments; tasks for connectors and administrators;
// what changed; and nothing of a chapter the member is not in. Runs on SQLite and PostgreSQL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, PASSWORD, admin, admit, chapter, documented, geography, lisbon, mainOf, member, unique } from './lib.mjs';

let adm, geo, conn, ana, connB, chA, chB, meetingA, meetingB, check;

async function meetingIn(owner, ch, minutes) {
  const at = lisbon(minutes);
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: at.date, time: at.time });
  assert.equal(r.status, 201, r.text);
  return r.json().meeting;
}

before(async () => {
  check = await documented();
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  ana = await member({ name: `Ana ${unique()}` });
  connB = await member({ name: `Bea ${unique()}` });
  chA = await chapter(conn, { name: `Home A ${unique()}`, metro_id: geo.metro.id });
  chB = await chapter(connB, { name: `Home B ${unique()}`, metro_id: geo.metro2.id });
  await admit(conn, chA, ana);
  meetingA = await meetingIn(conn, chA, 26 * 60);
  meetingB = await meetingIn(connB, chB, 27 * 60);
});

test('anonymous callers are sent to log in; programs get 401', async () => {
  const r = await new Client().get('/home');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=%2Fhome');
  assert.equal((await new Client().api('GET', '/home')).status, 401);
});

test('logging in lands on the home, unless next says otherwise', async () => {
  const c = new Client();
  await c.fetchCsrf();
  const r = await c.post('/login', { email: ana.email, password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/home');
  const page = await c.get('/home');
  assert.equal(page.status, 200);
  assert.match(page.text, /You are logged in\./, 'the flash is shown on the home');
  assert.match(mainOf(page.text), new RegExp(`<h1>Hello, ${ana.name}</h1>`));
  assert.match(page.text, /<a class="brand" href="\/home">/, 'the logo leads a logged-in person home');
  const anon = await new Client().get('/');
  assert.match(anon.text, /<a class="brand" href="\/">/, 'and a visitor to the network at a glance');
  const back = new Client();
  await back.fetchCsrf();
  assert.equal((await back.post('/login', { email: ana.email, password: PASSWORD, next: '/chapters' })).location, '/chapters');
});

test('a member sees their chapter\'s next meeting with the RSVP prompt, answers from the home and sees the answer', async () => {
  const rsvp = `/chapters/${chA.slug}/meetings/${meetingA.id}/rsvp`;
  let page = mainOf((await ana.client.get('/home')).text);
  const at = page.indexOf(`action="${rsvp}"`);
  const item = page.slice(Math.max(0, at - 1200), at + 1200);
  assert.ok(at >= 0, 'the meeting carries a form to answer');
  assert.match(item, /Are you coming\?/);
  assert.match(item, new RegExp(chA.name));
  assert.match(item, /name="_csrf" value="[^"]+"/, 'the form carries its CSRF token');
  assert.match(item, /name="next" value="\/home"/);
  const answered = await ana.client.post(rsvp, { answer: 'maybe', next: '/home' });
  assert.equal(answered.status, 303, answered.text.slice(0, 300));
  assert.equal(answered.location, '/home', 'the answer comes back to the home');
  const home = await ana.client.get('/home');
  assert.match(home.text, /class="flash"/, 'with a flash saying so');
  page = mainOf(home.text);
  assert.match(page, /You might come\. Changed your mind\?/);
  assert.match(page, /value="maybe" class="small" aria-pressed="true"/, 'the answer given is pressed');
  const api = await ana.client.api('GET', '/home');
  check(api, '/home');
  const m = api.json().meetings.find((x) => x.id === meetingA.id);
  assert.equal(m.answer, 'maybe');
  assert.equal(m.can_answer, true);
  assert.equal(m.rsvp_url, rsvp);
  // a next that leaves the site is ignored: back to the meeting
  const away = await ana.client.post(rsvp, { answer: 'yes', next: '//evil.example/' });
  assert.equal(away.location, `/chapters/${chA.slug}/meetings/${meetingA.id}`);
  assert.equal((await ana.client.api('GET', '/home')).json().meetings.find((x) => x.id === meetingA.id).answer, 'yes');
});

test('a member of chapter A sees nothing of chapter B: meetings, matters, changes', async () => {
  const raised = await connB.client.api('POST', `/chapters/${chB.slug}/matters`, { kind: 'conflict', title: `Secret B ${unique()}`, body: 'Only B knows.' });
  assert.equal(raised.status, 201, raised.text);
  const other = await member({ name: `Bo ${unique()}` });
  await admit(connB, chB, other);
  const mine = (await ana.client.api('GET', '/home')).json();
  assert.deepEqual(mine.chapters.map((c) => c.slug), [chA.slug]);
  assert.ok(mine.meetings.some((m) => m.id === meetingA.id));
  assert.ok(!mine.meetings.some((m) => m.id === meetingB.id), 'not B\'s meeting');
  for (const list of ['meetings', 'events', 'commitments', 'changes']) assert.ok(mine[list].every((x) => x.chapter_slug === chA.slug), list);
  assert.deepEqual(mine.tasks, [], 'a plain member has no connector\'s tasks');
  const page = (await ana.client.get('/home')).text;
  assert.ok(!page.includes(chB.slug) && !page.includes(chB.name), 'B is named nowhere on A\'s member\'s home');
  assert.ok(!page.includes(other.name));
  const theirs = (await connB.client.api('GET', '/home')).json();
  assert.ok(!theirs.meetings.some((m) => m.id === meetingA.id), 'and B\'s connector sees nothing of A');
  assert.deepEqual(theirs.tasks.map((t) => [t.kind, t.count, t.url]), [['matters', 1, `/chapters/${chB.slug}/matters`]]);
  assert.ok(theirs.changes.some((c) => c.kind === 'joined' && c.text === `${other.name} joined`), 'the newcomer is a change in B');
});

test('a connector sees the requests to join waiting, with a link to where they are handled', async () => {
  const asker = await member({ name: `Asker ${unique()}` });
  const r = await asker.client.api('POST', `/chapters/${chA.slug}/join-requests`, { message: 'May I join?' });
  assert.equal(r.status, 201, r.text);
  const home = (await conn.client.api('GET', '/home')).json();
  assert.equal(home.is_connector, true);
  const task = home.tasks.find((t) => t.kind === 'join_requests');
  assert.deepEqual(task, { kind: 'join_requests', count: 1, text: '1 request to join', url: `/chapters/${chA.slug}/join-requests`, where: chA.name });
  const page = mainOf((await conn.client.get('/home')).text);
  assert.match(page, new RegExp(`<a href="/chapters/${chA.slug}/join-requests">1 request to join</a>`));
  assert.ok(!(await ana.client.api('GET', '/home')).json().tasks.some((t) => t.kind === 'join_requests'), 'a member is not asked');
  const theirs = (await asker.client.api('GET', '/home')).json();
  assert.deepEqual(theirs.asked, [{ slug: chA.slug, name: chA.name, url: `/chapters/${chA.slug}` }], 'the asker sees their request waiting');
  assert.deepEqual(theirs.tasks, [], 'which is not a task of theirs');
  assert.match(mainOf((await asker.client.get('/home')).text), new RegExp(`You asked to join <a href="/chapters/${chA.slug}">${chA.name}</a>`));
  assert.ok(home.changes.some((c) => c.text === `${ana.name} joined` && c.url === `/chapters/${chA.slug}/members`), 'Ana\'s arrival is a change');
  assert.match(page, new RegExp(`${ana.name} joined`));
});

test('open commitments show until they are marked done from the home', async () => {
  const m = await meetingIn(conn, chA, 60);
  const base = `/chapters/${chA.slug}/meetings/${m.id}`;
  for (const phase of ['checkin', 'successes', 'challenges']) assert.equal((await conn.client.api('POST', `${base}/phase`, { phase })).status, 200);
  const body = `Send the folder ${unique()}`;
  const k = await ana.client.api('POST', `${base}/commitments`, { body });
  assert.equal(k.status, 201, k.text);
  const id = k.json().commitment.id;
  let home = (await ana.client.api('GET', '/home')).json();
  const open = home.commitments.find((x) => x.id === id);
  assert.equal(open.body, body);
  assert.equal(open.update_url, `/chapters/${chA.slug}/commitments/${id}`);
  const page = mainOf((await ana.client.get('/home')).text);
  assert.ok(page.includes(body));
  assert.ok(!home.meetings.find((x) => x.id === m.id)?.can_answer, 'an opened meeting takes no more answers');
  const done = await ana.client.post(open.update_url, { status: 'done', next: '/home' });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/home');
  home = (await ana.client.api('GET', '/home')).json();
  assert.ok(!home.commitments.some((x) => x.id === id), 'done: gone from the home');
  assert.ok(!(await conn.client.api('GET', '/home')).json().commitments.some((x) => x.id === id), 'only its author has it');
});

test('a new member without a chapter is shown how to find and join one', async () => {
  const newcomer = await member();
  const home = await newcomer.client.get('/home');
  assert.equal(home.status, 200);
  const page = mainOf(home.text);
  assert.match(page, /You are not in a chapter yet\./);
  assert.match(page, /<a href="\/chapters">directory of chapters<\/a>/);
  assert.match(page, /No meeting in the next 14 days\./);
  const api = (await newcomer.client.api('GET', '/home')).json();
  assert.deepEqual([api.chapters, api.meetings, api.tasks, api.changes], [[], [], [], []]);
  assert.equal(api.admin_tasks, undefined, 'no administrators\' list for a member');
});

test('an administrator sees what waits for the administrators', async () => {
  const founder = await member();
  const second = await member();
  const applied = await founder.client.api('POST', '/growth/applications', { name: `Founders ${unique()}`, metro_id: geo.metro2.id,
    sector_id: geo.sector2.id, second_email: second.email, message: 'No chapter for us here yet.' });
  assert.equal(applied.status, 201, applied.text);
  const r = await adm.api('GET', '/home');
  check(r, '/home');
  const task = r.json().admin_tasks.find((t) => t.kind === 'applications');
  assert.ok(task.count >= 1);
  assert.equal(task.url, '/growth/review');
  const page = mainOf((await adm.get('/home')).text);
  assert.match(page, /For the administrators/);
  assert.match(page, /<a href="\/growth\/review">\d+ applications? to start a chapter<\/a>/);
});

test('a matter\'s raiser is asked to approve the summary a connector wrote; the connector sees the open matter', async () => {
  const raised = await ana.client.api('POST', `/chapters/${chA.slug}/matters`, { kind: 'rule', title: `Dues ${unique()}`, body: 'How much do we pay?' });
  assert.equal(raised.status, 201, raised.text);
  const id = raised.json().matter.id;
  const before = (await conn.client.api('GET', '/home')).json().tasks.find((t) => t.kind === 'matters');
  assert.equal(before.url, `/chapters/${chA.slug}/matters`);
  assert.ok(before.count >= 1);
  const s = await conn.client.api('POST', `/matters/${id}/summary`, { summary_title: 'What dues should be', summary: 'A question for the region.' });
  assert.equal(s.status, 200, s.text);
  let task = (await ana.client.api('GET', '/home')).json().tasks.find((t) => t.kind === 'summaries');
  assert.deepEqual(task, { kind: 'summaries', count: 1, text: '1 summary of your matter to approve', url: `/chapters/${chA.slug}/matters`, where: chA.name });
  assert.ok(!(await conn.client.api('GET', '/home')).json().tasks.some((t) => t.kind === 'summaries'), 'only its raiser approves it');
  assert.equal((await ana.client.api('POST', `/matters/${id}/approve`, {})).status, 200);
  task = (await ana.client.api('GET', '/home')).json().tasks.find((t) => t.kind === 'summaries');
  assert.equal(task, undefined, 'approved: nothing more to do');
});

test('a committee member (not an administrator) is asked to review the applications in their committee\'s places', async () => {
  const g = await geography(adm);
  // the region has a committee once a chapter's path reaches it: three active chapters in its
  // second metro make the region dense, and a chapter in its first metro has it on its path
  await chapter(await member(), { metro_id: g.metro.id });
  for (let i = 0; i < 3; i++) {
    const owner = await member();
    const ch = await chapter(owner, { metro_id: g.metro2.id });
    assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
  }
  const seated = await member({ name: `Seated ${unique()}` });
  const seat = await adm.api('POST', `/committees/${g.region.slug}/seats`, { email: seated.email });
  assert.equal(seat.status, 201, seat.text);
  assert.ok(!(await seated.client.api('GET', '/home')).json().tasks.some((t) => t.kind === 'applications'), 'nothing to review yet');
  const founder = await member();
  const second = await member();
  const applied = await founder.client.api('POST', '/growth/applications', { name: `Founders ${unique()}`, metro_id: g.metro.id,
    sector_id: g.sector2.id, second_email: second.email, message: 'No chapter for us here yet.' });
  assert.equal(applied.status, 201, applied.text);
  const task = (await seated.client.api('GET', '/home')).json().tasks.find((t) => t.kind === 'applications');
  assert.deepEqual(task, { kind: 'applications', count: 1, text: '1 application to start a chapter', url: '/growth/review', where: 'Your committees' });
  assert.ok(!(await founder.client.api('GET', '/home')).json().tasks.some((t) => t.kind === 'applications'), 'not the applicant');
});
