// pictures.test.mjs - chapter photos, organisation logos and member avatars (issue 20, point 8):
// uploaded through the forms and the API, re-encoded so that nothing of the file sent survives but
// its pixels (a JPEG carrying EXIF GPS and a comment comes back as a WebP without either), served
// with immutable caching at an address that changes with the picture, 304 on If-None-Match,
// visible where the owner's name is, and bad files refused with a clear sentence, never a crash.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, Client, member, admin, chapter, geography, unique, mainOf } from './lib.mjs';

const FIX = new URL('./fixtures/pictures/', import.meta.url);
const photo = readFileSync(new URL('photo.jpg', FIX));   // 1600 × 1200 (tests/tools/picture_fixtures.c)
const logo = readFileSync(new URL('logo.png', FIX));     // 300 × 200, with transparency
const badge = readFileSync(new URL('badge.gif', FIX));   // 64 × 64

let adm, geo;
before(async () => {
  adm = await admin();
  geo = await geography(adm);
});

// ---- bytes ----

// An APP1 Exif segment (TIFF, little-endian) with a GPS IFD: latitude 38°42'N, longitude 9°8'W,
// and a camera make; then a COM segment; both inserted after the JPEG's SOI.
function withExifAndComment(jpeg, comment) {
  const tiff = Buffer.alloc(160);
  tiff.write('II', 0); tiff.writeUInt16LE(42, 2); tiff.writeUInt32LE(8, 4);
  // IFD0 at 8: two entries (Make, GPSInfo pointer)
  tiff.writeUInt16LE(2, 8);
  tiff.writeUInt16LE(0x010f, 10); tiff.writeUInt16LE(2, 12); tiff.writeUInt32LE(12, 14); tiff.writeUInt32LE(100, 18);   // Make -> "SpyCam 3000\0" at 100
  tiff.writeUInt16LE(0x8825, 22); tiff.writeUInt16LE(4, 24); tiff.writeUInt32LE(1, 26); tiff.writeUInt32LE(40, 30);     // GPS IFD at 40
  tiff.writeUInt32LE(0, 34);
  // GPS IFD at 40: LatitudeRef, Latitude, LongitudeRef, Longitude
  tiff.writeUInt16LE(4, 40);
  const entry = (at, tag, type, count, value) => { tiff.writeUInt16LE(tag, at); tiff.writeUInt16LE(type, at + 2); tiff.writeUInt32LE(count, at + 4); tiff.writeUInt32LE(value, at + 8); };
  entry(42, 1, 2, 2, Buffer.from('N\0').readUInt16LE(0));
  entry(54, 2, 5, 3, 112);
  entry(66, 3, 2, 2, Buffer.from('W\0').readUInt16LE(0));
  entry(78, 4, 5, 3, 136);
  tiff.writeUInt32LE(0, 90);
  tiff.write('SpyCam 3000\0', 100);
  for (const [at, vals] of [[112, [38, 42, 0]], [136, [9, 8, 0]]])
    vals.forEach((v, i) => { tiff.writeUInt32LE(v, at + 8 * i); tiff.writeUInt32LE(1, at + 8 * i + 4); });
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16be(exif.length + 2), exif]);
  const text = Buffer.from(comment);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16be(text.length + 2), text]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, com, jpeg.subarray(2)]);
}
function u16be(n) { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }

// A WebP file's chunks and its canvas size, read here (RIFF: "RIFF" size "WEBP", then chunks).
function webp(bytes) {
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF', 'a RIFF file');
  assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP', 'a WebP file');
  assert.equal(bytes.readUInt32LE(4) + 8, bytes.length, 'the RIFF size is the file size: nothing after it');
  const chunks = [];
  let width = 0, height = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.subarray(at, at + 4).toString('latin1'), n = bytes.readUInt32LE(at + 4), d = bytes.subarray(at + 8, at + 8 + n);
    chunks.push(id);
    if (id === 'VP8 ') { assert.deepEqual([...d.subarray(3, 6)], [0x9d, 0x01, 0x2a], 'a VP8 key frame'); width = d.readUInt16LE(6) & 0x3fff; height = d.readUInt16LE(8) & 0x3fff; }
    if (id === 'VP8L') { const b = d.readUInt32LE(1); width = (b & 0x3fff) + 1; height = ((b >> 14) & 0x3fff) + 1; }
    if (id === 'VP8X') { width = d.readUIntLE(4, 3) + 1; height = d.readUIntLE(7, 3) + 1; }
    at += 8 + n + (n & 1);
  }
  return { chunks, width, height };
}

