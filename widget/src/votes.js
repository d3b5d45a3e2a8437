// Feedback votes remembered on this device, so that one browser votes once per passage: across
// reloads, pages of the site and widgets on a page. Kept like recent searches, in localStorage of
// the page's origin; only the vote itself is sent (POST /v1/feedback). Without storage, votes are
// remembered while the page lives.

import { readStored, writeStored } from './device-storage.js';

const KEY = 'tayori-votes'; // {passage id: helpful}
const onThisPage = {};

const stored = () => Object(readStored(KEY, {}));

/** The vote this device recorded for `passageId`: true (helpful), false, or undefined (none). */
export function recordedVote(passageId) {
  const vote = passageId in onThisPage ? onThisPage[passageId] : stored()[passageId];
  return typeof vote === 'boolean' ? vote : undefined;
}

/** Remembers that the API recorded `helpful` for `passageId`. */
export function recordVote(passageId, helpful) {
  onThisPage[passageId] = helpful;
  writeStored(KEY, { ...stored(), [passageId]: helpful });
}
