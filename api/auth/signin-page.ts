/**
 * @module auth/signin-page — the sign-in page the server serves at `/signin` (and its script at
 * `/signin.js`: the Content-Security-Policy allows no inline script). It posts `{ name, password }`
 * to `/api/session` and goes back to `?next=` (a path on this server only); signed in already, it
 * offers to sign out. Plain HTML and CSS in the app's colours, one column that fits a phone.
 */
import { Hono } from 'hono';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Switchyard</title>
<style>
:root { --bg: #f5f6f8; --panel: #fff; --ink: #1f2933; --muted: #5f6b7a; --line: #d9dde3;
  --accent: #1b6fb5; --bad: #b42318; --error-bg: #fdecea; --focus: #f59f00;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 16px; line-height: 1.4; color: var(--ink); background: var(--bg); }
* { box-sizing: border-box; }
body { margin: 0; }
header { background: #14202e; color: #eef2f6; padding: 12px 20px; font-weight: 600; font-size: 18px; }
main { max-width: 360px; margin: 32px auto; padding: 0 16px; }
form, .signed-in { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 20px; display: flex; flex-direction: column; gap: 12px; }
h1 { font-size: 20px; margin: 0 0 4px; }
label { display: flex; flex-direction: column; gap: 4px; font-size: 14px; color: var(--muted); }
input { font: inherit; color: var(--ink); border: 1px solid #b9c1cc; border-radius: 5px;
  padding: 8px 10px; width: 100%; }
button { font: inherit; padding: 10px; border: 0; border-radius: 6px; background: var(--accent);
  color: #fff; font-weight: 600; cursor: pointer; }
button[disabled] { opacity: 0.6; cursor: progress; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.error { background: var(--error-bg); color: var(--bad); border-radius: 5px; padding: 8px 10px;
  margin: 0; }
.muted { color: var(--muted); font-size: 14px; margin: 0; }
[hidden] { display: none !important; }
</style>
<script src="/signin.js" defer></script>
</head>
<body>
<header>Switchyard</header>
<main>
<form id="signin" method="post" action="/api/session" novalidate>
<h1>Sign in</h1>
<label>Name<input name="name" autocomplete="username" autocapitalize="none" required></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<p class="error" role="alert" hidden></p>
<button type="submit">Sign in</button>
</form>
<div class="signed-in" hidden>
<h1>Signed in</h1>
<p class="muted"></p>
<button type="button" id="open">Open Switchyard</button>
<button type="button" id="signout">Sign out</button>
</div>
</main>
</body>
</html>
`;

const SCRIPT = `'use strict';
(() => {
  const next = new URLSearchParams(location.search).get('next') || '/';
  // Only a path on this server: never //other.example or a scheme.
  const back = /^\\/(?![\\/\\\\])/.test(next) ? next : '/';
  const form = document.getElementById('signin');
  const done = document.querySelector('.signed-in');
  const error = form.querySelector('.error');
  const button = form.querySelector('button');
  const nameInput = form.querySelector('input[name=name]');
  const passwordInput = form.querySelector('input[name=password]');
  const show = (user) => {
    form.hidden = true;
    done.hidden = false;
    done.querySelector('p').textContent = user.name + ' (' + user.role + ')';
  };
  fetch('/api/session', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .then((s) => { if (s && s.user && s.user.via === 'session') show(s.user); })
    .catch(() => {});
  document.getElementById('open').addEventListener('click', () => location.assign(back));
  document.getElementById('signout').addEventListener('click', async () => {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
    done.hidden = true;
    form.hidden = false;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      const res = await fetch('/api/session', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: nameInput.value.trim(), password: passwordInput.value }),
      });
      if (res.ok) return location.assign(back);
      const body = await res.json().catch(() => null);
      error.textContent = (body && body.error && body.error.message) || 'HTTP ' + res.status;
    } catch (err) {
      error.textContent = 'Cannot reach the server: ' + err.message;
    } finally {
      button.disabled = false;
    }
    error.hidden = false;
    passwordInput.select();
  });
})();
`;

/** `GET /signin` and `GET /signin.js`: open to all (nothing in them is secret). */
export function signInPage() {
  return new Hono()
    .get('/signin', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(PAGE);
    })
    .get('/signin.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(SCRIPT);
    });
}
