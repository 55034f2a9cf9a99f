// chapter_counts.test.mjs - the directory's counts kept (migration 037): the
// total and the facets of /api/v1/chapters are read from chapter_counts, which
// the database keeps as chapters are made and change; `glocal verify` names a
// row that no longer matches the chapters, and --rebuild-totals mends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, DB, Client, sql, admin, member, geography, chapter } from './lib.mjs';

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The kept rows of a metro, as "sector status count" lines in order.
function kept(metroId) {
  return sql(`SELECT sector_id || ' ' || status || ' ' || chapters FROM chapter_counts WHERE metro_id = ${Number(metroId)}`
    + ' ORDER BY sector_id, status');
}

function counted(metroId) {
  return sql(`SELECT coalesce(sector_id, 0) || ' ' || status || ' ' || count(*) FROM chapters WHERE metro_id = ${Number(metroId)}`
    + ' GROUP BY coalesce(sector_id, 0), status ORDER BY coalesce(sector_id, 0), status');
}

async function directory(query) {
  const r = await new Client().api('GET', `/chapters?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json();
}

test('chapters made through the API are counted, and the directory reads the counts', async () => {
  const geo = await geography(await admin());
  const owner = await member();
  await chapter(owner, { metro_id: geo.metro.id, sector_id: geo.sector.id });
  await chapter(await member(), { metro_id: geo.metro.id, sector_id: geo.sector.id });
  await chapter(await member(), { metro_id: geo.metro2.id });
  assert.equal(kept(geo.metro.id), `${geo.sector.id} forming 2`);
  assert.equal(kept(geo.metro2.id), '0 forming 1', 'a chapter without a sector is counted under 0');
  assert.equal(kept(geo.metro.id), counted(geo.metro.id));

  const region = await directory(`place=${geo.region.slug}`);
  assert.equal(region.total, 3);
  assert.deepEqual(region.facets.places.map((p) => [p.slug, p.chapters]).sort(),
    [[geo.metro.slug, 2], [geo.metro2.slug, 1]].sort());
  assert.deepEqual(region.facets.sectors.map((s) => [s.slug, s.chapters]), [[geo.sector.slug, 2]]);
  const forming = region.facets.statuses.find((s) => s.status === 'forming');
  assert.equal(forming.chapters, 3);
  const inSector = await directory(`place=${geo.metro.slug}&sector=${geo.sector.slug}`);
  assert.equal(inSector.total, 2);
  assert.equal(inSector.chapters.length, 2);

  // a status changed, a chapter moved, its sector taken away: the database keeps the rows
  const [id] = sql(`SELECT id FROM chapters WHERE metro_id = ${geo.metro.id} ORDER BY id LIMIT 1`).split('\n');
  sql(`UPDATE chapters SET status = 'dormant' WHERE id = ${id}`);
  assert.equal(kept(geo.metro.id), `${geo.sector.id} dormant 1\n${geo.sector.id} forming 1`);
  sql(`UPDATE chapters SET metro_id = ${geo.metro2.id}, sector_id = NULL WHERE id = ${id}`);
  assert.equal(kept(geo.metro.id), `${geo.sector.id} forming 1`);
  assert.equal(kept(geo.metro2.id), '0 dormant 1\n0 forming 1');
  sql(`UPDATE chapters SET status = 'closed' WHERE id = ${id}`);
  assert.equal(kept(geo.metro2.id), '0 closed 1\n0 forming 1');
  const after = await directory(`place=${geo.region.slug}`);
  assert.equal(after.total, 2, 'closed chapters are not listed');
  assert.equal(after.facets.statuses.find((s) => s.status === 'closed').chapters, 1, 'but the status facet counts them');

  // words to match count the chapters themselves
  const words = await directory(`place=${geo.region.slug}&q=chapter`);
  assert.equal(words.total, 2);
});

test('glocal verify names a count that drifted, and --rebuild-totals mends it', async () => {
  const geo = await geography(await admin());
  await chapter(await member(), { metro_id: geo.metro.id, sector_id: geo.sector.id });
  const fine = glocal(['verify', '--db', DB]);
  assert.match(fine.out, /the directory's counts match the chapters: \d+ counts/);
  assert.doesNotMatch(fine.out, /CHAPTER COUNTS DRIFT/);

  sql(`UPDATE chapter_counts SET chapters = 5 WHERE metro_id = ${geo.metro.id}`);
  assert.equal((await directory(`place=${geo.metro.slug}`)).total, 5, 'the directory reads the kept counts');
  const drift = glocal(['verify', '--db', DB]);
  assert.equal(drift.code, 1, drift.out + drift.err);
  assert.match(drift.out, new RegExp(`CHAPTER COUNTS DRIFT at metro ${geo.metro.id}, sector ${geo.sector.id}, status forming: 5 chapters kept, 1 counted`));

  const mended = glocal(['verify', '--db', DB, '--rebuild-totals']);
  assert.match(mended.out, /chapter_counts rebuilt from the chapters: \d+ counts/);
  assert.equal(kept(geo.metro.id), `${geo.sector.id} forming 1`);
  assert.equal((await directory(`place=${geo.metro.slug}`)).total, 1);
  const again = glocal(['verify', '--db', DB]);
  assert.doesNotMatch(again.out, /CHAPTER COUNTS DRIFT/);
});
