// What the widget keeps on this device: JSON in the page origin's localStorage, never sent anywhere.

/** The value stored under `key`, or `fallback` when there is none or storage is unavailable. */
export function readStored(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch (error) {
    return fallback;
  }
}

/** Stores `value` as JSON under `key` (null: removes it). Full or disabled storage is ignored. */
export function writeStored(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    // The widget works the same without storage, only forgetting sooner.
  }
}
