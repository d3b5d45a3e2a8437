// Recent searches on this device: localStorage of the page's origin, never sent anywhere.

const KEY = 'tayori-recent-searches';
const KEEP = 5;

/** The reader's last searches, newest first ([] when storage is unavailable or holds something else). */
export function recentSearches() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY));
    return Array.isArray(list) ? list.filter((text) => typeof text === 'string').slice(0, KEEP) : [];
  } catch (error) {
    return [];
  }
}

export function rememberSearch(text) {
  try {
    localStorage.setItem(KEY, JSON.stringify([text, ...recentSearches().filter((t) => t !== text)].slice(0, KEEP)));
  } catch (error) {
    // Storage full or disabled: the widget works the same without history.
  }
}

export function forgetSearches() {
  try {
    localStorage.removeItem(KEY);
  } catch (error) {
    // Nothing stored, nothing to forget.
  }
}
