/* app.js - small improvements; every page works without it.
 *  - buttons with data-confirm ask before a destructive action;
 *  - buttons with data-copy copy a value (an invitation link, a token). */
(function () {
  'use strict';
  var copies = document.querySelectorAll('[data-copy][hidden]');
  for (var i = 0; i < copies.length; i++) if (navigator.clipboard) copies[i].hidden = false;
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
})();
