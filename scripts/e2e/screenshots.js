// Takes the README's screenshots against a running `npm start`:
// the entity card on lonn-service and the self-service page.
const path = require('node:path');
const { APP_URL, launch, signedInPage } = require('./browser');

const OUT = path.resolve(__dirname, '../../docs/images');

const BACKEND_URL = process.env.BACKEND_URL ?? 'http://localhost:7007';
const SIMULATOR_ADMIN_TOKEN = process.env.SIMULATOR_ADMIN_TOKEN ?? 'local-simulator-admin-token';

/**
 * Gives lonn-service a registered key and a successful token test, through the same HTTP
 * API the card uses, so the screenshot shows a working integration rather than an empty one.
 */
async function seedLonnService() {
  const { backstageIdentity } = await (await fetch(`${BACKEND_URL}/api/auth/guest/refresh`)).json();
  const headers = { authorization: `Bearer ${backstageIdentity.token}`, 'content-type': 'application/json' };
  const api = `${BACKEND_URL}/api/maskinporten/v1/entities/component/default/lonn-service`;
  const response = await fetch(`${api}/jwks`, { headers });
  if (response.status !== 200) throw new Error(`lonn-service not ready: ${response.status}`);
  const jwks = await response.json();
  if (jwks.length === 0) {
    const created = await fetch(`${api}/keys`, { method: 'POST', headers, body: '{}' });
    if (created.status !== 201) throw new Error(`key generation failed: ${created.status}`);
  }
  const keys = await (await fetch(`${api}/jwks?format=set`, { headers })).json();
  const registered = await fetch(
    `${BACKEND_URL}/api/maskinporten-simulator/api/v1/clients/example-lonn-local/jwks`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${SIMULATOR_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(keys),
    },
  );
  if (registered.status !== 200) throw new Error(`registration failed: ${registered.status}`);
  const test = await (await fetch(`${api}/token-tests`, { method: 'POST', headers, body: '{}' })).json();
  if (test.outcome !== 'success') throw new Error(`token test: ${test.message}`);
  await fetch(`${BACKEND_URL}/api/maskinporten/v1/integrations/refresh`, { method: 'POST', headers, body: '{}' });
}

async function main() {
  await seedLonnService();
  const browser = await launch();
  try {
    const page = await signedInPage(browser);

    await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
    const card = page
      .locator('.MuiCard-root')
      .filter({ has: page.locator('.MuiCardHeader-root', { hasText: /^Maskinporten$/ }) })
      .first();
    await card.waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(OUT, 'entity-card.png') });

    await page.goto(`${APP_URL}/maskinporten`);
    await page.getByText('lonn', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(OUT, 'self-service-page.png') });
    // The lint panel on the Sikt/UiO template that the token-service renderer replaces.
    await page.getByText('Lint a Gravitee definition').click();
    await page
      .getByLabel('Upload a Gravitee definition')
      .setInputFiles(
        path.resolve(
          __dirname,
          '../../plugins/maskinporten-backend/src/gravitee/__fixtures__/sikt-maskinporten-api-template.json',
        ),
      );
    const findings = page.getByRole('table', { name: 'Lint findings' });
    await findings.waitFor({ timeout: 30_000 });
    await findings.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'gravitee-lint.png') });
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
