// a11y.test.mjs - accessibility of the main pages in a real browser:
//  - axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds no violation on each page,
//    seen by the person it is for (a visitor, a member, a connector, an administrator);
//  - every page has one <h1>, one <main>, no duplicate ids, and a skip link that
//    moves focus to the main content;
//  - the login and sign-up forms work with the keyboard alone, with a visible
//    focus; a form shown again with errors focuses their summary;
//  - at a phone's width (390 px) the page itself never scrolls sideways (wide
//    tables scroll inside their .table-wrap, which the keyboard can reach).
// Pages are opened as people logged in through the API (their session cookie is
// handed to the browser context); journey.test.mjs does sign-up and login by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, admit, unique, sql, PASSWORD } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE } from './browser.mjs';

let browser, adm, geo, ch, carla, dan, eve, fresh;
const ctx = {};   // browser contexts: anon, member, connector, admin, fresh (pledge not accepted)

before(async () => {
  adm = await admin();
  const tag = unique('a').slice(-7);
  const post = async (client, path, body) => {
    const r = await client.api('POST', path, body);
    assert.equal(r.status, 201, `POST ${path} answered ${r.status}: ${r.text}`);
    return r.json();
  };
  const country = (await post(adm, '/places', { name: `Kenya ${tag}` })).place;
  const region = (await post(adm, '/places', { name: `Nairobi County ${tag}`, parent_id: country.id })).place;
  const metro = (await post(adm, '/places', { name: `Nairobi ${tag}`, parent_id: region.id, timezone: 'Africa/Nairobi' })).place;
  const metro2 = (await post(adm, '/places', { name: `Thika ${tag}`, parent_id: region.id, timezone: 'Africa/Nairobi' })).place;
  const sector = (await post(adm, '/sectors', { name: `Software ${tag}` })).sector;
  const sector2 = (await post(adm, '/sectors', { name: `Retail ${tag}` })).sector;
  geo = { tag, country, region, metro, metro2, sector, sector2 };
  // a message the SMTP server refused, so that the outbox shows one undeliverable with its button
  sql(`INSERT INTO outbox (kind, to_email, subject, body, created_at, status, attempts, last_error)
    VALUES ('invitation', 'gone@test.example', 'An invitation', 'Hello', ${Math.floor(Date.now() / 1000)}, 'dead', 1,
    '550 5.1.1 <gone@test.example>: mailbox unavailable')`);

  carla = await member({ name: `Carla Connector ${tag}`, metro_id: metro.id, sector_id: sector.id });
  await carla.client.api('POST', '/me', { name: carla.name, organisation: 'Carla & Co', bio: 'I build **payment** tools.', metro_id: metro.id, sector_id: sector.id });
  ch = (await post(carla.client, '/chapters', {
    name: `Nairobi Builders ${tag}`, metro_id: metro.id, sector_id: sector.id,
    description: 'Software founders.\n\n- first Monday of the month\n- [our notes](https://example.org/notes)',
  })).chapter;
  await post(carla.client, '/chapters', { name: `Thika Shops ${tag}`, metro_id: metro2.id, sector_id: sector2.id });
  dan = await member({ name: `Dan Member ${tag}`, metro_id: metro.id, sector_id: sector2.id });
  await admit(carla, ch, dan);
  eve = await member({ name: `Eve Asker ${tag}`, metro_id: metro2.id });
  await post(eve.client, `/chapters/${ch.slug}/join-requests`, { message: 'I run a small shop and would love to join.' });
  await post(carla.client, `/chapters/${ch.slug}/invitations`, { email: `someone.${tag}@test.example`, message: 'Join us!' });
  const tok = await carla.client.post('/me/tokens', { name: 'weekly report' });
  assert.equal(tok.status < 400, true, `token creation answered ${tok.status}`);
  fresh = await member({ name: `Fay Fresh ${tag}`, pledge: false });

  browser = await launch();
  ctx.anon = await newContext(browser);
  ctx.member = await newContext(browser, { client: dan.client });
  ctx.connector = await newContext(browser, { client: carla.client });
  ctx.admin = await newContext(browser, { client: adm });
  ctx.fresh = await newContext(browser, { client: fresh.client });
});

after(async () => {
  await browser?.close();
});

