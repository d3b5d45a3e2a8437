// Talks to the Tayori API. Failures become a Problem whose `kind` picks what readers are told;
// a partner's misconfiguration also tells the site owner, once, on the console.

export class Problem extends Error {
  /**
   * kind: 'offline' (no network or API unreachable), 'unavailable' (misconfigured embed), 'failed',
   * 'unsearchable' (the API refused the reader's text): each names the label readers are shown.
   */
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

const warned = new Set();

/** console.warn for the site owner, once per message per page. */
function warnOwner(message) {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn('Tayori widget: ' + message);
}

/** The URL of an API route with its query parameters; empty values are left out. */
export function endpoint(api, path, params = {}) {
  const url = new URL(api + path, location.href);
  for (const name in params) if (params[name] != null && params[name] !== '') url.searchParams.set(name, params[name]);
  return url;
}

/**
 * fetch() rejects with a TypeError both when the network is down and when CORS blocks the answer.
 * A no-cors request to the health route tells them apart: it succeeds (opaquely) whenever the API
 * can be reached, so a reachable API that blocked us does not list this page's origin.
 */
async function diagnoseUnreachable(api) {
  if (!navigator.onLine) return new Problem('offline');
  try {
    await fetch(endpoint(api, '/v1/health'), { mode: 'no-cors', cache: 'no-store' });
  } catch (error) {
    return new Problem('offline');
  }
  warnOwner(
    `the API at ${api} does not allow this page's origin, ${location.origin} (CORS). Fix: ask the ` +
      "publisher to add it to your partner entry's origins (content/partners.toml)."
  );
  return new Problem('unavailable');
}

/**
 * What an answer other than the JSON asked for means. A 5xx or 429 may pass, so readers may retry;
 * anything else can never succeed as sent (a wrong api, partner or parameter), so readers get the
 * neutral message and the site owner a console warning with the fix.
 */
async function problemOf(response, api, partner) {
  if (response.status >= 500 || response.status === 429) return new Problem('failed');
  let error = 0;
  try {
    error = (await response.json()).error;
  } catch (notJson) {
    // A web page's HTML: the api attribute does not point at the API.
  }
  // An error naming `q` is about what the reader typed (a control character), not about the embed.
  if (error?.details?.some((detail) => detail.parameter === 'q')) return new Problem('unsearchable');
  warnOwner(
    error && error.code === 'unknown_partner'
      ? `the API at ${api} does not know partner "${partner}". Fix: set the partner attribute to the id ` +
          "the publisher gave you (content/partners.toml), or remove it on the publisher's site."
      : error && error.code !== 'not_found'
        ? `the API at ${api} refused a request: ${error.message}`
        : `${api} answered ${response.status} ${response.headers.get('content-type')}, not as the Tayori API. Fix: ` +
          (/\/v1$/.test(api) ? 'remove /v1 from the api attribute.' : "set the api attribute to the API's base URL (https://API), or remove it.")
  );
  return new Problem('unavailable');
}

/** GET an API route as JSON; rejects with a Problem (or the AbortError of `signal`). */
export async function getJson(api, path, params, signal) {
  if (!navigator.onLine) throw new Problem('offline');
  let response;
  try {
    response = await fetch(endpoint(api, path, params), { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    throw error.name === 'AbortError' ? error : await diagnoseUnreachable(api);
  }
  // An api pointing at a web page answers HTML, even with a 200.
  if (response.ok && /json/.test(response.headers.get('content-type'))) return response.json();
  throw await problemOf(response, api, params.partner);
}

/** POST a JSON body; resolves to whether the API accepted it (2xx). Never rejects. */
export async function postJson(api, path, body) {
  try {
    const response = await fetch(endpoint(api, path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.ok;
  } catch (error) {
    return false;
  }
}
