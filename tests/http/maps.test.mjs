// maps.test.mjs - places on a map (issue 20, point 8): the position an administrator gives a place
// (validated, stored as micro-degrees, shown in its JSON), the world map of /places with a marker per
// city that has a position and none for those without, a place's map zoomed to its cities, and the
// coastline shipped with the binary.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, admin, unique, mainOf, sql } from './lib.mjs';

let adm, country, region, lisbon, porto, nowhere;
before(async () => {
  adm = await admin();
  const tag = unique('m');
  const add = async (fields) => {
    const r = await adm.api('POST', '/places', fields);
    assert.equal(r.status, 201, r.text);
    return r.json().place;
  };
  country = await add({ name: `Mapland ${tag}` });
  region = await add({ name: `Coast ${tag}`, parent_id: country.id });
  lisbon = await add({ name: `Harbour ${tag}`, parent_id: region.id, latitude: 38.7223, longitude: -9.1393 });
  porto = await add({ name: `Bridge ${tag}`, parent_id: region.id, latitude: '41.1579', longitude: '-8,6291' });
  nowhere = await add({ name: `Hidden ${tag}`, parent_id: region.id });
});

// The <svg class="map"> of a page, and the places its markers link to.
function mapOf(html) {
  const m = mainOf(html).match(/<svg class="map"[\s\S]*?<\/svg>/);
  return m ? m[0] : null;
}
function markerSlugs(svg) {
  return [...svg.matchAll(/<a href="\/places\/([^"]+)" aria-label="([^"]+)">/g)].map((m) => m[1]);
}

test('a place is given a position in decimal degrees, kept as micro-degrees and shown in its JSON', async () => {
  assert.equal(lisbon.lat_e6, 38722300);
  assert.equal(lisbon.lon_e6, -9139300);
  assert.equal(porto.lat_e6, 41157900, 'a string with a decimal point');
  assert.equal(porto.lon_e6, -8629100, 'a decimal comma');
  assert.equal(nowhere.lat_e6, null);
  assert.equal(nowhere.lon_e6, null);
  const shown = (await new Client().get(`/api/v1/places/${lisbon.slug}`)).json().place;
  assert.equal(shown.lat_e6, 38722300);
  assert.equal(shown.lon_e6, -9139300);
  assert.equal(sql(`SELECT lat_e6 || ' ' || lon_e6 FROM places WHERE id = ${porto.id}`), '41157900 -8629100');
});

test('a position out of range, half given or not a number is refused with a clear error, and nothing is added', async () => {
  const cases = [
    [{ latitude: 91, longitude: 0 }, 'latitude', /-90 \(south\) to 90 \(north\)/],
    [{ latitude: -90.5, longitude: 0 }, 'latitude', /-90/],
    [{ latitude: 0, longitude: 180.0001 }, 'longitude', /-180 \(west\) to 180 \(east\)/],
    [{ latitude: 'north', longitude: 10 }, 'latitude', /number of degrees/],
    [{ latitude: 10, longitude: 'NaN' }, 'longitude', /number of degrees/],
    [{ latitude: 10 }, 'longitude', /longitude too, or neither/],
    [{ longitude: 10 }, 'latitude', /latitude too, or neither/],
  ];
  for (const [pos, field, message] of cases) {
    const name = `Refused ${unique()}`;
    const r = await adm.api('POST', '/places', { name, parent_id: region.id, ...pos });
    assert.equal(r.status, 422, `${JSON.stringify(pos)}: ${r.text}`);
    const err = r.json().errors.find((x) => x.field === field);
    assert.ok(err, `${JSON.stringify(pos)}: an error at ${field}: ${r.text}`);
    assert.match(err.message, message);
    assert.equal(sql(`SELECT count(*) FROM places WHERE name = '${name}'`), '0');
  }
  // the database itself keeps the rule: both or neither, within range
  assert.throws(() => sql(`UPDATE places SET lat_e6 = 1000000 WHERE id = ${nowhere.id}`));
  assert.throws(() => sql(`UPDATE places SET lat_e6 = 95000000, lon_e6 = 0 WHERE id = ${nowhere.id}`));
  assert.equal(sql(`SELECT count(*) FROM places WHERE id = ${nowhere.id} AND lat_e6 IS NULL AND lon_e6 IS NULL`), '1');
});

