// i18n.test.mjs - languages (issue 20, point 7): the language of an answer
// (a member's choice, else the footer's cookie, else Accept-Language, else the
// network's default), <html lang>, Content-Language and Vary; errors in the
// reader's language on pages and in the API; chapters named in any script,
// with readable slugs, found by the directory and the search.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, admit, chapter, geography, unique, sql, mainOf } from './lib.mjs';

let geo, adm;
before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

const pt = { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.8' };
const fr = { 'accept-language': 'fr-CA,fr;q=0.9' };

function langOf(html) {
  return html.match(/<html lang="([^"]+)">/)?.[1];
}

test('Accept-Language: the home page in Portuguese, French, or English by default', async () => {
  const anon = new Client();
  const p = await anon.get('/', { headers: pt });
  assert.equal(p.status, 200);
  assert.equal(langOf(p.text), 'pt');
  assert.equal(p.headers.get('content-language'), 'pt');
  assert.match(p.headers.get('vary'), /Accept-Language/);
  assert.match(p.text, /Encontrar um núcleo/);
  assert.match(p.text, /Saltar para o conteúdo/);
  assert.doesNotMatch(p.text, /Find a chapter/);
  const f = await anon.get('/', { headers: fr });
  assert.equal(langOf(f.text), 'fr');
  assert.match(f.text, /Trouver une section/);
  assert.match(f.text, /<nav class="main" aria-label="Principal">/, 'attributes people hear are translated too');
  for (const headers of [{}, { 'accept-language': 'de-DE,de;q=0.9' }, { 'accept-language': 'pt;q=0, en' }]) {
    const e = await anon.get('/', { headers });
    assert.equal(langOf(e.text), 'en', JSON.stringify(headers));
    assert.equal(e.headers.get('content-language'), 'en');
    assert.match(e.text, /Find a chapter/);
  }
  // files are the same in every language: no Vary on the language
  const css = await anon.get('/assets/app.css', { headers: pt });
  assert.doesNotMatch(css.headers.get('vary') || '', /Accept-Language/);
  assert.equal(css.headers.get('content-language'), null);
});

test('a refused form speaks the reader\'s language, on pages and in the API', async () => {
  const anon = new Client();
  await anon.get('/login', { headers: pt });
  const r = await anon.post('/login', { email: '', password: '' }, { headers: pt });
  assert.equal(r.status, 422);
  assert.equal(langOf(r.text), 'pt');
  assert.match(mainOf(r.text), /Indique o seu endereço de e-mail\./);
  assert.match(mainOf(r.text), /Iniciar sessão/);
  const someone = await member();
  const api = await someone.client.api('POST', '/chapters', { name: '', metro_id: geo.metro.id, capacity: 1 }, { headers: fr });
  assert.equal(api.status, 422);
  assert.equal(api.headers.get('content-language'), 'fr');
  const messages = Object.fromEntries(api.json().errors.map((e) => [e.field, e.message]));
  assert.equal(messages.name, 'Donnez un nom à la section.');
  assert.equal(messages.capacity, 'Une section compte entre 2 et 500 membres.');
  assert.equal(api.json().title, 'Unprocessable Content', 'the problem title stays the HTTP reason phrase');
  const missing = await anon.get('/api/v1/chapters/no-such-chapter-here', { headers: pt });
  assert.equal(missing.status, 404);
  assert.match(missing.json().detail, /^Não há nenhum/);
});

