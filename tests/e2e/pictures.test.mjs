// pictures.test.mjs - pictures in a real browser: a connector gives the chapter a photo from its
// page (the form's help, a text file refused at the field, the photo on the page and on its card in the directory,
// loaded), a member chooses their picture and sees it on their profile and in the directory of
// members (initials before), removes it through the dialog that asks first, and an administrator
// gives an organisation a logo. Every page passes axe (WCAG 2.2 AA), has one h1, and does not
// scroll sideways on a 360 px phone; screenshots at 1280 and 360 px in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { admin, member, chapter, geography } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, checked } from './browser.mjs';

const FIX = new URL('../http/fixtures/pictures/', import.meta.url);
const photo = readFileSync(new URL('photo.jpg', FIX));
const logo = readFileSync(new URL('logo.png', FIX));
const NARROW = { width: 360, height: 780 };

let browser, adm, conn, ch, geo, person;
const ctx = {};
const dialogs = [];

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: 'Paula Photographer' });
  ch = await chapter(conn, { metro_id: geo.metro.id, name: `Porto Makers ${geo.tag}` });
  person = await member({ name: 'Zoë Quartz' });
  browser = await launch();
  ctx.conn = await newContext(browser, { client: conn.client });
  ctx.connPhone = await newContext(browser, { client: conn.client, viewport: NARROW });
  ctx.person = await newContext(browser, { client: person.client });
  ctx.personPhone = await newContext(browser, { client: person.client, viewport: NARROW });
  ctx.admin = await newContext(browser, { client: adm });
  ctx.person.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
});

after(async () => {
  await browser?.close();
});

async function narrow(context, path, label, name) {
  const page = await open(context, path);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `${label} scrolls sideways at 360 px: ${o.wide.join(', ')}`);
  await expectAccessible(page, `${label} at 360 px`);
  await shot(page, name);
  await page.close();
}

// Whether every <img> matching selector has loaded (a picture the browser could decode).
async function loaded(page, selector) {
  return page.locator(selector).evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0));
}

async function send(page, name, mimeType, buffer) {
  await page.getByLabel('A picture file').setInputFiles({ name, mimeType, buffer });
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save the picture' }).click()]);
}

test('a connector gives the chapter a photo: on its page and its card, on a desktop and a phone', async () => {
  const page = await open(ctx.conn, `/chapters/${ch.slug}`);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Photo', exact: true }).click()]);
  assert.match(await page.locator('h1').innerText(), /Photo of Porto Makers/);
  assert.match(await page.locator('#picture-hint').innerText(), /JPEG, PNG, WebP or GIF/);
  assert.match(await page.locator('main').innerText(), /No picture yet/);
  await checked(page, 'the photo form');
  await shot(page, 'pictures-form');

  // a text file named .jpg: the form again, the sentence at the field
  await send(page, 'notes.jpg', 'image/jpeg', Buffer.from('Shopping list: tiles, grout.\n'));
  await page.locator('#picture-error').waitFor();
  assert.match(await page.locator('#picture-error').innerText(), /not a picture in JPEG, PNG, WebP or GIF/);
  assert.equal(await page.getByLabel('A picture file').getAttribute('aria-invalid'), 'true');
  await checked(page, 'the refused file');
  await shot(page, 'pictures-refused');

  await send(page, 'porto.jpg', 'image/jpeg', photo);
  assert.equal(new URL(page.url()).pathname, `/chapters/${ch.slug}`);
  assert.match(await page.locator('.flash').innerText(), /The photo of Porto Makers .* is saved/);
  const img = page.locator('.chapter-photo img');
  assert.match(await img.getAttribute('alt'), /^Photo of Porto Makers/);
  assert.ok(await loaded(page, '.chapter-photo img'), 'the photo is shown');
  await checked(page, 'the chapter with its photo');
  await shot(page, 'pictures-chapter');
  await narrow(ctx.connPhone, `/chapters/${ch.slug}`, 'the chapter with its photo', 'pictures-chapter-phone');

  const dir = await open(ctx.conn, `/chapters?q=${encodeURIComponent('Porto Makers')}`);
  assert.ok(await loaded(dir, '.card.chapter.with-photo .card-photo'), 'its card in the directory shows the photo');
  await checked(dir, 'the directory with a photo');
  await shot(dir, 'pictures-directory');
  await narrow(ctx.connPhone, `/chapters?q=${encodeURIComponent('Porto Makers')}`, 'the directory with a photo', 'pictures-directory-phone');

  const form = await open(ctx.conn, `/chapters/${ch.slug}/picture`);
  assert.ok(await loaded(form, '.picture-preview img'), 'the form shows the photo now');
  await checked(form, 'the photo form with a photo');
  await shot(form, 'pictures-form-with-photo');
  await narrow(ctx.connPhone, `/chapters/${ch.slug}/picture`, 'the photo form', 'pictures-form-phone');
});

