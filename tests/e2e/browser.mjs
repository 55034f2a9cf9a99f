// browser.mjs - what the browser tests share: Debian's chromium driven by
// playwright-core, screenshots into tests/output/, axe-core checks, and a way to
// hand a session made through the API (tests/http/lib.mjs) to a browser context.
//
// The server under test is at GLOCAL_URL, on the database GLOCAL_DB (see tests/run).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE, DB } from '../http/lib.mjs';

export const OUTPUT = fileURLToPath(new URL('../output/', import.meta.url));
export const KIND = DB.startsWith('postgres') || DB.includes('host=') ? 'postgres' : 'sqlite';
export const PHONE = { width: 390, height: 844 };
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

mkdirSync(OUTPUT, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// A fresh browser context (its own cookies) whose relative URLs go to the server.
// Pass a Client from lib.mjs to start it logged in as that client.
export async function newContext(browser, { client, viewport, javaScript = true } = {}) {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: viewport || { width: 1280, height: 900 },
    javaScriptEnabled: javaScript,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  if (client) {
    // the session (and CSRF) cookies; not a flash message meant for the API client
    const cookies = [...client.jar].filter(([name]) => name !== 'glocal_flash');
    await context.addCookies(cookies.map(([name, value]) => ({ name, value, url: BASE })));
  }
  return context;
}

// Opens `path` in a new page of `context` and checks the server answered `status`.
export async function open(context, path, status = 200) {
  const page = await context.newPage();
  const res = await page.goto(path);
  assert.equal(res.status(), status, `GET ${path} answered ${res.status()}, expected ${status}`);
  return page;
}

// A full-page screenshot into tests/output/, named after the step and the database.
export async function shot(page, name) {
  await page.screenshot({ path: `${OUTPUT}${KIND}-${name}.png`, fullPage: true });
}

// Runs axe-core with the WCAG 2.2 AA tags and fails with a readable list of violations.
export async function expectAccessible(page, label) {
  // Legacy mode runs axe inside the page itself, without the extra blank page the
  // default mode opens to merge results across frames: our pages have no frames,
  // and it halves the time of a check.
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  const lines = result.violations.map((v) =>
    `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`);
  assert.equal(result.violations.length, 0, `${label} (${page.url()}) has accessibility violations:\n${lines.join('\n')}`);
}

// Facts about a page's structure that every page should satisfy.
/* A page that reads as one: one h1, no id twice, and axe finds no violation. */
export async function checked(page, label) {
  const s = await structure(page);
  assert.equal(s.h1, 1, `${label}: one h1`);
  assert.deepEqual(s.ids, [], `${label}: no duplicate ids`);
  await expectAccessible(page, label);
}

export async function structure(page) {
  return page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    skip: (() => {
      const a = document.querySelector('body a');
      return a ? { text: a.textContent.trim(), href: a.getAttribute('href') } : null;
    })(),
    ids: (() => {
      const seen = new Map();
      for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    })(),
  }));
}

// The width the document scrolls to, not counting content inside a box that scrolls
// on its own (a .table-wrap, the header's line of sections on a phone): what a
// person sees as horizontal scrolling.
export async function overflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [];
    const scrollsInside = (el) => {
      for (; el && el !== document.body; el = el.parentElement)
        if (/auto|scroll|hidden/.test(getComputedStyle(el).overflowX)) return true;
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      // inside a .table-wrap only what escapes its scrolling box counts (an absolutely positioned element can)
      if (scrollsInside(el.parentElement) && !/absolute|fixed/.test(getComputedStyle(el).position)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && r.width > 0) wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)}px)`);
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 8) };
  });
}

// What the open pages of `contexts` show, for the message of a failed step; each is
// also saved as a screenshot tests/output/<kind>-FAILED-<name>-<n>.png.
export async function explain(contexts, name) {
  const lines = [];
  let n = 0;
  for (const context of contexts) {
    for (const page of context?.pages() || []) {
      n += 1;
      const file = `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${n}`;
      const seen = await page.evaluate(() => {
        const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim().replace(/\s+/g, ' ')).join(' | ');
        return { h1: text('h1'), messages: text('.flash, .alert, .field-error') };
      }).catch((e) => ({ h1: '?', messages: String(e.message).slice(0, 200) }));
      await shot(page, file).catch(() => {});
      lines.push(`  page ${n}: ${page.url()} — h1 "${seen.h1}"${seen.messages ? `; messages: ${seen.messages}` : ''} (screenshot ${KIND}-${file}.png)`);
    }
  }
  return lines.length ? `\nOpen pages when it failed:\n${lines.join('\n')}` : '';
}

// step(name, fn) for a test that opens pages in `contexts` (an array it fills as it goes): runs fn,
// and when it fails adds to the message what the open pages showed (see explain).
export function stepper(contexts) {
  return async (name, fn) => {
    try {
      await fn();
    } catch (e) {
      e.message += await explain(contexts, name);
      throw e;
    }
  };
}

// Chooses `value` (member:42, org:slug) in the picker of element `id`: a select when the
// choices are few, else the combobox, by typing the start of `name` and choosing it with
// the keyboard (how many choices there are depends on what other test files made).
export async function pick(page, id, name, value) {
  const el = page.locator(`#${id}`);
  if (await el.evaluate((n) => n.tagName) === 'SELECT') return el.selectOption(value);
  await el.click();
  await el.pressSequentially(name.slice(0, 12), { delay: 20 });
  const option = page.locator(`#${id}-options [role=option][data-value="${value}"]`);
  await option.waitFor();
  for (let n = 0; n < 12 && await option.getAttribute('aria-selected') !== 'true'; n++) await el.press('ArrowDown');
  assert.equal(await option.getAttribute('aria-selected'), 'true', `${name} is marked`);
  await el.press('Enter');
  assert.equal(await el.getAttribute('aria-expanded'), 'false');
  assert.equal(await el.inputValue(), name);
}
