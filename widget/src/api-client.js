// Talks to the Tayori API. Failures become a Problem whose `kind` picks what readers are told;
// a partner's misconfiguration also tells the site owner, once, on the console.

export class Problem extends Error {
  /** kind: 'offline' (no network or API unreachable), 'unavailable' (misconfigured embed), 'failed'. */
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
    `the API at ${api} does not allow requests from this page's origin, ${location.origin} (CORS). ` +
      `Fix: ask the publisher to add ${location.origin} to your partner entry's origins (content/partners.toml), ` +
      'and check that the api attribute points at the Tayori API.'
  );
  return new Problem('unavailable');
}

async function problemOf(response, api, partner) {
  let code;
  try {
    code = (await response.json()).error.code;
  } catch (error) {
    code = '';
  }
  if (code === 'unknown_partner') {
    warnOwner(
      `the API at ${api} does not know partner "${partner}". ` +
        'Fix: set the partner attribute to the id the publisher gave you (content/partners.toml), ' +
        "or remove it on the publisher's own site."
    );
    return new Problem('unavailable');
  }
  return new Problem('failed');
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
  if (!response.ok) throw await problemOf(response, api, params.partner);
  return response.json();
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
