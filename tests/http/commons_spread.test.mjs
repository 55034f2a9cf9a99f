// commons_spread.test.mjs - spread in the commons against a real server: who may
// and who may not record that a chapter or an event used an item, the refusals
// of bad input (an unknown outcome, a day in a wrong form or still to come, a
// use of a draft, a chapter that names nothing), the reach after uses in two
// cities and two countries (API, page, chart and its table), an author's reach,
// and the sponsors' report with its CSV (parsed: a header line, one line per
// item, no amount paid). Answers are checked against docs/openapi.json.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, lisbon, zoned, mainOf } from './lib.mjs';

let adminClient, geo, abroad;          // the registry: geo's country and a second country with a city
let ana, mia, bert, sam, olga;         // Ana runs chapter A (Mia is in it), Bert runs B abroad, Sam has no chapter, Olga organises events
let chA, chB, chO, theApp, theOrg;

// ---- the items, through the items area's API
async function draftItem(author, { chapter, event, kind = 'technique' } = {}) {
  const origin = event ? { origin: 'event', event_id: event.id } : chapter ? { origin: 'chapter', chapter_id: chapter.id } : { origin: 'network' };
  const r = await author.client.api('POST', '/commons', { kind, title: `Technique ${unique()}`, summary: 'Three questions every listener answers.',
    body: 'Ask, listen, *write it down*.', licence: 'cc-by-4.0', tags: 'pitch feedback', ...origin });
  assert.equal(r.status, 201, `an item: ${r.text}`);
  return r.json().item;
}

async function published(author, item) {
  const r = await author.client.api('POST', `/commons/${item.slug}/publish`, {});
  assert.equal(r.status, 200, `publishing: ${r.text}`);
  assert.equal(r.json().item.status, 'published');
  return r.json().item;
}

const publishedItem = async (author, opts) => published(author, await draftItem(author, opts));

// An adaptation of `item` by `author` for their chapter, published.
async function adaptation(author, item, chapter) {
  const r = await author.client.api('POST', `/commons/${item.slug}/adapt`, { kind: 'technique', title: `${item.title}, adapted ${unique()}`,
    body: 'Ask, listen, write; in German.', licence: 'cc-by-4.0', origin: 'chapter', chapter_id: chapter.id });
  assert.equal(r.status, 201, `an adaptation: ${r.text}`);
  return published(author, r.json().item);
}

const today = (days = 0) => lisbon(days * 24 * 60).date;

// A use recorded today on the user's clocks: chapter B is in Berlin, whose day begins an hour before Lisbon's.
function use(usedBy, fields = {}) {
  const day = usedBy === `chapter:${chB?.slug}` ? zoned(0, 'Europe/Berlin').date : today();
  return { used_by: usedBy, used_on: day, outcome: 'worked', note: 'It worked for us.', ...fields };
}

// ---- answers against docs/openapi.json
let ajv, doc;
async function conforms(res, path, method = 'get') {
  if (!ajv) {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    doc = (await new Client().get('/api/openapi.json')).json();
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'glocal-openapi', components: doc.components });
  }
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  const response = op.responses[String(res.status)];
  assert.ok(response, `${method.toUpperCase()} ${path} documents ${res.status}: ${res.text.slice(0, 300)}`);
  const content = response.content || (response.$ref ? doc.components.responses[response.$ref.split('/').pop()].content : {});
  const type = Object.keys(content)[0];
  const schema = content[type].schema;
  const validate = ajv.compile(schema.$ref ? { $ref: schema.$ref.replace(/^#/, 'glocal-openapi#') } : schema);
  const body = res.json();
  assert.ok(validate(body), `${method.toUpperCase()} ${path} ${res.status} does not match its schema: ` +
    `${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}\nbody: ${res.text.slice(0, 800)}`);
  return body;
}

// ---- CSV (RFC 4180)
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  assert.ok(!quoted, 'every quoted cell is closed');
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

before(async () => {
  adminClient = await admin();
  geo = await geography(adminClient);
  const country = (await adminClient.api('POST', '/places', { name: `Land ${geo.tag}` })).json().place;
  const region = (await adminClient.api('POST', '/places', { name: `Bezirk ${geo.tag}`, parent_id: country.id })).json().place;
  const city = (await adminClient.api('POST', '/places', { name: `Stadt ${geo.tag}`, parent_id: region.id, timezone: 'Europe/Berlin' })).json().place;
  assert.equal(city.kind, 'metro');
  abroad = { country, city };
  [ana, mia, bert, sam, olga] = await Promise.all([member(), member(), member(), member(), member()]);
  chA = await chapter(ana, { metro_id: geo.metro.id });
  await admit(ana, chA, mia);
  chB = await chapter(bert, { metro_id: city.id });
  chO = await chapter(olga, { metro_id: geo.metro2.id });
  theApp = (await adminClient.api('POST', '/apps', { name: `Camp ${unique()}`, runbook: [{ step: 'Sessions', minutes: 120 }],
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '2500.00', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] })).json().app;
  theOrg = (await adminClient.api('POST', '/organisations', { name: `Sponsor ${unique()}` })).json().organisation;
});

// An event organised by Olga, hosted by her chapter in geo's other metro, sponsored by theOrg.
async function sponsoredEvent() {
  const s = lisbon(-3 * 60), e = lisbon(-60);
  const r = await olga.client.api('POST', '/events', { app: theApp.slug, host: `chapter:${chO.slug}`, title: `Camp ${unique()}`,
    venue: 'A hall', capacity: 30, date: s.date, time: s.time, end_date: e.date, end_time: e.time, record: true });
  assert.equal(r.status, 201, r.text);
  const ev = r.json().event;
  const sp = await olga.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: theOrg.slug, package: 'Gold' });
  assert.equal(sp.status, 201, sp.text);
  return ev;
}

