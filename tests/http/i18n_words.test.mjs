// i18n_words.test.mjs - no English left on French and Portuguese pages (issue 20): the words pages
// make from stored values (a commons item's kind, origin and status, a search result's kind, the
// search's filters, a chapter's status on /me, the reach of an item…) read in the page's language.
// Each page is read in English and in French and Portuguese, and every short piece of text that is
// the same in both and made only of the English catalog's words is a leak (words.mjs); what people
// typed is data (the strings of the same answer in the API, and unique tokens in names). The API's
// labels (kind_name, status_label, …) are checked the same way.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, admit, chapter, geography, unique, sql, unconference } from './lib.mjs';
import { englishLeft, englishLabelsLeft, visiblePieces } from './words.mjs';

const LANGS = { fr: 'fr-FR,fr;q=0.9', pt: 'pt-PT,pt;q=0.9' };
const EN = { 'accept-language': 'en' };
const KINDS = ['notes', 'tool', 'technique', 'template', 'story', 'recording'];
let adm, geo, ana, bea, ch, tag, network;
const items = {};

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  network = sql("SELECT value FROM settings WHERE key = 'network_name'") || 'Glocal network';   // a name, as the administrators wrote it
  tag = `w${unique('').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
  ana = await member({ name: `Ana ${tag}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  bea = await member({ name: `Bea ${tag}` });
  ch = await chapter(ana, { name: `Circle ${tag}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(ana, ch, bea);
  for (const kind of KINDS) {
    const r = await ana.client.api('POST', '/commons', { kind, title: `${tag} ${kind}`, summary: `About ${tag}.`,
      body: `What ${tag} learnt.`, tags: tag, chapter_id: ch.id, url: kind === 'recording' ? 'https://example.org/v' : undefined });
    assert.equal(r.status, 201, r.text);
    items[kind] = r.json().item;
  }
  // a draft, one waiting for a quoted member's consent, the others published
  assert.equal((await ana.client.api('POST', `/commons/${items.story.slug}/people`, { email: bea.email, role: 'quoted' })).status, 200);
  for (const kind of KINDS.filter((k) => k !== 'notes'))
    assert.equal((await ana.client.api('POST', `/commons/${items[kind].slug}/publish`, {})).status, 200);
});

// The strings people typed in an API answer: every string but the labels.
function typed(json, out = []) {
  if (Array.isArray(json)) json.forEach((x) => typed(x, out));
  else if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      if (typeof v === 'string' && !/(^|_)labels?$|^kind_name$|^origin_name$|_text$/.test(k)) out.push(v);
      else typed(v, out);
    }
  }
  return out;
}

// The names people gave things on this node (the other test files' too, which lists show): data, in any language.
function names() {
  return sql(`SELECT name FROM chapters UNION ALL SELECT name FROM places UNION ALL SELECT name FROM sectors
    UNION ALL SELECT name FROM organisations UNION ALL SELECT name FROM users UNION ALL SELECT name FROM apps
    UNION ALL SELECT title FROM events UNION ALL SELECT name FROM ticket_tiers UNION ALL SELECT title FROM commons_items
    UNION ALL SELECT title FROM unconf_sessions UNION ALL SELECT name FROM unconf_rooms`).split('\n');
}

// Reads `path` as `who` in English, French and Portuguese, on the page and in the API; fails on English left.
async function speaks(who, path) {
  const en = await who.get(path, { headers: EN });
  assert.equal(en.status, 200, `${path}: ${en.status}`);
  const apiEn = await who.api('GET', path, undefined, { headers: EN });
  const data = [network, ...names(), ...(apiEn.status === 200 ? typed(apiEn.json()) : [])];
  for (const [lang, accept] of Object.entries(LANGS)) {
    const page = await who.get(path, { headers: { 'accept-language': accept } });
    assert.match(page.text, new RegExp(`<html lang="${lang}">`), path);
    assert.deepEqual(englishLeft(en.text, page.text, lang, data), [], `English left on ${path} in ${lang}`);
    if (apiEn.status !== 200) continue;
    const api = await who.api('GET', path, undefined, { headers: { 'accept-language': accept } });
    assert.deepEqual(englishLabelsLeft(apiEn.json(), api.json(), lang), [], `English labels left in /api/v1${path} in ${lang}`);
  }
  return en.text;
}

test('the finder finds an English label left on a French page, and lets names and translated words pass', () => {
  const en = `<html lang="en"><body><main><h1>Circle ${tag}</h1><p><span>Story</span> · <span>Active</span></p></main></body></html>`;
  const fr = `<html lang="fr"><body><main><h1>Circle ${tag}</h1><p><span>Story</span> · <span>Active</span></p></main></body></html>`;
  assert.deepEqual(englishLeft(en, fr, 'fr'), ['Story'], 'a kind left English; "Active" is French too; a name passes');
  assert.deepEqual(englishLeft(en, fr, 'pt'), ['Story', 'Active']);
  assert.deepEqual(englishLeft(en, fr.replace('Story', 'Récit'), 'fr'), []);
  assert.ok(visiblePieces('<input type="submit" value="Send the claim"><img alt="A map">').has('A map'));
  assert.deepEqual(englishLabelsLeft({ kind_name: 'Story', title: 'Story' }, { kind_name: 'Story', title: 'Story' }, 'fr'),
    ['.kind_name: Story'], 'labels, not titles');
});

test('the commons speak the reader\'s language: kinds, origins, statuses, the filters, an item and its tag', async () => {
  const home = await speaks(ana.client, '/commons');
  assert.match(home, /Session notes|Template/, 'the kinds are on the page, so the check saw them');
  for (const kind of KINDS) await speaks(ana.client, `/commons?kind=${kind}`);
  const mine = await speaks(ana.client, '/commons/mine');
  assert.match(mine, /Draft/);
  assert.match(mine, /Waiting for consent/);
  const fr = await ana.client.get('/commons/mine', { headers: { 'accept-language': LANGS.fr } });
  assert.match(fr.text, /Brouillon/);
  for (const kind of KINDS) await speaks(ana.client, `/commons/${items[kind].slug}`);
  await speaks(new Client(), `/commons/tags/${tag}`);
  await speaks(ana.client, '/commons/new');
  await speaks(ana.client, '/commons/stories');
  await speaks(bea.client, `/commons/${items.story.slug}/quoted`);
});

test('the search speaks the reader\'s language: each result\'s kind and the filter\'s choices', async () => {
  const en = await speaks(ana.client, `/search?q=${tag}`);
  assert.match(en, /Commons items/);
  await speaks(ana.client, `/search?q=${tag}&kind=item:story`);
  await speaks(ana.client, `/search?q=${encodeURIComponent(`Circle ${tag}`)}&kind=chapter`);
  const pt = await ana.client.api('GET', `/search?q=${tag}`, undefined, { headers: { 'accept-language': LANGS.pt } });
  assert.ok(pt.json().results.some((r) => r.kind_label === 'Ferramenta'), 'a tool is a "Ferramenta" in Portuguese');
});

test('a member\'s own pages and a chapter\'s speak the reader\'s language: statuses, roles', async () => {
  const me = await speaks(ana.client, '/me');
  assert.match(me, /Forming/);
  const pt = await ana.client.get('/me', { headers: { 'accept-language': LANGS.pt } });
  assert.match(pt.text, /<span class="badge forming">Em formação<\/span>/);
  await speaks(ana.client, `/chapters/${ch.slug}`);
  await speaks(new Client(), `/chapters/${ch.slug}`);
  await speaks(ana.client, `/members/${bea.id}`);
  await speaks(ana.client, '/home');
});

test('a meeting and the home speak the reader\'s language: answers, steps, the rounds, what waits', async () => {
  const date = new Date(Date.now() + 3 * 86400 * 1000).toISOString().slice(0, 10);
  const made = await ana.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '18:30', venue: `Room ${tag}` });
  assert.equal(made.status, 201, made.text);
  const base = `/chapters/${ch.slug}/meetings/${made.json().meeting.id}`;
  assert.equal((await bea.client.api('POST', `${base}/rsvp`, { answer: 'maybe' })).status, 200);
  const planned = await speaks(ana.client, base);
  assert.match(planned, /Challenges and stories/);
  const roster = (await ana.client.api('GET', base, undefined, { headers: { 'accept-language': LANGS.pt } })).json().roster;
  assert.equal(roster.find((x) => x.id === bea.id)?.answer_label, 'Talvez', JSON.stringify(roster));
  const home = await speaks(bea.client, '/home');
  assert.match(home, /You might come/);
  assert.equal((await ana.client.api('POST', `${base}/phase`, { phase: 'checkin' })).status, 200);
  assert.equal((await bea.client.api('POST', `${base}/rounds`, { kind: 'success', body: `${tag} went well.` })).status, 201);
  const open = await speaks(bea.client, base);
  assert.match(open, /Edit your success/);
  await speaks(bea.client, `${base}/live`);
  assert.equal((await ana.client.api('POST', `/chapters/${ch.slug}/series`, { week: 2, weekday: 'SA', time: '09:00' })).status, 200);
  const schedule = await speaks(ana.client, `/chapters/${ch.slug}/meetings`);
  assert.match(schedule, /the second Saturday of every month/);
  const sat = await ana.client.get(`/chapters/${ch.slug}/meetings`, { headers: { 'accept-language': LANGS.pt } });
  assert.match(sat.text, /no segundo sábado de cada mês/, 'the ordinal agrees with the day in Portuguese');
  const moved = await ana.client.post(`${base}/phase`, { phase: 'successes' }, { headers: { 'accept-language': LANGS.pt } });
  assert.equal(moved.status, 303);
  const after = await ana.client.get(moved.headers.get('location'), { headers: { 'accept-language': LANGS.pt } });
  assert.match(after.text, /Agora: Sucessos\./, 'the flash message names the step in Portuguese');
});

test('the books and an event speak the reader\'s language: kinds of lines, visibilities, claims, the canvas, prices, the split', async () => {
  const org = (await ana.client.api('POST', '/organisations', { name: `Org ${tag}`, kind: 'sponsor' })).json().organisation;
  const rec = (body) => ana.client.api('POST', `/chapters/${ch.slug}/ledger`, body);
  assert.equal((await rec({ kind: 'contribution', counterpart: `member:${bea.id}`, resource: 'HOURS', amount: '2', description: `Hours ${tag}` })).status, 201);
  assert.equal((await rec({ kind: 'contribution', counterpart: `org:${org.slug}`, resource: 'FAVOURS', amount: '1', description: `Room ${tag}` })).status, 201);
  assert.equal((await rec({ kind: 'income', counterpart: `member:${bea.id}`, resource: 'EUR', amount: '15', description: `Fee ${tag}`, visibility: 'public' })).status, 201);
  assert.equal((await bea.client.api('POST', `/chapters/${ch.slug}/claims`, { description: `Coffee ${tag}`, amount: '8.40', resource: 'EUR' })).status, 201);
  const books = await speaks(ana.client, `/chapters/${ch.slug}/ledger`);
  assert.match(books, /Contribution/);
  await speaks(bea.client, `/chapters/${ch.slug}/ledger`);
  await speaks(new Client(), `/chapters/${ch.slug}/canvas`);
  await speaks(ana.client, `/chapters/${ch.slug}/canvas`);
  await speaks(new Client(), `/places/${geo.metro.slug}/ledger`);
  await speaks(new Client(), '/organisations');
  const camp = await unconference(adm, ana, geo.metro, { attendees: [bea] });
  await speaks(ana.client, camp.base);
  await speaks(bea.client, camp.base);
  await speaks(ana.client, '/events/new');
  await speaks(new Client(), `/apps/${camp.app.slug}`);
});

test('governance, growth, a chapter\'s invitations and an unconference\'s board speak the reader\'s language', async () => {
  await speaks(new Client(), '/governance');
  await speaks(adm, '/growth/funnel');
  await speaks(new Client(), `/growth/funnel?place=${geo.country.slug}`);
  await speaks(adm, '/growth/attention');
  await speaks(ana.client, `/chapters/${ch.slug}/growth`);
  await speaks(ana.client, `/chapters/${ch.slug}/invitations`);
  const cy = await member({ name: `Cy ${tag}` });
  assert.equal((await cy.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: `Hello ${tag}` })).status, 201);
  await speaks(ana.client, `/chapters/${ch.slug}/join-requests`);
  const camp = await unconference(adm, ana, geo.metro, { attendees: [bea] });
  assert.equal((await bea.client.api('POST', `${camp.base}/sessions`, { title: `Session ${tag}`, kind: 'workshop' })).status, 201);
  const board = await speaks(bea.client, `${camp.base}/board`);
  assert.match(board, /Workshop/);
  await speaks(ana.client, '/events/splits');
});
