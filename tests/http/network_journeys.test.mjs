// network_journeys.test.mjs - two rough edges a connector met (issue 20):
// inviting an address again no longer revokes the first link silently (the
// connector is told when it was invited and may send it again, on purpose);
// a sole connector is not offered "Step down" but told what to do first, and
// the API's 409 says the same.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf } from './lib.mjs';

let geo;
before(async () => {
  geo = await geography(await admin());
});

test('inviting an address with a live invitation keeps the first link and says when it was sent; sending again is a choice', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const email = `${unique('again')}@test.example`;
  let r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email, message: 'Come along' });
  assert.equal(r.status, 201, r.text);
  const first = r.json().invitation;
  const firstToken = first.link.split('/invitations/')[1];
  // the same address again: refused at the field, with the date, and the first link still works
  r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: email.toUpperCase() });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json().errors.map((x) => x.field), ['email']);
  assert.match(r.json().errors[0].message, /already invited on \w{3} \d{1,2} \w{3} \d{4}/);
  assert.match(r.json().errors[0].message, /send it again/i);
  assert.equal(sql(`SELECT count(*) FROM invitations WHERE chapter_id = ${ch.id} AND revoked_at IS NULL`), '1', 'nothing revoked');
  assert.equal((await new Client().get(`/invitations/${firstToken}`)).status, 200, 'the first link still works');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'invitation'`), '1', 'no second mail');
  // the page says so at the field and offers to send it again
  const page = await owner.client.post(`/chapters/${ch.slug}/invitations`, { email });
  assert.equal(page.status, 422);
  const main = mainOf(page.text);
  assert.match(main, /id="email-error">[^<]*already invited on/);
  assert.match(main, /name="resend" value="1"/);
  // sending again, on purpose: the same invitation, mailed again with a fresh link; the connector is told
  r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email, resend: true });
  assert.equal(r.status, 201, r.text);
  const again = r.json().invitation;
  assert.equal(again.id, first.id, 'the same invitation');
  assert.equal(again.is_resent, true);
  assert.match(r.json().message, /sent again/);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'invitation'`), '2');
  assert.equal(sql(`SELECT count(*) FROM invitations WHERE chapter_id = ${ch.id}`), '1');
  const token = again.link.split('/invitations/')[1];
  assert.equal((await new Client().get(`/invitations/${token}`)).status, 200);
  // once accepted, the address is a member: inviting it is refused as before
  const who = await member({ email });
  assert.equal((await who.client.post(`/invitations/${token}/accept`, {})).status, 303);
  r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email });
  assert.match(r.json().errors[0].message, /already a member/);
  // a revoked invitation does not stand in the way of a new one
  const other = `${unique('other')}@test.example`;
  const inv = (await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: other })).json().invitation;
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/invitations/${inv.id}/revoke`, {})).status, 303);
  r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: other });
  assert.equal(r.status, 201, r.text);
  assert.notEqual(r.json().invitation.id, inv.id);
});

test('a sole connector is not offered "Step down" but told to appoint another connector first; the API says so with a 409', async () => {
  const owner = await member();
  const mem = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  await admit(owner, ch, mem);
  let main = mainOf((await owner.client.get(`/chapters/${ch.slug}/members`)).text);
  assert.ok(!main.includes(`action="/chapters/${ch.slug}/step-down"`), 'no Step down for the only connector');
  assert.match(main, /only connector/);
  assert.match(main, /Make connector/);
  let r = await owner.client.api('POST', `/chapters/${ch.slug}/step-down`, {});
  assert.equal(r.status, 409);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.match(r.json().detail, /make another member a connector first/);
  // with a second connector, both may step down
  r = await owner.client.api('POST', `/chapters/${ch.slug}/members/${mem.id}/connector`, {});
  assert.equal(r.status, 200, r.text);
  main = mainOf((await owner.client.get(`/chapters/${ch.slug}/members`)).text);
  assert.match(main, new RegExp(`action="/chapters/${ch.slug}/step-down"`));
  assert.ok(!/only connector/.test(main));
  r = await owner.client.api('POST', `/chapters/${ch.slug}/step-down`, {});
  assert.equal(r.status, 200, r.text);
  // a chapter of one: the connector is told to invite someone first
  const alone = await member();
  const solo = await chapter(alone, { metro_id: geo.metro.id });
  main = mainOf((await alone.client.get(`/chapters/${solo.slug}/members`)).text);
  assert.ok(!main.includes('/step-down"'));
  assert.match(main, /invite/i);
});
