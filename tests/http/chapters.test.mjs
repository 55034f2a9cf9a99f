// chapters.test.mjs - starting and editing chapters, invitations, requests to
// join, admission rules (capacity, one member per sector), leaving, removing,
// handing over; with who may and who may not at every step.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf } from './lib.mjs';

let geo, adm;
before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

test('starting a chapter: the starter becomes its connector; it starts forming', async () => {
  const owner = await member({ metro_id: geo.metro.id });
  const r = await owner.client.api('POST', '/chapters', { name: `Lisbon Fintech ${geo.tag}`, metro_id: geo.metro.id, sector_id: geo.sector.id, description: 'We *meet* monthly.' });
  assert.equal(r.status, 201);
  assert.match(r.headers.get('location'), /^\/api\/v1\/chapters\//);
  const ch = r.json().chapter;
  assert.equal(ch.status, 'forming');
  assert.equal(ch.capacity, 12);
  assert.equal(ch.member_count, 1);
  assert.equal(ch.slug, `lisbon-fintech-${geo.tag.toLowerCase()}`);
  const view = (await owner.client.api('GET', `/chapters/${ch.slug}`)).json();
  assert.equal(view.viewer.role, 'connector');
  assert.deepEqual(view.chapter.connectors.map((c) => c.id), [owner.id]);
  const page = await owner.client.get(`/chapters/${ch.slug}`);
  assert.match(page.text, /<em>meet<\/em>/);
  const same = await owner.client.api('POST', '/chapters', { name: `Lisbon Fintech ${geo.tag}`, metro_id: geo.metro.id });
  assert.equal(same.status, 201);
  assert.equal(same.json().chapter.slug, `${ch.slug}-2`, 'a generated address gets a number when taken');
});

test('starting a chapter: bad input is refused field by field and nothing is stored', async () => {
  const owner = await member();
  const before = sql('SELECT count(*) FROM chapters');
  const r = await owner.client.api('POST', '/chapters', { name: '', capacity: 1, metro_id: 999999 });
  assert.equal(r.status, 422);
  const fields = r.json().errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['capacity', 'metro_id', 'name']);
  const dupSlug = await owner.client.api('POST', '/chapters', { name: 'X', slug: 'new', metro_id: geo.metro.id });
  assert.equal(dupSlug.status, 422);
  assert.match(dupSlug.json().errors[0].message, /reserved/);
  const badSlug = await owner.client.api('POST', '/chapters', { name: 'X', slug: 'Bad Slug!', metro_id: geo.metro.id });
  assert.equal(badSlug.status, 422);
  const taken = await chapter(owner, { metro_id: geo.metro.id });
  const dup = await owner.client.api('POST', '/chapters', { name: 'Copy', slug: taken.slug, metro_id: geo.metro.id });
  assert.equal(dup.status, 422);
  assert.match(dup.json().errors[0].message, /is taken/);
  const form = await owner.client.post('/chapters', { name: '', metro_id: '' });
  assert.equal(form.status, 422);
  assert.match(mainOf(form.text), /Please give the chapter a name/);
  assert.match(mainOf(form.text), /aria-invalid="true"/);
  assert.equal(sql('SELECT count(*) FROM chapters'), String(Number(before) + 1));
});

test('starting a chapter needs a login and the pledge', async () => {
  const anon = new Client();
  assert.equal((await anon.api('POST', '/chapters', { name: 'X', metro_id: geo.metro.id }, { csrf: false })).status, 401);
  const noPledge = await member({ pledge: false });
  const r = await noPledge.client.api('POST', '/chapters', { name: 'X', metro_id: geo.metro.id });
  assert.equal(r.status, 403);
  assert.match(r.json().detail, /pledge/);
});

