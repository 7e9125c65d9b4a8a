/**
 * The page's only script, inline: the case table (filter, search, sort, pages of 100 rows) and
 * the case detail. It reads the data from the `application/json` block and writes untrusted text
 * only with `textContent`, never as markup. Plain ES2020 with no template literals, so it can sit
 * in this string unchanged; its sha256 goes into the page's Content-Security-Policy.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
'use strict';
var data = JSON.parse(document.getElementById('llm-data').textContent);
var cases = data.cases;
var PAGE = 100;
var LABEL = { pass: 'pass', fail: 'miss', error: 'error', skipped: 'skipped' };
var state = { verdict: '', suite: '', tag: '', criterion: '', q: '', sort: '', dir: 1, page: 0 };
var view = cases;
function $(id) { return document.getElementById(id); }
function el(tag, cls, text) {
  var n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text !== undefined && text !== null) n.textContent = String(text);
  return n;
}
var suites = {}, tags = {};
cases.forEach(function (c, i) {
  c._i = i;
  suites[c.suite] = true;
  (c.tags || []).forEach(function (t) { tags[t] = true; });
  c._q = [c.suite, c.id, c.file, c.check, c.input, c.expected, c.output, c.reason, (c.tags || []).join(' '),
    c.reasons ? Object.keys(c.reasons).map(function (k) { return c.reasons[k]; }).join(' ') : ''].join('\n').toLowerCase();
});
function fill(select, values) {
  values.sort().forEach(function (v) { var o = el('option', '', v); o.value = v; select.appendChild(o); });
}
fill($('f-suite'), Object.keys(suites));
fill($('f-tag'), Object.keys(tags));
fill($('f-criterion'), data.criteria.slice());
if (!Object.keys(tags).length) $('f-tag').disabled = true;
if (!data.criteria.length) $('f-criterion').disabled = true;

function scoreOf(c) {
  if (!c.scores) return null;
  if (state.criterion) return c.scores[state.criterion] === undefined ? null : c.scores[state.criterion];
  var v = null;
  Object.keys(c.scores).forEach(function (k) { if (v === null || c.scores[k] < v) v = c.scores[k]; });
  return v;
}
var KEYS = {
  suite: function (c) { return c.suite; }, id: function (c) { return c.id; },
  verdict: function (c) { return { fail: 0, error: 1, pass: 2, skipped: 3 }[c.verdict]; }, check: function (c) { return c.check || ''; },
  scores: scoreOf, cost: function (c) { return c.costUsd; }, latency: function (c) { return c.latencyMs; },
  cached: function (c) { return c.cached ? 1 : 0; }
};
function compare(a, b) {
  var k = KEYS[state.sort], x = k(a), y = k(b);
  if (x === y) return a._i - b._i;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  return (x < y ? -1 : 1) * state.dir;
}
function apply() {
  var q = state.q.toLowerCase();
  view = cases.filter(function (c) {
    return (!state.verdict || c.verdict === state.verdict)
      && (!state.suite || c.suite === state.suite)
      && (!state.tag || (c.tags || []).indexOf(state.tag) >= 0)
      && (!state.criterion || (c.scores && c.scores[state.criterion] !== undefined))
      && (!q || c._q.indexOf(q) >= 0);
  });
  if (state.sort) view = view.slice().sort(compare);
  state.page = Math.min(state.page, Math.max(0, Math.ceil(view.length / PAGE) - 1));
  render();
}
function fmtCost(x) { return x === undefined ? '' : '$' + (x > 0 && x < 0.01 ? x.toFixed(5) : x.toFixed(4)); }
function fmtScores(c) {
  if (!c.scores) return '';
  return Object.keys(c.scores).map(function (k) { return k + ' ' + c.scores[k]; }).join(' · ');
}
function render() {
  var body = $('cases-body');
  body.textContent = '';
  var from = state.page * PAGE, rows = view.slice(from, from + PAGE);
  var frag = document.createDocumentFragment();
  rows.forEach(function (c) {
    var tr = el('tr', 'case row-' + c.verdict);
    tr.tabIndex = 0;
    tr.setAttribute('data-index', String(c._i));
    tr.appendChild(el('td', 'suite', c.suite));
    tr.appendChild(el('td', 'id', c.id));
    var v = el('td', 'verdict');
    v.appendChild(el('span', 'pill v-' + c.verdict, LABEL[c.verdict]));
    tr.appendChild(v);
    tr.appendChild(el('td', 'check', c.check || ''));
    tr.appendChild(el('td', 'scores', fmtScores(c)));
    tr.appendChild(el('td', 'num cost', fmtCost(c.costUsd)));
    tr.appendChild(el('td', 'num latency', c.latencyMs === undefined ? '' : Math.round(c.latencyMs) + ' ms'));
    tr.appendChild(el('td', 'cached', c.cached ? 'cached' : ''));
    frag.appendChild(tr);
  });
  body.appendChild(frag);
  var pages = Math.max(1, Math.ceil(view.length / PAGE));
  $('count').textContent = view.length + ' of ' + cases.length + ' cases';
  $('page').textContent = view.length ? (from + 1) + '–' + (from + rows.length) + ' (page ' + (state.page + 1) + ' of ' + pages + ')' : 'no cases match';
  $('prev').disabled = state.page === 0;
  $('next').disabled = state.page >= pages - 1;
  document.querySelectorAll('th[data-sort]').forEach(function (th) {
    th.setAttribute('aria-sort', th.getAttribute('data-sort') === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
  });
}
[['f-verdict', 'verdict'], ['f-suite', 'suite'], ['f-tag', 'tag'], ['f-criterion', 'criterion']].forEach(function (p) {
  $(p[0]).addEventListener('change', function (ev) { state[p[1]] = ev.target.value; state.page = 0; apply(); });
});
var timer;
$('f-search').addEventListener('input', function (ev) {
  clearTimeout(timer);
  timer = setTimeout(function () { state.q = ev.target.value; state.page = 0; apply(); }, 120);
});
$('prev').addEventListener('click', function () { state.page -= 1; render(); });
$('next').addEventListener('click', function () { state.page += 1; render(); });
document.querySelectorAll('th[data-sort]').forEach(function (th) {
  th.addEventListener('click', function () {
    var key = th.getAttribute('data-sort');
    state.dir = state.sort === key ? -state.dir : 1;
    state.sort = key;
    apply();
  });
});
function openFrom(target) {
  var tr = target.closest && target.closest('tr.case');
  if (tr) openCase(cases[Number(tr.getAttribute('data-index'))]);
}
$('cases-body').addEventListener('click', function (ev) { openFrom(ev.target); });
$('cases-body').addEventListener('keydown', function (ev) { if (ev.key === 'Enter') openFrom(ev.target); });

function phrases(reason, label) {
  var out = [];
  if (!reason) return out;
  var at = reason.indexOf(label);
  if (at < 0) return out;
  var rest = reason.slice(at + label.length), re = /^"((?:[^"\\]|\\.)*)"(?:, )?/, m;
  while ((m = re.exec(rest))) {
    try { out.push(JSON.parse('"' + m[1] + '"')); } catch (e) { /* not a JSON string */ }
    rest = rest.slice(m[0].length);
  }
  return out;
}
function ranges(text, list, cls) {
  var found = [], lower = text.toLowerCase();
  list.forEach(function (p) {
    if (!p) return;
    var i = lower.indexOf(p.toLowerCase());
    while (i >= 0) { found.push([i, i + p.length, cls]); i = lower.indexOf(p.toLowerCase(), i + p.length); }
  });
  return found;
}
function textBlock(title, text, marks) {
  var box = el('div', 'evidence');
  box.appendChild(el('h4', '', title));
  var pre = el('pre', 'ev-' + title);
  if (text === undefined || text === null) { pre.appendChild(el('span', 'muted', '(none)')); box.appendChild(pre); return box; }
  marks = (marks || []).sort(function (a, b) { return a[0] - b[0]; });
  var at = 0;
  marks.forEach(function (m) {
    if (m[0] < at) return;
    pre.appendChild(document.createTextNode(text.slice(at, m[0])));
    pre.appendChild(el('mark', m[2], text.slice(m[0], m[1])));
    at = m[1];
  });
  pre.appendChild(document.createTextNode(text.slice(at)));
  box.appendChild(pre);
  return box;
}
function firstDifference(a, b) {
  var i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
function openCase(c) {
  var d = $('detail');
  d.textContent = '';
  var head = el('div', 'detail-head');
  head.appendChild(el('h3', '', c.suite ? c.suite + ' › ' + c.id : c.id));
  head.appendChild(el('span', 'pill v-' + c.verdict, LABEL[c.verdict]));
  var close = el('button', 'close', 'Close');
  close.type = 'button';
  close.addEventListener('click', function () { d.hidden = true; });
  head.appendChild(close);
  d.appendChild(head);
  var meta = el('dl', 'meta');
  function fact(k, v) { if (v === undefined || v === null || v === '') return; meta.appendChild(el('dt', '', k)); meta.appendChild(el('dd', '', v)); }
  fact('file', c.file); fact('source', c.source); fact('kind', c.kind); fact('check', c.check);
  fact('tags', (c.tags || []).join(', ')); fact('weight', c.weight);
  if (c.usage) fact('usage', c.usage.requests + ' requests, ' + c.usage.cached + ' cached, ' + c.usage.inputTokens + ' in / ' + c.usage.outputTokens + ' out tokens');
  fact('cost', fmtCost(c.costUsd)); fact('latency', c.latencyMs === undefined ? '' : Math.round(c.latencyMs) + ' ms');
  fact('cached', c.cached ? 'yes' : 'no');
  if (c.judgeModel) fact('judge model', c.judgeModel);
  if (c.b) fact('baseline verdict', LABEL[c.b]);
  d.appendChild(meta);
  if (c.reason) {
    var why = el('div', c.verdict === 'error' ? 'reason error-message' : 'reason');
    why.appendChild(el('strong', '', c.verdict === 'error' ? 'Error: ' : c.verdict === 'fail' ? 'Miss: ' : c.verdict === 'skipped' ? 'Skipped: ' : 'Note: '));
    why.appendChild(document.createTextNode(c.reason));
    d.appendChild(why);
  }
  var missing = phrases(c.reason, 'missing '), forbidden = phrases(c.reason, 'contains forbidden ');
  var expMarks = ranges(c.expected || '', missing, 'missing'), outMarks = ranges(c.output || '', forbidden, 'forbidden');
  if (c.reason && c.reason.indexOf('expected exactly ') === 0 && c.expected !== undefined && c.output !== undefined) {
    var at = firstDifference(c.expected, c.output);
    if (at < c.expected.length) expMarks.push([at, c.expected.length, 'diff']);
    if (at < c.output.length) outMarks.push([at, c.output.length, 'diff']);
  }
  if (missing.length) {
    var chips = el('p', 'missing-list');
    chips.appendChild(el('strong', '', 'Missing from the output: '));
    missing.forEach(function (p) { chips.appendChild(el('mark', 'missing', p)); chips.appendChild(document.createTextNode(' ')); });
    d.appendChild(chips);
  }
  var grid = el('div', 'evidence-grid');
  grid.appendChild(textBlock('input', c.input));
  grid.appendChild(textBlock('expected', c.expected, expMarks));
  grid.appendChild(textBlock('output', c.output, outMarks));
  d.appendChild(grid);
  if (c.scores) {
    var t = el('table', 'case-scores'), hr = el('tr');
    ['criterion', 'score', 'threshold', 'reason'].forEach(function (h) { hr.appendChild(el('th', '', h)); });
    var th = el('thead'); th.appendChild(hr); t.appendChild(th);
    var tb = el('tbody');
    Object.keys(c.scores).forEach(function (k) {
      var min = data.thresholds[k], tr = el('tr', min !== undefined && c.scores[k] < min ? 'below' : '');
      tr.appendChild(el('td', '', k)); tr.appendChild(el('td', 'num', c.scores[k] + ' / 5'));
      tr.appendChild(el('td', 'num', min === undefined ? '' : min)); tr.appendChild(el('td', 'score-reason', (c.reasons || {})[k] || ''));
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    d.appendChild(t);
  }
  d.hidden = false;
  d.scrollIntoView({ block: 'nearest' });
}
document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') $('detail').hidden = true; });
if (data.live) {
  setInterval(function () {
    fetch(data.live.path, { cache: 'no-store' }).then(function (r) { return r.text(); })
      .then(function (v) { if (v !== data.live.version) location.reload(); }, function () { /* server gone: keep the page */ });
  }, 1000);
}
apply();
})();`