// Each page: who looks at it, where, the status expected and a text it must show
// (functions, because the places and people are made in `before`).
const PAGES = [
  ['home', 'anon', () => '/', 200, () => 'Newest chapters'],
  ['directory filtered by country and sector', 'anon', () => `/chapters?place=${geo.country.slug}&sector=${geo.sector.slug}`, 200, () => ch.name],
  ['place page with its density table', 'anon', () => `/places/${geo.country.slug}`, 200, () => 'Density of the network'],
  ['chapter page, anonymous', 'anon', () => `/chapters/${ch.slug}`, 200, () => 'Log in to ask'],
  ['chapter page, as member', 'member', () => `/chapters/${ch.slug}`, 200, () => 'You are a member of this chapter'],
  ['chapter page, as connector', 'connector', () => `/chapters/${ch.slug}`, 200, () => 'Manage members'],
  ['chapter page, logged in but not a member', 'fresh', () => `/chapters/${ch.slug}`, 200, () => 'This chapter is invitation-only'],
  ['login', 'anon', () => '/login', 200, () => 'Welcome back'],
  ['sign-up', 'anon', () => '/signup', 200, () => 'An account lets you find chapters'],
  ['account page', 'member', () => '/me', 200, () => 'Your chapters'],
  ['account page before the pledge', 'fresh', () => '/me', 200, () => 'Please read the collaboration pledge'],
  ['API tokens', 'connector', () => '/me/tokens', 200, () => 'weekly report'],
  ['pledge, to accept', 'fresh', () => '/pledge', 200, () => 'I have read the pledge'],
  ['pledge, anonymous', 'anon', () => '/pledge', 200, () => 'to accept the pledge'],
  ['invitations', 'connector', () => `/chapters/${ch.slug}/invitations`, 200, () => 'Invite someone'],
  ['join requests', 'connector', () => `/chapters/${ch.slug}/join-requests`, 200, () => eve.name],
  ['chapter members (connector tools)', 'connector', () => `/chapters/${ch.slug}/members`, 200, () => 'Connector tools'],
  ['chapter edit form', 'connector', () => `/chapters/${ch.slug}/edit`, 200, () => 'Capacity'],
  ['start a chapter form', 'member', () => '/chapters/new', 200, () => 'You become its connector'],
  ['members search', 'member', () => `/members?q=${encodeURIComponent(geo.tag)}`, 200, () => carla.name],
  ['member profile', 'member', () => `/members/${carla.id}`, 200, () => 'payment'],
  ['places', 'admin', () => '/places', 200, () => 'Add a place'],
  ['sectors', 'admin', () => '/sectors', 200, () => 'Add a sector'],
  ['admin settings', 'admin', () => '/admin', 200, () => 'Publish a new version'],
  ['admin settings: the connection limits in force', 'admin', () => '/admin', 200, () => 'Refused by the per-address cap'],
  ['admin accounts', 'admin', () => '/admin/users', 200, () => 'Grant or revoke'],
  ['admin outbox', 'admin', () => '/admin/outbox', 200, () => 'No SMTP server is set'],
  ['about', 'anon', () => '/about', 200, () => 'How it works'],
  ['search, nothing asked yet', 'anon', () => '/search', 200, () => 'What are you looking for?'],
  ['search results', 'member', () => `/search?q=${encodeURIComponent(geo.tag)}`, 200, () => ch.name],
  ['search with a filter that is not offered (422)', 'anon', () => '/search?q=x&kind=nope', 422, () => 'Choose what to search from the list'],
  ['a missing chapter (404)', 'anon', () => `/chapters/no-such-chapter-${geo.tag}`, 404, () => 'directory of chapters'],
  ['a missing page (404)', 'member', () => `/nowhere-${geo.tag}`, 404, () => 'home page'],
];

// One test per page, so that a report names the page at fault.
for (const [label, who, path, status, expected] of PAGES) {
  test(`${label}: no axe violation; one h1, a main, a skip link, unique ids`, async () => {
    const page = await open(ctx[who], path(), status);
    try {
      const text = expected();
      assert.ok(await page.locator('main').getByText(text).first().isVisible(), `${label}: the page shows "${text}"`);
      const s = await structure(page);
      assert.equal(s.h1, 1, `${label}: exactly one <h1>`);
      assert.equal(s.main, 1, `${label}: exactly one <main>`);
      assert.deepEqual(s.skip, { text: 'Skip to the content', href: '#main' }, `${label}: the first link skips to the content`);
      assert.deepEqual(s.ids, [], `${label}: ids are unique`);
      await expectAccessible(page, label);
    } finally {
      await page.close();
    }
  });
}

