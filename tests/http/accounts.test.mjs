// accounts.test.mjs - sign-up, login, sessions, CSRF, passwords, API tokens, the pledge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, unique, PASSWORD, ADMIN, sql, mainOf } from './lib.mjs';

test('sign-up creates an account, logs in with a fresh session cookie', async () => {
  const c = new Client();
  await c.fetchCsrf();
  const email = `${unique('s')}@test.example`;
  const r = await c.post('/signup', { name: 'Sofia Lima', email: email.toUpperCase(), password: PASSWORD, next: '/chapters' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/chapters');
  const cookie = r.headers.getSetCookie().find((x) => x.startsWith('glocal_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  const me = (await c.api('GET', '/me')).json();
  assert.equal(me.user.email, email, 'e-mail addresses are stored in lower case');
  assert.equal(me.user.name, 'Sofia Lima');
  assert.equal(me.pledge.is_accepted, false);
  const stored = sql(`SELECT password_hash FROM users WHERE email = '${email}'`);
  assert.match(stored, /^\$argon2id\$/, 'the password is stored as an Argon2id hash');
  assert.ok(!stored.includes(PASSWORD));
});

test('sign-up refuses bad input with a message per field, and changes nothing', async () => {
  const c = new Client();
  await c.fetchCsrf();
  const before = sql('SELECT count(*) FROM users');
  const r = await c.post('/signup', { name: '', email: 'not-an-email', password: 'short' });
  assert.equal(r.status, 422);
  const main = mainOf(r.text);
  assert.match(main, /Please enter a name/);
  assert.match(main, /valid e-mail address/);
  assert.match(main, /at least 10 characters/);
  assert.match(main, /value="not-an-email"/, 'what was typed is shown again');
  assert.doesNotMatch(main, /value="short"/, 'passwords are never echoed');
  const common = await c.post('/signup', { name: 'Pat', email: `${unique('x')}@test.example`, password: 'password123' });
  assert.equal(common.status, 422);
  assert.match(common.text, /most common/);
  assert.equal(sql('SELECT count(*) FROM users'), before);
});

test('sign-up with an e-mail already taken says so (409-like 422 on the form)', async () => {
  const m = await member();
  const c = new Client();
  await c.fetchCsrf();
  const r = await c.post('/signup', { name: 'Someone', email: m.email, password: PASSWORD });
  assert.equal(r.status, 422);
  assert.match(r.text, /already an account/);
});

test('stored text is shown escaped: quotes, SQL fragments and <script> in names', async () => {
  const evil = `O'Brien "<script>alert(1)</script>'); DROP TABLE users; --`;
  const m = await member({ name: evil });
  const me = (await m.client.api('GET', '/me')).json();
  assert.equal(me.user.name, evil, 'the API returns the text exactly');
  const page = await m.client.get(`/members/${m.id}`);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /O&#39;Brien &quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.ok(Number(sql('SELECT count(*) FROM users')) > 0, 'the users table is still there');
});

test('login: wrong password is refused with 401 and a message; right one gives a new session', async () => {
  const m = await member();
  const c = new Client();
  await c.fetchCsrf();
  const bad = await c.post('/login', { email: m.email, password: 'wrong password here' });
  assert.equal(bad.status, 401);
  assert.match(bad.text, /do not match an account/);
  const nobody = await c.post('/login', { email: `${unique('none')}@test.example`, password: PASSWORD });
  assert.equal(nobody.status, 401, 'an unknown address gets the same answer');
  assert.match(nobody.text, /do not match an account/);
  const before = m.client.jar.get('glocal_session');
  const ok = await c.post('/login', { email: m.email, password: PASSWORD, next: '/chapters' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/chapters');
  assert.notEqual(c.jar.get('glocal_session'), before);
  const tokenHash = sql(`SELECT count(*) FROM sessions WHERE token_hash = '${c.jar.get('glocal_session')}'`);
  assert.equal(tokenHash, '0', 'the raw session token is not stored');
});

test('login does not follow a next= that leaves the site', async () => {
  const m = await member();
  const c = new Client();
  await c.fetchCsrf();
  const r = await c.post('/login', { email: m.email, password: PASSWORD, next: '//evil.example/x' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/me');
});

test('too many failed logins for an account from an address get 429 with Retry-After', async () => {
  const m = await member();
  const c = new Client();
  await c.fetchCsrf();
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/login', { email: m.email, password: `wrong ${i} password` });
    assert.equal(r.status, 401);
  }
  const blocked = await c.post('/login', { email: m.email, password: PASSWORD });
  assert.equal(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.match(blocked.text, /Too many failed attempts/);
});

test('a POST without the CSRF token is refused with 403 and changes nothing', async () => {
  const m = await member();
  const r = await m.client.post('/me', { name: 'Changed Name' }, { csrf: false });
  assert.equal(r.status, 403);
  assert.match(r.text, /CSRF/);
  const forged = await m.client.post('/me', { name: 'Changed Name', _csrf: 'forged-token' }, { csrf: false });
  assert.equal(forged.status, 403);
  const api = await m.client.request('POST', '/api/v1/me', { json: { name: 'Changed' }, csrf: false });
  assert.equal(api.status, 403);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  assert.equal((await m.client.api('GET', '/me')).json().user.name, m.name);
});

test('the login form itself needs its CSRF token', async () => {
  const m = await member();
  const c = new Client();
  const r = await c.post('/login', { email: m.email, password: PASSWORD }, { csrf: false });
  assert.equal(r.status, 403);
});

test('logout ends the session on the server', async () => {
  const m = await member();
  const cookie = m.client.jar.get('glocal_session');
  const r = await m.client.post('/logout', {});
  assert.equal(r.status, 303);
  const stale = new Client();
  stale.jar.set('glocal_session', cookie);
  const me = await stale.get('/api/v1/me');
  assert.equal(me.status, 401);
});

test('pages that need a login redirect there; the API answers 401', async () => {
  const c = new Client();
  const page = await c.get('/me');
  assert.equal(page.status, 303);
  assert.equal(page.location, '/login?next=%2Fme');
  const api = await c.get('/api/v1/me');
  assert.equal(api.status, 401);
  assert.equal(api.json().status, 401);
});

test('sessions expire when idle and at their absolute age', async () => {
  const m = await member();
  const cookie = m.client.jar.get('glocal_session');
  sql(`UPDATE sessions SET last_seen_at = last_seen_at - 15 * 86400 WHERE user_id = ${m.id}`);
  assert.equal((await m.client.get('/api/v1/me')).status, 401, 'idle for 15 days: ended');
  const again = await member();
  sql(`UPDATE sessions SET created_at = created_at - 61 * 86400 WHERE user_id = ${again.id}`);
  assert.equal((await again.client.get('/api/v1/me')).status, 401, '61 days old: ended');
  assert.ok(cookie);
});

test('changing the password ends the other sessions and keeps this one', async () => {
  const m = await member();
  const other = new Client();
  await other.login(m.email);
  assert.equal((await other.get('/api/v1/me')).status, 200);
  const wrong = await m.client.post('/me/password', { current_password: 'not it at all', new_password: 'another good passphrase' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /not your current password/);
  const r = await m.client.post('/me/password', { current_password: PASSWORD, new_password: 'another good passphrase' });
  assert.equal(r.status, 303);
  assert.equal((await other.get('/api/v1/me')).status, 401, 'the other session is ended');
  assert.equal((await m.client.get('/api/v1/me')).status, 200, 'this session stays');
  const fresh = new Client();
  await fresh.login(m.email, 'another good passphrase');
});

test('profile updates through the form and the API; bad metro refused', async () => {
  const m = await member();
  const r = await m.client.post('/me', { name: 'Renamed Person', organisation: 'Acme', bio: 'I build *things*.' });
  assert.equal(r.status, 303);
  const me = (await m.client.api('GET', '/me')).json();
  assert.equal(me.user.name, 'Renamed Person');
  assert.equal(me.user.organisation, 'Acme');
  const bad = await m.client.api('POST', '/me', { metro_id: 999999 });
  assert.equal(bad.status, 422);
  assert.equal(bad.json().errors[0].field, 'metro_id');
  const page = await m.client.get(`/members/${m.id}`);
  assert.match(page.text, /<em>things<\/em>/, 'the bio is rendered as Markdown');
  const one = await m.client.api('POST', '/me', { organisation: 'Acme Two' });
  assert.equal(one.status, 200);
  assert.equal(one.json().user.bio, 'I build *things*.', 'fields not sent stay as they were');
  assert.equal(one.json().user.organisation, 'Acme Two');
  assert.equal(one.json().values, undefined, 'form state is for pages only');
  const pub = (await m.client.api('GET', `/members/${m.id}`)).json();
  assert.equal(pub.member._bio_html, undefined, 'nested page-only keys are left out of the API');
});

test('personal API tokens: shown once, work as Bearer on the API only, can be revoked', async () => {
  const m = await member();
  const created = await m.client.post('/me/tokens', { name: 'report script' });
  assert.equal(created.status, 201);
  const token = created.text.match(/<code id="new-token">(glc_[A-Za-z0-9_-]+)<\/code>/)[1];
  const list = await m.client.get('/me/tokens');
  assert.ok(!list.text.includes(token), 'the token is not shown again');
  assert.equal(sql(`SELECT count(*) FROM api_tokens WHERE token_hash = '${token}'`), '0', 'stored hashed');

  const anon = new Client();
  const me = await anon.get('/api/v1/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.json().user.email, m.email);
  const write = await anon.request('POST', '/api/v1/me', { json: { organisation: 'Via token' }, token });
  assert.equal(write.status, 200, 'a Bearer token needs no CSRF token');
  assert.equal((await anon.get('/me', { token })).status, 401, 'tokens are for /api/v1 only');

  const tokens = (await m.client.api('GET', '/me/tokens')).json().tokens;
  assert.equal(tokens.length, 1);
  assert.equal(tokens[0].hint, token.slice(-4));
  assert.equal(tokens[0].token_hash, undefined);
  const revoked = await m.client.post(`/me/tokens/${tokens[0].id}/revoke`, {});
  assert.equal(revoked.status, 303);
  const after = await anon.get('/api/v1/me', { token });
  assert.equal(after.status, 401);
  assert.match(after.headers.get('www-authenticate'), /invalid_token/);
  assert.equal((await anon.get('/api/v1/me', { token: 'glc_made-up' })).status, 401);
});

test('nobody revokes another person\'s token', async () => {
  const a = await member();
  const b = await member();
  await a.client.post('/me/tokens', { name: 'mine' });
  const id = (await a.client.api('GET', '/me/tokens')).json().tokens[0].id;
  const r = await b.client.post(`/me/tokens/${id}/revoke`, {});
  assert.equal(r.status, 404);
  assert.equal((await a.client.api('GET', '/me/tokens')).json().tokens[0].is_active, true);
});

test('the pledge: accepting records the time and version; a stale version is refused', async () => {
  const m = await member({ pledge: false });
  const stale = await m.client.post('/pledge/accept', { version: 0, accept: '1' });
  assert.equal(stale.status, 409);
  const unticked = await m.client.post('/pledge/accept', { version: 1 });
  assert.equal(unticked.status, 422);
  const ok = await m.client.post('/pledge/accept', { version: 1, accept: '1' });
  assert.equal(ok.status, 303);
  const row = sql(`SELECT version, accepted_at > 0 FROM pledge_acceptances WHERE user_id = ${m.id}`);
  assert.match(row, /^1\|(1|t)$/);
});

test('the administrator can close sign-up; then only invitees can sign up', async () => {
  const a = await admin();
  const off = await a.post('/admin/settings', { network_name: 'Test Network', about: '' });
  assert.equal(off.status, 303);
  const c = new Client();
  const form = await c.get('/signup');
  assert.match(form.text, /by invitation/);
  const r = await c.post('/signup', { name: 'Late Comer', email: `${unique('l')}@test.example`, password: PASSWORD });
  assert.equal(r.status, 403);
  const on = await a.post('/admin/settings', { network_name: 'Test Network', about: '', open_signup: 'on' });
  assert.equal(on.status, 303);
  const again = await c.post('/signup', { name: 'Late Comer', email: `${unique('l')}@test.example`, password: PASSWORD });
  assert.equal(again.status, 303);
});

test('the admin login works and admin pages are for admins only', async () => {
  const a = await admin();
  assert.equal((await a.get('/admin')).status, 200);
  const m = await member();
  assert.equal((await m.client.get('/admin')).status, 403);
  assert.equal((await m.client.get('/api/v1/admin/users')).status, 403);
  assert.equal((await new Client().get('/api/v1/admin/users')).status, 401);
  const users = (await a.api('GET', '/admin/users?q=admin@test')).json().users;
  assert.equal(users[0].email, ADMIN.email);
});

test('admin grants and revokes administration, but never removes the last admin', async () => {
  const a = await admin();
  const m = await member();
  const grant = await a.api('POST', `/admin/users/${m.id}`, { is_admin: true });
  assert.equal(grant.status, 200);
  assert.equal((await m.client.get('/api/v1/admin/users')).status, 200);
  const revoke = await a.api('POST', `/admin/users/${m.id}`, { is_admin: false });
  assert.equal(revoke.status, 200);
  assert.equal((await m.client.get('/api/v1/admin/users')).status, 403);
  const adminId = (await a.api('GET', '/me')).json().user.id;
  const others = sql('SELECT count(*) FROM users WHERE is_admin = 1');
  if (others === '1') {
    const last = await a.api('POST', `/admin/users/${adminId}`, { is_admin: false });
    assert.equal(last.status, 409);
    assert.match(last.json().detail, /at least one administrator/);
  }
  assert.equal((await a.api('POST', '/admin/users/999999', { is_admin: true })).status, 404);
});

test('publishing a new pledge version asks members again before their next step', async () => {
  const a = await admin();
  const m = await member();
  const r = await a.api('POST', '/admin/pledge', { title: 'The pledge, revised', body: 'I agree to collaborate, **and** to listen.' });
  assert.equal(r.status, 201);
  const version = r.json().version;
  const page = await m.client.get('/chapters/new');
  assert.equal(page.status, 303, 'the guard sends people to the pledge first');
  assert.equal(page.location, '/pledge?next=%2Fchapters%2Fnew', 'and comes back to the form afterwards');
  const api = await m.client.api('POST', '/chapters', { name: 'Blocked Chapter' });
  assert.equal(api.status, 403);
  assert.match(api.json().detail, /pledge/);
  const ok = await m.client.post('/pledge/accept', { version, accept: '1' });
  assert.equal(ok.status, 303);
});
