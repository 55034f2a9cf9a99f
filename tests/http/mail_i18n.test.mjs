// mail_i18n.test.mjs - mail in its reader's language (issue 20, point 7): a member who chose
// French gets the invitation, the welcome after a join request and the meeting reminder in French
// (its dates too); a member with no choice gets the network's default language; an address with
// no account gets the language of the request that sends it; English readers get English.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DB, BIN, admin, member, geography, chapter, admit, sql } from './lib.mjs';

let adm, geo;
const q = (s) => s.replace(/'/g, "''");
const pt = { 'accept-language': 'pt-BR,pt;q=0.9' };
const tick = (now) => execFileSync(BIN, ['tick', '--db', DB, '--now', now], { encoding: 'utf8' });
// the newest message of `kind` to `email`: {subject, body, html}
function mailTo(kind, email) {
  const row = sql(`SELECT subject || '\x1f' || body || '\x1f' || COALESCE(html_body, '') FROM outbox
    WHERE kind = '${kind}' AND to_email = '${q(email)}' ORDER BY id DESC LIMIT 1`);
  assert.ok(row, `a ${kind} was queued to ${email}`);
  const [subject, body, html] = row.split('\x1f');
  return { subject, body, html };
}

async function speaks(m, language) {
  const r = await m.client.api('POST', '/me', { language });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

test('a member who chose French gets the invitation, the welcome and the meeting reminder in French', async () => {
  const owner = await member({ metro_id: geo.metro.id }), guest = await member({ metro_id: geo.metro.id }), asker = await member();
  await speaks(guest, 'fr');
  await speaks(asker, 'fr');
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  // the connector's request is English: the reader's choice wins
  await admit(owner, ch, guest);
  const inv = mailTo('invitation', guest.email);
  assert.equal(inv.subject, `${owner.name} vous invite à ${ch.name}`);
  assert.match(inv.body, /^Bonjour,$/m);
  assert.ok(inv.body.includes(`vous invite à rejoindre ${ch.name}, une section du réseau.`), inv.body);
  assert.match(inv.body, /Ouvrez ce lien dans les 14 jours pour accepter :\nhttp/);
  assert.ok(!/invites you|Open this link/.test(inv.body), `no English left: ${inv.body}`);
  assert.match(inv.html, /<html lang="fr">/);
  assert.match(inv.html, /Ce message concerne votre invitation/);
  // a join request approved
  assert.equal((await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, {})).status, 201);
  const id = (await owner.client.api('GET', `/chapters/${ch.slug}/join-requests`)).json().join_requests.find((j) => j.is_pending).id;
  assert.equal((await owner.client.post(`/chapters/${ch.slug}/join-requests/${id}/approve`, {})).status, 303);
  const welcome = mailTo('join_approved', asker.email);
  assert.equal(welcome.subject, `Bienvenue dans ${ch.name}`);
  assert.ok(welcome.body.includes(`Votre demande pour rejoindre ${ch.name} a été acceptée. La page de la section : /chapters/${ch.slug}`),
    welcome.body);
  // the meeting reminder: its words, its day and its date in French; the owner's stays English
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: '2027-09-15', time: '18:00' });
  assert.equal(r.status, 201, r.text);
  tick('2027-09-14T19:00');
  const rem = mailTo('meeting_reminder', guest.email);
  assert.equal(rem.subject, `Demain à 18:00 : ${ch.name} se réunit`);
  assert.ok(rem.body.includes(`${ch.name} se réunit demain : mer. 15 sept. 2027, 18:00 (Europe/Lisbon)`), rem.body);
  assert.match(rem.body, /Les heures de ce message sont à l'heure de Europe\/Lisbon\./);
  const mine = mailTo('meeting_reminder', owner.email);
  assert.equal(mine.subject, `Tomorrow at 18:00: ${ch.name} meets`);
  assert.ok(mine.body.includes(`${ch.name} meets tomorrow: Wed 15 Sep 2027, 18:00 (Europe/Lisbon)`), mine.body);
  assert.match(mine.html, /<html lang="en">/);
});

