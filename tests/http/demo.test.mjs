// demo.test.mjs - `glocal demo` on a fresh database of the suite's kind (a new SQLite file, or a new
// database on the suite's PostgreSQL server): it succeeds, and its figures are those of data/demo/ —
// chapters by status, a ledger total, a closed event's revenue split, governance, and the commons.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB } from './lib.mjs';

const data = (name) => JSON.parse(readFileSync(new URL(`../../data/demo/${name}`, import.meta.url), 'utf8'));
const postgres = DB.startsWith('postgres');
const name = `demo_${process.pid}_${Date.now()}`;
let url, dir;
if (postgres) {
  url = DB.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
} else {
  dir = mkdtempSync(join(tmpdir(), 'glocal-demo-'));
  url = `sqlite:${join(dir, 'demo.db')}`;
}

function query(q) {
  if (!postgres) return execFileSync('sqlite3', [url.slice(7), q], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-c', q, url], { encoding: 'utf8' }).trim();
}

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

after(() => {
  if (postgres) execFileSync('psql', ['-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, DB]);
  else rmSync(dir, { recursive: true, force: true });
});

test('glocal demo fills a fresh database with the network of data/demo', { timeout: 600000 }, () => {
  if (postgres) execFileSync('psql', ['-X', '-q', '-c', `CREATE DATABASE ${name}`, DB]);
  const init = glocal(['init', '--db', url, '--admin-email', 'admin@glocal.example', '--admin-password', 'demo-admin-2026',
    '--admin-name', 'Ada Admin']);
  assert.equal(init.code, 0, init.err);
  const demo = glocal(['demo', '--db', url]);
  assert.equal(demo.code, 0, demo.err);
  assert.match(demo.out, /now holds the demo network "Entrepreneur Commons"/);

  // chapters by status, as chapters.json has them (35 active, 12 forming, 8 dormant, 5 closed)
  const want = {};
  for (const c of data('chapters.json').chapters) want[c.status] = (want[c.status] || 0) + 1;
  assert.deepEqual(want, { active: 35, forming: 12, dormant: 8, closed: 5 });
  const got = Object.fromEntries(query('SELECT status, count(*) FROM chapters GROUP BY status ORDER BY status')
    .split('\n').map((l) => l.split('|')).map(([s, n]) => [s, Number(n)]));
  assert.deepEqual(got, want);
  assert.match(demo.out, /60 chapters: 35 active, 12 forming, 8 dormant, 5 closed/);
  // the formation funnel's applications, as funnel.json has them: the documented member's waits for review
  const apps = data('funnel.json').applications;
  const waiting = apps.filter((a) => !a.declined && !('withdrawn_days_ago' in a)).length;
  assert.match(demo.out, new RegExp(`${apps.length} applications to start a chapter: ${waiting} waiting for review, 1 declined, 1 withdrawn`));
  assert.equal(query("SELECT a.status FROM growth_applications a JOIN users u ON u.id = a.applicant_id WHERE u.email = 'member@glocal.example'"),
    'applied');
  assert.equal(Number(query("SELECT count(*) FROM growth_funnel_steps WHERE stage IN ('declined', 'withdrawn')")), 2);
  // the commons' line: items published and how many of them are adaptations, uses
  const items = data('commons.json').items;
  const published = items.filter((x) => !x.awaiting && !x.withdrawn && !x.draft);
  const uses = items.reduce((n, x) => n + (x.uses || []).length, 0);
  // ... with the notes of the past unconference's sessions (see the unconferences' test)
  const notes = (status) => Number(query(`SELECT count(*) FROM commons_items WHERE origin = 'session' AND status = '${status}'`));
  assert.match(demo.out, new RegExp(`the commons: ${published.length + notes('published')} items published \\(${published.filter((x) => x.based_on).length} of them adaptations`));
  assert.match(demo.out, new RegExp(`${1 + notes('consenting')} waiting for consent,\\s+1 draft, 1 withdrawn; ${uses} uses recorded in \\d+ cities of \\d+ countries`));
});

test('the books: the foundation gave two grants; the bursaries are those of books.json', () => {
  // the network's funder paid the connectors' programme twice: 25,000 and 18,000 euros, nothing else
  const funder = query(`SELECT t.inflow, t.outflow FROM organisations o
    JOIN ledger_accounts a ON a.kind = 'organisation' AND a.ref_id = o.id
    JOIN ledger_totals t ON t.account_id = a.id AND t.resource = 'EUR' WHERE o.slug = 'the-meridian-foundation'`);
  assert.equal(funder, '0|4300000');
  const bursaries = data('books.json').bursaries.reduce((sum, b) => sum + b.cents, 0);
  assert.equal(bursaries, 138500);
  const paid = query(`SELECT sum(p.amount) FROM ledger_postings p JOIN ledger_transactions x ON x.id = p.transaction_id
    WHERE x.kind = 'expense' AND x.description LIKE 'Travel bursary%' AND p.amount > 0 AND p.resource = 'EUR'`);
  assert.equal(Number(paid), bursaries);
});

test('the organisations of books.json with a manager have that manager: a documented login, or a member of its city', () => {
  const named = data('books.json').organisations.filter((o) => o.manager);
  assert.ok(named.length >= 3, 'some organisations have managers');
  const rows = query(`SELECT o.name || '|' || u.name || '|' || COALESCE(p.name, '') FROM organisation_managers m
    JOIN organisations o ON o.id = m.organisation_id JOIN users u ON u.id = m.user_id LEFT JOIN places p ON p.id = u.metro_id
    ORDER BY o.name`).split('\n');
  assert.equal(rows.length, named.length, rows.join('\n'));
  for (const o of named) {
    const row = rows.find((r) => r.startsWith(`${o.name}|`));
    assert.ok(row, `${o.name} has its manager`);
    const [, who, city] = row.split('|');
    if (o.manager === 'a member of its city') assert.equal(city, o.metro, `${o.name}: ${who} lives in ${o.metro}`);
    else assert.equal(who, o.manager);
  }
});

test('a closed event: its revenue is shared out by the split of its format', () => {
  const event = data('events.json').events.find((x) => x.title === 'Startup Weekend Berlin');
  assert.ok(event && event.day < 0, 'a past event of events.json');
  const split = data('apps.json').formats.find((f) => f.slug === event.format).split;
  const rows = query(`SELECT s.party, s.share, s.amount, s.currency, s.tx_id IS NOT NULL FROM event_shares s
    JOIN events e ON e.id = s.event_id WHERE e.title = 'Startup Weekend Berlin' AND e.status = 'closed' ORDER BY s.share DESC, s.party`)
    .split('\n').filter(Boolean).map((l) => l.split('|'));
  assert.deepEqual(rows.map(([party, share]) => [party, Number(share)]),
    split.map((p) => [p.party, p.share]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  const total = rows.reduce((sum, r) => sum + Number(r[2]), 0);
  assert.equal(total, 308000);   // 3,080 euros shared out
  for (const [party, share, amount, currency, posted] of rows) {
    assert.equal(currency, 'EUR');
    assert.ok(posted === '1' || posted === 't', `${party}'s share is in the books`);
    assert.ok(Math.abs(Number(amount) * 10000 - total * Number(share)) < 10000, `${party}: ${amount} of ${total}`);
  }
});

test('governance: matters at every stage of governance.json, a board elected by STV whose box verifies, an election still open', () => {
  const gov = data('governance.json');
  const status = { open: 'open', summary: 'open', escalated: 'escalated', passed_up: 'escalated', decided: 'decided',
    proposal: 'decided', resolved: 'resolved', withdrawn: 'withdrawn' };
  const rows = query(`SELECT ch.name, m.status, COALESCE(p.slug, '') FROM gov_matters m JOIN chapters ch ON ch.id = m.chapter_id
    LEFT JOIN gov_committees g ON g.id = m.committee_id LEFT JOIN places p ON p.id = g.place_id ORDER BY m.id`)
    .split('\n').map((l) => l.split('|'));
  assert.deepEqual(rows.map(([chapter, s]) => [chapter, s]), gov.matters.map((m) => [m.chapter, status[m.stage]]));
  // the escalation path follows density: a dense metro keeps Lisbon's matter, Porto's goes to the country,
  // Rio's (a sparse country) to Brazil's committee, and the one passed up from Lisbon reaches Portugal's
  const where = Object.fromEntries(rows.map(([chapter, , place]) => [chapter, place]));
  assert.equal(where['Lisbon Climate Builders'], 'lisbon');
  assert.equal(where['Lisbon Tourism & Hospitality Table'], 'portugal');
  assert.equal(where['Porto Founders Circle'], 'portugal');
  assert.equal(where['Rio Tourism Founders'], 'brazil');
  // the board: elected, seated, its box signed and verified by glocal verify-election
  const [id, state, seats] = query(`SELECT e.id, e.status, (SELECT count(*) FROM gov_committee_members m
    WHERE m.committee_id = e.committee_id AND m.election_id = e.id) FROM gov_elections e WHERE e.title = 'Board of the network, 2026'`).split('|');
  assert.equal(state, 'closed');
  assert.equal(Number(seats), 5);
  const check = glocal(['verify-election', '--db', url, id]);
  assert.equal(check.code, 0, check.out + check.err);
  assert.equal(query("SELECT status FROM gov_elections WHERE title = 'Lisbon committee, 2027'"), 'voting');
  // closed proposals and polls leave decision records; nothing from the past waits in the outbox
  assert.ok(Number(query("SELECT count(*) FROM gov_decisions WHERE source IN ('proposal', 'poll')")) >= 4);
  assert.equal(query("SELECT count(*) FROM outbox WHERE kind LIKE 'gov%' AND sent_at IS NULL"), '0');
});

// commons.json's items: all but the notes of unconference sessions (the unconferences' test counts those)
const OWN = "origin <> 'session'";

test('the commons: items by status, adaptations and their depth, licences, revisions and where items were used, as commons.json has them', () => {
  const { items } = data('commons.json');
  const chapters = Object.fromEntries(data('chapters.json').chapters.map((c) => [c.name, c]));
  const country = Object.fromEntries(data('places.json').metros.map((m) => [m.name, m.country]));
  const events = data('events.json').events;
  const pastEvent = (title) => events.find((x) => x.title === title && x.day < 0 && !x.cancelled);
  const byTitle = Object.fromEntries(items.map((x) => [x.title, x]));
  const rows = (q) => query(q).split('\n').filter(Boolean).map((l) => l.split('|'));

  // how each item ends up: published unless it awaits consent, was withdrawn or is a draft
  const status = (x) => (x.awaiting ? 'consenting' : x.withdrawn ? 'withdrawn' : x.draft ? 'draft' : 'published');
  const want = {};
  for (const x of items) want[status(x)] = (want[status(x)] || 0) + 1;
  assert.ok(items.length >= 100 && want.published >= 100, `${items.length} items, ${want.published} published`);
  assert.ok(want.consenting === 1 && want.withdrawn === 1 && want.draft === 1, JSON.stringify(want));
  const got = Object.fromEntries(rows(`SELECT status, count(*) FROM commons_items WHERE ${OWN} GROUP BY status`).map(([s, n]) => [s, Number(n)]));
  assert.deepEqual(got, want);
  assert.deepEqual(Object.fromEntries(rows(`SELECT title, status FROM commons_items WHERE ${OWN}`)),
    Object.fromEntries(items.map((x) => [x.title, status(x)])));

  // adaptations: what each is based on, and how deep in its line (some two and three deep)
  const depth = (x) => (x.based_on ? depth(byTitle[x.based_on]) + 1 : 0);
  const adapted = items.filter((x) => x.based_on);
  assert.ok(adapted.length >= 40, `${adapted.length} adaptations`);
  assert.ok(adapted.some((x) => depth(x) === 3) && adapted.filter((x) => depth(x) === 2).length >= 5);
  const byFirst = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  assert.deepEqual(rows('SELECT i.title, p.title, i.depth FROM commons_items i JOIN commons_items p ON p.id = i.based_on_id')
    .map(([t, p, d]) => [t, p, Number(d)]).sort(byFirst), adapted.map((x) => [x.title, x.based_on, depth(x)]).sort(byFirst));
  // ... each from another city than the item it adapts
  const metro = (x) => (x.chapter ? chapters[x.chapter].metro : pastEvent(x.event).metro);
  for (const x of adapted) assert.notEqual(metro(x), metro(byTitle[x.based_on]), x.title);

  // licences: the one named, a ShareAlike parent's, or the network's default
  const licence = (x) => x.licence || (x.based_on && licence(byTitle[x.based_on]) === 'cc-by-sa-4.0' ? 'cc-by-sa-4.0' : 'cc-by-4.0');
  assert.deepEqual(Object.fromEntries(rows(`SELECT title, licence FROM commons_items WHERE ${OWN}`)),
    Object.fromEntries(items.map((x) => [x.title, licence(x)])));
  assert.deepEqual(new Set(items.map(licence)), new Set(['cc-by-4.0', 'cc-by-sa-4.0', 'cc0-1.0']));
  // revisions: the first, and one per edit
  assert.deepEqual(Object.fromEntries(rows(`SELECT i.title, count(*) FROM commons_revisions r JOIN commons_items i ON i.id = r.item_id WHERE i.${OWN} GROUP BY i.title`)
    .map(([t, n]) => [t, Number(n)])), Object.fromEntries(items.map((x) => [x.title, 1 + (x.edits || []).length])));

  // uses: how many of each item, and for the most used one, in which cities and countries
  assert.deepEqual(Object.fromEntries(rows(`SELECT i.title, count(u.id) FROM commons_items i LEFT JOIN commons_uses u ON u.item_id = i.id
    WHERE i.${OWN} GROUP BY i.title`).map(([t, n]) => [t, Number(n)])), Object.fromEntries(items.map((x) => [x.title, (x.uses || []).length])));
  const where = (u) => (u[0].startsWith('event:') ? pastEvent(u[0].slice(6)).metro : chapters[u[0]].metro);
  const most = [...items].sort((a, b) => (b.uses || []).length - (a.uses || []).length)[0];
  const places = (list) => list.map((p) => p.join(' / ')).sort();
  assert.deepEqual(places(rows(`SELECT p.name, k.name FROM commons_uses u JOIN commons_items i ON i.id = u.item_id
    JOIN places p ON p.id = u.place_id JOIN places r ON r.id = p.parent_id JOIN places k ON k.id = r.parent_id
    WHERE i.title = '${most.title.replace(/'/g, "''")}'`)), places(most.uses.map((u) => [where(u), country[where(u)]])));
  // across the commons: every city and country the uses name, and nothing else
  const uses = items.flatMap((x) => x.uses || []);
  const cities = new Set(uses.map(where));
  const countries = new Set([...cities].map((m) => country[m]));
  assert.ok(cities.size >= 10 && countries.size >= 5, `${cities.size} cities, ${countries.size} countries`);
  assert.deepEqual(new Set(rows(`SELECT DISTINCT p.name FROM commons_uses u JOIN places p ON p.id = u.place_id`).map(([n]) => n)), cities);
  assert.deepEqual(new Set(rows(`SELECT DISTINCT k.name FROM commons_uses u JOIN places p ON p.id = u.place_id
    JOIN places r ON r.id = p.parent_id JOIN places k ON k.id = r.parent_id`).map(([n]) => n)), countries);
  const outcomes = {};
  for (const u of uses) outcomes[u[2]] = (outcomes[u[2]] || 0) + 1;
  assert.deepEqual(Object.fromEntries(rows('SELECT outcome, count(*) FROM commons_uses GROUP BY outcome').map(([o, n]) => [o, Number(n)])), outcomes);

  // the sponsors' report has rows: items that came out of sponsored events
  const sponsored = items.filter((x) => x.event && (pastEvent(x.event).sponsors || []).length && status(x) === 'published');
  assert.ok(sponsored.length >= 5, `${sponsored.length} items from sponsored events`);
  assert.equal(Number(query(`SELECT count(*) FROM commons_items i WHERE i.status = 'published' AND i.${OWN}
    AND EXISTS (SELECT 1 FROM event_sponsors s WHERE s.event_id = i.event_id)`)), sponsored.length);

  // consent: the tombstone keeps its reason; Inês's consent is awaited on one item, and one draft is hers
  const gone = items.find((x) => x.withdrawn);
  assert.equal(query(`SELECT withdrawn_reason FROM commons_items WHERE status = 'withdrawn'`), gone.withdrawn.reason);
  assert.equal(query(`SELECT p.consent FROM commons_people p JOIN commons_items i ON i.id = p.item_id JOIN users u ON u.id = p.user_id
    WHERE i.status = 'consenting' AND i.${OWN} AND u.email = 'connector@glocal.example'`), 'asked');
  assert.equal(query(`SELECT u.email FROM commons_items i JOIN users u ON u.id = i.created_by WHERE i.status = 'draft'`), 'connector@glocal.example');
  // what the commons mailed in the past was sent then; nothing old waits in the outbox
  assert.ok(Number(query("SELECT count(*) FROM outbox WHERE kind LIKE 'commons%'")) > 0);
  assert.equal(query("SELECT count(*) FROM outbox WHERE kind LIKE 'commons%' AND sent_at IS NULL"), '0');
});

test('unconferences: the past Leancamp\'s thirty sessions, its grid, headcounts and notes; the upcoming one\'s proposals and votes', () => {
  const u = data('unconf.json');
  const boards = data('events.json').events.filter((x) => data('apps.json').formats.find((f) => f.slug === x.format)?.has_board);
  assert.equal(boards.length, 2);
  const past = boards.find((x) => x.day < 0), upcoming = boards.find((x) => x.day > 0);
  const eventId = (title) => query(`SELECT id FROM events WHERE title = '${title}'`);
  const [pastId, nextId] = [eventId(past.title), eventId(upcoming.title)];
  const count = (q) => Number(query(q));

  // the past one: every session proposed, the duplicate merged into the one it repeats, all in the grid
  const dups = u.past_sessions.filter((x) => x.duplicate_of);
  assert.equal(count(`SELECT count(*) FROM unconf_sessions WHERE event_id = ${pastId} AND status = 'proposed'`), u.past_sessions.length - dups.length);
  assert.equal(u.past_sessions.length - dups.length, 30, 'thirty sessions');
  for (const x of dups) {
    assert.equal(query(`SELECT t.title FROM unconf_sessions s JOIN unconf_sessions t ON t.id = s.merged_into
      WHERE s.event_id = ${pastId} AND s.title = '${x.title.replace(/'/g, "''")}'`), x.duplicate_of);
  }
  assert.equal(count(`SELECT count(*) FROM unconf_rooms WHERE event_id = ${pastId}`), u.rooms.length);
  assert.equal(count(`SELECT count(*) FROM unconf_slots WHERE event_id = ${pastId}`), u.slot_starts.length);
  assert.equal(count(`SELECT count(*) FROM unconf_sessions WHERE event_id = ${pastId} AND status = 'proposed' AND slot_id IS NOT NULL`), 30);
  assert.ok(query(`SELECT built_at FROM unconf_boards WHERE event_id = ${pastId}`), 'the grid was built');
  // no presenter in two rooms at once
  assert.equal(count(`SELECT count(*) FROM (SELECT s.slot_id, s.proposer_id FROM unconf_sessions s WHERE s.event_id = ${pastId}
    AND s.status = 'proposed' GROUP BY s.slot_id, s.proposer_id HAVING count(*) > 1) t`), 0);
  // headcounts and notes as unconf.json has them; the notes in the commons, from the event, under its sponsors' eyes
  const kept = u.past_sessions.filter((x) => !x.duplicate_of);
  for (const x of kept) {
    const [head, notes] = query(`SELECT coalesce(headcount, -1), CASE WHEN notes <> '' THEN 1 ELSE 0 END FROM unconf_sessions
      WHERE event_id = ${pastId} AND title = '${x.title.replace(/'/g, "''")}' AND status = 'proposed'`).split('|').map(Number);
    assert.equal(head, x.headcount ?? -1, x.title);
    assert.equal(notes, x.notes ? 1 : 0, x.title);
  }
  const captured = kept.filter((x) => x.notes).length;
  assert.equal(captured, 23);
  assert.equal(count(`SELECT count(*) FROM commons_items WHERE origin = 'session' AND event_id = ${pastId}`), captured);
  // published unless a co-presenter's consent is still asked
  assert.equal(count(`SELECT count(*) FROM commons_items i WHERE i.origin = 'session' AND i.status = 'consenting'`),
    count(`SELECT count(*) FROM unconf_sessions s WHERE s.event_id = ${pastId} AND s.item_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM unconf_presenters p WHERE p.session_id = s.id AND p.user_id <> s.proposer_id)`));
  // nobody spent more than their dots
  for (const id of [pastId, nextId])
    assert.equal(count(`SELECT count(*) FROM (SELECT v.user_id FROM unconf_votes v JOIN unconf_sessions s ON s.id = v.session_id
      WHERE s.event_id = ${id} AND s.status = 'proposed' GROUP BY v.user_id HAVING sum(v.dots) > 5) t`), 0);
  // every proposer and voter holds a ticket
  assert.equal(count(`SELECT count(*) FROM unconf_sessions s WHERE s.event_id IN (${pastId}, ${nextId}) AND NOT EXISTS
    (SELECT 1 FROM registrations g WHERE g.event_id = s.event_id AND g.user_id = s.proposer_id AND g.status = 'ticket')`), 0);

  // the upcoming one: proposals and votes in progress, no grid yet
  assert.equal(count(`SELECT count(*) FROM unconf_sessions WHERE event_id = ${nextId} AND status = 'proposed'`), u.upcoming_sessions.length);
  assert.ok(count(`SELECT count(*) FROM unconf_votes v JOIN unconf_sessions s ON s.id = v.session_id WHERE s.event_id = ${nextId}`) > 20);
  assert.equal(count(`SELECT count(*) FROM unconf_sessions WHERE event_id = ${nextId} AND slot_id IS NOT NULL`), 0);
  assert.equal(query(`SELECT built_at FROM unconf_boards WHERE event_id = ${nextId}`), '');
  assert.ok(count(`SELECT count(*) FROM unconf_sessions WHERE event_id = ${nextId} AND created_at > ${Math.floor(Date.now() / 1000)}`) === 0,
    'nothing proposed in the future');
});
