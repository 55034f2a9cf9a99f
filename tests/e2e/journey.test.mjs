// journey.test.mjs - the foundation journey in a real browser, as two new people
// would go through it: Ana signs up, accepts the pledge, starts a chapter and
// invites Bruno; Bruno opens the link, creates his account, accepts the pledge
// and joins; then the chapter is found in the directory by country, by sector and
// by name. Bruno's browser runs without JavaScript: pages must work without it.
//
// Each step checks what a person sees (headings, messages, lists) and leaves a
// full-page screenshot in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, unique, PASSWORD } from '../http/lib.mjs';
import { launch, newContext, shot, explain } from './browser.mjs';

let browser, ana, bruno, anon;
let place, sector, other;
const tag = unique('j').slice(-7);
const chapterName = `Lisbon Makers ${tag}`;
const people = {
  ana: { name: `Ana Almeida ${tag}`, email: `ana.${tag}@test.example` },
  bruno: { name: `Bruno Braga ${tag}`, email: `bruno.${tag}@test.example` },
};
let invitationLink, chapterUrl, network;

// The flash message shown after a redirect.
const flash = (page) => page.locator('.flash[role="status"]');
const h1 = (page) => page.getByRole('heading', { level: 1 });
// Waits until the page shows the address `pathname` (the query aside).
const at = (page, pathname) => page.waitForURL((u) => u.pathname === pathname);

// A step of the journey: a test that, when it fails, says what each open page shows.
function step(name, fn) {
  test(name, async () => {
    try {
      await fn();
    } catch (err) {
      err.message += await explain([ana, bruno, anon], name);
      throw err;
    }
  });
}

before(async () => {
  // The administrator lays out a little geography through the API.
  const adm = await admin();
  const post = async (path, body) => {
    const r = await adm.api('POST', path, body);
    assert.equal(r.status, 201, `POST ${path} answered ${r.status}: ${r.text}`);
    return r.json();
  };
  const country = (await post('/places', { name: `Portugal ${tag}` })).place;
  const region = (await post('/places', { name: `Lisboa Region ${tag}`, parent_id: country.id })).place;
  const metro = (await post('/places', { name: `Lisbon ${tag}`, parent_id: region.id, timezone: 'Europe/Lisbon' })).place;
  sector = (await post('/sectors', { name: `Fintech ${tag}` })).sector;
  other = (await post('/sectors', { name: `Agriculture ${tag}` })).sector;
  place = { country, region, metro };

  browser = await launch();
  ana = await newContext(browser);
  bruno = await newContext(browser, { javaScript: false });
  anon = await newContext(browser);
});

after(async () => {
  await browser?.close();
});

