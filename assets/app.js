/* app.js - small improvements; every page works without it.
 *  - buttons with data-confirm ask before a destructive action;
 *  - buttons with data-copy copy a value (an invitation link, a token);
 *  - a button with data-refresh-on="ID" is pressed when the field ID changes
 *    (the event form takes the chosen format's title and tiers at once; without
 *    script the person presses it);
 *  - a form shown again with errors puts the focus on their summary, so that
 *    keyboard and screen reader users start from the list of what to fix. */
(function () {
  'use strict';
  var summary = document.getElementById('form-errors');
  if (summary) summary.focus();
  var copies = document.querySelectorAll('[data-copy][hidden]');
  for (var i = 0; i < copies.length; i++) if (navigator.clipboard) copies[i].hidden = false;
  var refreshers = document.querySelectorAll('button[data-refresh-on]');
  for (var r = 0; r < refreshers.length; r++) {
    (function (button) {
      var field = document.getElementById(button.getAttribute('data-refresh-on'));
      if (field) field.addEventListener('change', function () { button.click(); });
    })(refreshers[r]);
  }
  document.addEventListener('click', function (ev) {
    var el = ev.target.closest('[data-confirm]');
    if (el && !window.confirm(el.getAttribute('data-confirm'))) {
      ev.preventDefault();
      return;
    }
    var copy = ev.target.closest('[data-copy]');
    if (copy && navigator.clipboard) {
      ev.preventDefault();
      navigator.clipboard.writeText(copy.getAttribute('data-copy')).then(function () {
        var was = copy.textContent;
        copy.textContent = 'Copied';
        setTimeout(function () { copy.textContent = was; }, 1500);
      });
    }
  });

  var runner = document.querySelector('#runner[data-live]');
  if (runner && window.fetch && window.DOMParser) {
    var busy = false;
    var typing = function () {
      var a = document.activeElement;
      if (a && (a.tagName === 'TEXTAREA' || (a.tagName === 'INPUT' && a.type === 'text')) && a.value) return true;
      var fields = runner.querySelectorAll('textarea, input[type=text]');
      for (var i = 0; i < fields.length; i++) if (fields[i].value && fields[i].defaultValue !== fields[i].value) return true;
      return false;
    };
    var refresh = function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch(runner.getAttribute('data-live'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s || String(s.version) === runner.getAttribute('data-version')) return null;
          if (typing()) {
            runner.querySelector('.live-note').textContent = 'Something new was posted; it appears when you are done writing.';
            return null;
          }
          return fetch(location.pathname, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
            var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('#runner');
            if (!fresh) return;
            runner.innerHTML = fresh.innerHTML;
            runner.setAttribute('data-version', fresh.getAttribute('data-version'));
            runner.querySelector('.live-note').textContent = 'Updated with what others just posted.';
          });
        })
        .catch(function () {})
        .then(function () { busy = false; });
    };
    setInterval(refresh, 4000);
  }
})();

// Print buttons (a page printed as it is: the unconference's schedule). Hidden
// without script, since printing is then the browser's own menu.
(function () {
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
})();

// A display that follows the clock (the venue's screen of an unconference):
// <body data-refresh="60"> reloads it every 60 seconds. Only such screens
// carry it; a real-time display is what they are for.
(function () {
  var s = Number(document.body.getAttribute('data-refresh'));
  if (s >= 10) setTimeout(function () { window.location.reload(); }, s * 1000);
})();

// The session board's counts follow the votes of others while it is open:
// every 5 seconds the board's JSON gives each session's dots and voters, and
// the caller's dots left; sessions proposed since are announced, not inserted
// (a reload shows them). Without script the page shows the counts it was
// served with.
(function () {
  var list = document.querySelector('[data-live-board]');
  if (!list || !window.fetch) return;
  var note = document.querySelector('.live-note');
  var plural = function (n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); };
  var busy = false;
  setInterval(function () {
    if (busy || document.hidden) return;
    busy = true;
    fetch(list.getAttribute('data-live-board'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (b) {
        if (!b || !b.sessions) return;
        var unseen = 0;
        b.sessions.forEach(function (s) {
          var badge = document.querySelector('#session-' + s.id + ' .votes');
          if (!badge) { unseen++; return; }
          if (String(s.dots) !== badge.getAttribute('data-dots') || String(s.voters) !== badge.getAttribute('data-voters')) {
            badge.textContent = plural(s.dots, 'dot') + ' · ' + plural(s.voters, 'voter');
            badge.setAttribute('data-dots', s.dots);
            badge.setAttribute('data-voters', s.voters);
          }
        });
        var left = document.querySelector('.dots-left');
        if (left && b.my) left.textContent = b.my.left;
        if (note) note.textContent = unseen ? plural(unseen, 'new session') + ' proposed since you opened the board: reload to see ' + (unseen === 1 ? 'it.' : 'them.') : '';
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }, 5000);
})();