test('a missing object is named in the reader\'s language, not with an English noun inside a translated sentence', async () => {
  const anon = new Client();
  const api = await anon.get('/api/v1/chapters/no-such-chapter-here', { headers: pt });
  assert.equal(api.json().detail, 'Não há nenhum núcleo chamado "no-such-chapter-here".');
  const page = await anon.get('/events/no-such-event-here', { headers: fr });
  assert.equal(page.status, 404);
  assert.match(mainOf(page.text), /Il n&#39;y a pas d&#39;événement nommé « no-such-event-here »\./);
  const item = await anon.get('/commons/no-such-item-here', { headers: fr });
  assert.match(mainOf(item.text), /Il n&#39;y a pas d&#39;élément des communs nommé/);
  const en = await anon.get('/api/v1/chapters/no-such-chapter-here');
  assert.equal(en.json().detail, 'There is no chapter called "no-such-chapter-here".');
});

test('a member\'s choice of language beats the browser\'s; none chosen, the browser decides', async () => {
  const m = await member();
  let r = await m.client.api('POST', '/me', { language: 'fr' }, { headers: pt });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().user.language, 'fr');
  assert.equal(sql(`SELECT language FROM users WHERE id = ${m.id}`), 'fr');
  let page = await m.client.get('/', { headers: pt });
  assert.equal(langOf(page.text), 'fr');
  assert.match(page.text, /Trouver une section/);
  const me = await m.client.get('/me', { headers: pt });
  assert.match(me.text, /<option value="fr" selected>Français<\/option>/);
  const bad = await m.client.api('POST', '/me', { language: 'xx' }, { headers: pt });
  assert.equal(bad.status, 422);
  assert.equal(bad.json().errors[0].field, 'language');
  assert.equal(sql(`SELECT language FROM users WHERE id = ${m.id}`), 'fr', 'nothing stored');
  // the profile form, in the new language at once
  const form = await m.client.post('/me', { name: m.name, language: 'pt' }, { headers: fr });
  assert.equal(form.status, 303);
  page = await m.client.get('/me', { headers: fr });
  assert.equal(langOf(page.text), 'pt');
  assert.match(page.text, /O seu perfil foi guardado\./, 'the confirmation in the language just chosen');
  r = await m.client.api('POST', '/me', { language: '' });
  assert.equal(r.status, 200);
  page = await m.client.get('/', { headers: fr });
  assert.equal(langOf(page.text), 'fr', 'no choice: the browser\'s');
  page = await m.client.get('/');
  assert.equal(langOf(page.text), 'en', 'no choice and no header: the network\'s default');
});

test('the footer lets a visitor choose a language, kept in a cookie', async () => {
  const anon = new Client();
  const home = await anon.get('/', { headers: pt });
  assert.match(home.text, /<form class="language" method="post" action="\/language">/);
  assert.equal(home.headers.getSetCookie().length, 0, 'the footer\'s form costs a visitor no cookie (it needs no CSRF token)');
  const r = await anon.post('/language', { language: 'fr', next: '/chapters' }, { headers: pt, csrf: false });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/chapters');
  assert.equal(anon.jar.get('glocal_lang'), 'fr');
  const page = await anon.get('/chapters', { headers: pt });
  assert.equal(langOf(page.text), 'fr', 'the choice beats Accept-Language');
  assert.match(page.text, /<option value="fr" lang="fr" selected>Français<\/option>/);
  const refused = await anon.post('/language', { language: 'klingon' });
  assert.equal(refused.status, 422);
  const away = await anon.post('/language', { language: 'en', next: 'https://elsewhere.example/' });
  assert.equal(away.location, '/', 'only local addresses are followed');
});

test('chapters named in Cyrillic, Japanese and Polish: created through the form, readable slugs, found', async () => {
  const owner = await member({ metro_id: geo.metro.id });
  const tag = geo.tag.toLowerCase();
  const cases = [
    [`Москва Стартап ${geo.tag}`, `moskva-startap-${tag}`],
    [`東京ラボ ${geo.tag}`, null],
    [`Łódź Ventures ${geo.tag}`, `lodz-ventures-${tag}`],
  ];
  const slugs = [];
  for (const [name, want] of cases) {
    const r = await owner.client.post('/chapters', { name, metro_id: geo.metro.id, capacity: 12, description: '' });
    assert.equal(r.status, 303, `${name}: ${r.status} ${mainOf(r.text || '')}`);
    const slug = r.location.match(/^\/chapters\/([^/?#]+)/)[1];
    if (want) assert.equal(slug, want);
    assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${name} → ${slug}`);
    assert.ok(slug.length > tag.length + 2, `a readable stem before the tag: ${slug}`);
    slugs.push(slug);
    const page = await owner.client.get(`/chapters/${slug}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(name.split(' ')[0]), `${name} is shown as typed`);
    assert.equal(sql(`SELECT name FROM chapters WHERE slug = '${slug}'`), name);
  }
  assert.match(slugs[1], /^dong-jing/, `東京 is written in Latin letters: ${slugs[1]}`);
  const anon = new Client();
  for (const [word, slug] of [['Москва', slugs[0]], ['東京ラボ', slugs[1]], ['Łódź', slugs[2]], ['москва', slugs[0]]]) {
    const dir = (await anon.get(`/api/v1/chapters?q=${encodeURIComponent(word)}&place=${geo.metro.slug}`)).json();
    assert.deepEqual(dir.chapters.map((c) => c.slug), [slug], `the directory finds ${word}`);
  }
    // the search folds case and accents in C (src/search/fold.c), the same on both databases
  for (const [word, slug] of [['Москва', slugs[0]], ['東京ラボ', slugs[1]], ['стартап', slugs[0]], ['ŁÓDŹ', slugs[2]]]) {
    const found = (await anon.get(`/api/v1/search?q=${encodeURIComponent(`${word} ${geo.tag}`)}`)).json();
    assert.ok(found.results.some((x) => x.url === `/chapters/${slug}`), `the search finds ${word}: ${JSON.stringify(found.results.map((x) => x.url))}`);
  }
  // a word of Japanese is not split by spaces: "東京" finds "東京ラボ" as the beginning of its word
  const tokyo = (await anon.get(`/api/v1/search?q=${encodeURIComponent(`${geo.tag} 東京`)}`)).json();
  assert.ok(tokyo.results.some((x) => x.url === `/chapters/${slugs[1]}`), `the search finds 東京: ${JSON.stringify(tokyo.results.map((x) => x.url))}`);
  const dirPage = await anon.get(`/chapters?q=${encodeURIComponent('МОСКВА')}&place=${geo.metro.slug}`, { headers: pt });
  assert.match(dirPage.text, /Москва Стартап/);
  assert.match(dirPage.text, /1 núcleo aberto encontrado/);
});

test('a name typed with combining accents is stored in NFC; lengths count characters', async () => {
  const owner = await member({ metro_id: geo.metro.id });
  const decomposed = `Cafe\u0301 Founders ${unique('n')}`;
  const r = await owner.client.api('POST', '/chapters', { name: decomposed, metro_id: geo.metro.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().chapter.name, decomposed.normalize('NFC'));
  assert.match(r.json().chapter.slug, /^cafe-founders-/);
  const long = 'Ж'.repeat(80);   // 80 characters, 160 bytes
  const ok = await owner.client.api('POST', '/chapters', { name: long, metro_id: geo.metro.id });
  assert.equal(ok.status, 201, `80 Cyrillic letters are 80 characters: ${ok.text}`);
  const tooLong = await owner.client.api('POST', '/chapters', { name: `${long}Ж`, metro_id: geo.metro.id });
  assert.equal(tooLong.status, 422);
});

test('the network\'s default language: for visitors whose browser asks for none of ours', async () => {
  const anon = new Client();
  try {
    const bad = await adm.api('POST', '/admin/settings', { language: 'de' });
    assert.equal(bad.status, 422);
    assert.equal(bad.json().errors[0].field, 'language');
    const r = await adm.api('POST', '/admin/settings', { language: 'pt' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().settings.language, 'pt');
    let page = await anon.get('/');
    assert.equal(langOf(page.text), 'pt', 'no Accept-Language: the default');
    page = await anon.get('/', { headers: { 'accept-language': 'de' } });
    assert.equal(langOf(page.text), 'pt', 'none of ours: the default');
    page = await anon.get('/', { headers: fr });
    assert.equal(langOf(page.text), 'fr', 'the browser\'s, when it is one of ours');
    const form = await adm.get('/admin');
    assert.match(form.text, /<option value="pt" selected>Português<\/option>/);
  } finally {
    assert.equal((await adm.api('POST', '/admin/settings', { language: 'en' })).status, 200);
  }
  assert.equal(langOf((await anon.get('/')).text), 'en');
});

test('no English word inside a translated sentence: who elects the committees, in French and Portuguese', async () => {
  const anon = new Client();
  const f = await anon.get('/governance', { headers: fr });
  assert.equal(f.status, 200);
  assert.equal(langOf(f.text), 'fr');
  // the electorate was inserted as the setting's English value ("connectors")
  assert.match(f.text, /Les comités sont élus par les (connecteurs|membres) des sections de leur lieu/);
  assert.doesNotMatch(f.text.match(/<p>Les comités sont élus[^<]*<\/p>/)[0], /\b(connectors|members)\b/);
  const p = await anon.get('/governance', { headers: pt });
  assert.match(p.text, /As comissões são eleitas pelos (conectores|membros) dos núcleos do seu lugar/);
  assert.doesNotMatch(p.text.match(/<p>As comissões são eleitas[^<]*<\/p>/)[0], /\b(connectors|members)\b/);
});

test('an organisation\'s kind is a sentence of the page\'s language, not the stored English word', async () => {
  const made = await adm.api('POST', '/organisations', { name: `Fornecedora ${unique()}`, kind: 'supplier' });
  assert.equal(made.status, 201, made.text);
  const slug = made.json().organisation.slug;
  const f = await new Client().get(`/organisations/${slug}`, { headers: fr });
  assert.equal(f.status, 200);
  assert.match(f.text, /<p>Un fournisseur/);
  const p = await new Client().get(`/organisations/${slug}`, { headers: pt });
  assert.match(p.text, /<p>Um fornecedor/);
  const e = await new Client().get(`/organisations/${slug}`);
  assert.match(e.text, /<p>A supplier/);
});

test('committee names are in the reader\'s language: the board and a place\'s committee, on pages and in a chapter\'s path', async () => {
  const owner = await member();
  const ch = await chapter(owner, { name: `Comités ${unique()}`, metro_id: geo.metro.id });
  const anon = new Client();
  const board = { en: 'Board', fr: 'Conseil', pt: 'Conselho' };
  for (const [lang, headers] of [['fr', fr], ['pt', pt], ['en', {}]]) {
    const page = await anon.get('/committees/board', { headers });
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), new RegExp(`<h1[^>]*>[^<]*${board[lang]}`), `the board's page in ${lang}`);
    const path = mainOf((await anon.get(`/chapters/${ch.slug}`, { headers })).text);
    assert.match(path, new RegExp(`>${board[lang]}<`), `the chapter's path ends at the board, in ${lang}`);
    if (lang !== 'en') assert.doesNotMatch(path, /[A-Za-z] committee<|>Board</, `no English committee name on the chapter page in ${lang}`);
  }
  // a city with three active chapters has a committee: "Comité X" / "Comissão de X", on its page and in the path
  for (let i = 0; i < 2; i++) {
    const o = await member();
    const c = await chapter(o, { metro_id: geo.metro.id });
    assert.equal((await o.client.api('POST', `/chapters/${c.slug}`, { status: 'active' })).status, 200);
  }
  assert.equal((await owner.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
  const city = geo.metro;
  const own = await anon.get(`/committees/${city.slug}`, { headers: fr });
  assert.equal(own.status, 200);
  assert.match(mainOf(own.text), new RegExp(`<h1[^>]*>Comité ${city.name}`));
  const ownPt = await anon.get(`/committees/${city.slug}`, { headers: pt });
  assert.match(mainOf(ownPt.text), new RegExp(`<h1[^>]*>Comissão de ${city.name}`));
  const api = (await anon.get(`/api/v1/chapters/${ch.slug}`, { headers: fr })).json().governance.path;
  assert.equal(api[0].name, `Comité ${city.name}`, 'the path in the API, in French');
  assert.equal(api.at(-1).name, 'Conseil');
  const hub = mainOf((await anon.get('/governance', { headers: fr })).text);
  assert.match(hub, new RegExp(`Comité ${city.name}`), 'the hub lists the city\'s committee in French');
  assert.doesNotMatch(hub, /[A-Za-z] committee</, 'the hub names no committee in English');
});

test('the books count hours, items and favours in the reader\'s language, with real plurals', async () => {
  const conn = await member();
  const giver = await member();
  const ch = await chapter(conn, { name: `Livres ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, ch, giver);
  for (const [resource, amount] of [['HOURS', '1'], ['GOODS', '3'], ['FAVOURS', '1']]) {
    const r = await conn.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${giver.id}`,
      resource, amount, description: 'Given', visibility: 'public' });
    assert.equal(r.status, 201, r.text);
  }
  const texts = async (headers) => Object.fromEntries((await conn.client.api('GET', `/chapters/${ch.slug}/ledger`, undefined, { headers }))
    .json().totals.map((x) => [x.resource, x.balance_text]));
  assert.deepEqual(await texts({}), { HOURS: '1 hour', GOODS: '3 items', FAVOURS: '1 favour' });
  const f = await texts(fr);
  assert.deepEqual([f.HOURS, f.GOODS, f.FAVOURS], ['1 heure', '3 objets', '1 service']);
  const p = await texts(pt);
  assert.deepEqual([p.HOURS, p.GOODS, p.FAVOURS], ['1 hora', '3 unidades', '1 favor']);
});

test('the growth dashboard names its figures, their rules and the risks in the reader\'s language', async () => {
  const viewer = (await member()).client;   // no language of their own: the browser's decides
  const fig = async (headers) => mainOf((await viewer.get('/growth', { headers })).text);
  const f = await fig(fr);
  for (const words of ['Sections actives', 'Sections en formation', 'Une réunion tenue dans les 90 derniers jours.', 'Réunions tenues, 30 derniers jours'])
    assert.ok(f.includes(words), `French: ${words}`);
  assert.doesNotMatch(f, /Active chapters|Forming chapters|A meeting held in the last 90 days/);
  for (const words of ['Sections par état', 'Membres et connecteurs', 'À la fin de chaque période.'])
    assert.ok(f.includes(words), `French chart: ${words}`);
  assert.doesNotMatch(f, /Chapters by status|Members and connectors|At the end of each period/);
  const p = await fig(pt);
  assert.ok(p.includes('Núcleos ativos'), `Portuguese: ${p.slice(0, 3000)}`);
  assert.ok(p.includes('Pessoas que dinamizam pelo menos um núcleo.'), 'Portuguese: the connectors\' rule');
  assert.match(p, /até \d+ (jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez)\. \d{4}, tirados/, 'the last day taken, with a Portuguese month');
  const e = await fig({});
  assert.ok(e.includes('Active chapters') && e.includes('People who run at least one chapter.'), 'English by default');
});

test('a kind of place is a word of the page\'s language in the events\' and decisions\' place filters', async () => {
  const anon = new Client();
  const city = new RegExp(`>${geo.metro.name} \\((ville|cidade|city)\\)<`);
  for (const [path, headers, word] of [['/events', fr, 'ville'], ['/events', pt, 'cidade'], ['/events', {}, 'city'], ['/decisions', fr, 'ville']]) {
    const page = await anon.get(path, { headers });
    assert.equal(page.status, 200);
    assert.equal(page.text.match(city)?.[1], word, `${path}: the city's kind`);
    assert.match(page.text, new RegExp(`>${geo.country.name} \\(${word === 'city' ? 'country' : word === 'ville' ? 'pays' : 'país'}\\)<`));
  }
});

test('a place\'s page says what kind of place it is in the reader\'s language', async () => {
  const anon = new Client();
  const says = async (slug, headers) => mainOf((await anon.get(`/places/${slug}`, { headers })).text).match(/<p>([^<·]+) · /)?.[1].trim();
  assert.equal(await says(geo.metro.slug, {}), 'A city', 'not "A metro", the stored word');
  assert.equal(await says(geo.country.slug, fr), 'Un pays');
  assert.equal(await says(geo.region.slug, pt), 'Uma região');
});
