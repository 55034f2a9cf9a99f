// maps.test.mjs - places on a map in a real browser (issue 20, point 8): /places draws the world's
// coastline with a marker per placed city, each a link named by the city and its chapters, without
// script; a country's page is zoomed to its cities and names them; an administrator places a city
// with the form on its page (and is told when a degree is wrong); axe finds no violation; screenshots
// at 1280 px and at 360 px wide, neither scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, chapter, member, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, stepper } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 780 };
let browser, adm, country, harbour, bridge, hidden;

before(async () => {
  browser = await launch();
  adm = await admin();
  const tag = unique('map');
  const add = async (fields) => (await adm.api('POST', '/places', fields)).json().place;
  country = await add({ name: `Mapland ${tag}` });
  const region = await add({ name: `Coast ${tag}`, parent_id: country.id });
  harbour = await add({ name: `Harbour ${tag}`, parent_id: region.id, latitude: 38.7223, longitude: -9.1393 });
  bridge = await add({ name: `Bridge ${tag}`, parent_id: region.id, latitude: 41.1579, longitude: -8.6291 });
  hidden = await add({ name: `Hidden ${tag}`, parent_id: region.id });
  const owner = await member();
  await chapter(owner, { name: `Harbour Makers ${tag}`, metro_id: harbour.id });
});

after(async () => {
  await browser?.close();
});

async function fits(page, label, width) {
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= width, `${label}: ${o.scrollWidth}px wide at ${width}px: ${o.wide.join(', ')}`);
}

// The drawn size of the coastline (0 when the outline did not load) and of the map (through a
// locator, which works where the page runs no script).
async function drawn(page) {
  return page.locator('svg.map').evaluate((svg) => {
    const land = svg.querySelector('use.land').getBBox();
    const map = svg.getBoundingClientRect();
    return { land: land.width * land.height, width: map.width, height: map.height };
  });
}

test('/places shows the world with a link per placed city, without script, at desktop and phone widths', { timeout: 180_000 }, async () => {
  const contexts = [];
  const step = stepper(contexts);
  // without script: the map is the server's SVG, nothing is drawn in the page
  const plain = await newContext(browser, { viewport: DESKTOP, javaScript: false });
  contexts.push(plain);
  const bare = await open(plain, '/places');
  await step('the world map without script', async () => {
    assert.ok((await drawn(bare)).land > 100000, 'the coastline is drawn');
    assert.equal(await bare.locator('svg.map').getByRole('link', { name: `${harbour.name}, 1 chapter` }).count(), 1);
    await shot(bare, 'maps-places-noscript');
  });
  for (const [viewport, name] of [[DESKTOP, 'desktop'], [NARROW, 'phone']]) {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await open(context, '/places');
    await step(`the world map at ${name} width`, async () => {
      const size = await drawn(page);
      assert.ok(size.land > 100000, `the coastline is drawn (${size.land})`);
      assert.ok(Math.abs(size.width / size.height - 2.5) < 0.05, `the world's proportions: ${size.width}x${size.height}`);
      const marker = page.locator('svg.map').getByRole('link', { name: `${harbour.name}, 1 chapter` });
      assert.equal(await marker.count(), 1, 'the marker is a link named by its city and chapters');
      assert.equal(await page.locator('svg.map').getByRole('link', { name: new RegExp(hidden.name) }).count(), 0, 'no marker without a position');
      assert.equal(await page.locator('.map-list').getByRole('link', { name: bridge.name }).count(), 1, 'the same cities in words');
      await expectAccessible(page, `/places at ${name} width`);
      await fits(page, `/places at ${name} width`, viewport.width);
      await shot(page, `maps-places-${name}`);
      if (name === 'desktop') {
        await Promise.all([page.waitForURL((u) => u.pathname === `/places/${harbour.slug}`), marker.click()]);
        assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), harbour.name);
      }
    });
  }
  for (const c of contexts) await c.close();
});

test("a country's page is zoomed to its cities and names them", { timeout: 180_000 }, async () => {
  const contexts = [];
  const step = stepper(contexts);
  for (const [viewport, name] of [[DESKTOP, 'desktop'], [NARROW, 'phone']]) {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await open(context, `/places/${country.slug}`);
    await step(`the country's map at ${name} width`, async () => {
      assert.ok((await drawn(page)).land > 0, 'the coastline is drawn');
      assert.equal(await page.locator('svg.map a').count(), 2);
      assert.deepEqual(await page.locator('svg.map .names text').allTextContents(), [bridge.name, harbour.name]);
      await expectAccessible(page, `a country's page at ${name} width`);
      await fits(page, `a country's page at ${name} width`, viewport.width);
      await shot(page, `maps-country-${name}`);
    });
  }
  for (const c of contexts) await c.close();
});

test('an administrator places a city with the form on its page', { timeout: 180_000 }, async () => {
  const contexts = [];
  const step = stepper(contexts);
  const context = await newContext(browser, { client: adm, viewport: DESKTOP });
  contexts.push(context);
  const page = await open(context, `/places/${hidden.slug}`);
  await step('a wrong latitude is refused at its field', async () => {
    assert.equal(await page.locator('svg.map').count(), 0, 'no map before it has a position');
    await page.getByText(`Set where ${hidden.name} is on the map`).click();
    await page.getByLabel('Latitude').fill('100');
    await page.getByLabel('Longitude').fill('-8.9');
    await page.getByRole('button', { name: 'Save the position' }).click();
    await page.waitForSelector('#latitude-error');
    assert.match(await page.locator('#latitude-error').innerText(), /from -90 \(south\) to 90 \(north\)/);
    assert.equal(await page.getByLabel('Latitude').getAttribute('aria-invalid'), 'true');
    await expectAccessible(page, 'the position form with an error');
    await shot(page, 'maps-position-error');
  });
  await step('a right one puts the city on the map', async () => {
    await page.getByLabel('Latitude').fill('40.2033');
    await Promise.all([page.waitForURL((u) => u.pathname === `/places/${hidden.slug}`), page.getByRole('button', { name: 'Save the position' }).click()]);
    assert.match(await page.locator('.flash').innerText(), new RegExp(`${hidden.name} is on the map`));
    assert.equal(await page.locator('svg.map').getByRole('link', { name: `${hidden.name}, 0 chapters` }).count(), 1);
    await expectAccessible(page, 'a city on the map');
    await shot(page, 'maps-position-saved');
  });
  const countryPage = await open(context, `/places/${country.slug}`);
  await step("the country's map has the city too", async () => {
    assert.equal(await countryPage.locator('svg.map a').count(), 3);
  });
  await context.close();
});
