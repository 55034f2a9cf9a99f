// reset.test.mjs - a forgotten password in a real browser: the link under the
// login form, the address asked for, the same answer whatever the address, the
// link from the mail, a new password that logs in (and out everywhere else),
// and a used link's page. On a desktop screen and on a phone; checked by axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { member, sql } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, PHONE, stepper } from './browser.mjs';

let browser, ana;
const contexts = [];

before(async () => {
  browser = await launch();
  ana = await member({ name: 'Ana Forgetful' });
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

test('a forgotten password is reset from the login form, on a desktop and on a phone', async () => {
  const desk = await newContext(browser);
  const phone = await newContext(browser, { viewport: PHONE });
  contexts.push(desk, phone);
  let link;

  await step('the login form leads to the form asking for the address', async () => {
    const login = await open(desk, '/login');
    await shot(login, 'reset-login-link');
    await Promise.all([login.waitForURL(/\/password\/forgot$/), login.getByRole('link', { name: 'Forgot your password?' }).click()]);
    await expectAccessible(login, 'the form asking for a reset link');
    await shot(login, 'reset-ask');
    await login.getByRole('button', { name: 'Send me a link' }).click();
    await login.waitForSelector('.field-error');
    assert.match(await login.locator('#email-error').innerText(), /e-mail address of your account/);
    await expectAccessible(login, 'the form with its error');
    await login.fill('#email', ana.email);
    await login.getByRole('button', { name: 'Send me a link' }).click();
    await login.waitForSelector('h1:text("Check your mail")');
    assert.match(await login.locator('main').innerText(), /If an account uses the address .+, we sent it a link valid for one hour/);
    await expectAccessible(login, 'the answer');
    await shot(login, 'reset-sent');
    const body = sql(`SELECT body FROM outbox WHERE to_email = '${ana.email}' AND kind = 'password_reset' ORDER BY id DESC LIMIT 1`);
    link = body.match(/http:\/\/glocal\.test(\/password\/reset\/[A-Za-z0-9_-]+)/)[1];
  });

  await step('the link from the mail sets a new password on a phone and logs in', async () => {
    const page = await open(phone, link);
    await expectAccessible(page, 'the form of a reset link');
    assert.equal((await overflow(page)).scrollWidth, PHONE.width, 'no sideways scrolling on a phone');
    await shot(page, 'reset-form-phone');
    await page.fill('#new_password', 'short');
    await page.getByRole('button', { name: 'Save my new password' }).click();
    await page.waitForSelector('#new_password-error');
    await expectAccessible(page, 'the reset form with its error');
    await page.fill('#new_password', 'a river of quiet lanterns');
    await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: 'Save my new password' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /Your new password is saved and you are logged in/);
    assert.equal((await ana.client.api('GET', '/me')).status, 401, 'the other session was logged out');
  });

  await step('the used link says so and what to do', async () => {
    const page = await open(desk, link, 410);
    assert.match(await page.locator('main').innerText(), /was used already/);
    await expectAccessible(page, 'a used reset link');
    await shot(page, 'reset-used');
    await Promise.all([page.waitForURL(/\/password\/forgot$/), page.getByRole('link', { name: 'Ask for a new link' }).click()]);
  });
});
