import { escapeHtml as e } from './escape.js'

/**
 * The case table's static markup: filters, search, the header row (sortable columns) and the
 * pager. The client script fills the rows, a page of 100 at a time, from the inline data.
 */
export function caseTableHtml(total: number): string {
  const col = (key: string, label: string, cls = '') => `<th data-sort="${key}"${cls ? ` class="${cls}"` : ''} aria-sort="none">${e(label)}</th>`
  return `<section class="card" id="cases"><h2>Cases <span class="muted" id="count">${total} cases</span></h2>`
    + '<div class="controls">'
    + '<label>verdict <select id="f-verdict"><option value="">all</option><option value="pass">pass</option><option value="fail">miss</option><option value="error">error</option><option value="skipped">skipped</option></select></label>'
    + '<label>suite <select id="f-suite"><option value="">all</option></select></label>'
    + '<label>tag <select id="f-tag"><option value="">all</option></select></label>'
    + '<label>criterion <select id="f-criterion"><option value="">all</option></select></label>'
    + '<input type="search" id="f-search" placeholder="search id, input, output, reason…" aria-label="search cases">'
    + '</div>'
    + `<table id="cases-table"><thead><tr>${col('suite', 'suite')}${col('id', 'id')}${col('verdict', 'verdict')}${col('check', 'check')}${col('scores', 'scores')}${col('cost', 'cost', 'num')}${col('latency', 'latency', 'num')}${col('cached', 'cached')}</tr></thead><tbody id="cases-body"></tbody></table>`
    + '<div class="pager"><button type="button" id="prev">‹ previous</button><span id="page"></span><button type="button" id="next">next ›</button></div>'
    + '<noscript><p>The case table needs JavaScript; the data is in the page source as JSON.</p></noscript>'
    + '</section><section class="card" id="detail" hidden aria-live="polite"></section>'
}
