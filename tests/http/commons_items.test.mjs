// commons_items.test.mjs - the commons' items through HTTP: who may create,
// edit, publish, consent, name people, adapt and see each item, on both faces
// (pages and /api/v1); bad input answered 422 at its field (an oversized body,
// an unknown licence, tags with markup, a link that is not http); consent: an
// item is invisible (pages, API, lists, tag and author pages) until everyone
// named consents, and taking consent back leaves a tombstone (410) with the
// reason and none of the words; the item page made for reading (rel="license",
// "based on", the line of adaptations); the network's default licence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf } from './lib.mjs';

let adm, geo, ana, bea, cy, out, anon, ch;

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  [ana, bea, cy, out] = [await member({ name: `Ana ${unique()}` }), await member({ name: `Bea ${unique()}` }),
    await member({ name: `Cy ${unique()}` }), await member({ name: `Out ${unique()}` })];
  anon = new Client();
  ch = await chapter(ana, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(ana, ch, bea);
});

after(async () => {   // leave the network's default as it was for the other files
  await adm.api('POST', '/commons/settings', { licence: 'cc-by-4.0' });
});

// A draft by `who` (through the API); returns the item.
async function draft(who, fields = {}) {
  const r = await who.client.api('POST', '/commons', { kind: 'notes', title: `Notes ${unique()}`, body: 'What we learnt.', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().item;
}

async function published(who, fields = {}) {
  const item = await draft(who, fields);
  const r = await who.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().item.status, 'published');
  return r.json().item;
}

const see = async (c, slug) => (await c.api('GET', `/commons/${slug}`)).status;
const listed = async (path, slug) => (await anon.api('GET', path)).json().items.some((i) => i.slug === slug);
const errorAt = (r, field) => r.json().errors.find((e) => e.field === field);

test('only those logged in add to the commons, and a new item is a draft only its author sees', async () => {
  const r = await anon.api('POST', '/commons', { kind: 'notes', title: 'Anonymous notes' }, { csrf: false });
  assert.equal(r.status, 401);
  const page = await anon.get('/commons/new');
  assert.equal(page.status, 303);
  assert.match(page.location, /^\/login/);

  const item = await draft(ana, { title: `Lean coffee ${unique()}`, tags: 'Facilitation, lean-coffee', chapter_id: ch.id,
    summary: 'DRAFT-WORDS summary' });
  assert.equal(item.status, 'draft');
  assert.equal(item.licence.code, 'cc-by-4.0', 'the network default');
  assert.equal(item.licence.url, 'https://creativecommons.org/licenses/by/4.0/');
  assert.deepEqual(item.tags, ['facilitation', 'lean-coffee']);
  assert.equal(item.origin, 'chapter');
  assert.equal(item.chapter.slug, ch.slug);
  assert.equal(item.place.id, geo.metro.id, "the chapter's city");
  assert.deepEqual(item.authors.map((a) => a.id), [ana.id]);
  assert.equal(await see(ana.client, item.slug), 200);
  for (const c of [anon, bea.client, out.client, adm]) assert.equal(await see(c, item.slug), 404, 'a draft exists only for those named');
  assert.equal(await listed('/commons', item.slug), false);
  assert.equal(await listed('/commons/tags/lean-coffee', item.slug), false);
  const mine = (await ana.client.api('GET', '/commons/mine')).json();
  assert.ok(mine.drafts.some((i) => i.slug === item.slug));
  const form = await ana.client.get('/commons/new');
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`<option value="${ch.id}"[^>]*>${ch.name}`), 'her chapter is offered');
});

