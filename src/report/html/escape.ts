/**
 * Escaping for the HTML report. Model output, inputs and reasons are untrusted: text goes into
 * markup only through {@link escapeHtml}, and data into the page only through
 * {@link scriptSafe}, which the client script parses and renders with `textContent`.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** Text safe inside an element or a quoted attribute value. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, c => ENTITIES[c]!)
}

/**
 * JSON text made safe inside `<script type="application/json">`: `<`, `>` and `&` are written
 * as `\u003c` etc., so no `</script>` or `<!--` can close or change the block, whatever the
 * strings hold. U+2028/U+2029 are escaped too, for readers that treat them as line ends.
 */
export function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
