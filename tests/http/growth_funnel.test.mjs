// growth_funnel.test.mjs - the formation funnel (issue 15, point 4): applying to start a chapter,
// the review queue and who may review, declining with a note, withdrawing, approving (the chapter is
// made, the second connector invited and made a connector once they take the invitation up), the
// periodic work recording the first meeting and "active at 90 days" (`glocal tick --now`), and the
// funnel's report per place, as JSON and as a page with its chart.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, DB, Client, admin, member, chapter, geography, lisbon, mainOf, sql } from './lib.mjs';

let adm, geo, ana, rui, carla, stranger;

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
const iso = (t) => new Date(t * 1000).toISOString().slice(0, 16);
const DAY = 86400;

// A member seated by the administrator on the committee of the region of `g` (a geography()). Only a
// place on some chapter's path has a committee: three active chapters in its second metro make the
// region dense, and a chapter in its first metro (not dense) has the region on its path.
async function committeeMember(g) {
  await chapter(await member(), { metro_id: g.metro.id });
  for (let i = 0; i < 3; i++) {
    const owner = await member();
    const ch = await chapter(owner, { metro_id: g.metro2.id });
    assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
  }
  const place = g.region;
  const m = await member();
  const r = await adm.api('POST', `/committees/${place.slug}/seats`, { email: m.email });
  assert.equal(r.status, 201, r.text);
  return m;
}

async function apply(who, fields) {
  return who.client.api('POST', '/growth/applications', { name: `Founders ${Date.now()}`, second_email: rui.email,
    message: 'No chapter for founders here yet.', ...fields });
}

async function applied(who, fields) {
  const r = await apply(who, fields);
  assert.equal(r.status, 201, r.text);
  return r.json().application;
}

const outbox = (to, kind) => sql(`SELECT count(*) FROM outbox WHERE to_email = '${to}' AND kind = '${kind}'`);

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  ana = await member({ metro_id: geo.metro.id, sector_id: geo.sector.id });
  rui = await member();
  stranger = await member();
  carla = await committeeMember(geo);
});

test('the form to apply: the city and sector picked, help, and errors at each field', async () => {
  const page = await ana.client.get('/growth/apply');
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  assert.match(main, new RegExp(`<option value="${geo.metro.id}" selected>`), "the applicant's own city first");
  assert.match(main, /name="second_email"/);
  assert.match(main, /becomes its second connector/, 'the help says what happens to the address');
  const refused = await ana.client.post('/growth/applications', { name: 'Half an application', metro_id: geo.metro.id, sector_id: '' });
  assert.equal(refused.status, 422);
  const again = mainOf(refused.text);
  assert.match(again, /id="sector_id-error"/);
  assert.match(again, /id="second_email-error"/);
  assert.match(again, /value="Half an application"/, 'what was typed stays');
  const self = await apply(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id, second_email: ana.email.toUpperCase() });
  assert.equal(self.status, 422);
  assert.deepEqual(self.json().errors.map((x) => x.field), ['second_email'], 'not oneself');
  const nowhere = await apply(ana, { metro_id: geo.region.id, sector_id: geo.sector.id });
  assert.equal(nowhere.status, 422, 'a region is not a city');
  assert.equal((await new Client().get('/growth/apply')).status, 303, 'anonymous: to the login form');
});

