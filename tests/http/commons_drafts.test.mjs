// commons_drafts.test.mjs - from confidential to commons, only with consent (issue 13, point 3).
//
// A chapter's meeting: its connector (the author) shares a challenge with the network, two
// members answer it with stories (one of them twice), another member's challenge is not shared.
// Only the round's author may draft it, only once it is shared, only once; the draft is a story
// item that names the two members as quoted; nobody else sees it or the meeting's words; it is
// invisible in the commons (pages, API, lists, search, feeds) until every quoted member consents;
// one of them taking consent back withdraws it everywhere and leaves a tombstone with the reason.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BIN, Client, admin, member, chapter, admit, geography, unique, mainOf, documented, sql } from './lib.mjs';

let adm, geo, author, teller, other, outsider, ch, base, shared, unshared, success;
const CANARY = unique('CANARYROUND');          // in the shared challenge (shared anonymised, then drafted)
const SECRET = unique('CANARYUNSHARED');       // in a challenge nobody shared: never leaves the chapter
const EDITED = unique('CANARYDRAFT');          // written into the draft by its author
const routes = JSON.parse(execFileSync(BIN, ['routes', '--json'], { encoding: 'utf8' })).map((r) => `${r.method} ${r.path}`);
const hasSearch = routes.includes('GET /search');
const hasFeed = routes.includes('GET /commons.atom');   // the feeds area's
// (search is the search area's: checked here once GET /search exists)

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  author = await member({ metro_id: geo.metro.id, sector_id: geo.sector.id });
  teller = await member();
  other = await member();
  outsider = await member();
  ch = await chapter(author, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(author, ch, teller);
  await admit(author, ch, other);
  await chapter(outsider, { metro_id: geo.metro2.id });
  const date = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  const m = (await author.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '23:00' })).json().meeting;
  base = `/chapters/${ch.slug}/meetings/${m.id}`;
  const phase = async (p) => assert.equal((await author.client.api('POST', `${base}/phase`, { phase: p })).status, 200);
  const post = async (who, path, body) => {
    const r = await who.client.api('POST', path, body);
    assert.equal(r.status, 201, r.text);
    return r.json();
  };
  await phase('checkin');
  success = (await post(author, `${base}/rounds`, { kind: 'success', body: 'We found a sponsor for the autumn.' })).round;
  shared = (await post(author, `${base}/rounds`, { kind: 'challenge', body: `${CANARY} Our venue closed; the bank manager stopped answering.` })).round;
  unshared = (await post(teller, `${base}/rounds`, { kind: 'challenge', body: `${SECRET} My co-founder is leaving.` })).round;
  await phase('successes');
  await phase('challenges');
  await post(teller, `${base}/rounds/${shared.id}/stories`, { body: 'When our venue closed, the library lent us a room.' });
  await post(other, `${base}/rounds/${shared.id}/stories`, { body: 'We met in a park all summer.' });
  await post(teller, `${base}/rounds/${shared.id}/stories`, { body: 'Later a school opened its hall to us.' });
  for (const r of [shared, success])
    assert.equal((await author.client.api('POST', `${base}/rounds/${r.id}/share`, { shared: true })).status, 200);
});

const draft = (who, round) => who.client.api('POST', '/commons/drafts', round === undefined ? {} : { round_id: round });

