// organisations.test.mjs - an organisation's managers in a real browser: an administrator adds
// a manager with the person picker on the organisation's page; the manager sees the forms,
// edits the profile (its help, an error at the field, then saved) and finds the organisation on
// their own page; a manager alone is told to add another before leaving. Every page passes axe
// (WCAG 2.2 AA), has one h1, and does not scroll sideways on a 360 px phone; screenshots at
// 1280 and 360 px in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, pick, checked } from './browser.mjs';

const NARROW = { width: 360, height: 780 };
let browser, adm, boss, org;
const ctx = {};

before(async () => {
  adm = await admin();
  boss = await member({ name: `Marta ${unique()} Manager` });
  const made = await adm.api('POST', '/organisations', { name: `Casa Azul ${unique()}`, kind: 'venue', website: 'https://casa-azul.example' });
  assert.equal(made.status, 201, made.text);
  org = made.json().organisation;
  browser = await launch();
  ctx.admin = await newContext(browser, { client: adm });
  ctx.boss = await newContext(browser, { client: boss.client });
});

after(async () => {
  await browser?.close();
});

async function narrow(client, path, label, name) {
  const context = await newContext(browser, { client, viewport: NARROW });
  const page = await open(context, path);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `${label} scrolls sideways at 360 px: ${o.wide.join(', ')}`);
  await expectAccessible(page, `${label} at 360 px`);
  await shot(page, name);
  await context.close();
}

test('an administrator adds a manager with the picker; the manager edits the profile and finds it on their page', async () => {
  let page = await open(ctx.admin, `/organisations/${org.slug}`);
  assert.match(await page.locator('#managers').innerText(), /No managers yet/);
  await checked(page, 'an organisation without managers');
  await pick(page, 'member', boss.name, `member:${boss.id}`);
  await Promise.all([page.waitForURL(`**/organisations/${org.slug}`), page.getByRole('button', { name: 'Add', exact: true }).click()]);
  assert.match(await page.locator('[role=status], .flash').first().innerText(), new RegExp(`${boss.name} now manages`));
  assert.equal(await page.locator('#managers a', { hasText: boss.name }).getAttribute('href'), `/members/${boss.id}`);
  await checked(page, 'an organisation with a manager, as an administrator');
  await shot(page, 'organisation-managers');
  await narrow(adm, `/organisations/${org.slug}`, 'an organisation with its managers', 'organisation-managers-phone');
  await page.close();

  // the manager: the forms, and a word that they are alone
  page = await open(ctx.boss, `/organisations/${org.slug}`);
  assert.match(await page.locator('#managers').innerText(), /You are its only manager: add another before you leave\./);
  await checked(page, 'an organisation, as its only manager');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Edit', exact: true }).click()]);
  await checked(page, 'the profile form');
  await page.fill('#website', 'ftp://casa-azul.example');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save' }).click()]);
  assert.match(await page.locator('#website-error').innerText(), /should start with https:\/\//);
  assert.equal(await page.locator('#website').getAttribute('aria-invalid'), 'true');
  await checked(page, 'the profile form with an error');
  await shot(page, 'organisation-edit-error');
  await page.fill('#website', 'https://casa-azul.example/new');
  await page.selectOption('#kind', 'sponsor');
  await Promise.all([page.waitForURL(`**/organisations/${org.slug}`), page.getByRole('button', { name: 'Save' }).click()]);
  assert.match(await page.locator('main').innerText(), /A sponsor/);
  await narrow(boss.client, `/organisations/${org.slug}/edit`, 'the profile form', 'organisation-edit-phone');
  await page.close();

  // their own page
  page = await open(ctx.boss, `/members/${boss.id}`);
  assert.equal(await page.getByRole('heading', { name: 'Organisations you manage' }).count(), 1);
  assert.equal(await page.locator(`a[href="/organisations/${org.slug}"]`).count(), 1);
  await checked(page, 'a member\'s page with the organisations they manage');
  await page.close();
});