test('a member who chose no language gets the network\'s default; an English choice stays English', async () => {
  const owner = await member(), plain = await member(), english = await member();
  await speaks(english, 'en');
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  try {
    assert.equal((await adm.api('POST', '/admin/settings', { language: 'pt' })).status, 200);
    await admit(owner, ch, plain);
    await admit(owner, ch, english);
  } finally {
    assert.equal((await adm.api('POST', '/admin/settings', { language: 'en' })).status, 200);
  }
  const p = mailTo('invitation', plain.email);
  assert.equal(p.subject, `${owner.name} convida-o para ${ch.name}`);
  assert.ok(p.body.includes('um núcleo da rede'), p.body);
  assert.match(p.html, /<html lang="pt">/);
  const e = mailTo('invitation', english.email);
  assert.equal(e.subject, `${owner.name} invites you to ${ch.name}`);
  assert.ok(e.body.includes(`${owner.name} invites you to join ${ch.name}, a chapter of the network.`), e.body);
  assert.match(e.body, /Open this link within 14 days to accept:\nhttp/);
});

test('an invitation to an address with no account is written in the language of the request that sends it', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const to = `nobody-${Date.now()}@test.example`;
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: to }, { headers: pt });
  assert.equal(r.status, 201, r.text);
  const m = mailTo('invitation', to);
  assert.equal(m.subject, `${owner.name} convida-o para ${ch.name}`);
  assert.match(m.body, /^Olá,$/m);
  assert.match(m.body, /Abra esta ligação no prazo de 14 dias para aceitar:\nhttp/);
  assert.match(m.html, /<html lang="pt">/);
  // the same sent from an English request: English, as before
  const to2 = `nobody-en-${Date.now()}@test.example`;
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: to2 })).status, 201);
  const e = mailTo('invitation', to2);
  assert.equal(e.subject, `${owner.name} invites you to ${ch.name}`);
  assert.match(e.body, /^Hello,$/m);
});

test('words the code puts into a message follow its reader, not its sender: a poll\'s kind and help', async () => {
  const owner = await member(), reader = await member();
  await speaks(reader, 'fr');
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  await admit(owner, ch, reader);
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'ranked', title: `Where to meet ${Date.now()}`,
    options: ['Cafe', 'Library'], closes_at: Math.floor(Date.now() / 1000) + 7 * 86400 });
  assert.equal(r.status, 201, r.text);
  const m = mailTo('gov_poll_opened', reader.email);
  assert.match(m.subject, /^Un sondage dans /);
  assert.ok(m.body.includes(`${owner.name} a ouvert un Vote par classement dans`), m.body);
  assert.match(m.body, /^Classez les options par ordre de préférence\./m);
  assert.ok(!/Ranked choice|Rank the options/.test(m.body), `no English left: ${m.body}`);
});

test('a French reader\'s digest is French, and so is what it gathers', async () => {
  const owner = await member({ metro_id: geo.metro.id }), reader = await member({ metro_id: geo.metro.id });
  await speaks(reader, 'fr');
  assert.equal((await reader.client.api('POST', '/me/notifications', { meetings: 'digest' })).status, 200);
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  await admit(owner, ch, reader);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: '2028-03-15', time: '18:00' })).status, 201);
  tick('2028-03-14T19:00');
  tick('2028-03-15T07:30');
  const d = mailTo('digest', reader.email);
  assert.match(d.subject, /^Votre résumé de .* : 1 message depuis hier$/);
  assert.match(d.body, /^Bonjour .*,$/m);
  assert.ok(d.body.includes(`== Demain à 18:00 : ${ch.name} se réunit ==`), d.body);
  assert.match(d.html, /<html lang="fr">/);
});

// A committee of the file's city with these members seated (as an administrator appoints them).
function committeeWith(members) {
  const now = Math.floor(Date.now() / 1000);
  sql(`INSERT INTO gov_committees (place_id, level, created_at) VALUES (${geo.metro.id}, 'metro', ${now}) ON CONFLICT DO NOTHING`);
  const cid = Number(sql(`SELECT id FROM gov_committees WHERE place_id = ${geo.metro.id}`));
  for (const m of members) {
    sql(`INSERT INTO gov_committee_members (committee_id, user_id, source, since, term_ends_at)
      VALUES (${cid}, ${m.id}, 'appointed', ${now - 86400}, ${now + 700 * 86400})`);
  }
  sql(`UPDATE gov_committees SET chair_id = ${members[0].id} WHERE id = ${cid}`);
  return { id: cid, base: `/committees/${geo.metro.slug}` };
}