// Everything anyone outside the draft could read: the item's page and API face, the lists and
// counts, search and the feeds (when those areas exist). Returns the texts, by where they came from.
async function everywhere(c, slug, words) {
  const out = {
    page: await c.get(`/commons/${slug}`),
    api: await c.get(`/api/v1/commons/${slug}`),
    home: await c.get('/commons'),
    homeApi: await c.get('/api/v1/commons'),
    tag: await c.get('/api/v1/commons/tags/challenge'),
    author: await c.get(`/api/v1/commons/authors/${author.id}`),
  };
  if (hasSearch) {   // the results only: the search page and API repeat the words asked
    const api = await c.get(`/api/v1/search?q=${encodeURIComponent(words)}`);
    out.search = { status: api.status, text: JSON.stringify(JSON.parse(api.text).results) };
    const page = await c.get(`/search?q=${encodeURIComponent(words)}`);
    out.searchPage = { status: page.status, text: (page.text.split('id="results-title"')[1] || '').split('</section>')[0] };
  }
  if (hasFeed) {
    for (const f of ['/commons.atom', '/commons/tags/challenge.atom', `/places/${geo.metro.slug}/commons.atom`,
      `/sectors/${geo.sector.slug}/commons.atom`, `/chapters/${ch.slug}/commons.atom`, `/commons/authors/${author.id}.atom`])
      out[`feed ${f}`] = await c.get(f);
  }
  return out;
}

function nowhere(found, words, who) {
  for (const [where, r] of Object.entries(found)) {
    assert.ok(!r.text.includes(words), `${who} found "${words}" at ${where} (${r.status})`);
  }
}

test('only the round\'s author may draft it, only once it is shared, only once', async () => {
  assert.equal((await new Client().api('POST', '/commons/drafts', { round_id: shared.id }, { csrf: false })).status, 401);
  for (const who of [teller, other, outsider]) {
    const r = await draft(who, shared.id);
    assert.equal(r.status, 403, `${who.name}: ${r.text}`);
    assert.match(r.json().detail, /Only the member who shared this challenge/);
    assert.ok(!r.text.includes(CANARY), 'the refusal does not quote the round');
  }
  assert.equal((await adm.api('POST', '/commons/drafts', { round_id: shared.id })).status, 403, 'not even an administrator');
  const notShared = await draft(teller, unshared.id);
  assert.equal(notShared.status, 409, 'a round not shared cannot be drafted');
  assert.match(notShared.json().detail, /not shared with the network/);
  assert.ok(!notShared.text.includes(SECRET));
  assert.equal((await draft(author, unshared.id)).status, 403, 'nor by anyone else');
  const missing = await draft(author);
  assert.equal(missing.status, 422);
  assert.equal(missing.json().errors[0].field, 'round_id');
  assert.equal((await draft(author, 'twelve')).status, 422);
  assert.equal((await draft(author, 999999999)).status, 404);
  // a form on the page answers with the page again, the message at the field
  const form = await author.client.post('/commons/drafts', { round_id: '' });
  assert.equal(form.status, 422);
  assert.match(form.text, /Say which of your shared successes or challenges/);
});

let slug;
test('the author drafts it: a story item naming the members it quotes, seen by nobody else', async () => {
  const made = await draft(author, shared.id);
  assert.equal(made.status, 201, made.text);
  const item = made.json().item;
  slug = item.slug;
  assert.equal(made.location, `/api/v1/commons/${slug}`);
  assert.equal(item.kind, 'story');
  assert.equal(item.status, 'draft');
  assert.equal(item.origin, 'meeting');
  assert.equal(item.place.id, geo.metro.id);
  assert.equal(item.sector.id, geo.sector.id);
  assert.equal(item.chapter.slug, ch.slug);
  assert.equal(item.title, `A challenge from a chapter meeting in ${geo.metro.name}`);
  assert.ok(!slug.includes(CANARY.toLowerCase()) && !slug.includes('bank'), `the permanent address keeps nothing of the round: ${slug}`);
  assert.ok(item.summary.startsWith(`“${CANARY} Our venue closed`), item.summary);
  assert.match(item.body, /Before you publish, edit this draft so that no one can be recognised/);
  for (const s of ['the library lent us a room', 'park all summer', 'a school opened its hall']) assert.ok(item.body.includes(s), s);
  for (const name of [author.name, teller.name, other.name, ch.name]) assert.ok(!item.body.includes(name) && !item.summary.includes(name), `no ${name}`);
  const quoted = item.people.filter((p) => p.role === 'quoted').map((p) => p.id).sort();
  assert.deepEqual(quoted, [teller.id, other.id].sort(), 'each member quoted is named once');
  assert.ok(item.people.every((p) => p.role === 'quoted' ? p.consent === 'asked' : true));

  const again = await draft(author, shared.id);
  assert.equal(again.status, 409, 'only once');
  assert.match(again.json().detail, new RegExp(`/commons/${slug}`));

  // the page's button takes the author to the edit form
  const page = await author.client.post('/commons/drafts', { round_id: success.id });
  assert.equal(page.status, 303, page.text.slice(0, 300));
  assert.match(page.location, /^\/commons\/[a-z0-9-]+\/edit$/);

  // the named read it; nobody else learns it exists
  for (const who of [author, teller, other]) assert.equal((await who.client.get(`/api/v1/commons/${slug}`)).status, 200);
  for (const [who, c] of [['outsider', outsider.client], ['administrator', adm], ['anonymous', new Client()]]) {
    assert.equal((await c.get(`/api/v1/commons/${slug}`)).status, 404, who);
    nowhere(await everywhere(c, slug, CANARY), CANARY, who);
  }
});

