// organisations.test.mjs - an organisation's managers (issue 20): administrators add and remove
// them; a manager edits the organisation's profile and logo and adds or removes other managers,
// but may not remove the last one (an administrator may); the organisation's page lists them and
// offers the forms to those who may; a member's page lists the organisations they manage. Bad
// input: an unknown member, a name that names nobody, a manager added twice, a profile refused.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, member, admin, unique, mainOf, sql } from './lib.mjs';

const logo = readFileSync(new URL('./fixtures/pictures/logo.png', import.meta.url));
let adm;

async function organisation(kind = 'sponsor') {
  const r = await adm.api('POST', '/organisations', { name: `Managed ${unique()}`, kind, website: 'https://managed.example' });
  assert.equal(r.status, 201, r.text);
  return r.json().organisation;
}

async function sendLogo(client, slug) {
  const fd = new FormData();
  fd.append('_csrf', client.csrf ?? await client.fetchCsrf());
  fd.append('picture', new Blob([logo], { type: 'image/png' }), 'logo.png');
  const res = new Response(fd);
  const body = Buffer.from(await res.arrayBuffer());
  return client.request('POST', `/organisations/${slug}/logo`, { body, headers: { 'content-type': res.headers.get('content-type') } });
}

const managerIds = async (c, slug) => (await c.api('GET', `/organisations/${slug}/managers`)).json().managers.map((m) => m.user_id);

before(async () => {
  adm = await admin();
});