step('Ana signs up from the home page with her city and sector', async () => {
  const page = await ana.newPage();
  await page.goto('/');
  // The page title reads "Home · <network>"; the main heading is the network's name.
  network = (await page.title()).split(' · ').pop();
  assert.ok(network, 'the title names the network');
  assert.equal((await h1(page).innerText()).trim(), network);
  assert.ok(await page.getByRole('link', { name: 'Find a chapter' }).isVisible());
  await shot(page, '01-home');

  await page.getByRole('link', { name: 'Join the network' }).click();
  await at(page, '/signup');
  await h1(page).filter({ hasText: `Join ${network}` }).waitFor();
  await page.getByLabel('Your name').fill(people.ana.name);
  await page.getByLabel('E-mail address').fill(people.ana.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Home city').selectOption({ label: `Lisbon ${tag} (Portugal ${tag})` });
  await page.getByLabel('Your sector').selectOption({ label: `Fintech ${tag}` });
  await shot(page, '02-signup-filled');
  await page.getByRole('button', { name: 'Create my account' }).click();

  await at(page, '/home');
  assert.match(await flash(page).innerText(), /Welcome to the network/);
  assert.equal((await h1(page).innerText()).trim(), `Hello, ${people.ana.name}`, 'a new account lands on the personal home');
  assert.ok(await page.getByRole('link', { name: 'directory of chapters' }).isVisible(), 'which says how to find a chapter');
  await page.getByRole('link', { name: 'Your profile' }).click();
  await at(page, '/me');
  assert.equal((await h1(page).innerText()).trim(), people.ana.name);
  const account = page.getByRole('navigation', { name: 'Account' });
  assert.ok(await account.getByRole('link', { name: people.ana.name }).isVisible(), 'her name is in the header');
  assert.ok(await account.getByRole('button', { name: 'Log out' }).isVisible(), 'she can log out');
  assert.equal(await page.getByLabel('Home city').inputValue(), String(place.metro.id), 'her city is kept');
  assert.equal(await page.getByLabel('Sector', { exact: true }).inputValue(), String(sector.id), 'her sector is kept');
  await shot(page, '03-account');
  await page.close();
});

step('Ana tries to start a chapter, is sent to the pledge, accepts it and starts one', async () => {
  const page = await ana.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Start a chapter', exact: true }).click();
  await at(page, '/pledge');
  assert.match(await flash(page).innerText(), /accept the network's collaboration pledge/);
  const accept = page.getByRole('checkbox', { name: /I have read the pledge/ });
  assert.equal(await accept.isChecked(), false);
  await shot(page, '04-pledge');
  await accept.check();
  await page.getByRole('button', { name: 'Accept the pledge' }).click();
  await page.waitForURL((u) => u.pathname !== '/pledge');
  assert.match(await flash(page).innerText(), /Thank you for accepting the pledge/);

  // Back to the form she wanted (the home page's button, if the pledge did not bring her back).
  if (!page.url().endsWith('/chapters/new')) {
    await page.goto('/');
    await page.getByRole('link', { name: 'Start a chapter', exact: true }).click();
  }
  await at(page, '/chapters/new');
  await h1(page).filter({ hasText: 'Start a chapter' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(chapterName);
  await page.getByLabel('City', { exact: true }).selectOption({ label: `Lisbon ${tag} (Portugal ${tag})` });
  await page.getByLabel(/Sector focus/).selectOption({ label: `Fintech ${tag}` });
  await page.getByLabel('Description', { exact: true }).fill('Founders of small **fintech** companies. We meet on the first Tuesday of the month.');
  await shot(page, '05-chapter-new');
  await page.getByRole('button', { name: 'Start the chapter' }).click();

  await page.waitForURL((u) => /^\/chapters\/[a-z0-9-]+$/.test(u.pathname) && u.pathname !== '/chapters/new');
  chapterUrl = new URL(page.url()).pathname;
  assert.equal((await h1(page).innerText()).trim(), chapterName);
  assert.ok(await flash(page).isVisible(), 'a message confirms the chapter was started');
  const about = page.getByRole('region', { name: 'About this chapter', exact: true });
  assert.ok(await about.locator('strong', { hasText: 'fintech' }).isVisible(), 'the description is shown, Markdown rendered');
  const members = page.getByRole('region', { name: 'Members', exact: true });
  const anaRow = members.getByRole('listitem').filter({ hasText: people.ana.name });
  assert.equal(await anaRow.count(), 1, 'Ana is in the member list');
  assert.match(await anaRow.innerText(), /Connector/);
  assert.match(await page.getByRole('region', { name: 'Your membership', exact: true }).innerText(), /You are a connector of this chapter/);
  await shot(page, '06-chapter-started');
  await page.close();
});

step('Ana invites Bruno by e-mail and is shown the link to send', async () => {
  assert.ok(chapterUrl, 'the chapter was started');
  const page = await ana.newPage();
  await page.goto(chapterUrl);
  await page.getByRole('link', { name: /^Invitations/ }).click();
  await at(page, `${chapterUrl}/invitations`);
  await h1(page).filter({ hasText: 'Invitations' }).waitFor();
  assert.ok(await page.getByText('No invitations yet.').isVisible());
  await page.getByLabel('Their e-mail address').fill(people.bruno.email);
  await page.getByLabel(/A personal note/).fill('Bruno, come and meet us next Tuesday!');
  await page.getByRole('button', { name: 'Create the invitation' }).click();

  const notice = page.locator('.notice[role="status"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), new RegExp(`Invitation ready for ${people.bruno.email.replace(/\./g, '\\.')}`));
  invitationLink = (await notice.locator('code').innerText()).trim();
  assert.match(invitationLink, /^https?:\/\/[^/]+\/invitations\/[A-Za-z0-9_-]{20,}$/, 'the link is a full address');
  const sent = page.getByRole('region', { name: 'Sent', exact: true });
  const row = sent.getByRole('row').filter({ hasText: people.bruno.email });
  assert.equal(await row.count(), 1, 'the invitation is listed as sent');
  assert.match(await row.innerText(), /Pending until/);
  assert.match(await row.innerText(), new RegExp(people.ana.name));
  await shot(page, '07-invitation-sent');
  await page.close();
});

step('Bruno opens the link, creates his account, accepts the pledge and joins', async () => {
  assert.ok(invitationLink, 'Ana has a link to send');
  // The link carries the server's public address; open the same path on the server under test.
  const path = new URL(invitationLink).pathname;
  const page = await bruno.newPage();
  await page.goto(path);
  assert.equal((await h1(page).innerText()).trim(), `You are invited to ${chapterName}`);
  assert.match(await page.locator('main').innerText(), new RegExp(`${people.ana.name} invites you`));
  assert.ok(await page.getByText('Bruno, come and meet us next Tuesday!').isVisible(), 'her note is shown');
  await shot(page, '08-invitation-anonymous');

  await page.getByRole('link', { name: 'Create an account' }).click();
  await at(page, '/signup');
  assert.equal(new URL(page.url()).searchParams.get('next'), path, 'the sign-up form knows where to come back');
  await page.getByLabel('Your name').fill(people.bruno.name);
  await page.getByLabel('E-mail address').fill(people.bruno.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account' }).click();

  await at(page, path);
  assert.match(await flash(page).innerText(), /Welcome to the network/);
  assert.equal((await h1(page).innerText()).trim(), `You are invited to ${chapterName}`, 'sign-up brought him back to the invitation');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Accept the invitation' }) });
  const pledge = form.getByRole('checkbox', { name: /I have read the pledge/ });
  assert.ok(await pledge.isVisible(), 'the pledge is on the invitation page');
  assert.ok(await form.locator('.pledge').isVisible(), 'with its text');
  await shot(page, '09-invitation-pledge');

  // Joining without ticking the pledge is refused, with a message at the box.
  await form.getByRole('button', { name: `Join ${chapterName}` }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByRole('checkbox', { name: /I have read the pledge/ }).getAttribute('aria-invalid'), 'true');
  await shot(page, '10-invitation-pledge-missing');

  await page.getByRole('checkbox', { name: /I have read the pledge/ }).check();
  await page.getByRole('button', { name: `Join ${chapterName}` }).click();
  await at(page, chapterUrl);
  assert.equal((await h1(page).innerText()).trim(), chapterName);
  assert.ok(await flash(page).isVisible(), 'a message confirms he joined');
  const members = page.getByRole('region', { name: 'Members', exact: true });
  const names = await members.getByRole('listitem').allInnerTexts();
  assert.ok(names.some((t) => t.includes(people.bruno.name)), `Bruno is in the member list: ${names.join(' | ')}`);
  assert.ok(names.some((t) => t.includes(people.ana.name) && /Connector/.test(t)), 'Ana is there as connector');
  assert.match(await page.getByRole('region', { name: 'Your membership', exact: true }).innerText(), /You are a member of this chapter/);
  assert.match(await page.locator('.page-head').innerText(), /2 of 12 members/);
  await shot(page, '11-bruno-joined');

  // The link works once: Bruno, already in, is taken to his chapter; anyone else finds it used.
  const again = await page.goto(path);
  assert.equal(again.status(), 200);
  assert.equal((await h1(page).innerText()).trim(), chapterName);
  assert.match(await flash(page).innerText(), /member of this chapter already/);
  await page.close();
  const stranger = await (await newContext(browser)).newPage();
  const used = await stranger.goto(path);
  assert.equal(used.status(), 410);
  assert.equal((await h1(stranger).innerText()).trim(), 'No longer valid');
  assert.match(await stranger.locator('main').innerText(), /already been used/);
  await stranger.close();
});

step('the chapter is found in the directory by country, by sector and by name', async () => {
  assert.ok(chapterUrl, 'the chapter was started');
  const page = await anon.newPage();
  const card = () => page.locator('.card.chapter').filter({ has: page.getByRole('link', { name: chapterName }) });

  await page.goto('/chapters');
  await h1(page).filter({ hasText: 'Chapters' }).waitFor();
  const filters = page.getByRole('complementary', { name: 'Filters' });
  await filters.getByRole('link', { name: new RegExp(`^Portugal ${tag}`) }).click();
  await page.waitForURL((u) => u.searchParams.get('place') === place.country.slug);
  assert.equal((await h1(page).innerText()).trim(), `Chapters in Portugal ${tag}`);
  assert.equal(await card().count(), 1, 'the chapter is listed in its country');
  assert.match(await card().innerText(), new RegExp(`Lisbon ${tag}`));
  assert.match(await card().innerText(), /2 of 12 members/);
  await shot(page, '12-directory-country');

  await filters.getByRole('link', { name: new RegExp(`^Fintech ${tag}`) }).click();
  await page.waitForURL((u) => u.searchParams.get('sector') === sector.slug);
  assert.equal(new URL(page.url()).searchParams.get('place'), place.country.slug, 'the country filter is kept');
  assert.match(await h1(page).innerText(), new RegExp(`Fintech ${tag}`));
  assert.equal(await card().count(), 1, 'the chapter is listed in its sector');
  await shot(page, '13-directory-sector');

  // Another sector (as linked from the Sectors page) does not list it.
  await page.goto('/sectors');
  await page.getByRole('link', { name: `Agriculture ${tag}` }).click();
  await page.waitForURL((u) => u.searchParams.get('sector') === other.slug);
  await h1(page).filter({ hasText: `Agriculture ${tag}` }).waitFor();
  assert.equal(await card().count(), 0, 'a chapter of another sector is not listed');

  await page.goto('/chapters');
  const search = page.getByRole('searchbox', { name: 'Search chapters' });
  await search.fill(`makers ${tag}`);
  await search.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === `makers ${tag}`);
  assert.equal(await card().count(), 1, 'the search finds it by name');
  assert.equal(await page.locator('.card.chapter').count(), 1, 'and nothing else');
  await shot(page, '14-directory-search');

  await search.fill(`nothing-like-this-${tag}`);
  await search.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === `nothing-like-this-${tag}`);
  assert.ok(await page.getByText('No chapter matches these filters.').isVisible());

  await page.goto('/chapters');
  await card().getByRole('link', { name: chapterName }).click();
  await at(page, chapterUrl);
  assert.equal((await h1(page).innerText()).trim(), chapterName);
  assert.equal(await page.getByRole('region', { name: 'Members', exact: true }).count(), 0, 'visitors do not see the member list');
  assert.ok(await page.getByRole('link', { name: 'Log in to ask' }).isVisible());
  await page.close();
});