test('the author removes what identifies people; the draft\'s words stay with those it names', async () => {
  const edit = await author.client.api('POST', `/commons/${slug}/edit`, {
    title: 'A venue closed: where a chapter met next',
    summary: 'Where a chapter met when its venue closed.',
    body: `${EDITED} When our meeting place closed, members found rooms: a library, a park, a school hall.`,
    note: 'Removed what identifies people',
  });
  assert.equal(edit.status, 201, edit.text);
  const seen = (await teller.client.api('GET', `/commons/${slug}`)).json().item;
  assert.ok(seen.body.includes(EDITED), 'the quoted member reads the edited draft');
  for (const [who, c] of [['outsider', outsider.client], ['administrator', adm], ['anonymous', new Client()]])
    nowhere(await everywhere(c, slug, EDITED), EDITED, who);
});

test('the quoted member reads what they told and the draft on their consent page', async () => {
  const page = await teller.client.get(`/commons/${slug}/quoted`);
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  assert.match(main, /A story that quotes you/);
  assert.match(main, /When our venue closed, the library lent us a room\./, 'their story as they told it');
  assert.match(main, /Later a school opened its hall to us\./);
  assert.ok(!main.includes('We met in a park all summer.'), 'not the other member\'s story as told');
  assert.ok(main.includes(EDITED), 'the draft as it stands');
  assert.match(main, /0 of 2/);
  assert.match(main, /name="consent" value="give"/);
  const api = (await teller.client.api('GET', `/commons/${slug}/quoted`)).json();
  assert.equal(api.stories.length, 2);
  assert.equal(api.viewer.role, 'quoted');
  assert.deepEqual(api.people, { quoted: 2, consented: 0 });
  assert.equal(api.from_meeting, true);
  const own = await author.client.get(`/commons/${slug}/quoted`);
  assert.equal(own.status, 200);
  assert.match(mainOf(own.text), /You are its author/);
  assert.equal((await outsider.client.api('GET', `/commons/${slug}/quoted`)).status, 404);
  assert.equal((await adm.api('GET', `/commons/${slug}/quoted`)).status, 404);
  assert.equal((await new Client().get(`/api/v1/commons/${slug}/quoted`)).status, 401);
});