test('applying: the application waits for review; one at a time per city and sector; yours to see', async () => {
  const app = await applied(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  assert.equal(app.status, 'applied');
  assert.equal(app.is_mine, true);
  assert.equal(app.can_withdraw, true);
  assert.equal(app.can_review, false);
  assert.equal(app.second_state, 'named');
  assert.equal(app.applicant_email, undefined, "the applicant's address is not shown");
  assert.deepEqual(app.steps.map((s) => s.stage), ['applied']);
  const twice = await apply(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  assert.equal(twice.status, 409);
  const mine = (await ana.client.api('GET', '/growth/applications')).json().applications;
  assert.ok(mine.some((a) => a.id === app.id && a.can_withdraw));
  const page = mainOf((await ana.client.get('/growth/applications')).text);
  assert.match(page, new RegExp(`action="/growth/applications/${app.id}/withdraw"`));
  assert.match(page, /data-confirm="Withdraw your application/, 'withdrawing asks first');
  assert.equal((await stranger.client.api('GET', `/growth/applications/${app.id}`)).status, 404, 'nobody else sees it');
  await ana.client.api('POST', `/growth/applications/${app.id}/withdraw`, {});
});

test('review: the committee of a place above the city and the administrators; decline needs a note', async () => {
  const app = await applied(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  assert.equal((await stranger.client.api('GET', '/growth/review')).status, 403, 'on no committee');
  const queue = (await carla.client.api('GET', '/growth/review')).json().applications;
  assert.ok(queue.some((a) => a.id === app.id), 'the region committee reviews its cities');
  assert.ok((await adm.api('GET', '/growth/review')).json().applications.some((a) => a.id === app.id));
  const seen = (await carla.client.api('GET', `/growth/applications/${app.id}`)).json().application;
  assert.equal(seen.can_review, true);
  assert.equal(seen.is_mine, false);
  const page = mainOf((await carla.client.get(`/growth/applications/${app.id}`)).text);
  assert.match(page, /action="\/growth\/applications\/\d+\/approve"/);
  assert.match(page, /data-confirm="Decline this application\?"/);
  assert.equal((await ana.client.api('POST', `/growth/applications/${app.id}/approve`, {})).status, 403, 'not one\'s own');
  assert.equal((await stranger.client.api('POST', `/growth/applications/${app.id}/decline`, { note: 'x' })).status, 404);
  const bare = await carla.client.api('POST', `/growth/applications/${app.id}/decline`, {});
  assert.equal(bare.status, 422);
  assert.equal(bare.json().errors[0].field, 'note');
  const bareForm = await carla.client.post(`/growth/applications/${app.id}/decline`, { note: '' });
  assert.equal(bareForm.status, 422);
  assert.match(mainOf(bareForm.text), /id="note-error"/, 'the page again, the error at the note');
  const no = await carla.client.api('POST', `/growth/applications/${app.id}/decline`, { note: 'Join the chapter in the next town first.' });
  assert.equal(no.status, 200, no.text);
  assert.match(sql(`SELECT body FROM outbox WHERE to_email = '${ana.email}' AND kind = 'growth_application_declined' ORDER BY id DESC LIMIT 1`),
    /Join the chapter in the next town first\./);
  const after = (await ana.client.api('GET', `/growth/applications/${app.id}`)).json().application;
  assert.equal(after.status, 'declined');
  assert.equal(after.review_note, 'Join the chapter in the next town first.');
  assert.deepEqual(after.steps.map((s) => s.stage), ['applied', 'declined']);
  assert.equal((await ana.client.api('POST', `/growth/applications/${app.id}/withdraw`, {})).status, 409);
  assert.equal((await carla.client.api('POST', `/growth/applications/${app.id}/approve`, {})).status, 409);
  assert.equal(outbox(rui.email, 'invitation'), '0', 'nobody invited');
});

test('withdraw: only its applicant, while it waits', async () => {
  const app = await applied(ana, { metro_id: geo.metro2.id, sector_id: geo.sector.id });
  assert.equal((await carla.client.api('POST', `/growth/applications/${app.id}/withdraw`, {})).status, 403);
  const r = await ana.client.post(`/growth/applications/${app.id}/withdraw`, {});
  assert.equal(r.status, 303);
  assert.equal(r.location, '/growth/applications');
  const after = (await ana.client.api('GET', `/growth/applications/${app.id}`)).json().application;
  assert.equal(after.status, 'withdrawn');
  assert.equal(after.can_withdraw, false);
});

// A meeting of the chapter, `minutes` from now, taken through its phases to closed (held).
async function heldMeeting(owner, slug, minutes) {
  const when = lisbon(minutes);
  const r = await owner.client.api('POST', `/chapters/${slug}/meetings`, { date: when.date, time: when.time });
  assert.equal(r.status, 201, r.text);
  const m = r.json().meeting;
  for (const phase of ['checkin', 'successes', 'challenges', 'commitments', 'closed']) {
    const p = await owner.client.api('POST', `/chapters/${slug}/meetings/${m.id}/phase`, { phase });
    assert.equal(p.status, 200, p.text);
  }
  return m;
}

test('approval makes the chapter; the tick records its first meeting, the second connector and active at 90 days; the report counts', async () => {
  const g = await geography(adm);   // places of its own: the report's counts are this test's alone
  const reviewer = await committeeMember(g);
  const won = await applied(ana, { metro_id: g.metro.id, sector_id: g.sector.id, name: `Harbour Founders ${g.tag}` });
  const declined = await applied(ana, { metro_id: g.metro.id, sector_id: g.sector2.id });
  const withdrawn = await applied(ana, { metro_id: g.metro2.id, sector_id: g.sector.id });
  await applied(ana, { metro_id: g.metro2.id, sector_id: g.sector2.id });   // still waiting
  assert.equal((await reviewer.client.api('POST', `/growth/applications/${declined.id}/decline`, { note: 'Not yet.' })).status, 200);
  assert.equal((await ana.client.api('POST', `/growth/applications/${withdrawn.id}/withdraw`, {})).status, 200);
  assert.equal((await carla.client.api('POST', `/growth/applications/${won.id}/approve`, {})).status, 404, "another region's committee");

  const ok = await reviewer.client.api('POST', `/growth/applications/${won.id}/approve`, { note: 'Go for it.' });
  assert.equal(ok.status, 200, ok.text);
  const slug = ok.json().chapter.slug;
  const chapter = (await ana.client.api('GET', `/chapters/${slug}`)).json().chapter;
  assert.equal(chapter.status, 'forming');
  assert.equal(chapter.metro.id ?? chapter.metro_id, g.metro.id);
  assert.ok(chapter.connectors.some((c) => c.id === ana.id || c.user_id === ana.id), 'the applicant is its connector');
  assert.match(sql(`SELECT body FROM outbox WHERE to_email = '${ana.email}' AND kind = 'growth_application_approved' ORDER BY id DESC LIMIT 1`),
    new RegExp(`/chapters/${slug}`));
  const invitation = sql(`SELECT body FROM outbox WHERE to_email = '${rui.email}' AND kind = 'invitation' ORDER BY id DESC LIMIT 1`);
  assert.match(invitation, /No chapter for founders here yet\./, "the second connector's invitation carries the message");
  const token = invitation.match(/\/invitations\/([A-Za-z0-9_-]+)/)[1];
  assert.equal((await rui.client.post(`/invitations/${token}/accept`, {})).status, 303);

  const first = await heldMeeting(ana, slug, 24 * 60);
  await heldMeeting(ana, slug, 24 * 60 + 60);
  await heldMeeting(ana, slug, 24 * 60 + 120);
  assert.equal((await ana.client.api('GET', `/chapters/${slug}`)).json().chapter.status, 'active', 'three meetings held');

  glocal(['tick', '--db', DB, '--now', iso(first.starts_at + 3 * 3600)]);
  let app = (await ana.client.api('GET', `/growth/applications/${won.id}`)).json().application;
  assert.deepEqual(app.steps.map((s) => s.stage), ['applied', 'approved', 'forming', 'first_meeting']);
  assert.equal(app.steps[3].reached_at, first.starts_at, 'dated when the first meeting started');
  assert.equal(app.second_state, 'connector');
  assert.equal(app.second_user_id, rui.id);
  const members = (await ana.client.api('GET', `/chapters/${slug}/members`)).json();
  const ruiThere = (members.members || members).find((m) => (m.id ?? m.user_id) === rui.id);
  assert.equal(ruiThere.role, 'connector', 'the second connector is a connector');

  glocal(['tick', '--db', DB, '--now', iso(first.starts_at + 89 * DAY)]);
  app = (await ana.client.api('GET', `/growth/applications/${won.id}`)).json().application;
  assert.equal(app.steps.length, 4, 'not active at 90 days after 89');
  const at90 = first.starts_at + 90 * DAY + 1800;
  glocal(['tick', '--db', DB, '--now', iso(at90)]);
  app = (await ana.client.api('GET', `/growth/applications/${won.id}`)).json().application;
  assert.deepEqual(app.steps.map((s) => s.stage), ['applied', 'approved', 'forming', 'first_meeting', 'active']);
  assert.ok(Math.abs(app.steps[4].reached_at - at90) < 60, 'dated when the tick found it active');

  const report = (await new Client().get(`/api/v1/growth/funnel?place=${g.country.slug}`)).json();
  assert.equal(report.scope, g.country.name);
  assert.equal(report.funnel.applications, 4);
  const by = Object.fromEntries(report.funnel.stages.map((s) => [s.stage, s]));
  assert.deepEqual(['applied', 'approved', 'forming', 'first_meeting', 'active'].map((k) => by[k].reached), [4, 1, 1, 1, 1]);
  assert.equal(by.applied.exited, 2, 'one declined, one withdrawn');
  assert.equal(by.applied.waiting, 1);
  assert.equal(by.approved.conversion, 0.25);
  assert.equal(by.approved.median_seconds, 0, 'approval makes the chapter at once');
  assert.equal(by.first_meeting.waiting, 0);
  assert.equal(by.active.waiting, 1);
  assert.ok(by.first_meeting.median_seconds >= 90 * DAY, 'at least 90 days at the first meeting');
  const metro2 = (await new Client().get(`/api/v1/growth/funnel?place=${g.metro2.slug}`)).json();
  assert.equal(metro2.funnel.applications, 2, "a metro counts its own applications");
  const network = (await new Client().get('/api/v1/growth/funnel')).json();
  assert.equal(network.scope, 'the network');
  assert.ok(network.funnel.applications >= 4);

  const page = await new Client().get(`/growth/funnel?place=${g.country.slug}`);
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  assert.match(main, /<svg class="funnel-chart"[^>]* role="img" aria-labelledby="funnel-chart-title funnel-chart-desc"/);
  assert.match(main, /<desc id="funnel-chart-desc">Applied: 4; Approved: 1 \(25 % of the stage before\);/, 'the chart in words');
  assert.match(main, /<th scope="row">Active at 90 days<\/th><td class="num">1<\/td>/, 'the table behind it');
  assert.doesNotMatch(main, /style=|<script/, 'no inline style or script (CSP)');
  assert.match(main, new RegExp(`<option value="${g.country.slug}" selected>`));
  assert.equal((await new Client().get('/api/v1/growth/funnel?place=nowhere-at-all')).status, 404);
});
