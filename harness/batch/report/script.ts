// The report's one inline script (plain browser JavaScript): sorting, filtering, expand/collapse, print.
// It reads only data-* attributes the report wrote and never inserts HTML, so student text stays inert.

/** The script's source, allowed by the page's Content-Security-Policy through its sha256 hash. */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var table = document.getElementById('students');
  if (!table) return;
  var bodies = Array.prototype.slice.call(table.tBodies);
  var text = document.getElementById('filter-text');
  var status = document.getElementById('filter-status');
  var check = document.getElementById('filter-check');
  var shown = document.getElementById('shown');
  var none = document.querySelector('.no-match');
  var sortKey = 'student', sortDir = 1;
  var statusRank = { failed: 0, incomplete: 1, ungraded: 2, passed: 3 };
  function key(b, k) {
    if (k === 'student') return b.dataset.student.toLowerCase();
    if (k === 'status') return statusRank[b.dataset.status];
    return Number(b.dataset[k]);
  }
  function sort() {
    bodies.sort(function (a, b) {
      var x = key(a, sortKey), y = key(b, sortKey);
      var c = x < y ? -1 : x > y ? 1 : Number(a.dataset.index) - Number(b.dataset.index);
      return c * sortDir;
    });
    bodies.forEach(function (b) { table.appendChild(b); });
    table.querySelectorAll('thead th').forEach(function (th) {
      var btn = th.querySelector('button');
      if (btn && btn.dataset.sort === sortKey) th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }
  function filter() {
    var q = text.value.trim().toLowerCase(), s = status.value, c = check.value, n = 0;
    bodies.forEach(function (b) {
      var ok = (!q || b.dataset.student.toLowerCase().indexOf(q) >= 0) && (!s || b.dataset.status === s) &&
        (!c || b.dataset.failed.split(' ').indexOf(c) >= 0);
      b.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = 'Showing ' + n + ' of ' + bodies.length + ' students';
    none.hidden = n > 0;
  }
  table.querySelectorAll('thead button[data-sort]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var k = btn.dataset.sort;
      sortDir = k === sortKey ? -sortDir : (k === 'student' || k === 'status' ? 1 : -1);
      sortKey = k;
      sort();
    });
  });
  [text, status, check].forEach(function (el) { el.addEventListener('input', filter); });
  function openAll(open) {
    bodies.forEach(function (b) { if (!b.hidden) b.querySelector('details.drilldown').open = open; });
  }
  document.getElementById('expand-all').addEventListener('click', function () { openAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { openAll(false); });
  function reveal() {
    var m = /^#student-(\\d+)$/.exec(location.hash);
    var b = m && document.getElementById('student-' + m[1]);
    if (b) { b.hidden = false; b.querySelector('details.drilldown').open = true; }
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  document.documentElement.classList.add('js');
})();`;