test('bad input is answered 422 at its field, on both faces', async () => {
  const base = { kind: 'notes', title: 'Fine title' };
  const cases = [
    [{ body: 'x'.repeat(100001) }, 'body', /100,000 bytes/],
    [{ licence: 'cc-by-nc-4.0' }, 'licence', /CC BY 4.0, CC BY-SA 4.0 or CC0/],
    [{ tags: 'good <script>alert(1)</script>' }, 'tags', /lower-case letters, digits and hyphens/],
    [{ tags: '<b>bold</b>' }, 'tags', /lower-case letters/],
    [{ url: 'javascript:alert(1)' }, 'url', /http:\/\/ or https:\/\//],
    [{ title: '' }, 'title', /title/],
    [{ title: 'é'.repeat(201) }, 'title', /200 characters/],
    [{ kind: 'poem' }, 'kind', /session notes/],
    [{ summary: 's'.repeat(501) }, 'summary', /500 characters/],
    [{ chapter_id: 999999 }, 'chapter_id', /no such chapter/],
  ];
  for (const [fields, field, message] of cases) {
    const r = await ana.client.api('POST', '/commons', { ...base, ...fields });
    assert.equal(r.status, 422, `${field}: ${r.text.slice(0, 200)}`);
    assert.match(errorAt(r, field)?.message || '', message, `${field}: ${r.text.slice(0, 300)}`);
  }
  const other = await bea.client.api('POST', '/commons', { ...base, chapter_id: (await chapter(out, { metro_id: geo.metro.id })).id });
  assert.equal(other.status, 422);
  assert.match(errorAt(other, 'chapter_id').message, /only a chapter you belong to/);
  // the page shows the form again with the message at the field and what was typed
  const page = await ana.client.post('/commons', { kind: 'notes', title: 'Typed title', tags: 'ok <em>no</em>', body: 'Typed body' });
  assert.equal(page.status, 422);
  const main = mainOf(page.text);
  assert.match(main, /id="tags-error"/);
  assert.match(main, /aria-invalid="true"/);
  assert.match(main, /value="Typed title"/);
  assert.match(main, /Typed body<\/textarea>/);
  assert.doesNotMatch(main, /<em>no<\/em>/, 'markup typed is shown escaped');
  // an absurd size meets the server's limit first
  const huge = await ana.client.api('POST', '/commons', { ...base, body: 'x'.repeat(3 * 1024 * 1024) });
  assert.equal(huge.status, 413);
});

test('authors edit; every revision is kept; others may not', async () => {
  const item = await draft(ana, { title: `Stick ${unique()}`, tags: 'circles' });
  assert.equal((await bea.client.api('POST', `/commons/${item.slug}/edit`, { title: 'Mine' })).status, 404);
  assert.equal((await anon.api('POST', `/commons/${item.slug}/edit`, { title: 'Mine' }, { csrf: false })).status, 401);
  const r = await ana.client.api('POST', `/commons/${item.slug}/edit`, { title: `${item.title} revised`, tags: 'circles listening', note: 'Renamed' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().item.revision, 2);
  assert.equal(r.json().item.slug, item.slug, 'the permalink stays');
  assert.equal(r.json().item.body, item.body, 'fields not sent stay as they were');
  const bad = await ana.client.api('POST', `/commons/${item.slug}/edit`, { tags: 'x' });
  assert.equal(bad.status, 422);
  assert.ok(errorAt(bad, 'tags'));
  await ana.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal((await bea.client.api('POST', `/commons/${item.slug}/edit`, { title: 'Mine' })).status, 403);
  assert.equal((await bea.client.get(`/commons/${item.slug}/edit`)).status, 403);
  const history = (await anon.api('GET', `/commons/${item.slug}/history`)).json();
  assert.deepEqual(history.revisions.map((v) => v.number), [2, 1]);
  assert.equal(history.revisions[0].note, 'Renamed');
  const first = (await anon.api('GET', `/commons/${item.slug}/revisions/1`)).json();
  assert.equal(first.revision.title, item.title);
  assert.deepEqual(first.revision.tags, ['circles']);
  assert.equal((await anon.api('GET', `/commons/${item.slug}/revisions/9`)).status, 404);
  const page = await anon.get(`/commons/${item.slug}/history`);
  assert.match(page.text, /Revision 1:/);
  const form = await ana.client.get(`/commons/${item.slug}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="circles listening"/);
});

test('consent: invisible until everyone named consents; taking it back leaves a tombstone everywhere', async () => {
  const item = await draft(ana, { kind: 'story', title: `Late client ${unique()}`, body: 'CANARY-WORDS of the story', tags: 'clients' });
  // naming people: only authors, only members who exist
  assert.equal((await bea.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email })).status, 404);
  const nobody = await ana.client.api('POST', `/commons/${item.slug}/people`, { email: 'nobody@test.example' });
  assert.equal(nobody.status, 422);
  assert.match(errorAt(nobody, 'email').message, /no member with this address/);
  const badRole = await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email, role: 'boss' });
  assert.equal(badRole.status, 422);
  assert.ok(errorAt(badRole, 'role'));
  assert.equal((await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email, role: 'quoted' })).status, 200);
  const twice = await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email });
  assert.equal(twice.status, 422);
  assert.match(errorAt(twice, 'email').message, /already named/);
  assert.equal((await ana.client.api('POST', `/commons/${item.slug}/people`, { email: bea.email })).status, 200);
  assert.equal(await see(cy.client, item.slug), 200, 'the quoted member reads the draft');
  assert.equal((await cy.client.api('POST', `/commons/${item.slug}/publish`, {})).status, 403, 'only authors ask to publish');

  const asked = await ana.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal(asked.status, 200);
  assert.equal(asked.json().item.status, 'consenting');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM outbox WHERE kind = 'commons_consent_asked' AND to_email IN ('${cy.email}', '${bea.email}')`)), 2);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM outbox WHERE body LIKE '%CANARY-WORDS%'`)), 0, 'mail carries no body');
  const askedMail = (who) => sql(`SELECT body FROM outbox WHERE kind = 'commons_consent_asked' AND to_email = '${who.email}' ORDER BY id DESC LIMIT 1`);
  assert.match(askedMail(cy), new RegExp(`/commons/${item.slug}/quoted`), 'the member it quotes is sent to her page');
  assert.match(askedMail(bea), new RegExp(`/commons/${item.slug}(?!/quoted)`), 'an author to the item\'s page');
  assert.doesNotMatch(askedMail(bea), /\/quoted/);
  assert.equal(await see(anon, item.slug), 404);
  assert.equal(await see(out.client, item.slug), 404);
  const waiting = (await cy.client.api('GET', '/commons/mine')).json().waiting;
  assert.ok(waiting.some((i) => i.slug === item.slug));
  const cyPage = await cy.client.get(`/commons/${item.slug}`);
  assert.match(cyPage.text, /I consent to publishing it/);

  assert.equal((await out.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).status, 404);
  const noReason = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'withdraw' });
  assert.equal(noReason.status, 422);
  assert.ok(errorAt(noReason, 'reason'));
  const noAnswer = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'maybe' });
  assert.equal(noAnswer.status, 422);
  assert.equal((await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).status, 200);
  assert.equal(await see(anon, item.slug), 404, 'Bea has not consented yet');
  const last = await bea.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' });
  assert.equal(last.status, 200);
  assert.equal(last.json().item.status, 'published');
  assert.equal(await see(anon, item.slug), 200);
  assert.equal(await listed('/commons', item.slug), true);
  assert.equal(await listed('/commons/tags/clients', item.slug), true);
  assert.equal(await listed(`/commons/authors/${ana.id}`, item.slug), true);
  const pub = (await anon.api('GET', `/commons/${item.slug}`)).json().item;
  assert.equal(pub.people, undefined, 'the public never sees who is quoted');
  assert.deepEqual(pub.authors.map((a) => a.id).sort(), [ana.id, bea.id].sort());

  // Cy takes it back: a tombstone with the reason, and nothing of the words, anywhere
  const page = await cy.client.post(`/commons/${item.slug}/consent`, { consent: 'withdraw', reason: '' });
  assert.equal(page.status, 422);
  assert.match(mainOf(page.text), /id="reason-error"/);
  const gone = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'withdraw', reason: 'I was recognised.' });
  assert.equal(gone.status, 200);
  const api = await anon.api('GET', `/commons/${item.slug}`);
  assert.equal(api.status, 410);
  assert.equal(api.json().item.withdrawn_reason, 'I was recognised.');
  assert.doesNotMatch(api.text, /CANARY|Late client/);
  const html = await anon.get(`/commons/${item.slug}`);
  assert.equal(html.status, 410);
  assert.match(html.text, /This item was withdrawn/);
  assert.match(html.text, /I was recognised\./);
  assert.doesNotMatch(html.text, /CANARY|Late client/);
  assert.equal((await ana.client.get(`/commons/${item.slug}`)).status, 410, 'its authors see the tombstone too');
  assert.equal((await anon.api('GET', `/commons/${item.slug}/history`)).status, 410);
  assert.equal((await anon.api('GET', `/commons/${item.slug}/revisions/1`)).status, 410);
  for (const path of ['/commons', '/commons/tags/clients', `/commons/authors/${bea.id}`]) {
    const r = await anon.api('GET', path);
    assert.ok(r.status === 200 || r.status === 404, path);
    if (r.status === 200) assert.equal(r.json().items.some((i) => i.slug === item.slug), false, path);
  }
  assert.equal((await ana.client.api('POST', `/commons/${item.slug}/edit`, { title: 'Again' })).status, 409);
  assert.equal((await bea.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).status, 409);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM outbox WHERE kind = 'commons_withdrawn' AND to_email IN ('${ana.email}', '${bea.email}')`)), 2);
});