// Sends a file through a form as multipart/form-data (what a browser sends).
async function send(client, path, bytes, filename = 'photo.jpg', type = 'image/jpeg') {
  const fd = new FormData();
  fd.append('_csrf', client.csrf ?? await client.fetchCsrf());
  fd.append('picture', new Blob([bytes], { type }), filename);
  const res = new Response(fd);
  const body = Buffer.from(await res.arrayBuffer());
  return client.request('POST', path, { body, headers: { 'content-type': res.headers.get('content-type') } });
}

// GET of a picture's bytes with the client's session (fetch: the Client reads answers as text).
async function download(client, path, headers = {}) {
  const res = await fetch(BASE + path, { headers: { ...(client?.jar.size ? { cookie: client.cookieHeader() } : {}), ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function chapterPicture(slug) {
  return (await new Client().api('GET', `/chapters/${slug}`)).json().chapter_picture;
}

// ---- tests ----

test('a connector sends a photo with EXIF GPS and a comment: it is kept as a WebP within 1024 px with neither', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const secret = `COMMENT${unique()}`;
  const sent = withExifAndComment(photo, secret);
  assert.ok(sent.includes(Buffer.from('GPS')) || sent.includes(Buffer.from([0x25, 0x88])), 'the file sent carries a GPS IFD');
  assert.ok(sent.includes(Buffer.from(secret)) && sent.includes(Buffer.from('SpyCam')), 'and a comment and a camera');
  const r = await send(owner.client, `/chapters/${ch.slug}/picture`, sent);
  assert.equal(r.status, 303, `upload answered ${r.status}: ${mainOf(r.text).slice(0, 300)}`);
  assert.equal(r.location, `/chapters/${ch.slug}`);
  const pic = await chapterPicture(ch.slug);
  assert.ok(pic, 'the chapter has a picture');
  assert.match(pic.url, /^\/pictures\/[0-9a-f]{20}\.webp$/);
  assert.equal(pic.square_url, pic.url.replace('.webp', '/square.webp'));
  assert.deepEqual([pic.width, pic.height], [1024, 768], 'fit within 1024 px, its proportions kept');

  const full = await download(null, pic.url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-type'), 'image/webp');
  assert.equal(full.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(full.headers.get('x-content-type-options'), 'nosniff', 'never read as anything but a picture');
  const etag = full.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{20}"$/, 'a strong ETag');
  const f = webp(full.bytes);
  assert.deepEqual([f.width, f.height], [1024, 768], 'a valid WebP of the size announced');
  assert.deepEqual(f.chunks.filter((c) => ['EXIF', 'XMP ', 'ICCP'].includes(c)), [], `no metadata chunk (chunks: ${f.chunks})`);
  for (const trace of [secret, 'SpyCam', 'Exif', 'GPS'])
    assert.ok(!full.bytes.includes(Buffer.from(trace)), `"${trace}" does not survive`);

  const square = await download(null, pic.square_url);
  assert.equal(square.status, 200);
  const s = webp(square.bytes);
  assert.deepEqual([s.width, s.height], [256, 256], 'the square version');
  assert.notEqual(square.headers.get('etag'), etag);
  assert.ok(!square.bytes.includes(Buffer.from(secret)));

  // the chapter's page and its card in the directory show it, with words for those who cannot see it
  const page = await new Client().get(`/chapters/${ch.slug}`);
  assert.ok(page.text.includes(`<img src="${pic.url}" alt="Photo of ${ch.name}"`), 'the chapter page shows the photo with alt text');
  const dir = await new Client().get(`/chapters?q=${encodeURIComponent(ch.name)}`);
  assert.ok(dir.text.includes(`src="${pic.square_url}"`), 'its card in the directory shows the square');
});

test('caching: 304 on If-None-Match, and a new picture is a new address (the old one is gone)', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const up = await send(owner.client, `/chapters/${ch.slug}/picture`, photo);
  assert.equal(up.status, 303, mainOf(up.text).slice(0, 300));
  const first = await chapterPicture(ch.slug);
  const a = await download(null, first.url);
  const again = await download(null, first.url, { 'if-none-match': a.headers.get('etag') });
  assert.equal(again.status, 304, 'the client holds it');
  assert.equal(again.bytes.length, 0);
  const other = await download(null, first.url, { 'if-none-match': '"0000"' });
  assert.equal(other.status, 200, 'another tag gets the picture');
  const head = await fetch(BASE + first.url, { method: 'HEAD' });
  assert.equal(head.status, 200);

  assert.equal((await send(owner.client, `/chapters/${ch.slug}/picture`, badge, 'badge.gif', 'image/gif')).status, 303);
  const second = await chapterPicture(ch.slug);
  assert.notEqual(second.url, first.url, 'a new picture, a new address');
  assert.deepEqual([second.width, second.height], [64, 64], 'a small picture is not enlarged');
  assert.equal((await download(null, first.url)).status, 404, 'the old address is gone');
  assert.equal(webp((await download(null, second.url)).bytes).width, 64);
});

test('the API takes a picture as multipart or as base64 in JSON, and removes it', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const r = await owner.client.api('POST', `/chapters/${ch.slug}/picture`, { picture: logo.toString('base64') });
  assert.equal(r.status, 201, r.text);
  const pic = r.json().picture;
  assert.deepEqual([pic.width, pic.height], [300, 200]);
  const f = webp((await download(null, pic.url)).bytes);
  assert.ok(f.chunks.includes('ALPH') || f.chunks.includes('VP8L'), `its transparency is kept (chunks: ${f.chunks})`);
  const bad = await owner.client.api('POST', `/chapters/${ch.slug}/picture`, { picture: 'not base64 at all!' });
  assert.equal(bad.status, 400);
  assert.match(bad.json().detail, /base64/);
  const del = await owner.client.api('POST', `/chapters/${ch.slug}/picture/delete`, {});
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json().removed, true);
  assert.equal(await chapterPicture(ch.slug), undefined, 'no picture any more');
  assert.equal((await download(null, pic.url)).status, 404);
  const none = await owner.client.api('POST', `/chapters/${ch.slug}/picture/delete`, {});
  assert.equal(none.json().removed, false, 'removing twice says there was none');
});

test('bad files are refused with a sentence that says what to send, and the server stays up', async () => {
  const owner = await member();
  const ch = await chapter(owner, { metro_id: geo.metro.id });
  const path = `/chapters/${ch.slug}/picture`;
  const api = async (bytes) => owner.client.api('POST', path, { picture: bytes.toString('base64') });
  const cases = [
    ['a text file named .jpg', await send(owner.client, path, Buffer.from('Dear diary, this is no picture.\n'), 'holiday.jpg'), 400, /not a picture in JPEG, PNG, WebP or GIF/],
    ['binary bytes of no picture', await api(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x80, 0])), 400, /not a picture/],
    ['an empty file', await send(owner.client, path, Buffer.alloc(0), 'empty.jpg'), 400, /empty/],
    ['a truncated JPEG', await api(photo.subarray(0, Math.floor(photo.length / 2))), 400, /cut short or damaged/],
    ['a JPEG cut inside its header', await api(photo.subarray(0, 40)), 400, /damaged/],
    ['a PNG that says it is 20,000 × 20,000', await api(pngHeader(20000, 20000)), 413, /20000 × 20000 pixels/],
    ['a PNG of 10 × 10', await api(pngHeader(10, 10)), 400, /at least 16/],
    ['a file of 5.5 MB', await send(owner.client, path, Buffer.concat([photo, Buffer.alloc(5.5 * 1024 * 1024)])), 413, /5\.\d MB; this server takes pictures of up to 5 MB/],
  ];
  for (const [what, r, status, message] of cases) {
    assert.equal(r.status, status, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
    const text = r.headers.get('content-type') === 'application/problem+json' ? r.json().detail : mainOf(r.text);
    assert.match(text, message, `${what}: ${text.slice(0, 300)}`);
  }
  // people get the form again, the sentence at the file's field
  const again = await send(owner.client, path, Buffer.from('Dear diary.\n'), 'diary.jpg');
  assert.equal(again.status, 400);
  assert.match(again.text, /<p class="field-error" id="picture-error">This file is not a picture/);
  assert.match(again.text, /enctype="multipart\/form-data"/, 'with the form to choose another');
  // more than the server takes at all: refused before it is read
  const huge = await send(owner.client, path, Buffer.concat([photo, Buffer.alloc(7 * 1024 * 1024)]));
  assert.equal(huge.status, 413);
  assert.match(mainOf(huge.text), /larger than this server takes/);
  assert.equal(await chapterPicture(ch.slug), undefined, 'nothing was kept');
  assert.equal((await new Client().get('/health')).status, 200, 'the server is still up');
  // a picture address that names nothing
  assert.equal((await download(null, '/pictures/0123456789abcdef0123.webp')).status, 404);
  assert.equal((await download(null, '/pictures/..%2F..%2Fetc.webp')).status, 404);
});

// A PNG signature and IHDR chunk announcing w × h (no pixels): refused from its header alone.
function pngHeader(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), ihdr, Buffer.alloc(4), Buffer.alloc(64)]);
}

