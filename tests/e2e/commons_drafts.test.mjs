// commons_drafts.test.mjs - from a meeting to the commons in a real browser, with two people in
// two browser contexts: a member who shared their challenge from a meeting makes a commons draft of
// it on Shared stories, removes what identifies people and asks to publish; the member whose story
// it quotes finds it on Shared stories, reads what they told next to the draft on their consent page
// and consents; it is published, and the shared challenge's card links it. axe on each new page, at
// desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, PHONE, explain } from './browser.mjs';

let browser, author, teller, ch, round;
const contexts = [];

before(async () => {
  browser = await launch();
  const geo = await geography(await admin());
  author = await member({ name: `Ana ${unique()}` });
  teller = await member({ name: `Tomás ${unique()}` });
  ch = await chapter(author, { name: `Drafters ${unique()}`, metro_id: geo.metro.id });
  await admit(author, ch, teller);
  const date = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  const m = (await author.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '23:30' })).json().meeting;
  const base = `/chapters/${ch.slug}/meetings/${m.id}`;
  await author.client.api('POST', `${base}/phase`, { phase: 'checkin' });
  round = (await author.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: 'Our landlord, Mr Silva, wants the room back in May.' })).json().round;
  for (const phase of ['successes', 'challenges']) await author.client.api('POST', `${base}/phase`, { phase });
  const story = await teller.client.api('POST', `${base}/rounds/${round.id}/stories`, { body: 'When we lost our room, the public library lent us theirs on Tuesdays.' });
  assert.equal(story.status, 201, story.text);
  assert.equal((await author.client.api('POST', `${base}/rounds/${round.id}/share`, { shared: true })).status, 200);
});

after(async () => {
  await browser?.close();
});

test('a shared challenge becomes a commons story once the member it quotes consents', async (t) => {
  try {
    const a = await newContext(browser, { client: author.client });
    const q = await newContext(browser, { client: teller.client, viewport: PHONE });
    contexts.push(a, q);

    // the author finds their shared challenge on Shared stories and drafts it
    const stories = await open(a, '/commons/stories');
    await expectAccessible(stories, 'shared stories (author)');
    await shot(stories, 'drafts-stories-author');
    const row = stories.locator(`#round-${round.id}`);
    await Promise.all([stories.waitForURL(/\/commons\/[a-z0-9-]+\/edit$/), row.getByRole('button', { name: /Make a commons draft/ }).click()]);
    assert.match(await stories.locator('.flash').innerText(), /remove the names and details/);
    const body = await stories.locator('#body').inputValue();
    assert.match(body, /Before you publish/);
    assert.match(body, /Mr Silva/, 'the round, to edit');
    assert.match(body, /public library/, 'the story it got');
    const slug = new URL(stories.url()).pathname.split('/')[2];
    assert.ok(!slug.includes('silva'), `the address keeps nothing of the round: ${slug}`);

    // removes what identifies people, then asks to publish
    await stories.fill('#title', 'When the meeting room goes: ask the library');
    await stories.fill('#summary', 'A chapter lost its room; another had found one at the library.');
    await stories.fill('#body', 'Our landlord wanted the room back. Another member told how the public library lent them a room on Tuesdays.');
    await Promise.all([stories.waitForURL(new RegExp(`/commons/${slug}$`)), stories.getByRole('button', { name: 'Save a new revision' }).click()]);
    await stories.getByRole('button', { name: 'Ask to publish' }).click();
    await stories.waitForSelector('.flash');
    assert.match(await stories.locator('.flash').innerText(), /asked/);

    // the member it quotes finds it, on a phone
    const mine = await open(q, '/commons/stories');
    await expectAccessible(mine, 'shared stories (quoted, phone)');
    assert.match(await mine.locator('#quoting-title').innerText(), /Drafts that quote your stories/);
    await Promise.all([mine.waitForURL(new RegExp(`/commons/${slug}/quoted$`)), mine.getByRole('link', { name: 'Read and answer' }).click()]);
    await expectAccessible(mine, 'consent page (phone)');
    const o = await overflow(mine);
    assert.ok(o.scrollWidth <= o.clientWidth, `the consent page fits a phone: ${o.wide.join(', ')}`);
    await shot(mine, 'drafts-quoted-phone');
    const text = await mine.locator('main').innerText();
    assert.match(text, /When we lost our room, the public library lent us theirs on Tuesdays\./, 'what they told');
    assert.match(text, /Another member told how the public library lent them a room/, 'the draft as it stands');
    assert.ok(!text.includes('Mr Silva'), 'not the words the author removed');
    assert.match(text, /0 of 1/);
    await Promise.all([mine.waitForURL(new RegExp(`/commons/${slug}$`)), mine.getByRole('button', { name: 'I consent to publishing it' }).click()]);

    // published: anyone reads it, and the shared challenge's card links it
    const anon = await newContext(browser);
    contexts.push(anon);
    const page = await open(anon, `/commons/${slug}`);
    assert.match(await page.locator('main').innerText(), /When the meeting room goes: ask the library/);
    const again = await open(a, '/commons/stories');
    assert.equal(await again.locator(`.drafts-shared a[href="/commons/${slug}"]`).count(), 1, 'the card links the item');
    await expectAccessible(again, 'shared stories, with a published story');
    t.diagnostic(`published /commons/${slug}`);
  } catch (e) {
    e.message += await explain(contexts, 'drafts');
    throw e;
  }
});