test('a member declining sends the item back to its authors as a draft', async () => {
  const item = await draft(ana, { kind: 'story', title: `Decline ${unique()}` });
  await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email, role: 'quoted' });
  await ana.client.api('POST', `/commons/${item.slug}/publish`, {});
  const r = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'withdraw', reason: 'Take my name out.' });
  assert.equal(r.status, 200);
  assert.equal(r.json().item.status, 'draft');
  assert.match(sql(`SELECT body FROM outbox WHERE kind = 'commons_declined' AND to_email = '${ana.email}' ORDER BY id DESC LIMIT 1`), /Take my name out\./);
  const again = await ana.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal(again.json().item.status, 'consenting', 'asked again');
});

// Consent is to the words that get published: an author changing them asks everyone else named again.
const inFeed = async (slug) => (await anon.get('/commons.atom')).text.includes(`/commons/${slug}`);
const inSearch = async (slug) => (await anon.api('GET', `/search?q=${encodeURIComponent(slug.split('-').slice(0, 3).join(' '))}`))
  .json().results.some((x) => x.url === `/commons/${slug}`);
const publicly = async (slug) => ({ page: await see(anon, slug), home: await listed('/commons', slug),
  feed: await inFeed(slug), search: await inSearch(slug) });
const reasked = (who, slug) => sql(`SELECT body FROM outbox WHERE kind = 'commons_consent_reasked' AND to_email = '${who.email}'`
  + ` AND body LIKE '%/commons/${slug}%' ORDER BY id DESC LIMIT 1`);

