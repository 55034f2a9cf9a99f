// imports.test.mjs - imports of members from CSV (a spreadsheet's or a Meetup
// group's member export) with a preview and a report, and the CSV exports of
// members, attendance and registrations: what comes in, what is refused and
// why, that nothing comes in twice, who may and who may not, and that the
// exports read back with a real CSV parser with formulas neutralised.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, Client, member, admin, chapter, admit, geography, unique, sql, mainOf, unconference } from './lib.mjs';

let geo, adm;
before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

// The cells of a CSV text as Python's csv module reads them.
function parseCsv(text) {
  const out = execFileSync('python3', ['-c', 'import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))'],
    { input: text, encoding: 'utf8' });
  return JSON.parse(out);
}

// A CSV line from cells, quoted where needed (as a spreadsheet writes it).
const line = (cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

// Sends a file through the upload form as multipart/form-data (what a browser sends).
async function upload(client, slug, text, filename = 'members.csv') {
  const fd = new FormData();
  fd.append('_csrf', client.csrf ?? await client.fetchCsrf());
  fd.append('csv', new Blob([text], { type: 'text/csv' }), filename);
  const res = new Response(fd);
  const body = Buffer.from(await res.arrayBuffer());
  return client.request('POST', `/chapters/${slug}/import`, { body, headers: { 'content-type': res.headers.get('content-type') } });
}

// An upload through the form, then its preview as the API shows it.
async function preview(client, slug, text) {
  const r = await upload(client, slug, text);
  assert.equal(r.status, 303, `upload answered ${r.status}: ${mainOf(r.text).slice(0, 400)}`);
  const id = r.location.match(/\/import\/(\d+)$/)[1];
  const v = await client.api('GET', `/chapters/${slug}/import/${id}`);
  assert.equal(v.status, 200, v.text);
  return { id, ...v.json().import };
}

// 1,000 rows of which exactly 20 are bad, of six kinds; the expected refusals by line.
function thousand(tag) {
  const rows = [['name', 'email', 'organisation', 'city']];
  const bad = new Map();
  for (let i = 0; i < 1000; i++) {
    const ln = i + 2;   // the heading is line 1
    const email = `m${i}.${tag}@import.example`;
    let cells = [`Member ${i} ${tag}`, email, `Org ${i}`, 'Nowhere'];
    if (i % 50 === 7) {
      const k = (i - 7) / 50;   // 0..19
      if (k < 4) { cells[1] = ''; bad.set(ln, /No e-mail address/); }
      else if (k < 8) { cells[1] = `not-an-address-${i}`; bad.set(ln, /is not a valid e-mail address/); }
      else if (k < 12) { cells[0] = ''; bad.set(ln, /No name/); }
      else if (k < 16) { cells[1] = `m${i - 1}.${tag}@import.example`.toUpperCase(); bad.set(ln, new RegExp(`same e-mail address as line ${ln - 1}`)); }
      else if (k < 18) { cells[0] = 'N'.repeat(81); bad.set(ln, /under 80 characters/); }
      else { cells[2] = 'O'.repeat(121); bad.set(ln, /organisation is longer than 120/); }
    }
    rows.push(cells);
  }
  return { text: `${rows.map(line).join('\r\n')}\r\n`, bad };
}

test('1,000 rows with 20 bad ones: the preview lists exactly those 20, the import takes the 980, a re-run imports nobody twice', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const { text, bad } = thousand(unique('t').toLowerCase());
  const p = await preview(owner.client, ch.slug, text);
  assert.equal(p.total, 1000);
  assert.equal(p.to_import, 980);
  assert.equal(p.already, 0);
  assert.equal(p.refused.length, 20);
  assert.deepEqual(p.refused.map((x) => x.line), [...bad.keys()]);
  for (const r of p.refused) assert.match(r.reason, bad.get(r.line), `line ${r.line}: ${r.reason}`);
  assert.equal(sql(`SELECT count(*) FROM memberships m JOIN chapters c ON c.id = m.chapter_id WHERE c.slug = '${ch.slug}'`), '1', 'nothing before the confirmation');

  const page = await owner.client.get(`/chapters/${ch.slug}/import/${p.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`data-confirm="Import 980 members into ${ch.name}\\?"`));
  assert.match(mainOf(page.text), /<td>9<\/td><td><\/td><td>No e-mail address.<\/td>/);

  const done = await owner.client.post(`/chapters/${ch.slug}/import/${p.id}`, {});
  assert.equal(done.status, 303);
  assert.match(decodeURIComponent(done.headers.get('set-cookie') || ''), /980 imported/);
  const members = (await owner.client.api('GET', `/chapters/${ch.slug}/members`)).json().members;
  assert.equal(members.length, 981);
  const report = (await owner.client.api('GET', `/chapters/${ch.slug}/import/${p.id}`)).json().import;
  assert.deepEqual([report.is_done, report.imported, report.skipped, report.invited], [true, 980, 0, 0]);
  assert.equal(sql(`SELECT count(*) FROM users WHERE email LIKE '%.${text.match(/m0\.([^@]+)@/)[1]}@import.example'`), '980');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'import_welcome' AND to_email LIKE '%@import.example' AND to_email LIKE 'm%.${text.match(/m0\.([^@]+)@/)[1]}@%'`), '0', 'no mail unless asked');
  const twice = await owner.client.post(`/chapters/${ch.slug}/import/${p.id}`, {});
  assert.equal(twice.status, 409, 'a confirmed import is not confirmed again');

  const again = await preview(owner.client, ch.slug, text);
  assert.deepEqual([again.to_import, again.already, again.refused.length], [0, 980, 20]);
  assert.match((await owner.client.get(`/chapters/${ch.slug}/import/${again.id}`)).text, /Nobody new to import/);
  const rerun = await owner.client.api('POST', `/chapters/${ch.slug}/import/${again.id}`, {});
  assert.equal(rerun.status, 200, rerun.text);
  assert.deepEqual(rerun.json().result, { imported: 0, skipped: 980, invited: 0 });
  assert.equal((await owner.client.api('GET', `/chapters/${ch.slug}/members`)).json().members.length, 981);
});

