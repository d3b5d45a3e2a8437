// DOM building blocks. Text from the API or the reader only ever becomes text nodes, never markup.

/** A new element with an optional class, `part` name (for ::part() theming) and text. */
export function element(tag, className, part, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (part) node.setAttribute('part', part);
  if (text != null) node.textContent = text;
  return node;
}

/** Sets several attributes at once: attributes(input, {role: 'combobox', 'aria-expanded': 'false'}). */
export function attributes(node, values) {
  for (const name in values) node.setAttribute(name, values[name]);
  return node;
}

/** Names `node` by the element with id `labelId` if given, else by `name` (never by both). */
export function nameBy(node, labelId, name) {
  if (labelId) node.setAttribute('aria-labelledby', labelId);
  else node.setAttribute('aria-label', name);
  node.removeAttribute(labelId ? 'aria-label' : 'aria-labelledby');
}

/**
 * Appends `text` to `parent` with the API's highlight ranges as <mark>: ranges are [start, end)
 * in code points (not UTF-16 units), so the text is split with Array.from.
 */
export function appendHighlighted(parent, text, ranges) {
  const chars = Array.from(text || '');
  let at = 0;
  const sorted = (Array.isArray(ranges) ? ranges : []).map((r) => [+r[0], +r[1]]).sort((a, b) => a[0] - b[0]);
  for (let [start, end] of sorted) {
    start = Math.max(start, at);
    end = Math.min(end, chars.length);
    if (!(end > start)) continue;
    if (start > at) parent.append(chars.slice(at, start).join(''));
    parent.append(element('mark', '', 'mark', chars.slice(start, end).join('')));
    at = end;
  }
  if (at < chars.length) parent.append(chars.slice(at).join(''));
}

/** `url` with the tracking parameters set, or null unless it is http(s): a javascript: URL never leaves. */
export function safeLink(url, params) {
  try {
    const link = new URL(url, location.href);
    if (!/^https?:$/.test(link.protocol)) return null;
    for (const [name, value] of params) link.searchParams.set(name, value);
    return link.href;
  } catch (error) {
    return null;
  }
}

/** Tracking parameters as [name, value] pairs, from a query string ("utm_source=a&…") or an object. */
export function trackingPairs(tracking) {
  if (!tracking) return [];
  if (typeof tracking === 'string') return [...new URLSearchParams(tracking)];
  return Object.entries(tracking).map(([name, value]) => [name, String(value)]);
}