test('changing the words of a published item takes it out of public view until the others consent again', async () => {
  const item = await draft(ana, { kind: 'story', title: `Shared kitchen ${unique()}`, body: 'FIRST-VERSION of the story', tags: 'kitchens' });
  assert.equal((await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email, role: 'quoted' })).status, 200);
  assert.equal((await ana.client.api('POST', `/commons/${item.slug}/publish`, {})).json().item.status, 'consenting');
  assert.equal((await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).json().item.status, 'published');
  assert.deepEqual(await publicly(item.slug), { page: 200, home: true, feed: true, search: true });

  const tagged = await ana.client.api('POST', `/commons/${item.slug}/edit`, { tags: 'kitchens sharing' });
  assert.equal(tagged.json().item.status, 'published', 'new tags are not new words');
  const r = await ana.client.api('POST', `/commons/${item.slug}/edit`, { body: 'SECOND-VERSION, naming Cy', note: 'More detail' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().item.status, 'consenting');
  assert.deepEqual(await publicly(item.slug), { page: 404, home: false, feed: false, search: false }, 'out of public view');
  assert.equal((await anon.get(`/commons/${item.slug}`)).status, 404);
  assert.equal((await out.client.api('GET', `/commons/${item.slug}`)).status, 404);
  assert.equal((await anon.api('GET', `/commons/${item.slug}/history`)).status, 404);

  // Cy is asked again, by mail and on her pages, and reads the new words
  assert.match(reasked(cy, item.slug), new RegExp(`/commons/${item.slug}/quoted`), 'a quoted member is sent to her page');
  assert.equal(reasked(ana, item.slug), '', 'the editor is not asked');
  const waiting = (await cy.client.api('GET', '/commons/mine')).json().waiting.find((i) => i.slug === item.slug);
  assert.equal(waiting?.href, `/commons/${item.slug}/quoted`);
  const mine = await cy.client.get('/commons/mine');
  assert.match(mine.text, new RegExp(`href="/commons/${item.slug}/quoted">Read it and answer`));
  const quotedPage = await cy.client.get(`/commons/${item.slug}/quoted`);
  assert.equal(quotedPage.status, 200);
  assert.match(quotedPage.text, /SECOND-VERSION, naming Cy/);
  assert.doesNotMatch(quotedPage.text, /FIRST-VERSION/);
  assert.match(quotedPage.text, /I consent to publishing it/);
  assert.match(quotedPage.text, /name="revision" value="3"/, 'the form says which words she read');
  const stale = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give', revision: 2 });
  assert.equal(stale.status, 409, 'a consent to words replaced since is refused');
  assert.match(stale.json().detail, /changed since you read it/);
  assert.match((await cy.client.get(`/commons/${item.slug}`)).text, /SECOND-VERSION/);

  const again = await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give', revision: 3 });
  assert.equal(again.json().item.status, 'published');
  assert.deepEqual(await publicly(item.slug), { page: 200, home: true, feed: true, search: true });
  assert.match((await anon.get(`/commons/${item.slug}`)).text, /SECOND-VERSION/);
  const history = (await anon.api('GET', `/commons/${item.slug}/history`)).json();
  assert.deepEqual(history.revisions.map((v) => v.number), [3, 2, 1], 'every revision kept');
  assert.match((await anon.api('GET', `/commons/${item.slug}/revisions/1`)).json().revision.body, /FIRST-VERSION/);

  // alone on an item, an author's new words stay public
  const solo = await published(bea, { title: `Solo ${unique()}`, body: 'one' });
  assert.equal((await bea.client.api('POST', `/commons/${solo.slug}/edit`, { body: 'two' })).json().item.status, 'published');
  assert.equal(await see(anon, solo.slug), 200);
});

