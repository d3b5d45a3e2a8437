// Recent searches on this device (localStorage of the page's origin), never sent anywhere.

import { readStored, writeStored } from './device-storage.js';

const KEY = 'tayori-recent-searches';
const KEEP = 5;

/** The reader's last searches, newest first ([] when storage is unavailable or holds something else). */
export function recentSearches() {
  const list = readStored(KEY, []);
  return Array.isArray(list) ? list.filter((text) => typeof text === 'string').slice(0, KEEP) : [];
}

export const rememberSearch = (text) => writeStored(KEY, [text, ...recentSearches().filter((t) => t !== text)].slice(0, KEEP));

export const forgetSearches = () => writeStored(KEY, null);
