(function () {
  'use strict';
  var form = document.getElementById('filters');
  var items = Array.prototype.slice.call(document.querySelectorAll('.f'));
  var status = document.getElementById('filter-status');
  var wide = window.matchMedia('(min-width: 1000px)');

  // An item without a data-<name> attribute is not filtered on <name>: its container is.
  function has(el, name, value) {
    if (!el.hasAttribute('data-' + name)) { return true; }
    return el.getAttribute('data-' + name).split(' ').indexOf(value) >= 0;
  }

  function apply() {
    var want = {};
    Array.prototype.forEach.call(form.querySelectorAll('select'), function (s) {
      if (s.value) { want[s.name] = s.value; }
    });
    var names = Object.keys(want);
    var shown = 0, counted = 0;
    items.forEach(function (el) {
      var ok = names.every(function (n) { return has(el, n, want[n]); });
      if (el instanceof SVGElement) {
        el.classList.toggle('dim', !ok);
      } else {
        el.hidden = !ok;
        counted += 1;
        if (ok) { shown += 1; }
      }
    });
    status.textContent = names.length ? 'Showing ' + shown + ' of ' + counted + ' items.' : '';
  }

  function reset() {
    Array.prototype.forEach.call(form.querySelectorAll('select'), function (s) {
      s.value = '';
    });
    apply();
  }

  // A quote split around another one is several <mark>s: light them all, and open or
  // reveal whatever hides the target.
  function highlight() {
    Array.prototype.forEach.call(document.querySelectorAll('.is-target'), function (el) {
      el.classList.remove('is-target');
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    for (var el = target; el; el = el.parentElement) {
      if (el.hidden) { reset(); break; }
    }
    for (el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === 'DETAILS') { el.open = true; }
    }
    if (id.indexOf('claim-') === 0) {
      Array.prototype.forEach.call(document.querySelectorAll('mark[data-claim]'), function (m) {
        if (m.getAttribute('data-claim') === id) { m.classList.add('is-target'); }
      });
      target.scrollIntoView({block: 'center'});
      // Beside the article, point at what the claim asserts, in the panel's visible part.
      var fact = document.getElementById('fact-' + id.slice(6));
      if (fact) {
        fact.classList.add('is-target');
        var panel = fact.closest('details');
        if (panel && wide.matches) {
          panel.open = true;
          var top = Math.max(panel.getBoundingClientRect().top, 0) + 90;
          panel.scrollTop += fact.getBoundingClientRect().top - top;
        }
      }
    }
  }

  // On a wide screen the claims sit beside their article, so they are open from the start.
  if (wide.matches) {
    Array.prototype.forEach.call(document.querySelectorAll('details.claims'), function (d) {
      d.open = true;
    });
  }
  if (form) {
    form.hidden = false;
    form.addEventListener('change', apply);
    form.addEventListener('reset', function () { window.setTimeout(apply, 0); });
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.hidden) { reset(); break; }
    }
  });
  window.addEventListener('hashchange', highlight);
  // The browser's own jump to a fragment comes after this script runs: follow it.
  window.addEventListener('load', highlight);
  highlight();
})();
