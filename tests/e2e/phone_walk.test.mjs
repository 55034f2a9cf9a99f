// phone_walk.test.mjs - a 360 px walk through every main page (issue 20), in English and in
// French, as a visitor, a member, a connector and the administrator: no page scrolls sideways
// (a long translated badge once widened /events to 368 px), the header keeps the sections of the
// site on one line that scrolls on its own (French names took three lines, the whole header four),
// the directory shows chapters on the first screen with its filters folded behind "Filters"
// (they pushed the chapters 1,200 px down), and axe finds no violation. At 1280 px the French
// header keeps its sections on one line of their own. Screenshots in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, admit, chapter, geography, lisbon, member, unique } from '../http/lib.mjs';
import { launch, newContext, shot, expectAccessible, overflow } from './browser.mjs';

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };
let browser, connector, ana, ch, meetingPath, adm;

before(async () => {
  browser = await launch();
  adm = await admin();
  const geo = await geography(adm);
  connector = await member({ name: `Inês Walk ${unique()}` });
  ana = await member({ name: `Ana Walk ${unique()}` });
  ch = await chapter(connector, { name: `Lisbon Walkers ${unique()}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(connector, ch, ana);
  const at = lisbon(26 * 60);
  const m = await connector.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: at.date, time: at.time, venue: 'Café Lusitano, Rua da Madalena' });
  assert.equal(m.status, 201, m.text);
  meetingPath = `/chapters/${ch.slug}/meetings/${m.json().meeting.id}`;
});

after(async () => {
  await browser?.close();
});

const PUBLIC = () => ['/', '/chapters', `/chapters/${ch.slug}`, '/events', '/places', '/ledger', '/commons', '/governance',
  '/search?q=Lisbon', '/about', '/pledge', '/login', '/signup'];
const MEMBER = () => ['/home', '/me', '/members', '/growth', meetingPath, `/chapters/${ch.slug}/ledger`];
const CONNECTOR = () => ['/home', `/chapters/${ch.slug}`, meetingPath, `/chapters/${ch.slug}/join-requests`];
const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/outbox', '/admin/federation'];

// Opens each path in a 360 px context speaking `lang` and checks what a phone user would notice.
async function walk(who, lang, paths) {
  const context = await newContext(browser, { viewport: PHONE, client: who });
  await context.setExtraHTTPHeaders({ 'Accept-Language': lang });
  const page = await context.newPage();
  for (const path of paths) {
    const res = await page.goto(path);
    assert.equal(res.status(), 200, `GET ${path} (${lang}) answered ${res.status()}`);
    const label = `${path} in ${lang} at 360 px`;
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= PHONE.width, `${label} scrolls sideways: ${o.scrollWidth}px: ${o.wide.join(', ')}`);
    const head = await page.evaluate(() => {
      const nav = document.querySelector('header.site nav.main ul');
      const links = [...nav.querySelectorAll('a')].map((a) => a.getBoundingClientRect().top);
      return { header: document.querySelector('header.site').getBoundingClientRect().height,
        lines: new Set(links.map((t) => Math.round(t))).size };
    });
    assert.equal(head.lines, 1, `${label}: the sections of the site take ${head.lines} lines`);
    assert.ok(head.header <= 140, `${label}: the header is ${Math.round(head.header)}px tall`);
    await expectAccessible(page, label);
    await shot(page, `walk-360-${lang}-${path.replace(ch.slug, 'chapter').replace(/[0-9]+/g, 'N').replace(/[^a-z]+/gi, '_').slice(0, 40)}`);
  }
  await context.close();
}

test('a visitor walks the public pages at 360 px in English and French', async () => {
  for (const lang of ['en', 'fr']) await walk(null, lang, PUBLIC());
});

test('a member, a connector and the administrator walk their pages at 360 px', async () => {
  await walk(ana.client, 'fr', [...MEMBER(), '/me/ledger']);
  await walk(connector.client, 'en', CONNECTOR());
  await walk(adm, 'fr', ADMIN_PAGES);
});

test('on a phone the directory shows chapters first, its filters folded; wider, they stay open', async () => {
  const context = await newContext(browser, { viewport: PHONE });
  await context.setExtraHTTPHeaders({ 'Accept-Language': 'fr' });
  const page = await context.newPage();
  await page.goto('/chapters');
  const card = await page.locator('ul.grid.cards > li').first().boundingBox();
  assert.ok(card && card.y < PHONE.height - 100, `the first chapter starts at ${card && Math.round(card.y)}px, below the first screen`);
  const filters = page.locator('details.facet-groups');
  assert.equal(await filters.evaluate((d) => d.open), false, 'the filters start folded on a phone');
  await page.getByText('Filtres', { exact: true }).click();
  assert.ok(await page.getByRole('heading', { name: 'Statut' }).isVisible(), 'opening them shows the status filter');
  await expectAccessible(page, 'the directory with its filters open on a phone');
  await page.setViewportSize(DESKTOP);
  await page.goto('/chapters');
  assert.equal(await filters.evaluate((d) => d.open), true, 'the filters are open at desktop width');
  assert.equal(await page.locator('details.facet-groups > summary').isVisible(), false, 'no "Filters" toggle at desktop width');
  const box = await page.locator('.facets input[type="search"]').boundingBox();
  assert.ok(box.width >= 200, `the search field is ${Math.round(box.width)}px wide, its placeholder cut`);
  await context.close();

  // without script the filters stay open: nothing is hidden from a reader without JavaScript
  const plain = await newContext(browser, { viewport: PHONE, javaScript: false });
  const p2 = await plain.newPage();
  await p2.goto('/chapters');
  assert.equal(await p2.locator('details.facet-groups').evaluate((d) => d.open), true);
  await plain.close();
});

test('at 1280 px the French header keeps the sections of the site on one line', async () => {
  for (const who of [null, connector.client]) {
    const context = await newContext(browser, { viewport: DESKTOP, client: who });
    await context.setExtraHTTPHeaders({ 'Accept-Language': 'fr' });
    const page = await context.newPage();
    await page.goto('/chapters');
    const lines = await page.evaluate(() => new Set([...document.querySelectorAll('header.site nav.main a')]
      .map((a) => Math.round(a.getBoundingClientRect().top))).size);
    assert.equal(lines, 1, `the sections take ${lines} lines at 1280 px${who ? ' logged in' : ''}`);
    await shot(page, `walk-1280-fr-chapters${who ? '-member' : ''}`);
    await context.close();
  }
});
