// Direct calls to the portal's backend for the end-to-end steps: what a user would do
// outside Backstage (Samarbeidsportalen) and state checks a step depends on.
const { BACKEND_URL } = require('./portal');

const SIMULATOR_ADMIN_TOKEN = process.env.SIMULATOR_ADMIN_TOKEN ?? 'local-simulator-admin-token';

async function guestHeaders() {
  const { backstageIdentity } = await (await fetch(`${BACKEND_URL}/api/auth/guest/refresh`)).json();
  return { authorization: `Bearer ${backstageIdentity.token}`, 'content-type': 'application/json' };
}

function entityApi(kind, name) {
  return `${BACKEND_URL}/api/maskinporten/v1/entities/${kind}/default/${name}`;
}

/** Waits until the catalog has ingested the entity (the backend answers before it has). */
async function waitForEntity(kind, name, timeoutMs = 120_000) {
  const headers = await guestHeaders();
  const deadline = Date.now() + timeoutMs;
  let response = await fetch(`${entityApi(kind, name)}/integrations`, { headers });
  while (response.status === 404 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    response = await fetch(`${entityApi(kind, name)}/integrations`, { headers });
  }
  if (response.status !== 200) throw new Error(`${kind}:${name} not available: HTTP ${response.status}`);
  return response.json();
}

/**
 * Gives lonn-service a generated key that nobody has uploaded yet, the state a team is in
 * right after "Generate key". Returns false when an earlier run already confirmed its key
 * (a reused portal), so the caller can say that step needs a fresh portal.
 */
async function ensureUnuploadedKey() {
  const { items } = await waitForEntity('component', 'lonn-service');
  const own = items.find(item => item.entityRef === 'component:default/lonn-service');
  const live = own.keys.filter(key => ['pending', 'active', 'retiring'].includes(key.state));
  if (live.some(key => key.state !== 'pending')) return false;
  if (live.length === 0) {
    const created = await fetch(`${entityApi('component', 'lonn-service')}/keys`, {
      method: 'POST',
      headers: await guestHeaders(),
      body: '{}',
    });
    if (created.status !== 201) throw new Error(`key generation: HTTP ${created.status}`);
  }
  return true;
}

/** What a user does in Samarbeidsportalen: paste the JWK array as the client's keys. */
async function uploadToSamarbeidsportalen(clientId, jwkArray) {
  const response = await fetch(
    `${BACKEND_URL}/api/maskinporten-simulator/api/v1/clients/${clientId}/jwks`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${SIMULATOR_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keys: jwkArray }),
    },
  );
  if (response.status !== 200) throw new Error(`upload to the simulator: HTTP ${response.status}`);
}

module.exports = { ensureUnuploadedKey, uploadToSamarbeidsportalen, waitForEntity };
