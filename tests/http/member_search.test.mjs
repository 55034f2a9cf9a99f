// member_search.test.mjs - member search by word prefix (issue 19, point 5)
// beyond the count's cap: 1,200 members imported share a word; the count
// stops at 1,000 and says so (the API's paging.total_capped, the page's
// "1,000+"), the pages are in name order whichever way they are read (one
// word's entries in order, or the names walked), and they go on past the cap.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { member, admin, chapter, geography, unique, mainOf } from './lib.mjs';

let geo, owner, ch, tag;
const line = (cells) => cells.join(',');

async function importRows(rows) {
  const fd = new FormData();
  fd.append('_csrf', owner.client.csrf ?? await owner.client.fetchCsrf());
  fd.append('csv', new Blob([`${[['name', 'email', 'organisation', 'city'], ...rows].map(line).join('\r\n')}\r\n`], { type: 'text/csv' }), 'members.csv');
  const res = new Response(fd);
  const body = Buffer.from(await res.arrayBuffer());
  const r = await owner.client.request('POST', `/chapters/${ch.slug}/import`, { body, headers: { 'content-type': res.headers.get('content-type') } });
  assert.equal(r.status, 303, `upload answered ${r.status}: ${mainOf(r.text).slice(0, 400)}`);
  const id = r.location.match(/\/import\/(\d+)$/)[1];
  const done = await owner.client.post(`/chapters/${ch.slug}/import/${id}`, {});
  assert.equal(done.status, 303);
}

before(async () => {
  const adm = await admin();
  geo = await geography(adm);
  owner = await member({ metro_id: geo.metro.id });
  ch = await chapter(owner, { metro_id: geo.metro.id });
  tag = unique('cap').toLowerCase();
  const rows = [];
  // "Capa0007 <tag> <tag>o": the tag is a word of all 1,200, <tag>o and <tag>e of half each
  // (a range of three words, each member in two of them); capa0000... are 1,200 words
  for (let i = 0; i < 1200; i++)
    rows.push([`Capa${String(1199 - i).padStart(4, '0')} ${tag} ${tag}${i % 2 ? 'o' : 'e'}`, `c${i}.${tag}@search.example`, '', '']);
  await importRows(rows);
});

const names = (list) => list.members.map((m) => m.name);
const sorted = (a) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

test('more than 1,000 found: the count stops at 1,000 and says so, the pages are in name order and go on', async () => {
  const api = (q, extra = '') => owner.client.api('GET', `/members?q=${encodeURIComponent(q)}${extra}`);
  // three words in the range: each word's entries in name order, merged
  const one = (await api(tag)).json();
  assert.equal(one.total, 1000);
  assert.equal(one.paging.total, 1000);
  assert.equal(one.paging.total_capped, true, 'the paging says the count stopped');
  assert.equal(one.members.length, 50);
  assert.deepEqual(names(one), sorted(names(one)));
  assert.equal(one.members[0].name, `Capa0000 ${tag} ${tag}o`, 'the first by name');
  assert.ok(one.paging.next, 'more pages past the cap');
  const last = (await api(tag, '&page=24')).json();
  assert.equal(last.members.length, 50);
  assert.equal(last.members[0].name.slice(0, 8), 'Capa1150');
  const beyond = (await api(tag, '&page=21')).json();
  assert.equal(beyond.members[0].name.slice(0, 8), 'Capa1000', 'page 21 lies past the count, and is there');

  // 1,200 words in the range ("capa0000", "capa0001"...): the names are walked in order
  const walk = (await api('capa')).json();
  assert.equal(walk.total, 1000);
  assert.equal(walk.paging.total_capped, true);
  assert.deepEqual(names(walk), names(one), 'the same page read the other way');
  const walk21 = (await api('capa', '&page=21')).json();
  assert.deepEqual(names(walk21), names(beyond), 'and past the cap');
  // the other words typed are checked on each member of the driving (longest) word
  const and = (await api(`capa ${tag}`)).json();
  assert.deepEqual(names(and), names(one));

  // under the cap: counted exactly, no cap said
  const odds = (await api(`${tag}o`)).json();
  assert.equal(odds.total, 600);
  assert.equal(odds.paging.total_capped, undefined);
  assert.ok(odds.members.every((m) => m.name.endsWith(`${tag}o`)));
  assert.deepEqual(names(odds), sorted(names(odds)));
  const both = (await api(`${tag}o ${tag}e`)).json();
  assert.equal(both.total, 0, 'every word typed must match');
  const few = (await api(`capa000 ${tag}`)).json();
  assert.deepEqual(names(few), Array.from({ length: 10 }, (_, i) => `Capa000${i} ${tag} ${tag}${(1199 - i) % 2 ? 'o' : 'e'}`));

  const page = await owner.client.get(`/members?q=${encodeURIComponent(tag)}`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /1,000\+ people/);
  assert.match(mainOf(page.text), /More than 1,000 people match/);
  const under = await owner.client.get(`/members?q=${encodeURIComponent(`${tag}o`)}`);
  assert.match(mainOf(under.text), /600 people/);
  assert.doesNotMatch(mainOf(under.text), /More than 1,000/);
});
