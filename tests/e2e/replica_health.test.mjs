// replica_health.test.mjs - the health page of a server that reads from a PostgreSQL replica
// (glocal serve --read-db), in a real browser: axe-core finds no WCAG 2.2 AA violation, the page
// has its structure (one h1, one main, a skip link) and does not scroll sideways at a phone's
// width, for a visitor and for an administrator, with the replica up and then stopped (the page
// says which database is down, and an administrator sees why). PostgreSQL only: the SQLite pass
// skips it (SQLite has no replicas).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, Client, DB } from '../http/lib.mjs';
import { replicated, serve, soon, stopServer } from '../http/replicas.mjs';
import { launch, expectAccessible, structure, overflow, PHONE } from './browser.mjs';

const onPg = DB.startsWith('postgres');
const skip = onPg ? false : 'SQLite has no replicas';
if (!onPg) console.log('skipped: SQLite has no replicas (tests/e2e/replica_health.test.mjs runs in the PostgreSQL pass)');

let pair = null, server = null, browser = null, adm = null;

before(async () => {
  if (!onPg) return;
  pair = await replicated();
  server = await serve(pair.dir, 'serve', ['--db', pair.primary, '--read-db', pair.replica]);
  adm = new Client(server.base);
  await adm.login(ADMIN.email, ADMIN.password);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  await stopServer(server);
  if (pair) pair.remove();
});

// The health page in a fresh context (an administrator's session, or none), checked at desktop and phone widths.
async function check(label, client, expect) {
  for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
    const context = await browser.newContext({ baseURL: server.base, viewport });
    if (client) await context.addCookies([...client.jar].map(([name, value]) => ({ name, value, url: server.base })));
    const page = await context.newPage();
    const res = await page.goto('/health');
    assert.equal(res.status(), 200);
    const text = await page.locator('main').innerText();
    for (const re of expect) assert.match(text, re, `${label}: ${text}`);
    await expectAccessible(page, `health, ${label}`);
    const s = await structure(page);
    assert.equal(s.h1, 1, `${label}: exactly one <h1>`);
    assert.equal(s.main, 1, `${label}: exactly one <main>`);
    assert.deepEqual(s.skip, { text: 'Skip to the content', href: '#main' }, `${label}: the first link skips to the content`);
    assert.deepEqual(s.ids, [], `${label}: ids are unique`);
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `${label} scrolls sideways at ${viewport.width} px: ${o.wide.join(', ')}`);
    await context.close();
  }
}

test('the health page with a replica up, then down, is accessible and says so', { skip, timeout: 120000 }, async () => {
  await check('a visitor, replica up', null, [/Status: ok/, /primary\s+up/, /replica\s+up/]);
  await check('an administrator, replica up', adm, [/replica \(postgresql:.*\)\s+up/]);
  pair.stopReplica();
  try {
    assert.ok(await soon(async () => (await adm.api('GET', '/health')).json().status === 'degraded'), 'the replica is seen down');
    await check('a visitor, replica down', null, [/Status: degraded/, /replica\s+down/]);
    await check('an administrator, replica down', adm, [/replica \(postgresql:.*\)\s+down: /]);
  } finally {
    pair.startReplica();
  }
});