test('an organisation logo is its managers\' and the administrators\' (a member who manages none may not); it shows on the organisation page', async () => {
  const name = `Logo Org ${unique()}`;
  const made = await adm.api('POST', '/organisations', { name, kind: 'sponsor' });
  assert.equal(made.status, 201, made.text);
  const org = made.json().organisation;
  const someone = await member();
  const refused = await send(someone.client, `/organisations/${org.slug}/logo`, logo, 'logo.png', 'image/png');
  assert.equal(refused.status, 403, 'a member may not');
  const form = await adm.get(`/organisations/${org.slug}/logo`);
  assert.equal(form.status, 200);
  assert.match(form.text, /enctype="multipart\/form-data"/);
  const r = await send(adm, `/organisations/${org.slug}/logo`, logo, 'logo.png', 'image/png');
  assert.equal(r.status, 303, mainOf(r.text).slice(0, 300));
  const page = await new Client().get(`/organisations/${org.slug}`);
  const src = page.text.match(/<img class="logo" src="([^"]+)" alt="Logo of ([^"]+)"/);
  assert.ok(src, 'the page shows the logo with alt text');
  assert.equal(src[2], name);
  assert.equal((await download(null, src[1])).status, 200, 'public, like the organisation');
  const del = await adm.post(`/organisations/${org.slug}/logo/delete`, {});
  assert.equal(del.status, 303);
  assert.doesNotMatch((await new Client().get(`/organisations/${org.slug}`)).text, /class="logo"/);
});

