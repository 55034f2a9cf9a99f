// growth.test.mjs - the dashboards, targets and lists of growth (issue 15).
//
// On the demo network (a fresh database of the suite's kind, its figures taken by `glocal snapshot`,
// served by a server of its own): every figure of the dashboards of the network, a country, a city, a
// sector and a chapter — the headline and each chart's table, in each range — is recomputed from
// their CSV; the network's last day, and each month's meetings, answers, check-ins, events, tickets,
// uses, members and items, from the raw tables. On the suite's server: targets (who may set them,
// what a form must give, the pace needed), the chapters needing attention a connector sees, the white
// space, and a dashboard kept only until the next day is taken.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, Client, admin, member, chapter, geography, unique, afterTakenDays } from './lib.mjs';


const DAY = 86400;
const postgres = DB.startsWith('postgres');
const name = `growth_${process.pid}_${Date.now()}`;
let url, dir, server, base;

function query(q) {
  if (!postgres) return execFileSync('sqlite3', [url.slice(7), q], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, url], { encoding: 'utf8' }).trim();
}
const num = (q) => Number(query(q) || 0);
function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  assert.equal(r.status, 0, `glocal ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  if (postgres) {
    url = DB.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
    execFileSync('psql', ['-X', '-q', '-c', `CREATE DATABASE ${name}`, DB]);
  } else {
    dir = mkdtempSync(join(tmpdir(), 'glocal-growth-'));
    url = `sqlite:${join(dir, 'demo.db')}`;
  }
  glocal(['init', '--db', url, '--admin-email', 'admin@glocal.example', '--admin-password', 'demo-admin-2026', '--admin-name', 'Ada Admin']);
  glocal(['demo', '--db', url]);
  assert.match(glocal(['snapshot', '--db', url]), /days taken/);
  server = spawn(BIN, ['serve', '--db', url, '--port', '0', '--tick', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`the demo's server stopped: ${code}`)));
  });
});