test('an existing account is matched by its address in any case, keeps its name, and is not told apart from a new one', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const other = await member();
  const elsewhere = await chapter(other, { metro_id: geo.metro.id });
  const known = await member();
  await admit(other, elsewhere, known);
  const fresh = `${unique('new').toLowerCase()}@import.example`;
  const text = `Name,E-mail\r\nSomeone Else,${known.email.toUpperCase()}\r\nNew Person,${fresh}\r\n`;
  const p = await preview(owner.client, ch.slug, text);
  assert.deepEqual([p.to_import, p.already, p.refused.length], [2, 0, 0], 'a member of another chapter is one more to import');
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/import/${p.id}`, { send_invitations: true });
  assert.deepEqual(r.json().result, { imported: 2, skipped: 0, invited: 2 });
  assert.equal(sql(`SELECT name FROM users WHERE id = ${known.id}`), known.name);
  assert.equal(sql(`SELECT count(*) FROM users WHERE email = '${known.email}'`), '1');
  // the welcome: a new account gets a link to choose its password; the known one does not
  const knownMail = sql(`SELECT body FROM outbox WHERE kind = 'import_welcome' AND to_email = '${known.email}'`);
  assert.match(knownMail, new RegExp(`added you to ${ch.name}`));
  assert.doesNotMatch(knownMail, /password\/reset/);
  const freshMail = sql(`SELECT body FROM outbox WHERE kind = 'import_welcome' AND to_email = '${fresh}'`);
  const token = freshMail.match(/\/password\/reset\/([A-Za-z0-9_-]+)/)[1];
  const guess = new Client();
  await guess.fetchCsrf();
  const refused = await guess.post('/login', { email: fresh, password: 'any password at all' });
  assert.notEqual(refused.status, 303, 'an account without a password lets nobody in');
  const c = new Client();
  const form = await c.get(`/password/reset/${token}`);
  assert.equal(form.status, 200);
  const set = await c.post(`/password/reset/${token}`, { new_password: 'a new password 123' });
  assert.equal(set.status, 303, mainOf(set.text).slice(0, 300));
  const again = new Client();
  await again.login(fresh, 'a new password 123');
  const mine = (await again.api('GET', '/me')).json();
  assert.ok(JSON.stringify(mine).includes(ch.slug), 'the new account is a member of the chapter');
});

test('a Meetup member export is recognised and imported; one without addresses is refused with what to do', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const tag = unique('mu').toLowerCase();
  const head = ['Name', 'User ID', 'Title', 'Member ID', 'Location', 'Joined Group on', 'Last visited group on', 'Intro', 'Photo',
    'Assistant Organizer', 'Mailing List', 'URL of Member Profile'];
  const rows = [
    ['Ana Meetup', 'user 1', '', '101', geo.metro.name, '01/02/2024', '03/04/2025', 'I run a bakery.', 'Yes', '', 'Yes', 'https://www.meetup.com/g/members/101'],
    ['Rui Meetup', 'user 2', 'Co-organizer', '102', 'Atlantis', '01/02/2024', '03/04/2025', '', 'No', 'Yes', 'Yes', 'https://www.meetup.com/g/members/102'],
  ];
  const without = await upload(owner.client, ch.slug, [head, ...rows].map(line).join('\n'), 'Meetup members.csv');
  assert.equal(without.status, 422);
  assert.match(mainOf(without.text), /Meetup member export, which has no e-mail addresses/);
  assert.match(mainOf(without.text), /aria-invalid="true"/);
  const withEmail = [[...head, 'What is your e-mail address?'], [...rows[0], `ana.${tag}@import.example`], [...rows[1], `rui.${tag}@import.example`]];
  const p = await preview(owner.client, ch.slug, `\uFEFF${withEmail.map(line).join('\n')}\n`);
  assert.equal(p.format, 'meetup');
  assert.equal(p.to_import, 2);
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/import/${p.id}`, {});
  assert.equal(r.json().result.imported, 2);
  assert.equal(sql(`SELECT bio FROM users WHERE email = 'ana.${tag}@import.example'`), 'I run a bakery.');
  assert.equal(sql(`SELECT metro_id FROM users WHERE email = 'ana.${tag}@import.example'`), String(geo.metro.id), 'the city names a metro');
  assert.equal(sql(`SELECT coalesce(metro_id, 0) FROM users WHERE email = 'rui.${tag}@import.example'`), '0', 'an unknown city is left empty');
});

