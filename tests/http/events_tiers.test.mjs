// events_tiers.test.mjs - ticket tiers kept to members (issue 20): a guest or a
// logged-in person who is no chapter's member is never offered, never
// pre-selected and never given a members' tier; the guest form pre-selects the
// first tier a guest may take.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf, when, ownAddress } from './lib.mjs';

let adm, conn, mem, outsider, ch, app;

const FORMAT = {
  summary: 'An evening of talks.', description: 'Talks and questions.',
  runbook: [{ step: 'Talks', minutes: 90 }],
  tiers: [{ name: 'Members', price: '0', currency: 'EUR', members_only: true }, { name: 'Standard', price: '10.00', currency: 'EUR' },
          { name: 'Student', price: '4.00', currency: 'EUR' }],
  packages: [],
  split_rule: [{ party: 'host', share: 10000 }],
};

async function newEvent(fields = {}) {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Talks ${unique()}`, venue: 'The Hub',
    capacity: 20, ...when(60 * 24), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

before(async () => {
  adm = await admin();
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: false })).status, 200);
  const geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  mem = await member({ name: `Mia ${unique()}` });
  outsider = await member({ name: `Olga ${unique()}` });
  ch = await chapter(conn, { name: `Tiers ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  const r = await adm.api('POST', '/apps', { ...FORMAT, name: `Talks ${unique()}` });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
});

test('a format keeps which tiers are for members; the form writes them as name | price | members', async () => {
  assert.deepEqual(app.tiers.map((t) => [t.name, !!t.members_only]), [['Members', true], ['Standard', false], ['Student', false]]);
  let r = await adm.post('/apps', { name: `Lines ${unique()}`, runbook: '30 | Talk', tiers: 'Members | 0 | members\nStandard | 5.00 EUR',
    split_rule: 'host | 100' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const made = (await adm.api('GET', r.location)).json().app;
  assert.deepEqual(made.tiers.map((t) => [t.name, !!t.members_only]), [['Members', true], ['Standard', false]]);
  r = await adm.api('POST', '/apps', { ...FORMAT, name: `Bad ${unique()}`, tiers: [{ name: 'X', price: '0', currency: 'EUR', members_only: 'yes' }] });
  assert.equal(r.status, 422, 'members_only is true or false');
  const ev = await newEvent();
  const page = (await mem.client.api('GET', `/events/${ev.slug}`)).json();
  assert.deepEqual(page.tiers.map((t) => [t.name, t.is_members_only]), [['Members', true], ['Standard', false], ['Student', false]]);
});

test('the guest form neither offers nor pre-selects a members\' tier; it pre-selects the first tier a guest may take', async () => {
  const ev = await newEvent();
  const tiers = (await mem.client.api('GET', `/events/${ev.slug}`)).json().tiers;
  const [members, standard] = tiers;
  const html = mainOf((await new Client().get(`/events/${ev.slug}`)).text);
  const form = html.slice(html.indexOf(`action="/events/${ev.slug}/register"`));
  assert.ok(!form.includes(`value="${members.id}"`), 'no radio for the members\' tier in the guest form');
  assert.match(form, new RegExp(`value="${standard.id}" checked`), 'the first tier a guest may take is chosen');
  assert.equal((form.slice(0, form.indexOf('</form>')).match(/ checked/g) || []).length, 1, 'one tier chosen');
  // a member sees the members' tier chosen
  const mine = mainOf((await mem.client.get(`/events/${ev.slug}`)).text);
  assert.match(mine, new RegExp(`value="${members.id}" checked`));
  // the outsider (logged in, no chapter's member) is not offered it either
  const theirs = mainOf((await outsider.client.get(`/events/${ev.slug}`)).text);
  assert.ok(!theirs.slice(theirs.indexOf('/register"')).split('</form>')[0].includes(`value="${members.id}"`));
});

test('the server refuses a members\' tier to a guest and to a logged-in non-member, at the field', async () => {
  const ev = await newEvent();
  const [members, standard] = (await mem.client.api('GET', `/events/${ev.slug}`)).json().tiers;
  const guest = Object.assign(new Client(), { from: ownAddress() });
  let r = await guest.post(`/events/${ev.slug}/register`, { name: 'Gus Guest', email: `${unique('g')}@example.org`, tier: members.id });
  assert.equal(r.status, 422, r.text.slice(0, 300));
  assert.match(mainOf(r.text), /field-error[^>]*>[^<]*for members of a chapter/);
  r = await outsider.client.api('POST', `/events/${ev.slug}/register`, { tier: members.id });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json().errors.map((x) => x.field), ['tier']);
  assert.equal(sql(`SELECT count(*) FROM registrations WHERE event_id = ${ev.id}`), '0', 'nobody got the members\' ticket');
  // without a tier, the guest gets the first they may take
  const email = `${unique('g')}@example.org`;
  r = await guest.post(`/events/${ev.slug}/register`, { name: 'Gus Guest', email });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sql(`SELECT tier_id FROM registrations WHERE event_id = ${ev.id} AND guest_email = '${email}'`), String(standard.id));
  r = await outsider.client.api('POST', `/events/${ev.slug}/register`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(sql(`SELECT tier_id FROM registrations WHERE event_id = ${ev.id} AND user_id = ${outsider.id}`), String(standard.id));
  // a member may take it
  r = await mem.client.api('POST', `/events/${ev.slug}/register`, { tier: members.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(sql(`SELECT tier_id FROM registrations WHERE event_id = ${ev.id} AND user_id = ${mem.id}`), String(members.id));
});