test('a member\'s own picture: shown to members logged in, not to visitors; initials without one', async () => {
  const m = await member({ name: `Zoë ${unique()} Quartz` });
  const viewer = await member();
  const before = await viewer.client.get(`/members/${m.id}`);
  assert.match(before.text, /<span class="avatar large initials" aria-hidden="true">ZQ<\/span>/, 'initials until a picture is sent');
  const form = await m.client.get('/me/avatar');
  assert.equal(form.status, 200);
  assert.match(form.text, /No picture yet/);
  const r = await send(m.client, '/me/avatar', photo);
  assert.equal(r.status, 303, mainOf(r.text).slice(0, 300));
  assert.equal(r.location, `/members/${m.id}`);
  const profile = (await viewer.client.api('GET', `/members/${m.id}`)).json();
  const pic = profile.member_picture;
  assert.ok(pic, 'the profile names the picture');
  const seen = await download(viewer.client, pic.square_url);
  assert.equal(seen.status, 200, 'a member logged in sees it');
  assert.equal(seen.headers.get('cache-control'), 'private, max-age=31536000, immutable', 'kept by the browser, not by shared caches');
  assert.equal((await download(null, pic.square_url)).status, 404, 'a visitor does not');
  assert.equal((await download(null, pic.url)).status, 404);
  const list = await viewer.client.get(`/members?q=${encodeURIComponent('Quartz')}`);
  assert.ok(list.text.includes(`src="${pic.square_url}"`), 'the directory of members shows it');
  // the form shows it with a removal that asks first
  const again = await m.client.get('/me/avatar');
  assert.match(again.text, /data-confirm="Remove this picture\?/);
  // an administrator may remove it; another member may not
  const other = await viewer.client.api('POST', `/members/${m.id}/avatar/delete`, {});
  assert.equal(other.status, 403);
  const removed = await adm.api('POST', `/members/${m.id}/avatar/delete`, {});
  assert.equal(removed.status, 200, removed.text);
  assert.equal(removed.json().removed, true);
  assert.equal((await download(viewer.client, pic.url)).status, 404);
});