test('files that cannot be read are refused at the field, with the reason', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const cases = [
    ['', /Please choose a CSV file/],
    ['name,email\r\n"Ana,ana@x.example\r\n', /Line 2: a quoted cell is never closed/],
    ['who,where\r\nAna,Lisbon\r\n', /none is for the e-mail address/],
    ['email\r\nana@x.example\r\n', /none is for the name/],
    ['name,email\r\n', /headings but no rows/],
    [`name,email\n${Array.from({ length: 5001 }, (_, i) => `P ${i},p${i}@x.example`).join('\n')}`, /more than 5000 rows/],
  ];
  for (const [text, why] of cases) {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}/import`, { csv: text });
    assert.equal(r.status, 422, `${text.slice(0, 30)}: ${r.text}`);
    assert.equal(r.json().errors[0].field, 'csv');
    assert.match(r.json().errors[0].message, why);
  }
  const latin1 = Buffer.from('name,email\r\nJos\xe9,jose@x.example\r\n', 'latin1');
  const fd = new FormData();
  fd.append('_csrf', owner.client.csrf);
  fd.append('csv', new Blob([latin1]), 'latin1.csv');
  const res = new Response(fd);
  const r = await owner.client.request('POST', `/chapters/${ch.slug}/import`, { body: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type') } });
  assert.equal(r.status, 400);
  assert.match(r.text, /latin1\.csv&quot; is not UTF-8 text|latin1\.csv" is not UTF-8 text/);
  const big = `name,email\n${'x'.repeat(1100 * 1024)}\n`;
  const tooBig = await upload(owner.client, ch.slug, big, 'big.csv');
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.text, /The file is larger than this server takes \(1024 KB with the form\): split it/);
  assert.equal(sql(`SELECT count(*) FROM imports WHERE created_by = ${owner.id}`), '0');
});

test('who may import: connectors and administrators; not members, not connectors of another chapter, not anonymous; each sees only their own uploads', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const plain = await member();
  await admit(owner, ch, plain);
  const stranger = await member();
  await chapter(stranger, { metro_id: geo.metro.id });
  const second = await member();
  await admit(owner, ch, second);
  await owner.client.api('POST', `/chapters/${ch.slug}/members/${second.id}/connector`, {});
  const text = `name,email\r\nZed,${unique('z').toLowerCase()}@import.example\r\n`;
  const p = await preview(owner.client, ch.slug, text);
  for (const who of [plain, stranger]) {
    assert.equal((await who.client.get(`/chapters/${ch.slug}/import`)).status, 403);
    assert.equal((await who.client.api('POST', `/chapters/${ch.slug}/import`, { csv: text })).status, 403);
    assert.equal((await who.client.api('GET', `/chapters/${ch.slug}/import/${p.id}`)).status, 403);
    assert.equal((await who.client.api('POST', `/chapters/${ch.slug}/import/${p.id}`, {})).status, 403);
    assert.equal((await who.client.api('GET', `/chapters/${ch.slug}/members.csv`)).status, 403);
    assert.equal((await who.client.api('GET', `/chapters/${ch.slug}/attendance.csv`)).status, 403);
  }
  const anon = new Client();
  assert.equal((await anon.api('GET', `/chapters/${ch.slug}/import/${p.id}`)).status, 401);
  assert.equal((await anon.api('POST', `/chapters/${ch.slug}/import`, { csv: text }, { csrf: false })).status, 401);
  assert.equal((await anon.get(`/chapters/${ch.slug}/members.csv`)).status, 401, 'a program is told to log in (problem+json)');
  const browser = await fetch(`${BASE}/chapters/${ch.slug}/members.csv`, { headers: { accept: 'text/html,*/*;q=0.8' }, redirect: 'manual' });
  assert.equal(browser.status, 303, 'a person in a browser is sent to the login form');
  assert.equal((await second.client.api('GET', `/chapters/${ch.slug}/import/${p.id}`)).status, 404, 'another connector does not see my upload');
  assert.equal((await second.client.api('POST', `/chapters/${ch.slug}/import/${p.id}`, {})).status, 404);
  const byAdmin = await adm.api('POST', `/chapters/${ch.slug}/import`, { csv: text });
  assert.equal(byAdmin.status, 201, byAdmin.text);
  assert.equal(byAdmin.json().import.to_import, 1);
  assert.equal(sql(`SELECT count(*) FROM memberships m JOIN chapters c ON c.id = m.chapter_id WHERE c.slug = '${ch.slug}'`), '3');
});

test('exports: members and attendance for connectors, registrations for organisers, read back as CSV with formulas neutralised', async () => {
  const owner = await member({ metro_id: geo.metro.id });
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const tag = unique('x').toLowerCase();
  const csv = `name,email,organisation\r\n"=HYPERLINK(""http://evil.example"",""x"")",f.${tag}@import.example,"+1 Corp"\r\n"Quote ""Q"" Person",q.${tag}@import.example,"Line, with comma"\r\n`;
  const p = await preview(owner.client, ch.slug, csv);
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}/import/${p.id}`, {})).status, 200);

  const r = await owner.client.get(`/chapters/${ch.slug}/members.csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="${ch.slug}-members.csv"`);
  const rows = parseCsv(r.text);
  assert.deepEqual(rows[0], ['name', 'role', 'joined_on', 'organisation', 'city', 'sector'], 'connectors get no addresses');
  const byName = Object.fromEntries(rows.slice(1).map((x) => [x[0], x]));
  assert.ok(byName[`'=HYPERLINK("http://evil.example","x")`], `the formula is neutralised: ${Object.keys(byName)}`);
  assert.equal(byName[`'=HYPERLINK("http://evil.example","x")`][3], "'+1 Corp");
  assert.equal(byName['Quote "Q" Person'][3], 'Line, with comma');
  assert.equal(byName[owner.name][1], 'connector');
  assert.match(byName[owner.name][2], /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(byName[owner.name][4], geo.metro.name);
  const asAdmin = parseCsv((await adm.get(`/chapters/${ch.slug}/members.csv`)).text);
  assert.deepEqual(asAdmin[0].slice(0, 2), ['name', 'email']);
  assert.ok(asAdmin.some((x) => x[1] === `q.${tag}@import.example`));

  const m = await owner.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: '2027-09-15', time: '18:00' });
  assert.equal(m.status, 201, m.text);
  await owner.client.api('POST', `/chapters/${ch.slug}/meetings/${m.json().meeting.id}/rsvp`, { answer: 'yes' });
  const att = await owner.client.get(`/chapters/${ch.slug}/attendance.csv`);
  assert.equal(att.status, 200);
  const arows = parseCsv(att.text);
  assert.deepEqual(arows[0], ['meeting', 'timezone', 'meeting_status', 'name', 'rsvp', 'present']);
  const mine = arows.find((x) => x[3] === owner.name);
  assert.deepEqual(mine, ['2027-09-15 18:00', 'Europe/Lisbon', 'scheduled', owner.name, 'yes', '']);
  assert.equal(arows.length, 1 + 3, 'a row for each member of the chapter at that meeting');
  assert.equal((await adm.get(`/chapters/${ch.slug}/attendance.csv`)).status, 403, 'meetings stay in the chapter');

  const guest = await member();
  const camp = await unconference(adm, owner, geo.metro, { attendees: [guest] });
  const g = await owner.client.get(`${camp.base}/registrations.csv`);
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('content-disposition'), `attachment; filename="${camp.event.slug}-registrations.csv"`);
  const grows = parseCsv(g.text);
  assert.deepEqual(grows[0], ['name', 'email', 'tier', 'status', 'code', 'paid', 'checked_in_at', 'registered_at']);
  assert.equal(grows.length, 2);
  assert.deepEqual(grows[1].slice(0, 4), [guest.name, '', 'Free', 'ticket'], 'a member\'s address is not for the organiser');
  assert.equal(parseCsv((await adm.get(`${camp.base}/registrations.csv`)).text)[1][1], guest.email);
  assert.equal((await guest.client.get(`${camp.base}/registrations.csv`)).status, 403, 'an attendee is not an organiser');
});

