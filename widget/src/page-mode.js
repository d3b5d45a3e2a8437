// Full-page mode (mode="page"): the query lives in the page's URL as ?q=, so a search can be linked
// and reloaded, and the browser's back button walks back through searches and to the place the
// reader left (history.state).

const PLACE = 'tayoriPlace';

/** The query in the page's URL ("" without one), cut to the limit the input applies. */
export function queryInUrl() {
  return (new URLSearchParams(location.search).get('q') || '').slice(0, MAX_QUERY_CHARS);
}

/**
 * Puts `text` in the URL's ?q=, as a new history entry (`newEntry`) or in place of the current one;
 * the place left in the former search is not carried over. Returns whether the URL changed.
 */
export function writeQueryToUrl(text, newEntry) {
  const url = new URL(location.href);
  if (text) url.searchParams.set('q', text);
  else url.searchParams.delete('q');
  if (url.href === location.href) return false;
  history[newEntry ? 'pushState' : 'replaceState']({ ...history.state, [PLACE]: null }, '', url);
  return true;
}

/** Records in this history entry how many results were loaded and the rank of the one opened. */
export function savePlace(loaded, opened) {
  history.replaceState({ ...history.state, [PLACE]: { loaded, opened } }, '');
}

/** The place saved in this history entry: {loaded, opened}, or null. */
export const savedPlace = () => (history.state && history.state[PLACE]) || null;