test('nothing is public until every quoted member consents', async () => {
  const asked = await author.client.api('POST', `/commons/${slug}/publish`, {});
  assert.equal(asked.status, 200, asked.text);
  assert.equal(asked.json().item.status, 'consenting');
  // both quoted members are asked by mail (once each, as members it quotes), nobody else; no words of its body
  const asking = (who) => sql(`SELECT body FROM outbox WHERE kind = 'commons_consent_asked' AND to_email = '${who.email}'`);
  for (const who of [teller, other]) {
    const body = asking(who);
    assert.match(body, /It quotes a story you told/, `${who.email} is asked`);
    assert.equal(body.split('It quotes a story you told').length, 2, 'once');
    assert.ok(body.includes(`/commons/${slug}`), 'with the way to the draft');
    assert.ok(!body.includes(EDITED) && !body.includes(SECRET), 'no words of the body');
  }
  assert.equal(asking(author), '', 'the author asked to publish: not asked');
  assert.equal(asking(outsider), '');
  const anon = new Client();
  nowhere(await everywhere(anon, slug, EDITED), EDITED, 'anonymous, while consenting');

  assert.equal((await teller.client.api('POST', `/commons/${slug}/consent`, { consent: 'give' })).status, 200);
  assert.deepEqual((await teller.client.api('GET', `/commons/${slug}/quoted`)).json().people, { quoted: 2, consented: 1 });
  nowhere(await everywhere(anon, slug, EDITED), EDITED, 'anonymous, with one of two consents');
  nowhere(await everywhere(outsider.client, slug, EDITED), EDITED, 'outsider, with one of two consents');

  assert.equal((await other.client.api('POST', `/commons/${slug}/consent`, { consent: 'give' })).status, 200);
  const found = await everywhere(anon, slug, EDITED);
  assert.equal(found.page.status, 200);
  assert.ok(found.page.text.includes(EDITED), 'the page shows it');
  assert.equal(found.api.json().item.status, 'published');
  assert.ok(found.homeApi.text.includes(slug), 'listed');
  assert.ok(found.author.text.includes(slug), 'on its author\'s page');
  if (hasSearch) assert.ok(found.search.text.includes(slug), 'found by search');
  for (const [where, r] of Object.entries(found))
    if (where.startsWith('feed')) assert.ok(r.text.includes(slug) && r.text.includes(EDITED), `in the ${where}`);
  nowhere(found, SECRET, 'anonymous, once published');
});

test('the shared stories page links the published item, and /stories moved there', async () => {
  const moved = await outsider.client.get('/stories?page=1');
  assert.equal(moved.status, 301);
  assert.equal(moved.location, '/commons/stories');
  const api = await outsider.client.get('/api/v1/stories?page=2');
  assert.equal(api.status, 301);
  assert.equal(api.location, '/api/v1/commons/stories?page=2');
  const page = (await outsider.client.api('GET', '/commons/stories?kind=challenge')).json();
  const card = page.shared.find((x) => x.id === shared.id);
  assert.ok(card, 'the shared challenge is on the page');
  assert.equal(card.item.slug, slug);
  assert.equal(card.answers.length, 3);
  const text = JSON.stringify(page.shared);
  for (const s of [SECRET, author.name, teller.name, ch.name, ch.slug]) assert.ok(!text.includes(s), `anonymised (${s})`);
  assert.ok(page.shared.every((x) => x.kind === 'challenge'), 'filtered');
  assert.deepEqual(page.mine, [], 'the outsider shared nothing');
  const mine = (await author.client.api('GET', '/commons/stories')).json().mine;
  const row = mine.find((x) => x.id === shared.id);
  assert.equal(row.can_draft, false);
  assert.equal(row.item.status, 'published');
  assert.equal(mine.find((x) => x.id === success.id).can_draft, false, 'the success was drafted from the page');
  assert.equal((await outsider.client.get('/commons/stories?kind=story')).status, 400);
  assert.equal((await outsider.client.get('/commons/stories?page=0')).status, 400);
  const html = mainOf((await author.client.get('/commons/stories')).text);
  assert.match(html, /Yours, shared with the network/);
  assert.match(html, new RegExp(`In the commons: <a href="/commons/${slug}">`));
  assert.ok(!html.includes(SECRET));
  const teller_ = mainOf((await teller.client.get('/commons/stories')).text);
  assert.ok(!teller_.includes('Make a commons draft'), 'the teller shared nothing of their own');
  assert.match(teller_, /Drafts that quote your stories/);
  assert.ok(teller_.includes(`href="/commons/${slug}/quoted"`), 'the way to the consent page');
  const quoting = (await teller.client.api('GET', '/commons/stories')).json().quoting;
  assert.deepEqual(quoting.find((x) => x.slug === slug).consent, 'given');
  assert.deepEqual((await outsider.client.api('GET', '/commons/stories')).json().quoting, []);
});