test('the sign-up form shows its validation errors accessibly', async () => {
  const page = await open(ctx.anon, '/signup');
  await page.getByLabel('E-mail address').fill('not-an-address');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /./);
  for (const label of ['Your name', 'E-mail address', 'Password']) {
    const field = page.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
    const described = await field.evaluate((el) => (el.getAttribute('aria-describedby') || '').split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent || '').join(' '));
    assert.match(described, /\w/, `${label} is described by its error message`);
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'form-errors', 'the focus is on the summary of errors');
  const links = await alert.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#name', '#email', '#password'], 'the summary links to each field at fault');
  assert.equal(await page.getByLabel('E-mail address').inputValue(), 'not-an-address', 'what was typed is kept');
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not sent back');
  const s = await structure(page);
  assert.equal(s.h1, 1);
  assert.deepEqual(s.ids, []);
  await shot(page, 'a11y-signup-errors');
  await expectAccessible(page, 'sign-up with errors');
  await page.close();
});

test('the invitations page with a new link shown is accessible', async () => {
  const page = await open(ctx.connector, `/chapters/${ch.slug}/invitations`);
  await page.getByLabel('Their e-mail address').fill(`${unique('x')}@test.example`);
  await page.getByRole('button', { name: 'Create the invitation' }).click();
  await page.locator('.notice[role="status"] code').waitFor();
  await expectAccessible(page, 'invitations with a new link');
  await page.close();
});

test('the skip link is the first stop of the keyboard and moves focus to the main content', async () => {
  for (const [who, path] of [['anon', '/'], ['member', `/chapters/${ch.slug}`], ['anon', '/login']]) {
    const page = await open(ctx[who], path);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { text: el.textContent.trim(), visible: r.left >= 0 && r.top >= 0 && r.width > 1 && r.height > 1 };
    });
    assert.equal(first.text, 'Skip to the content', `${path}: the first Tab reaches the skip link`);
    assert.ok(first.visible, `${path}: the skip link is visible when focused`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => ({
      inMain: !!document.activeElement.closest('main'),
      tag: document.activeElement.tagName,
    }));
    assert.ok(next.inMain, `${path}: after the skip link, Tab continues inside <main> (got ${next.tag})`);
    await page.close();
  }
});

test('the login form works with the keyboard alone, with a visible focus', async () => {
  const person = await member({ name: `Kim Keys ${geo.tag}` });
  const context = await newContext(browser);
  const page = await open(context, '/login');
  const focusOf = () => page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { id: el.id, visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 || cs.boxShadow !== 'none' };
  });
  let f;
  for (let tabs = 0; tabs < 15; tabs++) {
    await page.keyboard.press('Tab');
    f = await focusOf();
    if (f.id === 'email') break;
  }
  assert.equal(f.id, 'email', 'Tab reaches the e-mail field');
  assert.ok(f.visible, 'the focused field shows a focus indicator');
  await page.keyboard.type(person.email);
  await page.keyboard.press('Tab');
  f = await focusOf();
  assert.equal(f.id, 'password', 'the next Tab goes to the password');
  assert.ok(f.visible, 'the password field shows a focus indicator');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  const button = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), outline: getComputedStyle(document.activeElement).outlineStyle }));
  assert.equal(button.text, 'Log in', 'then the submit button');
  assert.notEqual(button.outline, 'none', 'the button shows a focus indicator');
  await page.keyboard.press('Shift+Tab');
  await Promise.all([page.waitForURL((u) => u.pathname === '/me'), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.flash').innerText(), /You are logged in/);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), person.name);
  await context.close();
});

test('the sign-up form works with the keyboard alone, selects included', async () => {
  const context = await newContext(browser);
  const page = await open(context, '/signup');
  const name = `Lee Keys ${geo.tag}`;
  const focused = () => page.evaluate(() => document.activeElement.id);
  let tabs = 0;
  while ((await focused()) !== 'name' && tabs++ < 15) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'name', 'Tab reaches the name field');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'email');
  await page.keyboard.type(`${unique('lee')}@test.example`);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'metro_id', 'then the city');
  // the cities are listed in order; type the first letters of one to choose it
  await page.keyboard.type(`Thika ${geo.tag}`);
  assert.equal(await page.locator('#metro_id').inputValue(), String(geo.metro2.id), 'typing a name chooses the city');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'sector_id', 'then the sector');
  await page.keyboard.type(`Retail ${geo.tag}`);
  assert.equal(await page.locator('#sector_id').inputValue(), String(geo.sector2.id));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'password');
  await Promise.all([page.waitForURL((u) => u.pathname === '/me'), page.keyboard.press('Enter')]);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), name);
  assert.equal(await page.getByLabel('Home city').inputValue(), String(geo.metro2.id), 'the city chosen by keyboard was saved');
  await context.close();
});