after(() => {
  server?.kill();
  if (postgres) execFileSync('psql', ['-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, DB]);
  else rmSync(dir, { recursive: true, force: true });
});

// The CSV: a header line, then a line a day of plain numbers (and the day).
function parseCsv(text) {
  const [head, ...lines] = text.trim().split('\r\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], i === 0 || cols[i].startsWith('received_') ? v : Number(v)])));
}

// The columns of the charts' tables, by their names on the page.
const COLUMN = {
  'Active chapters': 'chapters_active', 'Forming chapters': 'chapters_forming', 'Dormant chapters': 'chapters_dormant',
  Members: 'members', Connectors: 'connectors', 'New members': 'members_new', 'Members who left': 'members_left',
  'Meetings held': 'meetings_held', 'Yes answers': 'rsvps_yes', 'Check-ins': 'checkins', Returning: 'checkins_returning',
  Events: 'events', Tickets: 'tickets', 'Event check-ins': 'event_checkins', 'Commons items': 'items',
  'Uses of the commons': 'item_uses',
};
const STOCKS = new Set(['chapters_active', 'chapters_forming', 'chapters_dormant', 'members', 'connectors', 'items']);
const iso = (t) => new Date(t * 1000).toISOString().slice(0, 10);
const dayOf = (s) => Date.parse(`${s}T00:00:00Z`) / 1000;

// The periods of a range, as the dashboard groups the days: weeks ending on the last day (90 days),
// else calendar months (quarters beyond three years).
function periods(days, range) {
  const out = [];
  if (range === '90d') {
    for (let last = days.length - 1; last >= 0; last -= 7) out.unshift(days.slice(Math.max(0, last - 6), last + 1));
    if (out.length > 1 && out[0].length < 7) { /* the oldest week may be shorter: it is its own period */ }
    return out;
  }
  const months = (Number(days.at(-1).day.slice(0, 4)) * 12 + Number(days.at(-1).day.slice(5, 7))) -
    (Number(days[0].day.slice(0, 4)) * 12 + Number(days[0].day.slice(5, 7))) + 1;
  const span = months <= 36 ? 1 : 3;
  const key = (d) => { const m = Number(d.day.slice(0, 4)) * 12 + Number(d.day.slice(5, 7)) - 1; return m - (m % span); };
  for (const d of days) {
    if (out.length && key(out.at(-1)[0]) === key(d)) out.at(-1).push(d); else out.push([d]);
  }
  return out;
}
const value = (period, col) => (STOCKS.has(col) ? period.at(-1)[col] : period.reduce((s, d) => s + d[col], 0));
// an amount as the CSV writes it ("12.50" EUR, "3" favours) in the smallest unit the books keep
const money = (text) => { const s = String(text); const i = s.indexOf('.'); return Math.round(Number(s) * 10 ** (i < 0 ? 0 : s.length - i - 1)); };

// Every cell of a dashboard (at `path`), in each range, and its headline, from its CSV.
async function fromCsv(c, path, chapter = false) {
  const csv = await c.get(`${path}.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const rows = parseCsv(csv.text);
  assert.ok(rows.length > (path === '/growth' ? 400 : 30), `${path}: the demo's history is back-filled (${rows.length} days)`);
  const last = rows.at(-1);
  for (const range of ['90d', 'year', 'all']) {
    const g = (await c.api('GET', `${path}?range=${range}`)).json();
    assert.equal(g.has_days, true);
    assert.equal(g.last_day.length > 0, true);
    const from = range === '90d' ? dayOf(last.day) - 90 * DAY
      : range === 'all' ? 0 : Date.UTC(Number(last.day.slice(0, 4)), Number(last.day.slice(5, 7)) - 12, 1) / 1000;
    const shown = rows.filter((d) => dayOf(d.day) >= from);
    assert.equal(g.days, shown.length, `${range}: the days shown`);
    const ps = periods(shown, range);
    let checked = 0;
    for (const chart of g.charts) {
      assert.equal(chart.rows.length, ps.length, `${range} ${chart.id}: one row a period`);
      chart.columns.forEach((colName, k) => {
        const received = chart.id.startsWith('received-') ? chart.id.slice(9) : null;
        ps.forEach((p, i) => {
          const cell = chart.rows[i].cells[k];
          let want;
          if (!received) want = value(p, COLUMN[colName]);
          else if (`received_${received}_minutes` in last) want = p.reduce((s, d) => s + Number(d[`received_${received}_minutes`]), 0);
          else want = p.reduce((s, d) => s + money(d[`received_${received}`]), 0);
          assert.equal(cell, want, `${range} ${chart.id} ${colName} ${chart.rows[i].name}`);
          checked++;
        });
      });
    }
    assert.ok(checked > 50, `${path} ${range}: ${checked} cells checked`);
    // the headline: the last day's stocks, changes over 30 days, the last 30 and 90 days' flows
    const h = Object.fromEntries(g.headline.map((x) => [x.key, x]));
    const back = (n) => rows.slice(-n);
    const sum = (n, col) => back(n).reduce((s, d) => s + d[col], 0);
    if (!chapter) {
      assert.equal(h.chapters_active.value, last.chapters_active);
      assert.equal(h.chapters_forming.value, last.chapters_forming);
    }
    assert.equal(h.members.value, last.members);
    assert.equal(h.connectors.value, last.connectors);
    const d30 = last.members - rows.at(-31).members;
    assert.equal(h.members.change, d30 ? `${d30 > 0 ? '+' : ''}${d30} in 30 days` : 'unchanged in 30 days');
    assert.equal(h.meetings_30.value, sum(30, 'meetings_held'));
    assert.equal(h.meetings_30.change, `${rows.slice(-60, -30).reduce((s, d) => s + d.meetings_held, 0)} the 30 days before`);
    const yes = sum(90, 'rsvps_yes');
    assert.equal(h.show_up_90.value, yes ? Math.floor(sum(90, 'checkins') * 100 / yes) : null);
    assert.equal(h.at_risk.value, chapter ? [1, 2, 4, 8].filter((b) => last.risk_flags & b).length : last.at_risk);
  }
}

test('every figure of the dashboards is recomputed from their CSV, in each range: the network, a country, a city, a sector, a chapter',
  { timeout: 600000 }, async () => {
  const c = new Client(base);
  await c.login('admin@glocal.example', 'demo-admin-2026');
  for (const path of ['/growth', '/places/portugal/growth', '/places/lisbon/growth', '/sectors/fintech/growth'])
    await fromCsv(c, path);
  await fromCsv(c, '/chapters/lisbon-fintech-founders/growth', true);
  // the page itself: a chart per table, each an image with a title and a description, and the rules written
  const page = await c.get('/growth');
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg class="chart"[^>]* role="img" aria-labelledby="chart-members-title chart-members-desc"/);
  assert.match(page.text, /A meeting held in the last 90 days/);
  assert.match(page.text, /The chart&#39;s numbers as a table|The chart's numbers as a table/);
});

test('the last day and each month of the demo agree with the raw tables: meetings, answers, check-ins, events, tickets, uses, members, items', { timeout: 120000 }, async () => {
  const c = new Client(base);
  await c.login('admin@glocal.example', 'demo-admin-2026');
  const rows = parseCsv((await c.get('/growth.csv')).text);
  const last = rows.at(-1);
  const end = dayOf(last.day) + DAY;
  // stocks at the end of the last day, as the records stand (the day taken when it ended)
  for (const s of ['active', 'forming', 'dormant', 'closed'])
    assert.equal(last[`chapters_${s}`], num(`SELECT count(*) FROM chapters WHERE status = '${s}' AND created_at < ${end}`), s);
  assert.equal(last.members, num(`SELECT count(DISTINCT user_id) FROM memberships WHERE joined_at < ${end}`));
  assert.equal(last.connectors, num(`SELECT count(DISTINCT user_id) FROM memberships WHERE role = 'connector' AND joined_at < ${end}`));
  // flows by month: meetings held, people present, events, and the commons' items at each month's end
  const g = (await c.api('GET', '/growth?range=all')).json();
  const table = (id) => g.charts.find((x) => x.id === id).rows;
  const months = periods(rows, 'all');
  months.forEach((p, i) => {
    const from = dayOf(p[0].day), to = dayOf(p.at(-1).day) + DAY;
    const tag = `${iso(from)}..${iso(to - DAY)}`;
    assert.equal(table('meetings')[i].cells[0],
      num(`SELECT count(*) FROM meetings WHERE status = 'held' AND starts_at >= ${from} AND starts_at < ${to}`), `meetings ${tag}`);
    assert.equal(table('attendance')[i].cells[1],
      num(`SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.is_present = 1 AND m.status = 'held'
           AND m.starts_at >= ${from} AND m.starts_at < ${to}`), `check-ins ${tag}`);
    assert.equal(table('events')[i].cells[0],
      num(`SELECT count(*) FROM events WHERE status <> 'cancelled' AND starts_at >= ${from} AND starts_at < ${to}`), `events ${tag}`);
    assert.equal(table('attendance')[i].cells[0],
      num(`SELECT count(*) FROM rsvps r JOIN meetings m ON m.id = r.meeting_id WHERE r.answer = 'yes' AND m.status = 'held'
           AND m.starts_at >= ${from} AND m.starts_at < ${to}`), `yes answers ${tag}`);
    const tickets = `FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.status = 'ticket' AND e.status <> 'cancelled'
           AND e.starts_at >= ${from} AND e.starts_at < ${to}`;
    assert.equal(table('tickets')[i].cells[0], num(`SELECT count(*) ${tickets}`), `tickets ${tag}`);
    assert.equal(table('tickets')[i].cells[1], num(`SELECT count(*) ${tickets} AND r.checked_in_at IS NOT NULL`), `event check-ins ${tag}`);
    assert.equal(table('uses')[i].cells[0], num(`SELECT count(*) FROM commons_uses WHERE used_on >= ${from} AND used_on < ${to}`),
      `uses ${tag}`);
    // members at the month's end: people whose last joining or leaving of some chapter before it was a joining
    assert.equal(table('members')[i].cells[0],
      num(`SELECT count(DISTINCT e.user_id) FROM membership_events e WHERE e.kind = 'joined' AND e.at < ${to}
           AND NOT EXISTS (SELECT 1 FROM membership_events x WHERE x.chapter_id = e.chapter_id AND x.user_id = e.user_id
             AND x.kind IN ('joined', 'left', 'removed') AND x.at < ${to} AND (x.at > e.at OR (x.at = e.at AND x.id > e.id)))`),
      `members ${tag}`);
    assert.equal(table('items')[i].cells[0],
      num(`SELECT count(*) FROM commons_items WHERE published_at IS NOT NULL AND published_at < ${to}
           AND (withdrawn_at IS NULL OR withdrawn_at >= ${to})`), `items ${tag}`);
  });
});

// --- on the suite's server ---
// (made by the first of these tests, not in a hook: the demo's tests above take long enough on
// PostgreSQL for the server to close a connection opened before them)
let adm, geo;

test('an administrator sets a target and sees the pace it needs; bad input is refused at its field', async () => {
  adm = await admin();
  geo = await geography(adm);
  const by = iso(Date.now() / 1000 + 400 * DAY);
  const r = await adm.api('POST', '/growth/targets', { figure: 'chapters_active', kind: 'level', target: '300', by_day: by, note: 'a year' });
  assert.equal(r.status, 201, r.text);
  const id = r.json().id;
  const g = (await adm.api('GET', '/growth')).json();
  const t = g.targets.find((x) => x.id === id);
  assert.ok(t, 'the target is on the dashboard');
  assert.equal(t.words, 'active chapters');
  assert.equal(t.is_rate, false);
  assert.equal(t.note, 'a year');
  assert.equal(g.can_set_target, true);
  if (g.has_days) {
    // the pace needed: what is left over the days left (the day itself counts), a month of 30.4375 days
    const perDay = t.remaining / (t.days_left + 1);
    assert.ok(Math.abs(t.needed_per_month - Math.round(perDay * 30.4375 * 10) / 10) < 0.11, JSON.stringify(t));
  } else {
    assert.equal(t.state_name, 'too early to say');
  }
  for (const [body, field] of [
    [{ figure: 'chapters_active', kind: 'level', target: '300', by_day: '2020-01-01' }, 'by_day'],
    [{ figure: 'chapters_active', kind: 'level', target: 'many', by_day: by }, 'target'],
    [{ figure: 'chapters_active', kind: 'level', target: '30', by_day: '2027-02-30' }, 'by_day'],
    [{ figure: 'password_hash', kind: 'level', target: '30', by_day: by }, 'figure'],
    [{ figure: 'members', kind: 'rate', per_month: '0' }, 'per_month'],
    [{ figure: 'members', kind: 'sometimes' }, 'kind'],
  ]) {
    const bad = await adm.api('POST', '/growth/targets', body);
    assert.equal(bad.status, 422, JSON.stringify(body));
    assert.ok(bad.json().errors.some((e) => e.field === field), `${JSON.stringify(body)}: ${bad.text}`);
  }
  // the page: the target, its state, and the form's errors at their fields
  const page = await adm.post('/growth/targets', { figure: 'members', kind: 'rate', per_month: 'lots' });
  assert.equal(page.status, 422);
  assert.match(page.text, /Give how many more a month/);
  assert.match(page.text, /300 active chapters by/);
  // removed by who set it
  assert.equal((await adm.api('POST', `/growth/targets/${id}/delete`, {})).status, 200);
  assert.ok(!(await adm.api('GET', '/growth')).json().targets.some((x) => x.id === id));
});

test("a place's committee sets its place's targets and no other's", async () => {
  // a committee sits for a dense place: three active chapters in a city
  for (let i = 0; i < 3; i++) {
    const owner = await member();
    const ch = await chapter(owner, { metro_id: geo.metro2.id });
    assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
  }
  const m = await member();
  const seat = await adm.api('POST', `/committees/${geo.metro2.slug}/seats`, { email: m.email });
  assert.equal(seat.status, 201, seat.text);
  const ok = await m.client.api('POST', `/places/${geo.metro2.slug}/growth/targets`, { figure: 'chapters', kind: 'rate', per_month: '5' });
  assert.equal(ok.status, 201, ok.text);
  const dash = (await m.client.api('GET', `/places/${geo.metro2.slug}/growth`)).json();
  assert.equal(dash.can_set_target, true);
  assert.ok(dash.targets.some((t) => t.id === ok.json().id && t.is_rate && t.per_month === 5));
  assert.equal((await m.client.api('POST', `/places/${geo.metro.slug}/growth/targets`, { figure: 'chapters', kind: 'rate', per_month: '5' })).status, 403);
  assert.equal((await m.client.api('POST', '/growth/targets', { figure: 'chapters', kind: 'rate', per_month: '5' })).status, 403);
  assert.equal((await m.client.api('GET', `/places/${geo.metro.slug}/growth`)).json().can_set_target, false);
});

test('a connector sees their chapter flagged: a single connector, no meeting ahead', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const before = (await owner.client.api('GET', '/growth/attention')).json();
  assert.ok(!before.groups.some((g) => g.chapters.some((x) => x.slug === ch.slug)));
  // the figures of the days to come are taken (as the periodic work would each night)
  glocal(['snapshot', '--db', DB, '--now', String(afterTakenDays())]);
  const a = (await owner.client.api('GET', '/growth/attention')).json();
  const mine = a.groups.find((g) => g.title === 'Chapters you run');
  assert.ok(mine, JSON.stringify(a));
  const flagged = mine.chapters.find((x) => x.slug === ch.slug);
  assert.ok(flagged, JSON.stringify(mine));
  // (more when other tests took days further ahead: it has not met since)
  for (const rule of ['A single connector', 'No upcoming meeting']) assert.ok(flagged.risks.includes(rule), JSON.stringify(flagged));
  // the chapter's own dashboard says the same; another member's list does not name it
  const dash = (await owner.client.api('GET', `/chapters/${ch.slug}/growth`)).json();
  assert.deepEqual(dash.risks, flagged.risks);
  const stranger = await member();
  assert.ok(!(await stranger.client.api('GET', '/growth/attention')).json().groups.some((g) => g.chapters.some((x) => x.slug === ch.slug)));
  // the administrator sees every chapter
  const all = (await adm.api('GET', '/growth/attention')).json().groups.find((g) => g.title === 'The whole network');
  assert.ok(all.chapters.some((x) => x.slug === ch.slug));
});

test('the white space counts the people of a metro and sector who belong to no chapter', async () => {
  const tag = unique('ws');
  const sector = (await adm.api('POST', '/sectors', { name: `Quiet ${tag}` })).json().sector;
  for (let i = 0; i < 3; i++) await member({ metro_id: geo.metro2.id, sector_id: sector.id });
  const w = (await adm.api('GET', '/growth/white-space')).json();
  const col = w.sectors.findIndex((s) => s.slug === sector.slug);
  assert.ok(col >= 0, 'the sector has a column');
  const row = w.metros.find((m) => m.slug === geo.metro2.slug);
  assert.equal(row.cells[col].people, 3);
  assert.equal(row.cells[col].has_chapter, false);
  assert.ok(row.cells[col].level >= 1);
});

test('a dashboard is kept only until the next day is taken: page and API follow it', async () => {
  const day = (html) => html.match(/Figures of each day to ([^,]+), taken/)?.[1];
  const before = (await adm.api('GET', '/growth?range=90d')).json();
  const page = day((await adm.get('/growth?range=90d')).text);
  assert.equal(page, before.last_day);
  glocal(['snapshot', '--db', DB, '--now', String(afterTakenDays())]);
  const after = (await adm.api('GET', '/growth?range=90d')).json();
  assert.notEqual(after.last_day, before.last_day, 'the next day is shown');
  assert.equal(day((await adm.get('/growth?range=90d')).text), after.last_day);
  assert.ok(!JSON.stringify(after).includes('_chart_html'), 'the API answer has the tables, not the drawings');
});
