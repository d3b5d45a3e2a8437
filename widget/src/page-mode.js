// Full-page mode (mode="page"): the query lives in the page's URL as ?q=, so a search can be linked
// and reloaded, and the browser's back button walks back through searches.

/** The query in the page's URL ("" without one). */
export function queryInUrl() {
  return new URLSearchParams(location.search).get('q') || '';
}

/**
 * Puts `text` in the URL's ?q=, as a new history entry (`newEntry`) or in place of the current one.
 * Returns whether the URL changed.
 */
export function writeQueryToUrl(text, newEntry) {
  const url = new URL(location.href);
  if (text) url.searchParams.set('q', text);
  else url.searchParams.delete('q');
  if (url.href === location.href) return false;
  history[newEntry ? 'pushState' : 'replaceState'](history.state, '', url);
  return true;
}
