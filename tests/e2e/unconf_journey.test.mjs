// unconf_journey.test.mjs - an unconference as its participants live it, in a
// real browser (issue 14): three attendees in three browser contexts propose
// sessions and vote with their dots on the board; the organiser adds rooms and
// slots and builds the grid; an attendee's calendar holds their sessions; a
// session is captured and published into the commons, where it waits for its
// presenters' consent; the organiser locks a session and builds again around
// it; the audience page and the venue's screen. axe on every page, at desktop
// and phone widths. Only the world (people, chapter, format, event,
// tickets) is made through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, geography, unique, lisbon } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, stepper, PHONE } from './browser.mjs';

let browser, conn, people, ev, base;
const contexts = [];
const tag = unique('u');

before(async () => {
  browser = await launch();
  const adm = await admin();
  const geo = await geography(adm);
  conn = await member({ name: `Organiser ${unique()}` });
  people = [await member({ name: `Ada ${unique()}` }), await member({ name: `Bo ${unique()}` }), await member({ name: `Cleo ${unique()}` })];
  const ch = await chapter(conn, { name: `Campers ${unique()}`, metro_id: geo.metro.id });
  const app = (await adm.api('POST', '/apps', { name: `Leancamp ${tag}`, has_board: true, summary: 'Sessions made on the day.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] })).json().app;
  const s = lisbon(60 * 24 * 2), e = lisbon(60 * 24 * 2 + 240);
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Leancamp ${tag}`,
    venue: 'The Hub', capacity: 40, date: s.date, time: s.time, end_date: e.date, end_time: e.time });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
  base = `/events/${ev.slug}`;
  for (const p of people) assert.equal((await p.client.api('POST', `${base}/register`, {})).status, 201);
  ev.s = s;
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

async function context(opts) {
  const c = await newContext(browser, opts);
  contexts.push(c);
  return c;
}

const TITLES = [`Pricing your first product ${tag}`, `Hiring the first five ${tag}`, `Founders' wellbeing ${tag}`];

test('attendees propose and vote, the organiser builds the grid, a calendar holds one\'s sessions, a session reaches the commons', async () => {
  const pages = [];
  await step('each attendee proposes a session on the board and spends dots', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await context({ client: people[i].client, viewport: i === 2 ? PHONE : undefined });
      const page = await open(c, `${base}/board`);
      pages.push(page);
      await page.getByLabel('Title').fill(TITLES[i]);
      await page.getByLabel('Kind').selectOption('discussion');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Propose it' }).click()]);
      await page.waitForLoadState();
      assert.ok(await page.getByRole('heading', { name: TITLES[i] }).isVisible(), `${TITLES[i]} is on the board`);
    }
    // Ada and Bo want both pricing and hiring; Cleo wants pricing and wellbeing
    const wants = [[0, 1], [0, 1], [0, 2]];
    for (let i = 0; i < 3; i++) {
      const page = await open(contexts[i], `${base}/board`);
      for (const k of wants[i]) {
        const item = page.locator('li.result', { hasText: TITLES[k] });
        await item.getByLabel('Your dots on it').fill('2');
        await Promise.all([page.waitForEvent('load'), item.getByRole('button', { name: 'Save' }).click()]);
      }
      assert.match(await page.locator('main').innerText(), /You have 1 of your 5 dots left/);
      if (i === 0) await expectAccessible(page, 'the board, as an attendee');
      if (i === 2) {
        await expectAccessible(page, 'the board on a phone');
        const o = await overflow(page);
        assert.ok(o.scrollWidth <= PHONE.width, `the board on a phone: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
      }
    }
    // the board Ada opened before anyone voted follows the votes by itself
    const counts = pages[0].locator('li.result', { hasText: TITLES[0] }).locator('.votes');
    await counts.filter({ hasText: '6 dots · 3 voters' }).waitFor({ timeout: 15000 });
    assert.equal(await pages[0].locator('.dots-left').innerText(), '1', 'and her own dots left');
  });

  let org;
  await step('the organiser adds two rooms and two slots and builds the grid', async () => {
    org = await context({ client: conn.client });
    const page = await open(org, `${base}/board`);
    await expectAccessible(page, 'the board, as its organiser');
    for (const [name, seats] of [['Hall', '30'], ['Library', '10']]) {
      await page.getByLabel('New room').fill(name);
      await page.getByLabel('Seats').fill(seats);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add the room' }).click()]);
    }
    const at = (m) => { const t = lisbon(60 * 24 * 2 + m); return `${t.date}T${t.time}`; };   // the event's zone
    for (const [from, to] of [[0, 60], [60, 120]]) {
      await page.getByLabel('New slot from').fill(at(from));
      await page.getByLabel(/^to$/).fill(at(to));
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add the slot' }).click()]);
    }
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Build the grid from the votes' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /The grid is built: 3 sessions placed/);
  });

  await step('the schedule shows the sessions by room and slot; pricing and hiring are apart', async () => {
    const page = await open(contexts[0], `${base}/grid`);
    await expectAccessible(page, 'the schedule');
    await shot(page, 'unconf-schedule');
    const rows = await page.locator('table.schedule tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    const slotOf = (t) => rows.findIndex((r) => r.includes(t));
    assert.notEqual(slotOf(TITLES[0]), slotOf(TITLES[1]), 'Ada and Bo voted for both: different slots');
    const phone = await open(contexts[2], `${base}/grid`);
    await expectAccessible(phone, 'the schedule on a phone');
    const o = await overflow(phone);
    assert.ok(o.scrollWidth <= PHONE.width, `the schedule on a phone: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
    await shot(phone, 'phone-unconf-schedule');
  });

  await step('Cleo\'s calendar holds the sessions she put dots on or presents', async () => {
    const r = await people[2].client.get(`${base}/my-schedule.ics`);
    assert.equal(r.status, 200);
    for (const t of [TITLES[0], TITLES[2]]) assert.ok(r.text.includes(t.replace(/,/g, '\\,')), `${t} in her calendar`);
    assert.ok(!r.text.includes(TITLES[1]), 'not the session she did not choose');
  });

  await step('Ada captures her session and publishes it into the commons, where it waits for consent', async () => {
    const page = await open(contexts[0], `${base}/board`);
    await Promise.all([page.waitForURL(/\/sessions\/\d+$/), page.getByRole('link', { name: TITLES[0] }).click()]);
    await expectAccessible(page, 'a session\'s page');
    await page.getByLabel(/What the session found/).fill('## What we found\n\n- Price on **value**, not on cost.');
    await page.getByLabel(/How many came/).fill('12');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save the notes' }).click()]);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Publish into the commons' }).click()]);
    assert.match(await page.locator('main').innerText(), /These notes are in the commons/);
    const mine = await open(contexts[0], '/commons/mine');
    assert.match(await mine.locator('main').innerText(), new RegExp(TITLES[0]));
  });

  await step('the organiser locks Cleo\'s session in the hall\'s first slot and builds again around it', async () => {
    const page = await open(org, `${base}/grid`);
    await Promise.all([page.waitForURL(/\/sessions\/\d+$/), page.getByRole('link', { name: TITLES[2] }).click()]);
    await expectAccessible(page, 'a session\'s page, as its organiser');
    await shot(page, 'unconf-session-organiser');
    const own = await open(contexts[2], page.url());   // Cleo's own session, on her phone: the form to change it
    await expectAccessible(own, 'a session\'s page, as its presenter, on a phone');
    const o = await overflow(own);
    assert.ok(o.scrollWidth <= PHONE.width, `a session's page on a phone: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
    await shot(own, 'phone-unconf-session-presenter');
    await page.getByLabel('Room').selectOption({ label: 'Hall (30 seats)' });
    await page.getByLabel('Slot').selectOption({ index: 0 });
    await page.getByLabel('Lock it there').check();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Place it' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /Placed and locked/);
    const grid = await open(org, `${base}/grid`);
    grid.once('dialog', (d) => d.accept());   // "Build the schedule again?"
    await Promise.all([grid.waitForURL(/\/board/), grid.getByRole('button', { name: /Build again around the locked sessions/ }).click()]);
    const again = await open(org, `${base}/grid`);
    const first = await again.locator('table.schedule tbody tr').first().locator('td').first().innerText();
    assert.match(first, new RegExp(`${TITLES[2]}[\\s\\S]*locked`), 'still in the hall\'s first slot, locked');
    await shot(again, 'unconf-schedule-locked');
  });

  await step('the sponsors\' view: each session\'s audience and where its notes went; the venue\'s screen', async () => {
    const page = await open(org, `${base}/sessions`);
    await expectAccessible(page, 'the audience and notes');
    const text = await page.locator('main').innerText();
    assert.match(text, /1 of 3/);
    assert.match(text, /12/);
    await shot(page, 'unconf-audience');
    const phone = await open(contexts[2], `${base}/sessions`);
    await expectAccessible(phone, 'the audience and notes on a phone');
    const o = await overflow(phone);
    assert.ok(o.scrollWidth <= PHONE.width, `the audience on a phone: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
    const screen = await open(org, `${base}/screen`);
    await expectAccessible(screen, 'the venue\'s screen');
    assert.match(await screen.locator('main').innerText(), new RegExp(`Next[\\s\\S]*${TITLES[2]}`));
    await shot(screen, 'unconf-screen');
  });
});