test('a member chooses a picture, sees it on the profile and in the directory, and removes it', async () => {
  const before = await open(ctx.person, `/members/${person.id}`);
  assert.equal(await before.locator('.avatar.initials').innerText(), 'ZQ', 'initials until there is a picture');
  await checked(before, 'a profile without a picture');
  await shot(before, 'pictures-profile-initials');

  const me = await open(ctx.person, '/me');
  await Promise.all([me.waitForLoadState('load'), me.getByRole('link', { name: 'Your picture' }).click()]);
  await checked(me, 'the picture form');
  await send(me, 'me.jpg', 'image/jpeg', photo);
  assert.equal(new URL(me.url()).pathname, `/members/${person.id}`);
  assert.ok(await loaded(me, 'img.avatar.large'), 'the profile shows the picture');
  assert.equal(await me.locator('img.avatar.large').getAttribute('alt'), 'Picture of Zoë Quartz');
  await checked(me, 'a profile with a picture');
  await shot(me, 'pictures-profile');
  await narrow(ctx.personPhone, `/members/${person.id}`, 'a profile with a picture', 'pictures-profile-phone');

  const list = await open(ctx.person, '/members?q=Quartz');
  assert.ok(await loaded(list, '.who-pic img.avatar'), 'the directory of members shows it');
  await checked(list, 'the directory of members');
  await shot(list, 'pictures-members');
  await narrow(ctx.personPhone, '/members?q=Quartz', 'the directory of members', 'pictures-members-phone');

  const form = await open(ctx.person, '/me/avatar');
  await Promise.all([form.waitForLoadState('load'), form.getByRole('button', { name: 'Remove the picture' }).click()]);
  assert.match(dialogs.at(-1) || '', /Remove this picture\? It cannot be brought back/);
  assert.match(await form.locator('.flash').innerText(), /Your picture is removed/);
  assert.equal(await form.locator('.avatar.initials').innerText(), 'ZQ', 'initials again');
});

test('an administrator gives an organisation a logo', async () => {
  const made = await adm.api('POST', '/organisations', { name: `Ribeira Tiles ${geo.tag}`, kind: 'sponsor' });
  assert.equal(made.status, 201, made.text);
  const org = made.json().organisation;
  const page = await open(ctx.admin, `/organisations/${org.slug}`);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Logo', exact: true }).click()]);
  await checked(page, 'the logo form');
  await send(page, 'tiles.png', 'image/png', logo);
  assert.equal(new URL(page.url()).pathname, `/organisations/${org.slug}`);
  assert.ok(await loaded(page, 'img.logo'), 'the page shows the logo');
  await checked(page, 'an organisation with its logo');
  await shot(page, 'pictures-organisation');
  await narrow(await newContext(browser, { client: adm, viewport: NARROW }), `/organisations/${org.slug}`, 'an organisation with its logo', 'pictures-organisation-phone');
});
