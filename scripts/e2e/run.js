// End-to-end test of the example portal in Debian's Chromium: sign in as guest, see a
// component's integration with its expiry status, run a token test, and check that a
// non-owner does not get the key actions. Screenshots of each step go to test-results/e2e
// (or docs/images with UPDATE_SCREENSHOTS=1).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { launch, signedInPage } = require('./browser');
const { APP_URL, BACKEND_URL, startPortal } = require('./portal');

const OUT = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(__dirname, '../../docs/images')
  : path.resolve(__dirname, '../../test-results/e2e');

/** Registers lonn-service's public keys with the simulator, as Samarbeidsportalen would. */
async function registerLonnServiceKeys() {
  const { backstageIdentity } = await (await fetch(`${BACKEND_URL}/api/auth/guest/refresh`)).json();
  const headers = { authorization: `Bearer ${backstageIdentity.token}`, 'content-type': 'application/json' };
  const api = `${BACKEND_URL}/api/maskinporten/v1/entities/component/default/lonn-service`;
  // The backend answers before the catalog has ingested examples/; wait for the entity.
  const deadline = Date.now() + 120_000;
  let jwks = await fetch(`${api}/jwks`, { headers });
  while (jwks.status === 404 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    jwks = await fetch(`${api}/jwks`, { headers });
  }
  assert.equal(jwks.status, 200, 'lonn-service in the catalog');
  if ((await jwks.json()).length === 0) {
    const created = await fetch(`${api}/keys`, { method: 'POST', headers, body: '{}' });
    assert.equal(created.status, 201, 'key generation');
  }
  const keys = await (await fetch(`${api}/jwks?format=set`, { headers })).json();
  const registered = await fetch(
    `${BACKEND_URL}/api/maskinporten-simulator/api/v1/clients/example-lonn-local/jwks`,
    {
      method: 'POST',
      headers: { authorization: 'Bearer local-simulator-admin-token', 'content-type': 'application/json' },
      body: JSON.stringify(keys),
    },
  );
  assert.equal(registered.status, 200, 'registration with the simulator');
}

function maskinportenCard(page) {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.locator('.MuiCardHeader-root', { hasText: /^Maskinporten$/ }) })
    .first();
}

const steps = [];
function step(name, fn) {
  steps.push({ name, fn });
}

step('owner sees the integration, its expiry status and the key actions', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
  const card = maskinportenCard(page);
  await card.waitFor({ timeout: 60_000 });
  await card.getByText('example-lonn-local').first().waitFor();
  await card.getByTestId('expiry-ok').first().waitFor();
  // Actions appear once usePermission has answered.
  await card.getByRole('button', { name: /generate key/i }).waitFor({ timeout: 30_000 });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(OUT, 'e2e-1-owner-card.png') });
});

step('a token test succeeds against the simulator', async page => {
  const card = maskinportenCard(page);
  await card.getByRole('button', { name: /test token/i }).click();
  const success = page.getByTestId('token-test-success');
  await success.waitFor({ timeout: 30_000 });
  assert.match(await success.innerText(), /dfo:ansatte/);
  await page.screenshot({ path: path.join(OUT, 'e2e-2-token-test.png') });
  await page.getByRole('button', { name: /close/i }).click();
});

step('a non-owner does not see the key-generation action', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/folkeregister-sync`);
  const card = maskinportenCard(page);
  await card.getByText('example-folkeregister-local').first().waitFor({ timeout: 60_000 });
  // The permission answer decides between showing and hiding; wait for the read-only
  // parts to settle, then check the owner-only action is absent.
  await page.waitForLoadState('networkidle');
  assert.equal(await card.getByRole('button', { name: /generate key/i }).count(), 0);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(OUT, 'e2e-3-non-owner-card.png') });
});

step('invalid annotations are explained on the card', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/misconfigured-integration`);
  const card = maskinportenCard(page);
  await card.getByText('maskinporten.no/consumer-org').first().waitFor({ timeout: 60_000 });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(OUT, 'e2e-4-invalid-annotations.png') });
});

step('the self-service page lists the integrations', async page => {
  await page.goto(`${APP_URL}/maskinporten`);
  // Right after start-up the index may predate the catalog's first ingestion; Refresh syncs it now.
  await page.getByRole('button', { name: /refresh/i }).click();
  await page.getByText('example-lonn-local').first().waitFor({ timeout: 60_000 });
  await page.getByText('example-folkeregister-local').first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'e2e-5-self-service-page.png') });
});

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const portal = await startPortal();
  let failed = 0;
  let passed = 0;
  try {
    await registerLonnServiceKeys();
    const browser = await launch();
    try {
      const page = await signedInPage(browser);
      for (const { name, fn } of steps) {
        try {
          await fn(page);
          passed++;
          console.log(`  ✓ ${name}`);
        } catch (error) {
          failed++;
          console.log(`  ✕ ${name}\n    ${String(error.message).split('\n').join('\n    ')}`);
          await page.screenshot({ path: path.join(OUT, `failed-${passed + failed}.png`) }).catch(() => {});
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await portal.stop();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