test('chapters from CSV (administrators): checked against the cities and sectors, started with their connectors, never twice', async () => {
  const runner = await member();
  const tag = unique('ch');
  const rows = [
    ['name', 'city', 'sector', 'description', 'capacity', 'connector'],
    [`Founders ${tag}`, geo.metro.name.toUpperCase(), geo.sector.name, 'We meet monthly.', '20', runner.email],   // 2
    [`Makers ${tag}`, geo.metro2.name, '', '', '', ''],                                                          // 3: the importer connects
    [`Nowhere ${tag}`, 'Atlantis', '', '', '', ''],                                                              // 4: no such city
    [`Traders ${tag}`, geo.metro.name, 'Alchemy', '', '', ''],                                                   // 5: no such sector
    [`Tiny ${tag}`, geo.metro.name, '', '', '1', ''],                                                            // 6: capacity
    [`founders ${tag}`, geo.metro.name, '', '', '', ''],                                                         // 7: the same as line 2
    [`Ghost ${tag}`, geo.metro.name, '', '', '', 'nobody.here@import.example'],                                  // 8: no such account
    ['', geo.metro.name, '', '', '', ''],                                                                        // 9: no name
  ];
  const text = `${rows.map(line).join('\n')}\n`;
  const member1 = await member();
  assert.equal((await member1.client.api('POST', '/admin/import', { csv: text })).status, 403, 'not for members');
  const r = await adm.api('POST', '/admin/import', { csv: text });
  assert.equal(r.status, 201, r.text);
  const p = r.json().import;
  assert.deepEqual([p.total, p.to_import, p.already], [8, 2, 0]);
  const why = Object.fromEntries(p.refused.map((x) => [x.line, x.reason]));
  assert.deepEqual(p.refused.map((x) => x.line), [4, 5, 6, 7, 8, 9], 'in the order of the lines');
  assert.match(why[4], /No city of the network is called "Atlantis"/);
  assert.match(why[5], /No sector is called "Alchemy"/);
  assert.match(why[6], /between 2 and 500 members/);
  assert.match(why[7], /The same name and city as line 2/);
  assert.match(why[8], /No account uses nobody\.here@import\.example/);
  assert.match(why[9], /No name/);
  const page = await adm.get(`/admin/import/${p.id}`);
  assert.match(page.text, /data-confirm="Start 2 chapters, each forming, with its connector\?"/);
  const done = await adm.post(`/admin/import/${p.id}`, {});
  assert.equal(done.status, 303);
  const founders = sql(`SELECT slug || '|' || status || '|' || capacity || '|' || coalesce(sector_id, 0) FROM chapters WHERE name = 'Founders ${tag}'`).split('|');
  assert.deepEqual(founders.slice(1), ['forming', '20', String(geo.sector.id)]);
  const view = (await runner.client.api('GET', `/chapters/${founders[0]}`)).json();
  assert.equal(view.viewer.role, 'connector', 'the row\'s connector runs it');
  const adminId = (await adm.api('GET', '/me')).json().user.id;
  assert.equal(sql(`SELECT count(*) FROM memberships m JOIN chapters c ON c.id = m.chapter_id WHERE c.name = 'Makers ${tag}' AND m.user_id = ${adminId} AND m.role = 'connector'`), '1');
  const again = (await adm.api('POST', '/admin/import', { csv: text })).json().import;
  assert.deepEqual([again.to_import, again.already], [0, 2]);
  assert.deepEqual((await adm.api('POST', `/admin/import/${again.id}`, {})).json().result, { imported: 0, skipped: 2 });
  assert.equal(sql(`SELECT count(*) FROM chapters WHERE name LIKE '%${tag}'`), '2');
});
