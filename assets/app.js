/* app.js - small improvements; every page works without it.
 *  - buttons with data-confirm ask before a destructive action;
 *  - buttons with data-copy copy a value (an invitation link, a token);
 *  - a button with data-refresh-on="ID" is pressed when the field ID changes
 *    (the event form takes the chosen format's title and tiers at once; without
 *    script the person presses it);
 *  - a form shown again with errors puts the focus on their summary, so that
 *    keyboard and screen reader users start from the list of what to fix;
 *  - a <details data-close-narrow> (the directory's filters) starts closed on a
 *    phone, so that the results come first, and stays open on a wider screen. */
/* The sentences the script writes, in the page's language (the layout's #words):
 * glocalSay(key), or key-one/key-many by the language's plural rule (French: 0
 * and 1 are singular) when a count n is given, with {n} and {label} filled. */
var glocalSay = (function () {
  'use strict';
  var words = {};
  var spans = document.querySelectorAll('#words [data-word]');
  for (var w = 0; w < spans.length; w++) words[spans[w].getAttribute('data-word')] = spans[w].textContent;
  var lang = document.documentElement.lang;
  return function (key, n, label) {
    if (n !== undefined && !(key in words)) key += (lang === 'fr' ? n <= 1 : n === 1) ? '-one' : '-many';
    return (words[key] || '').replace('{n}', function () { return n; }).replace('{label}', function () { return label; });
  };
})();

(function () {
  'use strict';
  var summary = document.getElementById('form-errors');
  if (summary) summary.focus();
  var copies = document.querySelectorAll('[data-copy][hidden]');
  for (var i = 0; i < copies.length; i++) if (navigator.clipboard) copies[i].hidden = false;
  var narrow = window.matchMedia ? window.matchMedia('(max-width: 40rem)') : null;
  var closable = document.querySelectorAll('details[data-close-narrow]');
  function fitDetails() {
    for (var d = 0; d < closable.length; d++) closable[d].open = !narrow.matches;
  }
  if (narrow && closable.length) {
    fitDetails();
    if (narrow.addEventListener) narrow.addEventListener('change', fitDetails);
  }
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
        copy.textContent = glocalSay('copied');
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
            runner.querySelector('.live-note').textContent = glocalSay('live-new');
            return null;
          }
          return fetch(location.pathname, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
            var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('#runner');
            if (!fresh) return;
            runner.innerHTML = fresh.innerHTML;
            runner.setAttribute('data-version', fresh.getAttribute('data-version'));
            runner.querySelector('.live-note').textContent = glocalSay('live-updated');
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
            badge.textContent = glocalSay('dots', s.dots) + ' · ' + glocalSay('voters', s.voters);
            badge.setAttribute('data-dots', s.dots);
            badge.setAttribute('data-voters', s.voters);
          }
        });
        var left = document.querySelector('.dots-left');
        if (left && b.my) left.textContent = b.my.left;
        if (note) note.textContent = unseen ? glocalSay('unseen', unseen) : '';
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }, 5000);
})();

/* Pickers (templates/picker.mustache): a text field that takes a name becomes an
 * ARIA 1.2 combobox. As one types, GET /api/v1/names offers matches in a listbox;
 * arrow keys move, Enter chooses, Escape closes. The chosen value (member:42,
 * org:acme...) goes in a hidden field of the form's name; what one types without
 * choosing is sent as a name, which the server resolves as it does without script. */
(function () {
  'use strict';
  var pickers = document.querySelectorAll('[data-picker]');
  if (!pickers.length || !window.fetch) return;
  Array.prototype.forEach.call(pickers, function (box, n) {
    var input = box.querySelector('input[type=text]');
    if (!input) return;   /* a list of candidates: already a select */
    var hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = input.name;
    hidden.value = input.getAttribute('data-value') || '';
    input.removeAttribute('name');
    box.appendChild(hidden);
    var list = document.createElement('ul');
    list.id = input.id + '-options';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', box.querySelector('label').textContent);
    list.className = 'picker-options';
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    box.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var active = -1, timer = null, asked = '';
    var options = function () { return list.querySelectorAll('[role=option]'); };
    var close = function () {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    var mark = function (i) {
      var all = options();
      if (!all.length) return;
      active = (i + all.length) % all.length;
      Array.prototype.forEach.call(all, function (o, k) { o.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    };
    var choose = function (o) {
      clearTimeout(timer);   /* a search still due from the last keystroke would open the list again */
      input.value = o.getAttribute('data-label');
      asked = input.value.trim();
      hidden.value = o.getAttribute('data-value');
      status.textContent = glocalSay('chosen', undefined, o.getAttribute('data-label'));
      close();
    };
    var show = function (names) {
      list.textContent = '';
      names.forEach(function (m, k) {
        var li = document.createElement('li');
        li.id = input.id + '-option-' + n + '-' + k;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-value', m.value);
        li.setAttribute('data-label', m.label);
        li.textContent = m.label;
        var detail = document.createElement('span');
        detail.className = 'muted small';
        detail.textContent = ' · ' + m.detail;
        li.appendChild(detail);
        li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      list.hidden = !names.length;
      input.setAttribute('aria-expanded', names.length ? 'true' : 'false');
      active = -1;
      status.textContent = names.length ? glocalSay('match', names.length) : glocalSay('no-match');
    };
    var ask = function () {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (q.length < 2) { show([]); status.textContent = ''; return; }
      var url = '/api/v1/names?kind=' + encodeURIComponent(box.getAttribute('data-kinds')) + '&q=' + encodeURIComponent(q.slice(0, 80));
      if (box.getAttribute('data-chapter')) url += '&chapter=' + encodeURIComponent(box.getAttribute('data-chapter'));
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (b) { if (b && b.names && input.value.trim() === q) show(b.names); })
        .catch(function () {});
    };
    input.addEventListener('input', function () {
      hidden.value = '';
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        if (list.hidden) { asked = ''; ask(); return; }
        mark(active + (ev.key === 'ArrowDown' ? 1 : -1));
      } else if (ev.key === 'Enter' && !list.hidden && active >= 0) {
        ev.preventDefault();
        choose(options()[active]);
      } else if (ev.key === 'Escape' && !list.hidden) {
        ev.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', close);
    input.form.addEventListener('submit', function () { if (!hidden.value) hidden.value = input.value; });
  });
})();
