// vnu.test.mjs - the main pages checked by the Nu HTML Checker (vnu, the W3C's
// validator: npm's vnu-jar, run with Debian's default-jre-headless): no error on
// any of them. Pages are fetched as a visitor and as a member, written to files
// and checked in one run of the checker.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client, member, admin, chapter, admit, geography, unique, when } from './lib.mjs';

const JAR = join(dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build/dist/vnu.jar');
let adm, geo, conn, mem, ch, ev;

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Vera ${unique()}`, metro_id: geo.metro.id });
  mem = await member({ name: `Nuno ${unique()}`, metro_id: geo.metro.id });
  ch = await chapter(conn, { name: `Checked ${unique()}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  await admit(conn, ch, mem);
  const app = (await adm.api('POST', '/apps', {
    name: `Checked night ${unique()}`, summary: 'Five founders, five minutes each.', description: 'Founders **pitch**; peers answer.',
    runbook: [{ step: 'Doors open', minutes: 30 }, { step: 'Pitches', minutes: 60 }],
    tiers: [{ name: 'Members', price: '0', currency: 'EUR' }, { name: 'Standard', price: '10.00', currency: 'EUR' }],
    packages: [{ name: 'Friend', price: '50.00', currency: 'EUR', placement: 'thanks', benefits: 'Named in the thanks' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }],
  })).json().app;
  let r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Checked event ${unique()}`,
    venue: 'The Hub', capacity: 20, description: 'An evening of **pitches**.', ...when(60 * 24 * 3) });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
  r = await mem.client.api('POST', `/events/${ev.slug}/register`, {});
  assert.ok(r.status < 300, r.text);
  r = await mem.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Coffee for the meeting', amount: '8.40', resource: 'EUR', category: 'food' });
  assert.ok(r.status < 300, r.text);
});

// Runs vnu on the files; the messages of type "error" (JSON format).
function vnu(files) {
  const r = spawnSync('java', ['-jar', JAR, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `java could not run: ${r.error}`);
  const out = JSON.parse(r.stderr || r.stdout || '{"messages":[]}');
  return out.messages.filter((m) => m.type === 'error');
}

// Fetches each [client, path] (200 expected), writes the pages to files and checks them in one run: no error.
async function noErrors(pages) {
  const dir = mkdtempSync(join(tmpdir(), 'glocal-vnu-'));
  const files = [];
  for (const [who, path] of pages) {
    const r = await who.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    const file = join(dir, `${files.length}-${path.replace(/[^a-z0-9]+/gi, '_')}.html`);
    writeFileSync(file, r.text);
    files.push(file);
  }
  const errors = vnu(files);
  const lines = errors.map((m) => `${m.url.replace(/^.*\//, '')}:${m.lastLine}: ${m.message} [${(m.extract || '').trim().slice(0, 120)}]`);
  assert.deepEqual(lines, [], `vnu found ${errors.length} errors:\n${lines.join('\n')}`);
}

test('the Nu HTML Checker finds no error on the main pages', async () => {
  const anon = new Client();
  const pages = [
    [anon, '/'], [anon, '/chapters'], [anon, `/chapters/${ch.slug}`], [anon, `/places/${geo.country.slug}`],
    [anon, `/places/${geo.metro.slug}`], [anon, '/ledger'], [anon, '/commons'], [anon, '/login'],
    [mem.client, `/chapters/${ch.slug}`], [mem.client, `/members/${conn.id}`], [mem.client, '/me'],
    [conn.client, `/chapters/${ch.slug}/ledger`], [mem.client, '/members'],
  ];
  pages.push([anon, `/events/${ev.slug}`], [mem.client, `/events/${ev.slug}`], [conn.client, `/events/${ev.slug}`],
    [conn.client, `/chapters/${ch.slug}`], [anon, '/events'], [anon, '/places'], [mem.client, `/chapters/${ch.slug}/meetings`],
    [anon, '/apps'], [anon, '/signup'], [anon, '/search?q=checked'], [anon, '/sectors'],
    [conn.client, `/chapters/${ch.slug}/members`], [mem.client, `/chapters/${ch.slug}/ledger`],
    [mem.client, '/home'], [conn.client, '/home'], [adm, '/home']);
  await noErrors(pages);
});

test('the Nu HTML Checker finds no error on the import pages (form, preview with refused rows, report)', async () => {
  const csv = `name,email\nAna ${unique()},${unique('v').toLowerCase()}@vnu.example\nNo Address,\n`;
  const up = await conn.client.api('POST', `/chapters/${ch.slug}/import`, { csv });
  assert.equal(up.status, 201, up.text);
  const id = up.json().import.id;
  const done = await conn.client.api('POST', `/chapters/${ch.slug}/import`, { csv });
  const doneId = done.json().import.id;
  assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/import/${doneId}`, {})).status, 200);
  const chapters = await adm.api('POST', '/admin/import', { csv: `name,city\nChecked import ${unique()},${geo.metro.name}\nLost,Atlantis\n` });
  assert.equal(chapters.status, 201, chapters.text);
  const pages = [[conn.client, `/chapters/${ch.slug}/import`], [conn.client, `/chapters/${ch.slug}/import/${id}`],
    [conn.client, `/chapters/${ch.slug}/import/${doneId}`], [adm, '/admin/import'], [adm, `/admin/import/${chapters.json().import.id}`]];
  await noErrors(pages);
});

test('the Nu HTML Checker finds no error on an organisation\'s pages with managers (its page, the profile form, the managers, a manager\'s page)', async () => {
  const org = (await adm.api('POST', '/organisations', { name: `Checked venue ${unique()}`, kind: 'venue' })).json().organisation;
  assert.equal((await adm.api('POST', `/organisations/${org.slug}/managers`, { member: mem.id })).status, 201);
  const pages = [[adm, `/organisations/${org.slug}`], [mem.client, `/organisations/${org.slug}`], [conn.client, `/organisations/${org.slug}`],
    [mem.client, `/organisations/${org.slug}/edit`], [mem.client, `/organisations/${org.slug}/managers`], [conn.client, `/members/${mem.id}`],
    [new Client(), `/organisations/${org.slug}`]];
  await noErrors(pages);
});