test('a quoted member taking consent back withdraws it everywhere and leaves a tombstone', async () => {
  const noReason = await other.client.api('POST', `/commons/${slug}/consent`, { consent: 'withdraw' });
  assert.equal(noReason.status, 422, 'a reason is required');
  const reason = `It still tells who we are ${unique('r')}`;
  const back = await other.client.api('POST', `/commons/${slug}/consent`, { consent: 'withdraw', reason });
  assert.equal(back.status, 200, back.text);
  for (const [who, c] of [['anonymous', new Client()], ['outsider', outsider.client], ['author', author.client]]) {
    const found = await everywhere(c, slug, EDITED);
    nowhere(found, EDITED, `${who}, after withdrawal`);
    nowhere(found, CANARY, `${who}, after withdrawal`);
    assert.ok(found.page.text.includes(reason), `${who}: the tombstone gives the reason`);
    const item = found.api.json().item;
    assert.equal(item.status, 'withdrawn');
    assert.equal(item.withdrawn_reason, reason);
    assert.equal(item.body, undefined, 'no words');
    assert.ok(!found.homeApi.text.includes(slug), 'not listed');
    for (const [where, r] of Object.entries(found))
      if (where.startsWith('feed') || where.startsWith('search')) assert.ok(!r.text.includes(slug), `${who}: gone from ${where}`);
  }
  const page = (await outsider.client.api('GET', '/commons/stories')).json();
  assert.equal(page.shared.find((x) => x.id === shared.id).item, null, 'no longer linked');
  const quoted = await other.client.get(`/commons/${slug}/quoted`);
  assert.equal(quoted.status, 200);
  assert.match(mainOf(quoted.text), /Withdrawn on/);
  assert.ok(mainOf(quoted.text).includes(reason));
});

// Every answer of the drafts' API checked against docs/openapi.json.
test('the drafts answer as documented', async () => {
  const check = await documented();
  // a second challenge, shared by the other member and answered by the teller
  const round = (await other.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: 'Our accountant retired.' })).json().round;
  await teller.client.api('POST', `${base}/rounds/${round.id}/stories`, { body: 'We found ours through the chamber of commerce.' });
  assert.equal((await other.client.api('POST', `${base}/rounds/${round.id}/share`, { shared: true })).status, 200);
  check(await draft(teller, round.id), '/commons/drafts', 'post');
  check(await draft(other), '/commons/drafts', 'post');
  check(await draft(other, 999999999), '/commons/drafts', 'post');
  check(await draft(teller, unshared.id), '/commons/drafts', 'post');
  const made = await draft(other, round.id);
  check(made, '/commons/drafts', 'post');
  check(await draft(other, round.id), '/commons/drafts', 'post');
  const s = made.json().item.slug;
  check(await teller.client.api('GET', `/commons/${s}/quoted`), '/commons/{item}/quoted');
  check(await other.client.api('GET', `/commons/${s}/quoted`), '/commons/{item}/quoted');
  check(await outsider.client.api('GET', `/commons/${s}/quoted`), '/commons/{item}/quoted');
  check(await new Client().get(`/api/v1/commons/${s}/quoted`), '/commons/{item}/quoted');
  check(await other.client.api('GET', `/commons/${slug}/quoted`), '/commons/{item}/quoted');   // the tombstone
  check(await teller.client.api('GET', '/commons/stories'), '/commons/stories');
  check(await author.client.api('GET', '/commons/stories?kind=success&page=1'), '/commons/stories');
  check(await teller.client.api('GET', '/commons/stories?kind=other'), '/commons/stories');
  check(await new Client().get('/api/v1/stories'), '/stories');
});