test('changing the words of an item waiting for consent asks again those who already consented', async () => {
  const item = await draft(ana, { title: `Waiting ${unique()}`, body: 'OLD-WORDS' });
  await ana.client.api('POST', `/commons/${item.slug}/people`, { email: bea.email });
  await ana.client.api('POST', `/commons/${item.slug}/people`, { email: cy.email, role: 'quoted' });
  await ana.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal((await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).json().item.status, 'consenting');
  const r = await ana.client.api('POST', `/commons/${item.slug}/edit`, { title: `${item.title} renamed` });
  assert.equal(r.json().item.status, 'consenting');
  assert.equal((await cy.client.api('GET', `/commons/${item.slug}`)).json().item.my_consent, 'asked', 'her consent was to the old title');
  assert.match(reasked(bea, item.slug), new RegExp(`/commons/${item.slug}(?!/quoted)`), 'an author is sent to the item\'s page');
  assert.match(reasked(cy, item.slug), new RegExp(`/commons/${item.slug}/quoted`));
  assert.equal((await bea.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).json().item.status, 'consenting');
  assert.deepEqual(await publicly(item.slug), { page: 404, home: false, feed: false, search: false }, 'Cy has not consented to the new title');
  assert.equal((await cy.client.api('POST', `/commons/${item.slug}/consent`, { consent: 'give' })).json().item.status, 'published');
  assert.deepEqual(await publicly(item.slug), { page: 200, home: true, feed: true, search: true });
});

