import { chromium } from 'playwright-core';
import { admin, member, chapter, admit, geography, unique } from './http/lib.mjs';
const BASE = process.env.GLOCAL_URL;
const adm = await admin();
const g = await geography(adm);
const mk = async (name) => member({ name });
const ca = await mk('Carla Mendes'), cb = await mk('Bruno Alves'), cc = await mk('Inês Duarte');
const m1 = await mk('Mara Silva'), m2 = await mk('Nuno Costa'), m3 = await mk('Zoe Ferreira');
const chA = await chapter(ca, { metro_id: g.metro.id }); await chapter(cb, { metro_id: g.metro2.id }); const chC = await chapter(cc, { metro_id: g.metro.id });
await admit(ca, chA, m1); await admit(ca, chA, m2); await admit(cc, chC, m3);
const now = Math.floor(Date.now() / 1000);
const mkel = async (title, method = 'stv', seats = 2) => (await adm.api('POST', '/elections', { committee: g.region.slug, title, method, seats, nominations_close_at: now + 86400 * 5, closes_at: now + 86400 * 12 })).json().election;
const nom = await mkel('Litoral committee 2027 (nominations)');
await m1.client.api('POST', `/elections/${nom.id}/nominations`, { statement: 'I have run the **Lisbon chapter** for two years.\n\nI want the committee to answer matters within a month.' });
await ca.client.api('POST', `/elections/${nom.id}/nominations`, { user_id: m2.id });
const vote = await mkel('Litoral committee 2027');
for (const w of [m1, m2, m3]) await w.client.api('POST', `/elections/${vote.id}/nominations`, { statement: `Statement of ${w.name}: I will listen and report back every month.` });
await adm.api('POST', `/elections/${vote.id}/open`, {});
const closed = await mkel('Litoral committee 2026');
for (const w of [m1, m2, m3]) await w.client.api('POST', `/elections/${closed.id}/nominations`, { statement: 'Ready to serve.' });
await adm.api('POST', `/elections/${closed.id}/open`, {});
const t = (await ca.client.api('POST', `/elections/${closed.id}/vote`, { ranking: [2, 3, 1] })).json().tracker;
await cb.client.api('POST', `/elections/${closed.id}/vote`, { ranking: [1, 3] });
await cc.client.api('POST', `/elections/${closed.id}/vote`, { ranking: [3] });
await adm.api('POST', `/elections/${closed.id}/close`, {});
console.log('tracker', t, 'ids', nom.id, vote.id, closed.id);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function shot(client, path, name, fn) {
  for (const width of (fn && name === 'voted') ? [390] : [1280, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const cookies = [...client.jar].map(([n, v]) => ({ name: n, value: v, url: BASE }));
    if (cookies.length) await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    await page.goto(BASE + path);
    if (fn) await fn(page);
    await page.screenshot({ path: `/tmp/gE/shots/${name}-${width}.png`, fullPage: true });
    await ctx.close();
  }
}
await shot(adm, '/elections', 'index');
await shot(adm, `/elections/${nom.id}`, 'nominating-admin');
await shot(m2.client, `/elections/${nom.id}`, 'nominating-nominee');
await shot(ca.client, `/elections/${vote.id}`, 'ballot');
await shot(cb.client, `/elections/${vote.id}`, 'voted', async (p) => { await p.selectOption('#rank_1', '2'); await p.selectOption('#rank_3', '1'); await p.click('button:has-text("Cast my secret ballot")'); });
await shot(ca.client, `/elections/${closed.id}`, 'closed', async (p) => { await p.fill('#tracker', t); await p.click('button:has-text("Look it up")'); });
await browser.close();