test('an administrator adds a manager, who then edits the profile and the logo', async () => {
  const org = await organisation();
  const boss = await member(), other = await member();
  // before: only administrators may
  assert.equal((await boss.client.api('POST', `/organisations/${org.slug}`, { website: 'https://taken.example' })).status, 403);
  const add = await adm.api('POST', `/organisations/${org.slug}/managers`, { member: boss.id });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.location, `/api/v1/organisations/${org.slug}/managers`);
  assert.deepEqual(add.json().managers.map((m) => [m.user_id, m.name]), [[boss.id, boss.name]]);
  assert.deepEqual(await managerIds(other.client, org.slug), [boss.id], 'members see who manages it');
  // the new manager is told, in their language
  const mail = sql(`SELECT subject || '|' || body FROM outbox WHERE kind = 'organisation_manager_added' AND to_email = '${boss.email}'`);
  assert.ok(mail.startsWith(`You now manage ${org.name}|`), mail);
  assert.ok(mail.includes(`Ada Admin made you a manager of ${org.name}.`) && mail.includes(`/organisations/${org.slug}`), mail);
  // the manager edits the profile; the slug, the books' name of it, stays
  const form = await boss.client.get(`/organisations/${org.slug}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<option value="sponsor" selected>/);
  const newName = `Renamed ${unique()}`;
  const up = await boss.client.post(`/organisations/${org.slug}`, { name: newName, kind: 'venue', website: 'https://renamed.example' });
  assert.equal(up.status, 303, mainOf(up.text).slice(0, 400));
  assert.equal(up.location, `/organisations/${org.slug}`);
  const shown = (await boss.client.api('GET', `/organisations/${org.slug}`)).json().organisation;
  assert.deepEqual([shown.name, shown.kind, shown.website, shown.slug], [newName, 'venue', 'https://renamed.example', org.slug]);
  // through the API, only what changes
  const api = await boss.client.api('POST', `/organisations/${org.slug}`, { website: '' });
  assert.equal(api.status, 200, api.text);
  assert.deepEqual([api.json().organisation.name, api.json().organisation.website], [newName, '']);
  // and the logo
  assert.equal((await boss.client.get(`/organisations/${org.slug}/logo`)).status, 200);
  const pic = await sendLogo(boss.client, org.slug);
  assert.equal(pic.status, 303, mainOf(pic.text).slice(0, 300));
  assert.match((await new Client().get(`/organisations/${org.slug}`)).text, /<img class="logo" src="[^"]+" alt="Logo of /);
  assert.equal((await boss.client.post(`/organisations/${org.slug}/logo/delete`, {})).status, 303);
  // another member may not, nor a visitor
  assert.equal((await other.client.api('POST', `/organisations/${org.slug}`, { name: 'Taken' })).status, 403);
  assert.equal((await other.client.get(`/organisations/${org.slug}/edit`)).status, 403);
  assert.equal((await sendLogo(other.client, org.slug)).status, 403);
  assert.equal((await other.client.api('POST', `/organisations/${org.slug}/managers`, { member: other.id })).status, 403);
  assert.equal((await new Client().api('GET', `/organisations/${org.slug}/managers`)).status, 401);
});

test('the organisation\'s page lists its managers and offers the forms to those who may; a member\'s page lists what they manage', async () => {
  const org = await organisation('venue');
  const boss = await member(), second = await member(), other = await member();
  assert.equal((await second.client.api('POST', '/me', { language: 'fr' })).status, 200);
  assert.equal((await adm.api('POST', `/organisations/${org.slug}/managers`, { member: boss.id })).status, 201);
  // the manager adds another by name, through the picker's form (no script: the name typed)
  const byName = await boss.client.post(`/organisations/${org.slug}/managers`, { member: second.name });
  assert.equal(byName.status, 303, mainOf(byName.text).slice(0, 400));
  assert.equal(byName.location, `/organisations/${org.slug}#managers`);
  assert.equal(sql(`SELECT subject FROM outbox WHERE kind = 'organisation_manager_added' AND to_email = '${second.email}'`),
    `Vous gérez désormais ${org.name}`, 'in French, the reader\'s language');
  const page = await boss.client.get(`/organisations/${org.slug}`);
  const main = mainOf(page.text);
  assert.ok(main.includes(`<a href="/members/${boss.id}">${boss.name}</a>`), 'the managers, linked');
  assert.ok(main.includes(`<a href="/members/${second.id}">${second.name}</a>`));
  assert.match(main, /Added by Ada Admin/);
  assert.match(main, new RegExp(`action="/organisations/${org.slug}/managers/${second.id}/remove"`), 'the remove buttons');
  assert.match(main, new RegExp(`href="/organisations/${org.slug}/edit"`));
  assert.match(main, /<h3>Add a manager<\/h3>/);
  // another member sees who manages it, without the forms; a visitor sees neither
  const seen = mainOf((await other.client.get(`/organisations/${org.slug}`)).text);
  assert.ok(seen.includes(`<a href="/members/${boss.id}">${boss.name}</a>`));
  assert.doesNotMatch(seen, /Add a manager|\/remove"|\/edit"/);
  const anon = mainOf((await new Client().get(`/organisations/${org.slug}`)).text);
  assert.doesNotMatch(anon, /Managers|\/members\//);
  // the member's page says what they manage
  const profile = await other.client.get(`/members/${second.id}`);
  assert.ok(mainOf(profile.text).includes(`Organisations ${second.name} manages</h2>`), mainOf(profile.text).slice(-800));
  assert.ok(mainOf(profile.text).includes(`<a href="/organisations/${org.slug}">${org.name}</a>`));
  const own = (await second.client.api('GET', `/members/${second.id}`)).json();
  assert.deepEqual(own.managed_organisations.map((o) => o.slug), [org.slug]);
  assert.match(mainOf((await second.client.get(`/members/${second.id}`)).text), /Organisations que vous gérez/, "their own page, in their language");
  // an organisation without managers says who looks after it
  const lone = await organisation();
  assert.match(mainOf((await other.client.get(`/organisations/${lone.slug}`)).text), /No managers yet: the network's administrators look after this organisation\./);
});

test('bad input: an unknown member, a name that names nobody, no one chosen, a manager twice, a refused profile', async () => {
  const org = await organisation();
  const boss = await member();
  const unknown = await adm.api('POST', `/organisations/${org.slug}/managers`, { member: 987654321 });
  assert.equal(unknown.status, 422, unknown.text);
  assert.equal(unknown.json().errors[0].field, 'member');
  assert.match(unknown.json().errors[0].message, /There is no member numbered 987654321/);
  const nobody = await adm.post(`/organisations/${org.slug}/managers`, { member: `Nobody ${unique()}` });
  assert.equal(nobody.status, 422);
  assert.match(nobody.text, /id="member-error"/, 'the form again, the error at the picker');
  const none = await adm.api('POST', `/organisations/${org.slug}/managers`, {});
  assert.equal(none.status, 422);
  assert.equal(none.json().errors[0].field, 'member');
  assert.equal((await adm.api('POST', `/organisations/${org.slug}/managers`, { member: boss.id })).status, 201);
  const twice = await boss.client.api('POST', `/organisations/${org.slug}/managers`, { member: boss.id });
  assert.equal(twice.status, 422, twice.text);
  assert.match(twice.json().errors[0].message, /already manages this organisation/);
  assert.deepEqual(await managerIds(adm, org.slug), [boss.id], 'still one row');
  const missing = await adm.api('POST', `/organisations/no-such-org-${unique()}/managers`, { member: boss.id });
  assert.equal(missing.status, 404);
  // the profile
  const empty = await boss.client.api('POST', `/organisations/${org.slug}`, { name: '' });
  assert.equal(empty.status, 422);
  assert.equal(empty.json().errors[0].field, 'name');
  const ftp = await boss.client.post(`/organisations/${org.slug}`, { name: org.name, kind: 'sponsor', website: 'ftp://x.example' });
  assert.equal(ftp.status, 422);
  assert.match(ftp.text, /id="website-error"/);
  const kind = await boss.client.api('POST', `/organisations/${org.slug}`, { kind: 'bank' });
  assert.equal(kind.json().errors[0].field, 'kind');
  const another = await organisation();
  const taken = await boss.client.api('POST', `/organisations/${org.slug}`, { name: another.name.toUpperCase() });
  assert.equal(taken.status, 422);
  assert.match(taken.json().errors[0].message, /There is already an organisation called/);
});

test('a manager who adds themself is not mailed about it', async () => {
  const org = await organisation();
  const me = (await adm.api('GET', '/me')).json().user;
  assert.equal((await adm.api('POST', `/organisations/${org.slug}/managers`, { member: me.id })).status, 201);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'organisation_manager_added' AND subject LIKE '%${org.name}'`), '0');
});

test('managers remove managers, but not the last one; an administrator may', async () => {
  const org = await organisation();
  const a = await member(), b = await member(), other = await member();
  assert.equal((await adm.api('POST', `/organisations/${org.slug}/managers`, { member: a.id })).status, 201);
  assert.equal((await a.client.api('POST', `/organisations/${org.slug}/managers`, { member: b.id })).status, 201);
  assert.equal((await other.client.api('POST', `/organisations/${org.slug}/managers/${b.id}/remove`, {})).status, 403);
  assert.equal((await new Client().api('POST', `/organisations/${org.slug}/managers/${b.id}/remove`, {}, { csrf: false })).status, 401);
  assert.equal((await a.client.api('POST', `/organisations/${org.slug}/managers/${other.id}/remove`, {})).status, 404, 'not a manager');
  const gone = await b.client.api('POST', `/organisations/${org.slug}/managers/${a.id}/remove`, {});
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(gone.json().managers.map((m) => m.user_id), [b.id]);
  // b is the last: b may not leave, and the page offers no remove button
  const last = await b.client.api('POST', `/organisations/${org.slug}/managers/${b.id}/remove`, {});
  assert.equal(last.status, 409, last.text);
  assert.match(last.json().detail, /last manager/);
  assert.match(mainOf((await b.client.get(`/organisations/${org.slug}`)).text), /You are its only manager: add another before you leave\./);
  assert.doesNotMatch(mainOf((await b.client.get(`/organisations/${org.slug}`)).text), /managers\/\d+\/remove/);
  // a has lost the rights
  assert.equal((await a.client.api('POST', `/organisations/${org.slug}`, { name: 'Mine again' })).status, 403);
  // the administrator removes the last one
  const byAdmin = await adm.api('POST', `/organisations/${org.slug}/managers/${b.id}/remove`, {});
  assert.equal(byAdmin.status, 200, byAdmin.text);
  assert.deepEqual(byAdmin.json().managers, []);
  assert.equal((await b.client.get(`/organisations/${org.slug}/edit`)).status, 403);
});

test('an organisation has at most 50 managers: the 51st is refused at the field', async () => {
  const org = await organisation();
  const tag = unique('cap').toLowerCase();
  const rows = Array.from({ length: 50 }, (_, i) => `('${tag}-${i}@test.example', 'Cap ${i}', 'x', 1, 1)`).join(', ');
  sql(`INSERT INTO users (email, name, password_hash, created_at, password_changed_at) VALUES ${rows}`);
  sql(`INSERT INTO organisation_managers (organisation_id, user_id, created_at)
    SELECT ${org.id}, id, 1 FROM users WHERE email LIKE '${tag}-%'`);
  const one = await member();
  const r = await adm.api('POST', `/organisations/${org.slug}/managers`, { member: one.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json().errors[0].field, 'member');
  assert.match(r.json().errors[0].message, /at most 50 managers/);
  assert.equal((await managerIds(adm, org.slug)).length, 50);
});