test('names with markup and SQL are stored as text and shown escaped', async () => {
  const owner = await member();
  const name = `<script>alert("x")</script> '; DELETE FROM chapters; --`;
  const ch = await chapter(owner, { name, metro_id: geo.metro.id, description: '<img src=x onerror=alert(1)> [link](javascript:alert(1))' });
  assert.equal(ch.name, name);
  const page = await new Client().get(`/chapters/${ch.slug}`);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.doesNotMatch(page.text, /<img src=x/);
  assert.doesNotMatch(page.text, /href="javascript:/);
  assert.ok(Number(sql('SELECT count(*) FROM chapters')) > 0);
});

test('editing a chapter: connectors and admins may, others may not', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const mem = await member();
  await admit(owner, ch, mem);
  const outsider = await member();
  const anon = new Client();
  assert.equal((await anon.api('POST', `/chapters/${ch.slug}`, { capacity: 20 }, { csrf: false })).status, 401);
  assert.equal((await mem.client.api('POST', `/chapters/${ch.slug}`, { capacity: 20 })).status, 403);
  assert.equal((await outsider.client.api('POST', `/chapters/${ch.slug}`, { capacity: 20 })).status, 403);
  assert.equal((await mem.client.get(`/chapters/${ch.slug}/edit`)).status, 403);
  const ok = await owner.client.api('POST', `/chapters/${ch.slug}`, { capacity: 20, status: 'active', description: 'Updated.' });
  assert.equal(ok.status, 200);
  assert.equal(ok.json().chapter.capacity, 20);
  assert.equal(ok.json().chapter.status, 'active');
  const byAdmin = await adm.api('POST', `/chapters/${ch.slug}`, { status: 'dormant' });
  assert.equal(byAdmin.status, 200);
  const low = await owner.client.api('POST', `/chapters/${ch.slug}`, { capacity: 1 });
  assert.equal(low.status, 422);
  const below = await owner.client.api('POST', `/chapters/${ch.slug}`, { capacity: 2 });
  assert.equal(below.status, 200, 'two members fit in two places');
  const bad = await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'asleep' });
  assert.equal(bad.status, 422);
  assert.equal((await owner.client.api('POST', '/chapters/no-such-chapter', { status: 'active' })).status, 404);
  const form = await owner.client.get(`/chapters/${ch.slug}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="_csrf"/);
});

test('the member list is for members (and admins); the public part for everyone', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const mem = await member({ name: `Member ${unique()}` });
  await admit(owner, ch, mem);
  const outsider = await member();
  const pub = (await new Client().get(`/api/v1/chapters/${ch.slug}`)).json();
  assert.equal(pub.members, undefined);
  assert.equal(pub.chapter.member_count, 2);
  assert.equal(pub.chapter.connectors.length, 1);
  assert.equal((await outsider.client.api('GET', `/chapters/${ch.slug}`)).json().members, undefined);
  assert.equal((await outsider.client.api('GET', `/chapters/${ch.slug}/members`)).status, 403);
  assert.equal((await new Client().get(`/api/v1/chapters/${ch.slug}/members`)).status, 401);
  const inside = (await mem.client.api('GET', `/chapters/${ch.slug}`)).json();
  assert.deepEqual(inside.members.map((m) => m.id).sort(), [owner.id, mem.id].sort());
  assert.equal((await mem.client.api('GET', `/chapters/${ch.slug}/members`)).status, 200);
  assert.equal((await adm.api('GET', `/chapters/${ch.slug}/members`)).status, 200);
  const html = await outsider.client.get(`/chapters/${ch.slug}`);
  assert.doesNotMatch(mainOf(html.text), new RegExp(mem.name));
});

test('invitations: connectors only; single use; expired and revoked links refused', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const mem = await member();
  await admit(owner, ch, mem);
  const outsider = await member();
  assert.equal((await mem.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: 'x@test.example' })).status, 403);
  assert.equal((await outsider.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: 'x@test.example' })).status, 403);
  assert.equal((await mem.client.api('GET', `/chapters/${ch.slug}/invitations`)).status, 403);
  assert.equal((await new Client().api('POST', `/chapters/${ch.slug}/invitations`, { email: 'x@test.example' }, { csrf: false })).status, 401);
  const badEmail = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: 'not an email' });
  assert.equal(badEmail.status, 422);
  const already = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: mem.email });
  assert.equal(already.status, 422);
  assert.match(already.json().errors[0].message, /already a member/);

  const guest = await member();
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: guest.email, message: 'Join us!' });
  assert.equal(inv.status, 201);
  const link = inv.json().invitation.link;
  assert.match(link, /^http:\/\/glocal\.test\/invitations\/[A-Za-z0-9_-]{43}$/);
  const token = link.split('/invitations/')[1];
  assert.equal(sql(`SELECT count(*) FROM invitations WHERE token_hash = '${token}'`), '0', 'stored hashed');
  const mail = sql(`SELECT count(*) FROM outbox WHERE to_email = '${guest.email}' AND kind = 'invitation'`);
  assert.equal(mail, '1', 'the e-mail is queued in the outbox');
  const show = await new Client().get(`/invitations/${token}`);
  assert.equal(show.status, 200);
  assert.match(show.text, /Join us!/);
  assert.match(show.text, /Create an account/);

  const acc = await guest.client.post(`/invitations/${token}/accept`, {});
  assert.equal(acc.status, 303);
  assert.equal(acc.location, `/chapters/${ch.slug}`);
  assert.equal((await guest.client.api('GET', `/chapters/${ch.slug}`)).json().viewer.role, 'member');
  const reuse = await outsider.client.post(`/invitations/${token}/accept`, {});
  assert.equal(reuse.status, 410);
  assert.match(reuse.text, /no longer valid/);
  assert.equal((await new Client().get(`/invitations/${token}`)).status, 410);

  const late = await member();
  const old = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: late.email });
  const oldToken = old.json().invitation.link.split('/invitations/')[1];
  sql(`UPDATE invitations SET expires_at = created_at - 1 WHERE id = ${old.json().invitation.id}`);
  const expired = await late.client.post(`/invitations/${oldToken}/accept`, {});
  assert.equal(expired.status, 410);
  assert.match((await new Client().get(`/invitations/${oldToken}`)).text, /expired/);

  const again = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: late.email });
  const id = again.json().invitation.id;
  assert.equal((await mem.client.post(`/chapters/${ch.slug}/invitations/${id}/revoke`, {})).status, 403);
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/invitations/${id}/revoke`, {})).status, 303);
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/invitations/${id}/revoke`, {})).status, 409);
  const revoked = await late.client.post(`/invitations/${again.json().invitation.link.split('/invitations/')[1]}/accept`, {});
  assert.equal(revoked.status, 410);
  assert.equal((await new Client().get('/invitations/made-up-token')).status, 404);
  const list = (await owner.client.api('GET', `/chapters/${ch.slug}/invitations`)).json().invitations;
  const states = list.map((i) => i.state).sort();
  assert.deepEqual(states, ['accepted', 'accepted', 'expired', 'revoked']);
});

test('accepting an invitation needs the pledge when it was not accepted yet', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const guest = await member({ pledge: false });
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: guest.email });
  const token = inv.json().invitation.link.split('/invitations/')[1];
  const page = await guest.client.get(`/invitations/${token}`);
  assert.match(page.text, /accept_pledge/);
  const refused = await guest.client.post(`/invitations/${token}/accept`, {});
  assert.equal(refused.status, 422);
  assert.match(refused.text, /accept the collaboration pledge/);
  const ok = await guest.client.post(`/invitations/${token}/accept`, { accept_pledge: '1', pledge_version: sql('SELECT max(version) FROM pledges') });
  assert.equal(ok.status, 303);
  const row = sql(`SELECT count(*) FROM pledge_acceptances WHERE user_id = ${guest.id}`);
  assert.equal(row, '1', 'the acceptance is recorded with its version and time');
});

test('requests to join: ask, connectors approve or decline, members are notified', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const asker = await member();
  const r = await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: 'I run a payments startup.' });
  assert.equal(r.status, 201);
  const twice = await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
  assert.equal(twice.status, 409);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'join_request' AND to_email = '${owner.email}'`), '1');
  const view = (await asker.client.api('GET', `/chapters/${ch.slug}`)).json();
  assert.equal(view.my_request.status, 'pending');
  const list = (await owner.client.api('GET', `/chapters/${ch.slug}/join-requests`)).json().join_requests;
  assert.equal(list.length, 1);
  const id = list[0].id;
  assert.equal((await asker.client.post(`/chapters/${ch.slug}/join-requests/${id}/approve`, {})).status, 403);
  assert.equal((await asker.client.api('GET', `/chapters/${ch.slug}/join-requests`)).status, 403);
  const ok = await owner.client.post(`/chapters/${ch.slug}/join-requests/${id}/approve`, {});
  assert.equal(ok.status, 303);
  assert.equal((await asker.client.api('GET', `/chapters/${ch.slug}`)).json().viewer.role, 'member');
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/join-requests/${id}/approve`, {})).status, 409);
  assert.equal((await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, {})).status, 409, 'members do not ask');

  const other = await member();
  await other.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
  const id2 = (await owner.client.api('GET', `/chapters/${ch.slug}/join-requests`)).json().join_requests.find((j) => j.is_pending).id;
  const no = await owner.client.api('POST', `/chapters/${ch.slug}/join-requests/${id2}/decline`, { reason: 'We are full of fintech.' });
  assert.equal(no.status, 200);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'join_declined' AND to_email = '${other.email}'`), '1');
  const w = await member();
  await w.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
  assert.equal((await w.client.post(`/chapters/${ch.slug}/join-requests/withdraw`, {})).status, 303);
  assert.equal((await w.client.post(`/chapters/${ch.slug}/join-requests/withdraw`, {})).status, 404);
  assert.equal((await new Client().api('POST', `/chapters/${ch.slug}/join-requests`, {}, { csrf: false })).status, 401);
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/join-requests/99999/approve`, {})).status, 404);
});

test('capacity is enforced on every way in', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id, capacity: 2 });
  await admit(owner, ch, await member());
  const third = await member();
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: third.email });
  const token = inv.json().invitation.link.split('/invitations/')[1];
  const full = await third.client.post(`/invitations/${token}/accept`, {});
  assert.equal(full.status, 409);
  assert.match(full.text, /is full/);
  await third.client.api('POST', `/chapters/${ch.slug}/join-requests`, {});
  const id = (await owner.client.api('GET', `/chapters/${ch.slug}/join-requests`)).json().join_requests[0].id;
  const approve = await owner.client.api('POST', `/chapters/${ch.slug}/join-requests/${id}/approve`, {});
  assert.equal(approve.status, 409);
  assert.equal(sql(`SELECT count(*) FROM memberships WHERE chapter_id = ${ch.id}`), '2');
  const pending = sql(`SELECT status FROM join_requests WHERE id = ${id}`);
  assert.equal(pending, 'pending', 'a refused approval leaves the request as it was');
});

test('one member per sector: a second member of a sector is refused with a clear message', async () => {
  const owner = await member({ sector_id: geo.sector.id });
  const ch = await chapter(owner, { metro_id: geo.metro.id, one_per_sector: true });
  assert.equal(ch.sector_rule, 'one_per_sector');
  const rival = await member({ sector_id: geo.sector.id, name: `Rival ${unique()}` });
  const inv = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: rival.email });
  const token = inv.json().invitation.link.split('/invitations/')[1];
  const r = await rival.client.post(`/invitations/${token}/accept`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /one member per sector/);
  assert.match(r.text, new RegExp(`already represents ${geo.sector.name}`));
  const nosector = await member();
  const inv2 = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: nosector.email });
  const r2 = await nosector.client.post(`/invitations/${inv2.json().invitation.link.split('/invitations/')[1]}/accept`, {});
  assert.equal(r2.status, 409);
  assert.match(r2.text, /set your sector/);
  const ok = await member({ sector_id: geo.sector2.id });
  await admit(owner, ch, ok);
  const open = await owner.client.api('POST', `/chapters/${ch.slug}`, { one_per_sector: false });
  assert.equal(open.status, 200);
  // the rival's invitation is still open (a refused acceptance does not use it up): its link works now
  assert.equal((await rival.client.post(`/invitations/${token}/accept`, {})).status, 303);
  const back = await owner.client.api('POST', `/chapters/${ch.slug}`, { one_per_sector: true });
  assert.equal(back.status, 422, 'the rule cannot come back while two members share a sector');
  assert.equal(back.json().errors[0].field, 'sector_rule');
});

test('leaving, removing, handing over and stepping down keep a connector in charge', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const a = await member();
  const b = await member();
  await admit(owner, ch, a);
  await admit(owner, ch, b);
  const soleLeave = await owner.client.api('POST', `/chapters/${ch.slug}/leave`, {});
  assert.equal(soleLeave.status, 409);
  assert.match(soleLeave.json().detail, /only connector/);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/step-down`, {})).status, 409);
  assert.equal((await a.client.api('POST', `/chapters/${ch.slug}/members/${b.id}/remove`, {})).status, 403);
  assert.equal((await a.client.api('POST', `/chapters/${ch.slug}/step-down`, {})).status, 403);
  const rm = await owner.client.api('POST', `/chapters/${ch.slug}/members/${b.id}/remove`, {});
  assert.equal(rm.status, 200);
  assert.equal((await b.client.api('GET', `/chapters/${ch.slug}`)).json().viewer.role, null);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/members/${b.id}/remove`, {})).status, 404);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/members/${owner.id}/remove`, {})).status, 409);
  const hand = await owner.client.api('POST', `/chapters/${ch.slug}/members/${a.id}/connector`, { hand_over: true });
  assert.equal(hand.status, 200);
  assert.equal((await a.client.api('GET', `/chapters/${ch.slug}`)).json().viewer.role, 'connector');
  assert.equal((await owner.client.api('GET', `/chapters/${ch.slug}`)).json().viewer.role, 'member');
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/members/${a.id}/connector`, {})).status, 403, 'no longer a connector');
  const co = await a.client.api('POST', `/chapters/${ch.slug}/members/${owner.id}/connector`, {});
  assert.equal(co.status, 200);
  assert.equal((await a.client.api('POST', `/chapters/${ch.slug}/members/${owner.id}/remove`, {})).status, 409, 'connectors do not remove each other');
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/step-down`, {})).status, 200);
  const leave = await owner.client.api('POST', `/chapters/${ch.slug}/leave`, {});
  assert.equal(leave.status, 200);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/leave`, {})).status, 403);
  const events = sql(`SELECT kind FROM membership_events WHERE chapter_id = ${ch.id} ORDER BY id`).split('\n');
  assert.deepEqual(events, ['joined', 'connector', 'joined', 'joined', 'removed', 'connector', 'stepped_down', 'connector', 'stepped_down', 'left']);
});

test('your account lists your chapters and pending requests', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const other = await chapter(await member(), { metro_id: geo.metro.id });
  await owner.client.api('POST', `/chapters/${other.slug}/join-requests`, {});
  const me = (await owner.client.api('GET', '/me')).json();
  assert.deepEqual(me.chapters.map((c) => [c.slug, c.role]), [[ch.slug, 'connector']]);
  assert.deepEqual(me.join_requests.map((j) => j.slug), [other.slug]);
  const page = await owner.client.get('/me');
  assert.match(mainOf(page.text), /Waiting for an answer/);
});
