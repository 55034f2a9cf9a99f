// events_create.test.mjs - the form that creates an event (issue 20): changing
// the format takes the new format's title and tiers unless they were edited (a
// round trip without script); tiers are rows of fields (name, price, currency,
// members only) with "Add a tier"; a start in the past is refused at the field
// unless the event is being recorded after it happened.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { member, admin, chapter, geography, unique, mainOf, when } from './lib.mjs';

let adm, conn, ch, pitch, breakfast;

const format = (name, tiers) => ({
  name, summary: 'A format.', description: 'A format.', runbook: [{ step: 'All', minutes: 60 }], tiers, packages: [],
  split_rule: [{ party: 'host', share: 10000 }],
});

before(async () => {
  adm = await admin();
  const geo = await geography(adm);
  conn = await member();
  ch = await chapter(conn, { metro_id: geo.metro.id });
  let r = await adm.api('POST', '/apps', format(`Pitch ${unique()}`, [{ name: 'Standard', price: '10.00', currency: 'EUR' }]));
  assert.equal(r.status, 201, r.text);
  pitch = r.json().app;
  r = await adm.api('POST', '/apps', format(`Breakfast ${unique()}`, [{ name: 'Members', price: '0', currency: 'EUR', members_only: true },
    { name: 'Guest', price: '5.00', currency: 'EUR' }]));
  assert.equal(r.status, 201, r.text);
  breakfast = r.json().app;
});

const rows = (html) => [...html.matchAll(/name="tier_name" value="([^"]*)"/g)].map((m) => m[1]);

test('changing the format takes its title and tiers unless they were edited', async () => {
  const form = mainOf((await conn.client.get(`/events/new?app=${pitch.slug}`)).text);
  assert.match(form, new RegExp(`id="title" name="title" value="${pitch.name}"`));
  assert.deepEqual(rows(form).filter(Boolean), ['Standard']);
  assert.match(form, /name="refresh" value="format"/, 'a button to take the chosen format without script');
  // the connector picks another format and asks for it: untouched fields take its defaults
  const base = { app: breakfast.slug, host: `chapter:${ch.slug}`, title: pitch.name, title_default: pitch.name,
    tier_name: ['Standard', ''], tier_price: ['10.00', ''], tier_currency: ['EUR', 'EUR'], tiers_default: 'Standard | 10.00 EUR', refresh: 'format' };
  let r = await conn.client.post('/events', base);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  let page = mainOf(r.text);
  assert.match(page, new RegExp(`id="title" name="title" value="${breakfast.name}"`));
  assert.deepEqual(rows(page).filter(Boolean), ['Members', 'Guest']);
  assert.match(page, /name="tier_members" value="0" checked/, 'the members-only tier is ticked');
  assert.ok(!/field-error/.test(page), 'no errors on a change of format');
  // edited title and tiers are kept
  r = await conn.client.post('/events', { ...base, title: 'Our own night', tier_name: ['Friends', ''], tier_price: ['3.00', ''] });
  page = mainOf(r.text);
  assert.match(page, /id="title" name="title" value="Our own night"/);
  assert.deepEqual(rows(page).filter(Boolean), ['Friends']);
  // "Add a tier" brings one more empty row
  r = await conn.client.post('/events', { ...base, refresh: 'add_tier' });
  const got = rows(mainOf(r.text));
  assert.equal(got.length, got.filter(Boolean).length + 2, 'the usual empty row and one more');
});

test('tiers are rows of fields; the members-only box is kept; a bad price is refused at the tiers', async () => {
  let r = await conn.client.post('/events', { app: pitch.slug, host: `chapter:${ch.slug}`, title: `Rows ${unique()}`, venue: 'Hub', capacity: 30,
    ...when(60 * 24), tier_name: ['Standard', 'Members', ''], tier_price: ['12.50', '0', ''], tier_currency: ['EUR', 'EUR', 'EUR'], tier_members: ['1'] });
  assert.equal(r.status, 303, mainOf(r.text).slice(0, 600));
  const ev = (await conn.client.api('GET', r.location)).json();
  assert.deepEqual(ev.tiers.map((t) => [t.name, t.price, t.is_members_only]), [['Standard', 1250, false], ['Members', 0, true]]);
  r = await conn.client.post('/events', { app: pitch.slug, host: `chapter:${ch.slug}`, title: `Rows ${unique()}`, venue: 'Hub',
    ...when(60 * 24), tier_name: ['Standard'], tier_price: ['ten'], tier_currency: ['EUR'] });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /id="tiers-error">[^<]*Standard/);
  assert.deepEqual(rows(mainOf(r.text)).filter(Boolean), ['Standard'], 'what was typed is kept');
});

test('a start in the past is refused at the date, unless the event is recorded after it happened', async () => {
  const fields = { app: pitch.slug, host: `chapter:${ch.slug}`, title: `Past ${unique()}`, venue: 'Hub', ...when(-60) };
  let r = await conn.client.post('/events', fields);
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /id="date-error">[^<]*in the past/);
  assert.match(mainOf(r.text), /name="record"/, 'the form offers to record a past event');
  r = await conn.client.api('POST', '/events', fields);
  assert.equal(r.status, 422);
  assert.deepEqual(r.json().errors.map((x) => x.field), ['date']);
  r = await conn.client.api('POST', '/events', { ...fields, record: true });
  assert.equal(r.status, 201, r.text);
  r = await conn.client.api('POST', '/events', { ...fields, record: true, ...when(-60 * 24 * 40) });
  assert.equal(r.status, 422, 'recorded events go back 30 days at most');
  r = await conn.client.api('POST', '/events', { ...fields, title: `Soon ${unique()}`, ...when(60) });
  assert.equal(r.status, 201, r.text);
});
