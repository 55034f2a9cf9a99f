// meeting.test.mjs - a chapter meeting in a real browser, with two people in two
// browser contexts: the connector opens the meeting and moves it through its
// phases; both share a success and a challenge; the member answers the
// connector's challenge with a story (after the heuristic flags a first,
// advice-like attempt); both record commitments; the meeting closes. The member's
// page follows the room without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible } from './browser.mjs';

let browser, connector, guest, ch, meetingPath;

before(async () => {
  browser = await launch();
  const geo = await geography(await admin());
  connector = await member({ name: `Inês ${unique()}` });
  guest = await member({ name: `Tomás ${unique()}` });
  ch = await chapter(connector, { name: `Runner ${unique()}`, metro_id: geo.metro.id });
  await admit(connector, ch, guest);
});

after(async () => {
  await browser?.close();
});

test('two members run a meeting from opening to close', async () => {
  const c1 = await newContext(browser, { client: connector.client });
  const c2 = await newContext(browser, { client: guest.client });

  // the connector adds tonight's meeting from the meetings page
  const meetings = await open(c1, `/chapters/${ch.slug}/meetings`);
  await expectAccessible(meetings, 'meetings page (connector)');
  const today = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  await meetings.fill('#date', today);
  await meetings.fill('#single_time', '23:30');
  await meetings.fill('#single_venue', 'Back room');
  await Promise.all([meetings.waitForURL(/\/meetings\/\d+$/), meetings.getByRole('button', { name: 'Add the meeting' }).click()]);
  meetingPath = new URL(meetings.url()).pathname;
  await shot(meetings, 'meeting-planned');

  // the member says yes
  const mine = await open(c2, meetingPath);
  await mine.getByRole('button', { name: 'Yes' }).click();
  await mine.waitForSelector('.flash');
  assert.match(await mine.locator('.flash').innerText(), /See you there/);

  // the connector opens the meeting; the member's page follows without a reload
  const host = meetings;
  await host.getByRole('button', { name: 'Open the meeting' }).click();
  await host.waitForSelector('.steps li.current');
  assert.match(await host.locator('.steps li.current').innerText(), /Check-in/);
  await mine.waitForFunction(() => document.querySelector('.steps li.current')?.textContent.includes('Check-in'), null, { timeout: 15000 });
  assert.match(await mine.locator('.live-note').innerText(), /Updated/);

  // both share one success and one challenge
  await mine.fill('#success-body', 'We signed our first bank partner.');
  await mine.getByRole('button', { name: 'Share my success' }).click();
  await mine.waitForSelector('.flash');
  await mine.fill('#challenge-body', 'Customers churn after the free month.');
  await mine.getByRole('button', { name: 'Share my challenge' }).click();
  await mine.waitForSelector('.flash');
  await host.reload();
  await host.fill('#success-body', 'The team grew to five.');
  await host.getByRole('button', { name: 'Share my success' }).click();
  await host.fill('#challenge-body', 'Our regulator keeps asking for documents.');
  await host.getByRole('button', { name: 'Share my challenge' }).click();
  await host.waitForSelector('.flash');
  assert.equal(await host.locator('#success-body').count(), 0, 'one success each: the form is gone');
  await shot(host, 'meeting-checkin');

  // on to the challenges
  await host.getByRole('button', { name: 'Move on to: Successes' }).click();
  await host.getByRole('button', { name: 'Move on to: Challenges and stories' }).click();
  await host.waitForSelector('.steps li.current');
  assert.match(await host.locator('.steps li.current').innerText(), /Challenges/);

  // the member answers the connector's challenge: advice is flagged, a story goes through
  await mine.reload();
  const story = mine.locator('.story-form textarea').first();
  await story.fill('You should send everything at once.');
  await mine.locator('.story-form button').first().click();
  await mine.waitForSelector('.field-error');
  assert.match(await mine.locator('.field-error').first().innerText(), /reads like advice/);
  assert.equal(await mine.locator('.story-form textarea').first().inputValue(), 'You should send everything at once.', 'the draft is kept');
  await mine.locator('.story-form textarea').first().fill('When our regulator did the same, we kept one shared folder they could read at any time.');
  await mine.locator('.story-form button').first().click();
  await mine.waitForSelector('.flash');
  assert.match(await mine.locator('.stories').first().innerText(), /shared folder/);

  // commitments, attendance, close
  await mine.fill('#commitment-body', 'Call three churned customers');
  await mine.getByRole('button', { name: 'Record my commitment' }).click();
  await mine.waitForSelector('.flash');
  await host.reload();
  await host.fill('#commitment-body', 'Send the regulator the folder link');
  await host.getByRole('button', { name: 'Record my commitment' }).click();
  await host.getByRole('button', { name: 'Move on to: Commitments' }).click();
  await host.getByRole('button', { name: 'Move on to: Closed' }).click();
  await host.waitForSelector('.flash');
  assert.match(await host.locator('.flash').innerText(), /meeting is closed/);
  await shot(host, 'meeting-closed');
  await expectAccessible(host, 'a closed meeting (connector)');

  // what the member sees afterwards
  await mine.reload();
  const text = await mine.locator('main').innerText();
  assert.match(text, /We signed our first bank partner/);
  assert.match(text, /Our regulator keeps asking for documents/);
  assert.match(text, /Call three churned customers/);
  assert.match(text, /Send the regulator the folder link/);
  assert.match(await mine.locator('.steps li.current').innerText(), /Closed/);
  await expectAccessible(mine, 'a closed meeting (member)');
  await c1.close();
  await c2.close();
});

test('nobody outside the chapter sees the meeting in a browser', async () => {
  const outsider = await member();
  const c = await newContext(browser, { client: outsider.client });
  const page = await open(c, meetingPath, 403);
  assert.match(await page.locator('main').innerText(), /Only members of/);
  assert.doesNotMatch(await page.content(), /churned/);
  await c.close();
});
