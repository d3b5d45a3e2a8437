// Click events: which result a reader opened, for click-through and "popular" (POST /v1/clicks).

import { endpoint } from './api-client.js';

/**
 * Sends {query, passage_id, rank, partner?} with navigator.sendBeacon. A string body goes out as
 * text/plain;charset=UTF-8, a simple request with no CORS preflight; the browser delivers it even
 * as the page unloads, so navigation never waits and a failure never reaches the reader.
 */
export function sendClick(api, click) {
  try {
    navigator.sendBeacon(endpoint(api, '/v1/clicks'), JSON.stringify(click));
  } catch (error) {
    // No beacon support, or a blocked one: the reader's navigation matters more than the event.
  }
}