test('who may record a use: members of the chapter named, and the organisers of the event', async () => {
  const item = await publishedItem(ana, { chapter: chA });
  const path = `/commons/${item.slug}/uses`;
  assert.equal((await new Client().api('POST', path, use(`chapter:${chA.slug}`), { csrf: false })).status, 401);
  let r = await sam.client.api('POST', path, use(`chapter:${chA.slug}`));
  assert.equal(r.status, 403, 'not a member of A');
  assert.match(r.json().detail, /Only members of/);
  assert.equal((await adminClient.api('POST', path, use(`chapter:${chA.slug}`))).status, 403, 'administrators record only for their own chapters');
  assert.equal((await bert.client.api('POST', path, use(`chapter:${chA.slug}`))).status, 403);
  r = await mia.client.api('POST', path, use(`chapter:${chA.slug}`));
  assert.equal(r.status, 201, r.text);
  const created = await conforms(r, '/commons/{item}/uses', 'post');
  assert.equal(created.use.outcome, 'worked');
  assert.equal(created.reach.uses, 1);
  assert.equal((await bert.client.api('POST', path, use(`chapter:${chB.slug}`, { outcome: 'mixed' }))).status, 201);
  // an event: its organiser yes, a member of a chapter no
  const ev = await sponsoredEvent();
  assert.equal((await mia.client.api('POST', path, use(`event:${ev.slug}`))).status, 403);
  r = await olga.client.api('POST', path, use(`event:${ev.slug}`, { outcome: 'did_not_work' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().reach.events, 1);
});

test('bad input is answered at its field; a draft has no uses', async () => {
  const item = await publishedItem(ana, { chapter: chA });
  const path = `/commons/${item.slug}/uses`;
  const field = async (body, name, pattern) => {
    const r = await mia.client.api('POST', path, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    const err = r.json().errors.find((x) => x.field === name);
    assert.ok(err, `an error at ${name}: ${r.text}`);
    if (pattern) assert.match(err.message, pattern);
  };
  await field(use(`chapter:${chA.slug}`, { outcome: 'brilliant' }), 'outcome', /worked, mixed, did_not_work/);
  await field(use(`chapter:${chA.slug}`, { outcome: '' }), 'outcome');
  await field(use(`chapter:${chA.slug}`, { used_on: '10/03/2026' }), 'used_on', /2026-03-10/);
  await field(use(`chapter:${chA.slug}`, { used_on: '2026-02-30' }), 'used_on');
  await field(use(`chapter:${chA.slug}`, { used_on: today(3) }), 'used_on', /has not come yet/);
  await field(use(`chapter:${chA.slug}`, { used_on: today(-400) }), 'used_on', /added to the commons/);
  await field(use(`chapter:${chA.slug}`, { note: 'x'.repeat(501) }), 'note', /500/);
  await field(use(''), 'used_by');
  await field(use('chapter:no-such-chapter'), 'used_by');
  await field(use(`<b>${chA.slug}</b>`), 'used_by');
  const r422 = await mia.client.api('POST', path, use(`chapter:${chA.slug}`, { outcome: 'brilliant', used_on: 'yesterday' }));
  assert.deepEqual(r422.json().errors.map((x) => x.field).sort(), ['outcome', 'used_on'], 'every problem at once');
  // the same chapter, item and day twice
  assert.equal((await mia.client.api('POST', path, use(`chapter:${chA.slug}`))).status, 201);
  const again = await mia.client.api('POST', path, use(`chapter:${chA.slug}`));
  assert.equal(again.status, 422, again.text);
  assert.match(again.json().errors.find((x) => x.field === 'used_on').message, /already recorded/);
  // a draft: not found for those who may not see it, and no uses for its author either
  const draft = await draftItem(ana, { chapter: chA });
  assert.equal((await mia.client.api('POST', `/commons/${draft.slug}/uses`, use(`chapter:${chA.slug}`))).status, 404);
  const own = await ana.client.api('POST', `/commons/${draft.slug}/uses`, use(`chapter:${chA.slug}`));
  assert.equal(own.status, 404, own.text);
  assert.match(own.json().detail, /not published/);
  assert.equal((await new Client().get(`/api/v1/commons/${draft.slug}/reach`)).status, 404);
  // the form, refused: shown again with the message at its field and what was typed
  const page = await mia.client.post(path, { used_by: `chapter:${chA.slug}`, used_on: '31/12/2026', outcome: 'worked', note: 'Typed note' });
  assert.equal(page.status, 422);
  const html = mainOf(page.text);
  assert.match(html, /id="used_on"[^>]*aria-invalid="true"/);
  assert.match(html, /class="field-error" id="used_on-error">Give the day as year-month-day/);
  assert.match(html, />Typed note<\/textarea>/);
  assert.match(html, new RegExp(`<option value="chapter:${chA.slug}" selected>`));
});

test('the reach after uses in two cities and two countries: API, page, chart and table', async () => {
  const item = await publishedItem(ana, { chapter: chA });
  let reach = await conforms(await new Client().get(`/api/v1/commons/${item.slug}/reach`), '/commons/{item}/reach');
  assert.equal(reach.reach.uses, 0);
  assert.deepEqual(reach.uses, []);
  let page = await new Client().get(`/commons/${item.slug}/reach`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /No uses recorded yet/);
  assert.doesNotMatch(page.text, /<svg class="reach-chart"/, 'no empty chart');

  // Bert's chapter, in another city of another country, adapts it and records a use of the adaptation; Mia's chapter uses the original
  const adapted = await adaptation(bert, item, chB);
  assert.equal((await bert.client.api('POST', `/commons/${adapted.slug}/uses`, use(`chapter:${chB.slug}`, { outcome: 'mixed', note: 'Shortened to ten minutes.' }))).status, 201);
  assert.equal((await mia.client.api('POST', `/commons/${item.slug}/uses`, use(`chapter:${chA.slug}`))).status, 201);
  reach = await conforms(await new Client().get(`/api/v1/commons/${item.slug}/reach`), '/commons/{item}/reach');
  const r = reach.reach;
  assert.equal(r.uses, 2, "its own, and its adaptation's");
  assert.equal(r.uses_own, 1);
  assert.equal(r.chapters, 2);
  assert.equal(r.cities, 2, `${geo.metro.name} and ${abroad.city.name}`);
  assert.equal(r.countries, 2);
  assert.equal(r.adaptations, 1);
  assert.equal(r.depth, 1);
  assert.deepEqual(r.reached.countries.map((c) => c.name).sort(), [abroad.country.name, geo.country.name].sort());
  assert.equal(r.first_outside_days, 0, 'chapter B used it the day it was published');
  assert.equal(r.first_other_city_days, 0);
  assert.equal(r.outcomes.worked + r.outcomes.mixed, 2);
  assert.equal(r.by_month.reduce((n, m) => n + m.uses, 0), 2);
  const ofAdaptation = reach.uses.find((u) => u.chapter?.slug === chB.slug);
  assert.equal(ofAdaptation.item.slug, adapted.slug, 'a use of the adaptation says so');
  assert.equal(ofAdaptation.place.name, abroad.city.name);
  assert.equal(ofAdaptation.note, 'Shortened to ten minutes.');
  // the item page shows the panel: two cities, and the form for those who may record
  const itemPage = mainOf((await mia.client.get(`/commons/${item.slug}`)).text);
  assert.match(itemPage, /<strong>2<\/strong> <span>cities<\/span>/, 'the spread shows two cities on the item page');
  assert.match(itemPage, new RegExp(`<option value="chapter:${chA.slug}"`));
  const anonPage = mainOf((await new Client().get(`/commons/${item.slug}`)).text);
  assert.match(anonPage, /How far it has travelled/);
  assert.doesNotMatch(anonPage, /<select id="used_by"/, 'no form for someone logged out');

  page = await new Client().get(`/commons/${item.slug}/reach`);
  const html = mainOf(page.text);
  assert.match(html, /<svg class="reach-chart"[^>]*role="img"[^>]*aria-labelledby="reach-chart-title reach-chart-desc"/);
  assert.match(html, /<title id="reach-chart-title">Uses over time<\/title><desc id="reach-chart-desc">2 uses/);
  assert.match(html, /<table>\s*<caption class="visually-hidden">Uses in each period<\/caption>/);
  assert.match(html, new RegExp(abroad.city.name));
  assert.match(html, /Shortened to ten minutes\./);
  assert.match(html, /<strong>2<\/strong> <span>cities<\/span>/);
});

test("an author's reach, and no page for someone with nothing published", async () => {
  const item = await publishedItem(ana, { chapter: chA });
  assert.equal((await bert.client.api('POST', `/commons/${item.slug}/uses`, use(`chapter:${chB.slug}`))).status, 201);
  const body = await conforms(await new Client().get(`/api/v1/commons/authors/${ana.id}/reach`), '/commons/authors/{member}/reach');
  assert.equal(body.author.id, ana.id);
  assert.ok(body.items.some((x) => x.slug === item.slug));
  assert.ok(body.reach.uses >= 1);
  assert.ok(body.reach.countries >= 2);
  const page = await new Client().get(`/commons/authors/${ana.id}/reach`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), new RegExp(`How far ${ana.name}'s items have travelled`));
  const none = await new Client().get(`/api/v1/commons/authors/${sam.id}/reach`);
  assert.equal(none.status, 404);
  assert.doesNotMatch(none.text, new RegExp(sam.name), 'no name for someone with nothing published');
  assert.equal((await new Client().get('/api/v1/commons/authors/0/reach')).status, 404);
});

test("the sponsors' report lists what came out of the events sponsored, with its reach, as a page and as CSV", async () => {
  const ev = await sponsoredEvent();
  const notes = await publishedItem(olga, { kind: 'notes', event: ev });
  const draft = await draftItem(olga, { kind: 'notes', event: ev });
  assert.equal((await bert.client.api('POST', `/commons/${notes.slug}/uses`, use(`chapter:${chB.slug}`))).status, 201);
  assert.equal((await mia.client.api('POST', `/commons/${notes.slug}/uses`, use(`chapter:${chA.slug}`))).status, 201);

  const report = await conforms(await new Client().get(`/api/v1/organisations/${theOrg.slug}/spread`), '/organisations/{org}/spread');
  const row = report.items.find((x) => x.slug === notes.slug);
  assert.ok(row, 'the published notes are in the report');
  assert.ok(!report.items.some((x) => x.slug === draft.slug), 'a draft is not');
  assert.equal(row.event.slug, ev.slug);
  assert.equal(row.reach.uses, 2);
  assert.equal(row.reach.cities, 3, 'where the event was, and the two chapters');
  assert.equal(row.reach.countries, 2);
  assert.ok(report.events.some((e) => e.slug === ev.slug && e.items >= 1));
  assert.doesNotMatch(JSON.stringify(report), /2500|amount|"package"/, 'never an amount paid');

  const page = await new Client().get(`/organisations/${theOrg.slug}/spread`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), new RegExp(`href="/commons/${notes.slug}"`));
  assert.match(mainOf(page.text), /Download as CSV/);
  assert.doesNotMatch(mainOf(page.text), /2[,.]?500/);

  const csv = await new Client().get(`/organisations/${theOrg.slug}/spread.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), new RegExp(`attachment; filename="${theOrg.slug}-spread.csv"`));
  const rows = parseCsv(csv.text);
  const [head, ...lines] = rows;
  assert.deepEqual(head.slice(0, 7), ['item', 'url', 'kind', 'licence', 'published_on', 'event', 'uses']);
  assert.ok(lines.every((l) => l.length === head.length), 'every line has a cell per column');
  const line = lines.find((l) => l[1].endsWith(`/commons/${notes.slug}`));
  assert.ok(line, `the notes are a line: ${csv.text}`);
  const at = (name) => line[head.indexOf(name)];
  assert.equal(at('uses'), '2');
  assert.equal(at('cities'), '3');
  assert.equal(at('countries'), '2');
  assert.equal(at('licence'), 'cc-by-4.0');
  assert.ok(at('city_names').includes(abroad.city.name));
  assert.doesNotMatch(csv.text, /2500/);

  assert.equal((await new Client().get('/api/v1/organisations/no-such-org/spread')).status, 404);
  assert.equal((await new Client().get('/organisations/no-such-org/spread.csv')).status, 404);
});
