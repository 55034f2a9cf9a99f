// confirmations.test.mjs - what cannot be undone is asked first, saying what
// will happen (issue 20): closing an event has a page of its own with the
// amount and the parties (a page's POST without the confirmation only leads
// there); refunds, revoking an invitation, declining a request and the like
// carry a data-confirm sentence that names who and how much.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf, when, ownAddress } from './lib.mjs';

let adm, conn, mem, ch, app, org;

before(async () => {
  adm = await admin();
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: false })).status, 200);
  const geo = await geography(adm);
  conn = await member();
  mem = await member({ name: `Mia ${unique()}` });
  ch = await chapter(conn, { metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  const r = await adm.api('POST', '/apps', { name: `Night ${unique()}`, summary: 'A night.', description: 'A night.', runbook: [{ step: 'All', minutes: 60 }],
    tiers: [{ name: 'Standard', price: '12.50', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '216.50', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'host', share: 5000 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  org = (await conn.client.api('POST', '/organisations', { name: `Sponsor ${unique()}`, kind: 'sponsor' })).json().organisation;
});

test('closing an event asks on a page of its own, with the amount and each party\'s part; only the confirmation closes it', async () => {
  let r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Night ${unique()}`, venue: 'Hub', capacity: 10,
    ...when(-30), record: true });
  assert.equal(r.status, 201, r.text);
  const ev = r.json().event;
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' })).status, 201);
  r = await mem.client.api('POST', `/events/${ev.slug}/register`, {});
  const reg = r.json().registration;
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/registrations/${reg.id}/paid`, {})).status, 200);
  // the desk links to the question; the question says how much and by which rule
  const desk = mainOf((await conn.client.get(`/events/${ev.slug}/registrations`)).text);
  assert.match(desk, new RegExp(`href="/events/${ev.slug}/close"`));
  assert.ok(!desk.includes(`action="/events/${ev.slug}/close"`), 'no form on the desk closes at once');
  assert.match(desk, /data-confirm="Cancel [^"]+ registration and refund 12\.50 EUR/, 'a refund says whose and how much');
  const page = mainOf((await conn.client.get(`/events/${ev.slug}/close`)).text);
  assert.match(page, /Close the event and share 229\.00 EUR by the format&#39;s rule\?|Close the event and share 229\.00 EUR by the format's rule\?/);
  assert.match(page, /114\.50 EUR/, 'each party\'s part');
  assert.match(page, /name="confirm" value="1"/);
  assert.equal((await mem.client.get(`/events/${ev.slug}/close`)).status, 403);
  // a page's POST without the confirmation closes nothing: it leads to the question
  r = await conn.client.post(`/events/${ev.slug}/close`, {});
  assert.equal(r.status, 303);
  assert.equal(r.location, `/events/${ev.slug}/close`);
  assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'open');
  r = await conn.client.post(`/events/${ev.slug}/close`, { confirm: '1' });
  assert.equal(r.status, 303);
  assert.match(r.location, /\/statement$/);
  assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'closed');
  assert.equal((await conn.client.get(`/events/${ev.slug}/close`)).status, 409, 'a closed event is not asked about again');
});

test('revoking an invitation and declining a request say who they concern and what follows', async () => {
  const email = `${unique('inv')}@test.example`;
  assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/invitations`, { email })).status, 201);
  const inv = mainOf((await conn.client.get(`/chapters/${ch.slug}/invitations`)).text);
  assert.match(inv, new RegExp(`data-confirm="Revoke the invitation to ${email}\\? Its link stops working at once`));
  const asker = await member({ name: `Asker ${unique()}` });
  assert.equal((await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: 'Hello' })).status, 201);
  const reqs = mainOf((await conn.client.get(`/chapters/${ch.slug}/join-requests`)).text);
  assert.match(reqs, new RegExp(`data-confirm="Decline ${asker.name}&#39;s request to join|data-confirm="Decline ${asker.name}'s request to join`));
});