test('an administrator sets, changes and clears a position later; the form shows it and its errors', async () => {
  const tag = unique('p');
  const city = (await adm.api('POST', '/places', { name: `Later ${tag}`, parent_id: region.id })).json().place;
  const set = await adm.api('POST', `/places/${city.slug}/position`, { latitude: -1.2921, longitude: 36.8219 });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json().place.lat_e6, -1292100);
  assert.equal((await new Client().get(`/api/v1/places/${city.slug}`)).json().place.lon_e6, 36821900);
  // through the page's form: a redirect with a message, then the form shows the degrees
  const page = await adm.post(`/places/${city.slug}/position`, { latitude: '-23.5505', longitude: '-46.6333' });
  assert.equal(page.status, 303);
  assert.equal(page.location, `/places/${city.slug}`);
  const shown = mainOf((await adm.get(`/places/${city.slug}`)).text);
  assert.match(shown, /id="latitude" name="latitude" value="-23.5505"/);
  assert.match(shown, /id="longitude" name="longitude" value="-46.6333"/);
  assert.equal(sql(`SELECT lat_e6 || ' ' || lon_e6 FROM places WHERE id = ${city.id}`), '-23550500 -46633300');
  // refused: the page again with the error at the field and what was typed, and the position unchanged
  const bad = await adm.post(`/places/${city.slug}/position`, { latitude: '123', longitude: '-46.6333' });
  assert.equal(bad.status, 422);
  assert.match(mainOf(bad.text), /id="latitude-error">The latitude is a number of degrees/);
  assert.match(mainOf(bad.text), /name="latitude" value="123"/);
  assert.equal(sql(`SELECT lat_e6 FROM places WHERE id = ${city.id}`), '-23550500');
  // both empty: off the map
  const off = await adm.api('POST', `/places/${city.slug}/position`, { latitude: '', longitude: '' });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json().place.lat_e6, null);
  assert.equal(sql(`SELECT count(*) FROM places WHERE id = ${city.id} AND lat_e6 IS NULL AND lon_e6 IS NULL`), '1');
  const missing = await adm.api('POST', '/places/no-such-place-here/position', { latitude: 1, longitude: 1 });
  assert.equal(missing.status, 404);
});

test('/places draws a marker for every city with a position and none for those without', async () => {
  const html = (await new Client().get('/places')).text;
  const svg = mapOf(html);
  assert.ok(svg, 'the page has a map');
  assert.match(svg, /viewBox="0\.00 60\.00 3600\.00 1440\.00"/, 'the world');
  assert.match(svg, /<use class="land" href="\/assets\/world\.svg#land"\/>/, 'on the shipped coastline');
  const drawn = markerSlugs(svg).sort();
  const placed = sql("SELECT slug FROM places WHERE kind = 'metro' AND lat_e6 IS NOT NULL").split('\n').filter(Boolean).sort();
  assert.deepEqual(drawn, placed, 'one marker per city with a position');
  assert.ok(drawn.includes(lisbon.slug) && drawn.includes(porto.slug));
  assert.ok(!drawn.includes(nowhere.slug), 'a city without a position has no marker');
  assert.ok(!drawn.includes(country.slug) && !drawn.includes(region.slug), 'countries and regions are not markers');
  // each marker is a link named by its city and chapters, at its projected place
  assert.match(svg, new RegExp(`<a href="/places/${lisbon.slug}" aria-label="${lisbon.name}, 0 chapters"><title>${lisbon.name}, 0 chapters</title><circle class="marker" cx="1708\\.61" cy="512\\.78"`));
  // the same cities in words
  const list = mainOf(html).match(/<ul class="map-list"[\s\S]*?<\/ul>/)[0];
  assert.deepEqual([...list.matchAll(/href="\/places\/([^"]+)"/g)].map((m) => m[1]).sort(), placed);
  assert.match(mainOf(html), /cit(y is|ies are) not on the map: no position has been given/);
});

test("a place's page draws its own cities, zoomed to them", async () => {
  const html = (await new Client().get(`/places/${country.slug}`)).text;
  const svg = mapOf(html);
  assert.ok(svg, 'the country has a map');
  assert.deepEqual(markerSlugs(svg).sort(), [lisbon.slug, porto.slug].sort(), 'its placed cities only');
  const [x, y, w, h] = svg.match(/viewBox="([^"]+)"/)[1].split(' ').map(Number);
  assert.equal(w, 120, 'two close cities: the smallest span, 12 degrees');
  assert.equal(h, 60);
  for (const m of svg.matchAll(/cx="([\d.]+)" cy="([\d.]+)"/g)) {
    const [cx, cy] = [Number(m[1]), Number(m[2])];
    assert.ok(cx > x && cx < x + w && cy > y && cy < y + h, `marker ${cx},${cy} inside ${x} ${y} ${w} ${h}`);
  }
  assert.match(svg, /<text [^>]*>Harbour /, 'a zoomed map writes the names');
  // a city's page: itself; a city without a position: no map
  assert.deepEqual(markerSlugs(mapOf((await new Client().get(`/places/${porto.slug}`)).text)), [porto.slug]);
  assert.equal(mapOf((await new Client().get(`/places/${nowhere.slug}`)).text), null);
  // only an administrator sees the position form
  assert.doesNotMatch(mainOf((await new Client().get(`/places/${porto.slug}`)).text), /action="\/places\/[^"]+\/position"/);
  assert.match(mainOf((await adm.get(`/places/${porto.slug}`)).text), new RegExp(`action="/places/${porto.slug}/position"`));
});

test('the coastline is shipped with the binary and names its source', async () => {
  const r = await new Client().get('/assets/world.svg');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(r.text, /<path id="land" [^>]*d="M/);
  assert.match(r.text, /Natural Earth/);
  assert.ok(r.text.length < 40000, `a few tens of KB: ${r.text.length}`);
});
