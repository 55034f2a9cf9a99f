// i18n.test.mjs - the pages in Portuguese and French in a real browser: a
// browser whose language is Portuguese (Accept-Language from its locale) reads
// the home page, the directory, the login and sign-up forms in Portuguese, with
// <html lang="pt">, and axe (WCAG 2.2 AA) finds no violation there, nor on a
// form refused with its errors in Portuguese; the footer's choice turns the
// pages French; a member who chose French reads their profile in French; at a
// phone's width the Portuguese home page does not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, member } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE } from './browser.mjs';

let browser, pt, francoise;

before(async () => {
  browser = await launch();
  pt = await browser.newContext({ baseURL: BASE, locale: 'pt-PT', viewport: { width: 1280, height: 900 } });
  pt.setDefaultTimeout(10_000);
  francoise = await member({ name: 'Françoise Lefèvre' });
  const r = await francoise.client.api('POST', '/me', { language: 'fr' });
  assert.equal(r.status, 200, r.text);
});

after(async () => {
  await browser?.close();
});

test('a Portuguese browser reads the main pages in Portuguese, and they pass axe', async () => {
  for (const [path, words] of [['/', /Encontrar um núcleo/], ['/chapters', /Pesquisar núcleos|núcleos? abertos? encontrados?/], ['/login', /Esqueceu-se da palavra-passe\?/], ['/signup', /Criar a minha conta/]]) {
    const page = await pt.newPage();
    const res = await page.goto(path);
    assert.equal(res.status(), 200, path);
    assert.equal(await page.getAttribute('html', 'lang'), 'pt', `${path}: <html lang>`);
    assert.match(await page.textContent('body'), words, path);
    assert.equal(await page.textContent('a.skip'), 'Saltar para o conteúdo');
    const s = await structure(page);
    assert.equal(s.h1, 1, `${path}: one h1`);
    assert.deepEqual(s.ids, [], `${path}: no duplicate ids`);
    await expectAccessible(page, `${path} in Portuguese`);
    await shot(page, `i18n-pt${path.replace(/\//g, '-')}`);
    await page.close();
  }
});

test('a refused login form: the errors in Portuguese, focused, and accessible', async () => {
  const page = await pt.newPage();
  await page.goto('/login');
  await page.click('button[type=submit]');
  await page.waitForSelector('#form-errors');
  assert.match(await page.textContent('main'), /Indique o seu endereço de e-mail\./);
  assert.equal(await page.getAttribute('html', 'lang'), 'pt');
  await expectAccessible(page, 'the refused login form in Portuguese');
  await page.close();
});

test('the footer\'s choice of language turns the pages French, and it stays', async () => {
  const context = await newContext(browser);
  const page = await open(context, '/chapters');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.selectOption('#footer-language', 'fr');
  await Promise.all([page.waitForURL('**/chapters'), page.click('footer form.language button')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('nav.main'), /Sections/);
  await expectAccessible(page, 'the directory in French');
  const next = await open(context, '/');
  assert.match(await next.textContent('main'), /Trouver une section/);
  await context.close();
});

test('a member who chose French reads their profile in French, whatever the browser', async () => {
  const context = await browser.newContext({ baseURL: BASE, locale: 'pt-PT' });
  await context.addCookies([...francoise.client.jar].filter(([n]) => n !== 'glocal_flash').map(([name, value]) => ({ name, value, url: BASE })));
  const page = await context.newPage();
  await page.goto('/me');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.inputValue('#language'), 'fr');
  await expectAccessible(page, 'the profile in French');
  await context.close();
});

test('at a phone\'s width the Portuguese home page does not scroll sideways', async () => {
  const context = await browser.newContext({ baseURL: BASE, locale: 'pt-PT', viewport: PHONE });
  const page = await context.newPage();
  await page.goto('/');
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `the page scrolls sideways: ${JSON.stringify(o)}`);
  await shot(page, 'i18n-pt-home-phone');
  await context.close();
});