test('adapting: members adapt published items; the line is shown; ShareAlike stays', async () => {
  const root = await published(ana, { title: `Open space ${unique()}`, licence: 'cc-by-sa-4.0', chapter_id: ch.id, tags: 'open-space' });
  const d = await draft(ana, { title: `Not yet ${unique()}` });
  assert.equal((await bea.client.api('POST', `/commons/${d.slug}/adapt`, { kind: 'notes', title: 'Too early' })).status, 404);
  assert.equal((await anon.api('POST', `/commons/${root.slug}/adapt`, { kind: 'notes', title: 'Anon' }, { csrf: false })).status, 401);
  const relicensed = await out.client.api('POST', `/commons/${root.slug}/adapt`, { kind: 'notes', title: 'Relicensed', licence: 'cc-by-4.0' });
  assert.equal(relicensed.status, 422);
  assert.match(errorAt(relicensed, 'licence').message, /ShareAlike/);
  const form = await out.client.get(`/commons/${root.slug}/adapt`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="cc-by-sa-4.0" checked/);
  const r = await out.client.api('POST', `/commons/${root.slug}/adapt`, { kind: 'notes', title: `Open space online ${unique()}`, body: 'Adapted.' });
  assert.equal(r.status, 201, r.text);
  const child = r.json().item;
  assert.equal(child.based_on.slug, root.slug);
  assert.equal(child.depth, 1);
  assert.equal(child.licence.code, 'cc-by-sa-4.0');
  assert.equal((await out.client.api('POST', `/commons/${child.slug}/publish`, {})).json().item.status, 'published');
  const view = (await anon.api('GET', `/commons/${root.slug}`)).json();
  assert.equal(view.adaptation_count, 1);
  assert.equal(view.adaptations[0].slug, root.slug);
  assert.equal(view.adaptations[0].children[0].slug, child.slug);
  const page = await anon.get(`/commons/${child.slug}`);
  assert.match(page.text, new RegExp(`Based on <a href="/commons/${root.slug}">`));
  assert.match(page.text, /<a rel="license" href="https:\/\/creativecommons.org\/licenses\/by-sa\/4.0\/"/);
  const rootPage = await anon.get(`/commons/${root.slug}`);
  assert.match(rootPage.text, new RegExp(`<a href="/commons/${child.slug}">`), 'the original lists its adaptation');
  assert.match(rootPage.text, /1 adaptation of this item/);
});

test('the pages: home, tags, author, mine; anonymous readers get finished pages', async () => {
  const item = await published(bea, { kind: 'technique', title: `Fishbowl ${unique()}`, tags: 'fishbowl', summary: 'Talk in a circle.',
    body: '## Steps\n\n- Put five chairs in the middle\n\n<script>alert(1)</script>' });
  const home = await anon.get('/commons');
  assert.equal(home.status, 200);
  assert.match(home.text, /<a href="\/commons" aria-current="page">Commons<\/a>/, 'the navigation marks the commons');
  assert.match(home.text, new RegExp(`href="/commons/${item.slug}"`));
  assert.match(home.text, /href="\/commons\/tags\/fishbowl"/);
  const kind = await anon.get('/commons?kind=technique');
  assert.match(kind.text, new RegExp(item.slug));
  assert.doesNotMatch((await anon.get('/commons?kind=recording')).text, new RegExp(item.slug));
  const show = await anon.get(`/commons/${item.slug}`);
  assert.match(show.text, /<h2>Steps<\/h2>/);
  assert.doesNotMatch(show.text, /<script>alert/, 'raw HTML in Markdown is dropped');
  assert.match(show.text, /rel="license"/);
  assert.match(show.text, /Talk in a circle\./);
  const tags = (await anon.api('GET', '/commons/tags')).json().tags;
  assert.ok(tags.some((t) => t.tag === 'fishbowl' && t.items >= 1));
  assert.equal((await anon.get('/commons/tags/fishbowl')).status, 200);
  assert.equal((await anon.get('/commons/tags/<b>')).status, 404);
  const author = await anon.get(`/commons/authors/${bea.id}`);
  assert.equal(author.status, 200);
  assert.match(author.text, new RegExp(bea.name));
  assert.equal((await anon.get(`/commons/authors/${cy.id}`)).status, 404, 'nobody has a page for nothing published');
  assert.equal((await anon.api('GET', '/commons/mine', undefined, { csrf: false })).status, 401);
  const mine = await bea.client.get('/commons/mine');
  assert.equal(mine.status, 200);
  assert.match(mine.text, new RegExp(item.slug));
  assert.match(home.text, /<a href="\/commons\/stories">/, 'the home links to the shared stories');
});

