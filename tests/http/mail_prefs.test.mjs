// mail_prefs.test.mjs - what members choose to get by mail, and how mail is written for them:
// preferences saved and honoured (off, a daily digest, at once with List-Unsubscribe), the
// one-click unsubscribe without a session (RFC 8058), forged and foreign tokens refused,
// invitations always sent, the reminder's day words in the reader's zone, an HTML part on
// every message.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, DB, BIN, admin, member, geography, chapter, admit, sql, mainOf, unsubscribeToken } from './lib.mjs';

let geo, firstId;
const tick = (now) => execFileSync(BIN, ['tick', '--db', DB, '--now', now], { encoding: 'utf8' });
const q = (s) => s.replace(/'/g, "''");

const token = unsubscribeToken;

async function choose(m, prefs) {
  const r = await m.client.api('POST', '/me/notifications', prefs);
  assert.equal(r.status, 200, r.text);
  return r.json();
}

// A chapter of `owner` in Lisbon with `others` admitted and a meeting at 18:00 Lisbon time on `date`.
async function meetingWith(owner, others, date) {
  const c = await chapter(owner, { metro_id: geo.metro.id });
  for (const o of others) await admit(owner, c, o);
  const r = await owner.client.api('POST', `/chapters/${c.slug}/meetings`, { date, time: '18:00' });
  assert.equal(r.status, 201, r.text);
  return c;
}

const reminderTo = (c, email) => sql(`SELECT subject || '|' || body || '|' || headers || '|' || COALESCE(user_id, 0)
  FROM outbox WHERE kind = 'meeting_reminder' AND to_email = '${q(email)}' AND subject LIKE '%${q(c.name)}%'`);

before(async () => {
  geo = await geography(await admin());
  firstId = Number(sql('SELECT COALESCE(max(id), 0) FROM outbox'));
});

test('the preferences start at once in the home metro\'s zone, are saved, and refuse what they do not know', async () => {
  const m = await member({ metro_id: geo.metro.id });
  const v = (await m.client.api('GET', '/me/notifications')).json();
  assert.deepEqual(v.preferences, { meetings: 'now', events: 'now', governance: 'now', commons: 'now' });
  assert.equal(v.zone, 'Europe/Lisbon');
  assert.equal(v.timezone, null);
  const saved = await choose(m, { meetings: 'digest', commons: 'off', timezone: 'America/Sao_Paulo' });
  assert.deepEqual(saved.preferences, { meetings: 'digest', events: 'now', governance: 'now', commons: 'off' });
  assert.equal(saved.zone, 'America/Sao_Paulo');
  const bad = await m.client.api('POST', '/me/notifications', { events: 'weekly', timezone: 'Mars/Olympus' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((x) => x.field).sort(), ['events', 'timezone']);
  assert.equal((await m.client.api('GET', '/me/notifications')).json().preferences.events, 'now', 'nothing saved');
  // the page: the saved choices checked, the help, and errors at their fields
  const page = mainOf((await m.client.get('/me/notifications')).text);
  assert.match(page, /name="meetings" value="digest"[^>]* checked/);
  assert.match(page, /name="commons" value="off"[^>]* checked/);
  assert.match(page, /value="America\/Sao_Paulo"/);
  const refused = await m.client.post('/me/notifications', { meetings: 'now', timezone: 'Nowhere' });
  assert.equal(refused.status, 422);
  assert.match(mainOf(refused.text), /id="timezone-error"[^>]*>[^<]*is not a time zone we know/);
  const ok = await m.client.post('/me/notifications', { meetings: 'now', events: 'off', governance: 'now', commons: 'now', timezone: '' });
  assert.equal(ok.status, 303);
  assert.equal((await m.client.api('GET', '/me/notifications')).json().zone, 'Europe/Lisbon', 'empty: the metro\'s zone again');
});

test('off queues nothing, at once queues with List-Unsubscribe, digest waits for one digest the next morning', async () => {
  const owner = await member(), now = await member(), off = await member(), digest = await member();
  await choose(now, { meetings: 'now', timezone: 'Europe/Lisbon' });
  await choose(off, { meetings: 'off' });
  await choose(digest, { meetings: 'digest', timezone: 'Europe/Lisbon' });
  const c = await meetingWith(owner, [now, off, digest], '2027-09-15');
  tick('2027-09-14T19:00');
  assert.equal(reminderTo(c, off.email), '', 'off: nothing queued');
  assert.equal(reminderTo(c, digest.email), '', 'digest: nothing queued at once');
  const [subject, body, headers, userId] = reminderTo(c, now.email).split('|');
  assert.equal(subject, `Tomorrow at 18:00: ${c.name} meets`);
  assert.match(body, /meets tomorrow: Wed 15 Sep 2027, 18:00 \(Europe\/Lisbon\)/);
  assert.equal(Number(userId), now.id);
  const url = `http://glocal.test/unsubscribe/${token(now.id, 'meetings')}`;
  assert.equal(headers, `List-Unsubscribe: <${url}>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click`);
  assert.ok(body.includes(`Stop these messages: ${url}`), body);
  const html = sql(`SELECT html_body FROM outbox WHERE kind = 'meeting_reminder' AND to_email = '${q(now.email)}'`);
  assert.match(html, /<html lang="en">/);
  assert.ok(html.includes(`href="${url}"`) && html.includes('href="http://glocal.test/me/notifications"'), html);
  assert.ok(html.includes(`${c.name.replace(/&/g, '&amp;')} meets tomorrow`), html);
  // the digest: kept, then written once in the reader's morning (07:00 Lisbon = 06:00 UTC), then never again that day
  assert.equal(sql(`SELECT count(*) FROM mail_digest_items WHERE user_id = ${digest.id} AND digest_day IS NULL`), '1');
  const digests = () => sql(`SELECT subject || '|' || body FROM outbox WHERE kind = 'digest' AND to_email = '${q(digest.email)}'`);
  tick('2027-09-15T05:30');
  assert.equal(digests(), '', 'not before 07:00 in the reader\'s zone');
  tick('2027-09-15T06:30');
  const [dsubject, dbody] = digests().split('|');
  assert.match(dsubject, /digest: 1 message since yesterday$/);
  assert.ok(dbody.includes(`== Tomorrow at 18:00: ${c.name} meets ==`), dbody);
  tick('2027-09-15T09:00');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'digest' AND to_email = '${q(digest.email)}'`), '1', 'one a day');
  assert.equal(sql(`SELECT count(*) FROM mail_digest_items WHERE user_id = ${digest.id} AND digest_day IS NULL`), '0');
});

test('the reminder says Today or Tomorrow as the reader\'s own calendar does', async () => {
  const owner = await member(), lisbon = await member(), auckland = await member();
  await choose(lisbon, { timezone: 'Europe/Lisbon' });
  await choose(auckland, { timezone: 'Pacific/Auckland' });
  const c = await meetingWith(owner, [lisbon, auckland], '2027-10-06');
  // 01:00 UTC on 6 Oct: 02:00 that day in Lisbon; 14:00 in Auckland, where 18:00 Lisbon is 06:00 on the 7th
  tick('2027-10-06T01:00');
  const [ls, lb] = reminderTo(c, lisbon.email).split('|');
  assert.equal(ls, `Today at 18:00: ${c.name} meets`);
  assert.match(lb, /meets today: Wed 6 Oct 2027, 18:00 \(Europe\/Lisbon\)/);
  const [as, ab] = reminderTo(c, auckland.email).split('|');
  assert.equal(as, `Tomorrow at 06:00: ${c.name} meets`);
  assert.match(ab, /meets tomorrow: Thu 7 Oct 2027, 06:00 \(Pacific\/Auckland\)/);
});

test('one-click unsubscribe works by POST without a session; forged and moved tokens are refused', async () => {
  const m = await member(), other = await member();
  const t = token(m.id, 'governance');
  const anon = new Client();
  const page = await anon.get(`/unsubscribe/${t}`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /Stop mail about governance\?[\s\S]*<form method="post" action="\/unsubscribe\/[^"]+">[\s\S]*Unsubscribe<\/button>/);
  assert.equal((await m.client.api('GET', '/me/notifications')).json().preferences.governance, 'now', 'GET changes nothing');
  // as a mail client does it (RFC 8058): a bare form POST, no cookie, no CSRF token
  const r = await fetch(`${new Client().base}/unsubscribe/${t}`, { method: 'POST', body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /You will no longer get mail about governance[\s\S]*\/me\/notifications/);
  assert.equal((await m.client.api('GET', '/me/notifications')).json().preferences.governance, 'off');
  assert.equal((await other.client.api('GET', '/me/notifications')).json().preferences.governance, 'now');
  // a token signed for one member cannot be moved to another, nor to another category, nor forged
  const mac = t.split('.')[2];
  for (const bad of [`${other.id}.governance.${mac}`, `${m.id}.commons.${mac}`, `${m.id}.governance.${mac.slice(0, -2)}AA`,
    `${m.id}.always.${token(m.id, 'always').split('.')[2]}`, 'nonsense']) {
    const g = await anon.get(`/unsubscribe/${bad}`);
    assert.equal(g.status, 404, bad);
    const p = await anon.post(`/unsubscribe/${bad}`, { 'List-Unsubscribe': 'One-Click' }, { csrf: false });
    assert.equal(p.status, 404, bad);
  }
  assert.equal((await other.client.api('GET', '/me/notifications')).json().preferences.governance, 'now');
  assert.equal((await m.client.api('GET', '/me/notifications')).json().preferences.commons, 'now');
});

test('invitations are always sent, without unsubscribe headers, even with everything off', async () => {
  const owner = await member(), m = await member();
  await choose(m, { meetings: 'off', events: 'off', governance: 'off', commons: 'off' });
  const c = await chapter(owner, { metro_id: geo.metro.id });
  await admit(owner, c, m);
  const row = sql(`SELECT headers || '|' || COALESCE(user_id, 0) || '|' || (html_body IS NOT NULL) FROM outbox
    WHERE kind = 'invitation' AND to_email = '${q(m.email)}'`);
  assert.ok(row, 'the invitation is queued');
  const [headers, userId, hasHtml] = row.split('|');
  assert.equal(headers, '');
  assert.equal(Number(userId), m.id);
  assert.ok(['1', 't', 'true'].includes(hasHtml));
  assert.match(sql(`SELECT html_body FROM outbox WHERE kind = 'invitation' AND to_email = '${q(m.email)}'`),
    /always sent[\s\S]*\/me\/notifications/);
});

test('every message queued while these tests ran has an HTML part', () => {
  const total = Number(sql(`SELECT count(*) FROM outbox WHERE id > ${firstId}`));
  assert.ok(total >= 8, `messages queued: ${total}`);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE id > ${firstId} AND (html_body IS NULL OR html_body = '')`), '0');
});