test('a wrong password is announced and focus-friendly; the form stays usable', async () => {
  const context = await newContext(browser);
  const page = await open(context, '/login');
  await page.getByLabel('E-mail address').fill(dan.email);
  await page.getByLabel('Password').fill('wrong password 123');
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByLabel('E-mail address').inputValue(), dan.email, 'the e-mail is kept');
  await expectAccessible(page, 'login with an error');
  await context.close();
});

test('at a phone width the pages do not scroll sideways and stay accessible (tables scroll in their box)', async () => {
  const phone = {};
  for (const [who, client] of [['anon'], ['member', dan.client], ['connector', carla.client], ['admin', adm]]) {
    phone[who] = await newContext(browser, { viewport: PHONE, client });
  }
  const failures = [];
  const check = async (page, name) => {
    const o = await overflow(page);
    await shot(page, `phone-${name}`);
    if (o.scrollWidth > PHONE.width) failures.push(`${name} (${page.url()}): ${o.scrollWidth}px wide; too wide: ${o.wide.join(', ')}`);
    // a table that scrolls must be reachable by keyboard (axe: scrollable-region-focusable)
    await expectAccessible(page, `${name} at a phone width`).catch((e) => failures.push(e.message.split('\n').slice(0, 4).join('\n')));
  };
  for (const [who, path, name] of [
    ['anon', '/', 'home'],
    ['anon', `/chapters?place=${geo.country.slug}`, 'directory'],
    ['member', `/chapters/${ch.slug}`, 'chapter'],
    ['anon', `/places/${geo.country.slug}`, 'place'],
    ['anon', '/signup', 'signup'],
    ['member', '/me', 'account'],
    ['connector', `/chapters/${ch.slug}/invitations`, 'invitations'],
    ['admin', '/admin/outbox', 'outbox'],
  ]) {
    const page = await open(phone[who], path);
    await check(page, name);
    await page.close();
  }
  // the invitation link shown after inviting someone is long: it wraps in its own box
  const inv = await open(phone.connector, `/chapters/${ch.slug}/invitations`);
  await inv.getByLabel('Their e-mail address').fill(`${unique('phone')}@test.example`);
  await inv.getByRole('button', { name: 'Create the invitation' }).click();
  await inv.locator('.notice[role="status"] code').waitFor();
  await check(inv, 'invitation-link');
  for (const c of Object.values(phone)) await c.close();
  assert.deepEqual(failures, [], `at ${PHONE.width}px:\n${failures.join('\n')}`);
});

test('the place page density table scrolls inside its box at a phone width', async () => {
  const context = await newContext(browser, { viewport: PHONE });
  const page = await open(context, `/places/${geo.country.slug}`);
  const table = page.locator('.table-wrap.density table');
  assert.equal(await table.count(), 1, 'the density table is shown');
  const header = await table.locator('thead th').allInnerTexts();
  assert.ok(header.includes(`Software ${geo.tag}`) && header.includes(`Retail ${geo.tag}`), `sectors are columns: ${header}`);
  const rows = await table.locator('tbody th[scope=row]').allInnerTexts();
  assert.ok(rows.includes(`Nairobi ${geo.tag}`) && rows.includes(`Thika ${geo.tag}`), `cities are rows: ${rows}`);
  const wrap = await page.locator('.table-wrap.density').evaluate((el) => ({ client: el.clientWidth, overflowX: getComputedStyle(el).overflowX }));
  assert.ok(wrap.client <= PHONE.width, 'the box fits the screen');
  assert.equal(wrap.overflowX, 'auto');
  await context.close();
});

test('a member without the pledge is asked for it, and a visitor is asked to log in', async () => {
  const page = await open(ctx.fresh, '/chapters/new', 200);
  assert.match(new URL(page.url()).pathname, /^\/pledge/);
  assert.match(await page.locator('.flash').innerText(), /pledge/);
  await page.close();
  const anon = await open(ctx.anon, '/me', 200);
  assert.equal(new URL(anon.url()).pathname, '/login');
  assert.match(await anon.locator('.flash').innerText(), /Please log in/);
  await expectAccessible(anon, 'login after a redirect, with a message');
  await anon.close();
});
