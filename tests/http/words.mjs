// words.mjs - finds English words left on a page of another language (issue 20): the text a reader
// sees (text nodes, and the attributes people hear: title, alt, aria-label, placeholder,
// data-confirm, a submit's value) is cut into short pieces at punctuation (" · ", ":", ",", "(", …);
// a piece that reads the same on the English page and on the French or Portuguese one is a leak when
// every word of it is a word of the English catalog (po/glocal.pot's messages: the words a label is
// made of) and the other language's catalog does not say it that way too ("Date", "Total",
// "Notes" in French). Names and titles people typed are data: they pass when a word of theirs is
// not one of the catalog's (the tests name things with unique tokens), or when the caller lists them.
import { readFileSync } from 'node:fs';

function poEntries(file) {
  const text = readFileSync(new URL(`../../po/${file}`, import.meta.url), 'utf8');
  const unquote = (s) => JSON.parse(s.replace(/\\t/g, ' '));
  const entries = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = {};
    let key = null;
    for (const line of block.split('\n')) {
      const m = line.match(/^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$/);
      if (m) { key = m[1]; fields[key] = unquote(m[2]); } else if (key && /^".*"$/.test(line)) fields[key] += unquote(line);
    }
    if (fields.msgid) entries.push(fields);
  }
  return entries;
}

// What a message says without its placeholders ({{name}}, %s, %lld, {n}).
function bare(message) {
  return message.replace(/\{\{[^}]*\}\}|%[-+ #0-9.]*(?:ll|l|z)?[a-z%]|\{[a-z]+\}/g, ' ');
}

const LETTERS = /\p{L}+/gu;

// The pieces of a text a reader takes as one: cut at punctuation and at the separators pages put
// between a label and what follows ("Story · quoted…", "Status: Draft").
export function pieces(text) {
  return text.split(/\s*(?:[·•—–:;,()[\]|…"“”«»!?¿¡/]|\.(?:\s|$)|\s-\s|\n)\s*/u)
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => (p.match(LETTERS) || []).some((w) => w.length >= 2));
}

let english = null;
const same = new Map();

// The words of every English message (lower-case), read once.
function vocabulary() {
  if (english) return english;
  english = new Set();
  for (const e of poEntries('glocal.pot'))
    for (const m of [e.msgid, e.msgid_plural || '']) for (const w of bare(m).match(LETTERS) || []) english.add(w.toLowerCase());
  return english;
}

// A piece without its figures ("Contribution 2" is the French "Contribution {{n}}").
const figureless = (p) => p.replace(/[\d.,%]*\d[\d.,%]*/g, ' ').replace(/\s+/g, ' ').trim();

// The pieces of lang's translations: what that language writes as English does.
function sameIn(lang) {
  if (same.has(lang)) return same.get(lang);
  const set = new Set();
  for (const e of poEntries(`${lang}.po`))
    for (const [k, v] of Object.entries(e)) if (k.startsWith('msgstr')) for (const p of pieces(bare(v))) set.add(figureless(p));
  same.set(lang, set);
  return set;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z0-9]+);/gi, (all, n) => {
    if (n[0] !== '#') return ENTITIES[n.toLowerCase()] ?? all;
    return String.fromCodePoint(n[1] === 'x' || n[1] === 'X' ? parseInt(n.slice(2), 16) : Number(n.slice(1)));
  });
}

// Everything a reader sees or hears of a page (its title and body), as pieces.
export function visiblePieces(html) {
  const title = html.match(/<title>([^<]*)<\/title>/)?.[1] || '';
  const body = html.replace(/<head\b[\s\S]*?<\/head>/i, ' ').replace(/<(script|style|svg|textarea)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  const texts = [title];
  for (const m of body.matchAll(/\s(?:title|alt|aria-label|placeholder|data-confirm)="([^"]*)"/g)) texts.push(m[1]);
  for (const m of body.matchAll(/<input\b[^>]*\btype="submit"[^>]*>/g)) texts.push(m[0].match(/\svalue="([^"]*)"/)?.[1] || '');
  texts.push(...body.split(/<[^>]*>/));
  const out = new Set();
  for (const t of texts) for (const p of pieces(decode(t).replace(/\bhttps?:\/\/\S+/g, ' '))) out.add(p);   // addresses are no words
  return out;
}

// Whether a piece is made of the English catalog's words alone (and one of them a real word).
export function readsEnglish(piece) {
  if (/\p{L}[.@]\p{L}/u.test(piece)) return false;   // an address: glocal.test, @lisbon@glocal.test
  const words = piece.match(LETTERS) || [];
  const vocab = vocabulary();
  return words.some((w) => w.length >= 3) && words.every((w) => vocab.has(w.toLowerCase()));
}

// The pieces of `other` (a page in lang) that are English left as they were on `en` (the same page
// in English). data: strings people typed that the page shows (a piece inside one of them passes).
// The languages' own names, in the choice of language every page offers.
const OWN_NAMES = ['English', 'Português', 'Français'];

export function englishLeft(en, other, lang, data = []) {
  const seen = visiblePieces(en), ok = sameIn(lang);
  const typed = [...data, ...OWN_NAMES].filter(Boolean);
  return [...visiblePieces(other)].filter((p) => seen.has(p) && readsEnglish(p) && !ok.has(figureless(p))
    && !typed.some((d) => d.includes(p)));
}

// The English labels left in an API answer: the members named like a label (kind_name,
// status_label, …) that read the same as in the English answer and read English. A decision
// record's counts are kept as they were counted, in English (docs/ARCHITECTURE.md, "Languages").
export function englishLabelsLeft(en, other, lang, path = '') {
  const out = [];
  const ok = sameIn(lang);
  if (Array.isArray(en) && Array.isArray(other)) {
    en.forEach((x, i) => out.push(...englishLabelsLeft(x, other[i], lang, `${path}[${i}]`)));
  } else if (en && other && typeof en === 'object' && typeof other === 'object') {
    for (const [k, v] of Object.entries(en)) {
      if (k === 'counts') continue;
      const label = /(^|_)(label|name)s?$/.test(k) && k !== 'name';
      if (label && typeof v === 'string' && v === other[k] && pieces(v).some((p) => readsEnglish(p) && !ok.has(figureless(p))))
        out.push(`${path}.${k}: ${v}`);
      else out.push(...englishLabelsLeft(v, other[k], lang, `${path}.${k}`));
    }
  }
  return out;
}
