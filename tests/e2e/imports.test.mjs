// imports.test.mjs - importing members in a real browser: from the chapter's members page a
// connector opens the import form (with its help and the example file), sends a file that names no
// e-mail column and finds the error at the field, sends a good one, reads the preview (who comes
// in, who is a member already, the refused rows with their lines), confirms through the dialog
// that says how many and where, and lands on the report; the members page then lists them. Every
// page passes axe (WCAG 2.2 AA), has one h1 and no duplicate ids, and does not scroll sideways on
// a 360 px phone; screenshots in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, checked } from './browser.mjs';

let browser, conn, ch, known, geo;
const ctx = {};
const dialogs = [];
const NARROW = { width: 360, height: 780 };

before(async () => {
  const adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: 'Connie Connector' });
  ch = await chapter(conn, { metro_id: geo.metro.id, name: `Lisbon Founders ${geo.tag}` });
  known = await member({ name: 'Kim Known' });
  await admit(conn, ch, known);
  browser = await launch();
  ctx.conn = await newContext(browser, { client: conn.client });
  ctx.admin = await newContext(browser, { client: adm });
  ctx.admin.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
  ctx.phone = await newContext(browser, { client: conn.client, viewport: NARROW });
  ctx.conn.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
});

after(async () => {
  await browser?.close();
});

async function send(page, name, text) {
  await page.getByLabel('A CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Read the file' }).click()]);
}

test('a connector uploads a file, reads the preview, confirms and sees the report', async () => {
  const members = await open(ctx.conn, `/chapters/${ch.slug}/members`);
  await Promise.all([members.waitForLoadState('load'), members.getByRole('link', { name: 'Import members' }).click()]);
  const page = members;
  assert.match(await page.locator('h1').innerText(), /Import members/);
  assert.equal(await page.getByRole('link', { name: 'Download an example file' }).getAttribute('href'), '/assets/members-example.csv');
  await checked(page, 'the import form');
  await shot(page, 'imports-form');

  await send(page, 'people.csv', 'who,where\nAna,Lisbon\n');
  await page.locator('#csv-error').waitFor();
  assert.match(await page.locator('#csv-error').innerText(), /none is for the e-mail address/);
  assert.equal(await page.getByLabel('A CSV file').getAttribute('aria-invalid'), 'true');
  await checked(page, 'the refused upload');
  await shot(page, 'imports-refused');

  const tag = unique('e').toLowerCase();
  const rows = ['name,email,organisation', `Ana Lima,ana.${tag}@import.example,Lima Design`, `Rui Silva,rui.${tag}@import.example,`,
    `Kim Known,${known.email},`, 'No Address,,', `Ana Twice,ANA.${tag}@import.example,`];
  await send(page, 'founders.csv', `${rows.join('\r\n')}\r\n`);
  await page.getByRole('heading', { name: 'Check the import' }).waitFor();
  const stats = await page.locator('.stats').innerText();
  assert.match(stats, /2\s*will become members/);
  assert.match(stats, /1\s*are members already/);
  assert.match(stats, /2\s*rows refused/);
  const refused = await page.getByRole('region', { name: 'The refused rows, by line' }).innerText();
  assert.match(refused, /5\s+No e-mail address\./);
  assert.match(refused, /6\s+ANA\.[^\n]+The same e-mail address as line 2\./);
  await checked(page, 'the preview');
  await shot(page, 'imports-preview');

  const phone = await open(ctx.phone, new URL(page.url()).pathname);
  const o = await overflow(phone);
  assert.ok(o.scrollWidth <= o.clientWidth, `the preview does not scroll sideways at 360 px: ${o.wide.join(', ')}`);
  await shot(phone, 'imports-preview-phone');

  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Import 2 members' }).click()]);
  assert.deepEqual(dialogs, [`Import 2 members into ${ch.name}?`]);
  await page.getByRole('heading', { name: 'Import report' }).waitFor();
  assert.match(await page.locator('.flash, [role=status]').first().innerText(), /2 imported into/);
  assert.match(await page.locator('.stats').innerText(), /2\s*became members[\s\S]*1\s*were members already/);
  await checked(page, 'the report');
  await shot(page, 'imports-report');

  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'See the members' }).click()]);
  const list = await page.locator('main').innerText();
  assert.match(list, /Ana Lima/);
  assert.match(list, /Rui Silva/);
  const phoneForm = await open(ctx.phone, `/chapters/${ch.slug}/import`);
  const f = await overflow(phoneForm);
  assert.ok(f.scrollWidth <= f.clientWidth, `the form does not scroll sideways at 360 px: ${f.wide.join(', ')}`);
  await shot(phoneForm, 'imports-form-phone');
});

test('an administrator imports chapters: the preview names the unknown city, the report counts what started', async () => {
  const page = await open(ctx.admin, '/admin');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Import chapters' }).click()]);
  await checked(page, 'the chapters import form');
  await shot(page, 'imports-chapters-form');
  const tag = unique('c');
  await send(page, 'chapters.csv', `name,city,description\nHarbour ${tag},${geo.metro.name},Ship builders\nLost ${tag},Atlantis,\n`);
  await page.getByRole('heading', { name: 'Check the import' }).waitFor();
  assert.match(await page.getByRole('region', { name: 'The refused rows, by line' }).innerText(), /3\s+Lost [^\n]+No city of the network is called "Atlantis"/);
  await checked(page, 'the chapters preview');
  await shot(page, 'imports-chapters-preview');
  dialogs.length = 0;
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Start 1 chapter' }).click()]);
  assert.deepEqual(dialogs, ['Start 1 chapter, each forming, with its connector?']);
  await page.getByRole('heading', { name: 'Import report' }).waitFor();
  assert.match(await page.locator('.stats').innerText(), /1\s*chapters started/);
  await checked(page, 'the chapters report');
  await shot(page, 'imports-chapters-report');
});