test('administrators choose the default licence', async () => {
  assert.equal((await ana.client.api('POST', '/commons/settings', { licence: 'cc0-1.0' })).status, 403);
  assert.equal((await anon.get('/commons/settings')).status, 303);
  const bad = await adm.api('POST', '/commons/settings', { licence: 'all-rights-reserved' });
  assert.equal(bad.status, 422);
  assert.ok(errorAt(bad, 'licence'));
  assert.equal((await adm.api('POST', '/commons/settings', { licence: 'cc-by-sa-4.0' })).status, 200);
  assert.equal((await adm.api('GET', '/commons/settings')).json().default_licence, 'cc-by-sa-4.0');
  const item = await draft(ana);
  assert.equal(item.licence.code, 'cc-by-sa-4.0');
  const chosen = await draft(ana, { licence: 'cc0-1.0' });
  assert.equal(chosen.licence.code, 'cc0-1.0', 'an author may choose another');
  assert.equal((await adm.api('POST', '/commons/settings', { licence: 'cc-by-4.0' })).status, 200);
});

// Every answer of the commons' API checked against docs/openapi.json (ajv, as openapi.test.mjs does for the others).
test('the answers conform to the documented schemas', async () => {
  const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const check = (res, path, method = 'get') => {
    let answer = doc.paths[path][method].responses[String(res.status)];
    assert.ok(answer, `${method} ${path} documents ${res.status}`);
    if (answer.$ref) answer = doc.components.responses[answer.$ref.split('/').pop()];
    const [type] = Object.keys(answer.content);
    assert.equal(res.headers.get('content-type').split(';')[0], type, `${method} ${path} ${res.status}`);
    const schema = answer.content[type].schema;
    const validate = ajv.compile(schema.$ref ? { $ref: schema.$ref.replace(/^#/, 'doc#') } : schema);
    assert.ok(validate(res.json()), `${method} ${path} ${res.status}: ${JSON.stringify(validate.errors?.slice(0, 3))} ${res.text.slice(0, 300)}`);
  };
  const root = await published(ana, { title: `Schema ${unique()}`, tags: 'schemas', chapter_id: ch.id });
  const created = await bea.client.api('POST', `/commons/${root.slug}/adapt`, { kind: 'tool', title: `Schema tool ${unique()}`, url: 'https://example.org/x' });
  check(created, '/commons/{item}/adapt', 'post');
  const child = created.json().item;
  check(await bea.client.api('POST', `/commons/${child.slug}/people`, { email: cy.email, role: 'quoted' }), '/commons/{item}/people', 'post');
  check(await bea.client.api('POST', `/commons/${child.slug}/edit`, { summary: 'Shorter.' }), '/commons/{item}/edit', 'post');
  check(await bea.client.api('POST', `/commons/${child.slug}/publish`, {}), '/commons/{item}/publish', 'post');
  check(await cy.client.api('POST', `/commons/${child.slug}/consent`, { consent: 'give' }), '/commons/{item}/consent', 'post');
  check(await anon.api('GET', `/commons/${root.slug}`), '/commons/{item}');
  check(await bea.client.api('GET', `/commons/${child.slug}`), '/commons/{item}');
  check(await anon.api('GET', `/commons/${root.slug}/history`), '/commons/{item}/history');
  check(await anon.api('GET', `/commons/${root.slug}/revisions/1`), '/commons/{item}/revisions/{id}');
  check(await anon.api('GET', '/commons?kind=tool'), '/commons');
  check(await anon.api('GET', '/commons/tags'), '/commons/tags');
  check(await anon.api('GET', '/commons/tags/schemas'), '/commons/tags/{tag}');
  check(await anon.api('GET', `/commons/authors/${ana.id}`), '/commons/authors/{member}');
  check(await cy.client.api('GET', '/commons/mine'), '/commons/mine');
  check(await adm.api('GET', '/commons/settings'), '/commons/settings');
  check(await ana.client.api('POST', '/commons', { kind: 'notes', title: '' }), '/commons', 'post');
  check(await cy.client.api('POST', `/commons/${child.slug}/consent`, { consent: 'withdraw', reason: 'Changed my mind.' }), '/commons/{item}/consent', 'post');
  check(await anon.api('GET', `/commons/${child.slug}`), '/commons/{item}');
  check(await anon.api('GET', `/commons/${child.slug}/history`), '/commons/{item}/history');
  check(await anon.api('GET', '/commons/nothing-here'), '/commons/{item}');
});
