'use strict';

/**
 * HTTP to the backend child as a signed-in user: the guest provider's token for
 * `user:default/scale-bench`, sent with every request, so both sides of every comparison pass
 * the same auth and permission checks.
 */

const { performance } = require('node:perf_hooks');

/** HTTP client with the guest user's token. Times until the whole body is read. */
async function httpClient(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  const token = (await res.json()).backstageIdentity.token;
  const headers = { authorization: `Bearer ${token}` };
  async function request(method, pathAndQuery, body) {
    const start = performance.now();
    const response = await fetch(`${baseUrl}${pathAndQuery}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - start;
    if (!response.ok) throw new Error(`${method} ${pathAndQuery}: ${response.status} ${text.slice(0, 500)}`);
    return { ms, bytes: Buffer.byteLength(text), json: () => JSON.parse(text) };
  }
  return { get: p => request('GET', p), post: (p, body) => request('POST', p, body ?? {}) };
}

/** A query string; array values repeat the key (`owner=a&owner=b`), undefined ones are left out. */
function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) search.append(key, String(v));
  }
  return search.toString();
}

module.exports = { httpClient, query };