test('a committee\'s name in mail is in the reader\'s language, whatever the sender\'s', async () => {
  const opener = await member(), french = await member(), english = await member(), portuguese = await member();
  await speaks(french, 'fr');
  await speaks(english, 'en');
  await speaks(portuguese, 'pt');
  const c = committeeWith([opener, french, english, portuguese]);
  const city = geo.metro.name;
  // the poll is opened from a Portuguese request
  const title = `Summer gathering ${Date.now()}`;
  const r = await opener.client.api('POST', `${c.base}/polls`, { kind: 'single', title, options: ['Lisbon', 'Porto'],
    closes_at: Math.floor(Date.now() / 1000) + 7 * 86400 }, { headers: pt });
  assert.equal(r.status, 201, r.text);
  const fr = mailTo('gov_poll_opened', french.email);
  assert.equal(fr.subject, `Un sondage dans Comité ${city} : ${title}`);
  assert.ok(fr.body.includes(`dans Comité ${city} :`), fr.body);
  assert.ok(!fr.body.includes('Comissão') && !fr.body.includes(' committee'), `no other language's name: ${fr.body}`);
  assert.equal(mailTo('gov_poll_opened', english.email).subject, `A poll in ${city} committee: ${title}`);
  assert.equal(mailTo('gov_poll_opened', portuguese.email).subject, `Uma sondagem em Comissão de ${city}: ${title}`);
  // closed from an English request: the French reader still reads French
  const poll = r.json().poll;
  const closed = await opener.client.api('POST', `/polls/${poll.id}/close`, { outcome: 'Lisbon it is.', review_at: Math.floor(Date.now() / 1000) + 50 * 86400 });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(mailTo('gov_poll_closed', french.email).subject, `Décidé dans Comité ${city} : ${title}`);
  assert.equal(mailTo('gov_poll_closed', portuguese.email).subject, `Decidido em Comissão de ${city}: ${title}`);
});

test('an election\'s committee in mail is in the reader\'s language: nominated and voting open, from Portuguese requests', async () => {
  // the region's connectors elect its committee: ca (French) and cb (English)
  const ca = await member(), cb = await member(), nominee = await member();
  await speaks(ca, 'fr');
  await speaks(cb, 'en');
  await speaks(nominee, 'fr');
  const ch = await chapter(ca, { metro_id: geo.metro.id });
  await chapter(cb, { metro_id: geo.metro2.id });
  await admit(ca, ch, nominee);
  const now = Math.floor(Date.now() / 1000);
  const made = await adm.api('POST', '/elections', { committee: geo.region.slug, title: `Region ${Date.now()}`, method: 'approval',
    seats: 1, nominations_close_at: now + 3600, closes_at: now + 7200 }, { headers: pt });
  assert.equal(made.status, 201, made.text);
  const el = made.json().election;
  const r = await ca.client.api('POST', `/elections/${el.id}/nominations`, { user_id: nominee.id }, { headers: pt });
  assert.equal(r.status, 201, r.text);
  const region = geo.region.name;
  const fr = mailTo('gov_election_nominated', nominee.email);
  assert.ok(fr.body.includes(`Comité ${region}`), fr.body);
  assert.ok(!fr.body.includes('Comissão'), `no Portuguese name: ${fr.body}`);
  assert.equal((await nominee.client.api('POST', `/elections/${el.id}/candidacy`, { answer: 'accept' })).status, 200);
  const o = await adm.api('POST', `/elections/${el.id}/open`, {}, { headers: pt });
  assert.equal(o.status, 200, o.text);
  const opened = mailTo('gov_election_opened', ca.email);
  assert.ok(opened.body.includes(`Comité ${region}`) && !opened.body.includes('Comissão'), opened.body);
  const en = mailTo('gov_election_opened', cb.email);
  assert.ok(en.body.includes(`the election of the ${region} committee (1 seat)`), en.body);
});
