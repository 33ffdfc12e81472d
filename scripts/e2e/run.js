// End-to-end test of the example portal (`npm start`) in Debian's Chromium: sign in as guest,
// see a component's integrations (its own and its related maskinporten-client resources) with
// their expiry colours, run token tests, check that a non-owner does not get the key actions,
// see invalid annotations explained, the self-service page with the expiry scan, create an
// integration with the template, and rotate a key through the sliding window. Screenshots of
// each step go to test-results/e2e (or docs/images with UPDATE_SCREENSHOTS=1). Every wait is for a condition, never a fixed sleep.
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

/** One integration's section on the card (the entity's own, or a related resource's). */
function integration(card, entityRef) {
  return card.getByTestId(`integration-${entityRef}`);
}

/**
 * Collects the permission decisions the frontend receives, so a step can wait until the
 * answer for an action is in instead of sleeping before it checks that a button is absent.
 */
function recordPermissionDecisions(page) {
  const decisions = new Map();
  page.on('response', async response => {
    if (!response.url().endsWith('/api/permission/authorize') || !response.ok()) return;
    try {
      const request = JSON.parse(response.request().postData() ?? '{}');
      const { items } = await response.json();
      for (const item of request.items ?? []) {
        const decision = items.find(i => i.id === item.id);
        if (decision && item.resourceRef) {
          decisions.set(`${item.permission.name} ${item.resourceRef}`, decision.result);
        }
      }
    } catch {
      // not a decision batch
    }
  });
  return {
    async waitFor(permission, resourceRef, timeoutMs = 30_000) {
      const key = `${permission} ${resourceRef}`;
      const deadline = Date.now() + timeoutMs;
      while (!decisions.has(key)) {
        if (Date.now() > deadline) throw new Error(`no permission decision for ${key}`);
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      return decisions.get(key);
    },
  };
}

/**
 * Waits until React has painted what the last state change rendered and no transition
 * (a dialog fading in) is still running, so screenshots show the finished state.
 */
async function settled(page) {
  await page.evaluate(
    () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  // Spinners and progress bars loop forever; only finite transitions are waited for.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .filter(animation => Number.isFinite(animation.effect?.getComputedTiming().endTime))
      .every(animation => animation.playState !== 'running'),
  );
}

/** Integrations an earlier run created through the template (examples/generated is git-ignored). */
function removeEarlierTemplateOutput() {
  const dir = path.resolve(__dirname, '../../examples/generated');
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (/^default\.resource\.e2e-[a-z0-9]+\.ya?ml$/.test(file)) fs.rmSync(path.join(dir, file));
  }
}

const steps = [];
function step(name, fn) {
  steps.push({ name, fn });
}

const LONN = 'component:default/lonn-service';
const LONN_TEST = 'resource:default/lonn-dfo-test';
const LONN_PROD = 'resource:default/lonn-dfo-prod';
const FOLKEREGISTER = 'component:default/folkeregister-sync';
const FOLKEREGISTER_PROD = 'resource:default/folkeregister-prod';

step('the guest is signed in', async page => {
  // signedInPage() clicked Enter; the sidebar and the catalog are the signed-in app.
  await page.goto(`${APP_URL}/catalog`);
  await page.getByRole('link', { name: /lønn service/i }).first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(OUT, 'e2e-1-signed-in.png') });
});

step('a component shows its own and its related integrations with expiry colours', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
  const card = maskinportenCard(page);
  await card.waitFor({ timeout: 60_000 });
  // Its own integration (a fresh key) and the two resources it dependsOn, whose keys the
  // backend seeded backdated at start-up (maskinporten.examples.backdatedKeys).
  await integration(card, LONN).getByText('example-lonn-local').first().waitFor();
  await integration(card, LONN).getByTestId('expiry-ok').first().waitFor();
  await integration(card, LONN_TEST).getByTestId('expiry-warning').first().waitFor({ timeout: 60_000 });
  await integration(card, LONN_PROD).getByTestId('expiry-critical').first().waitFor({ timeout: 60_000 });
  // The owner (team-lonn) gets the key actions once usePermission has answered.
  for (const ref of [LONN, LONN_TEST, LONN_PROD]) {
    await integration(card, ref).getByRole('button', { name: /generate key/i }).waitFor({ timeout: 30_000 });
  }
  await card.scrollIntoViewIfNeeded();
  await settled(page);
  await card.screenshot({ path: path.join(OUT, 'e2e-2-component-integrations.png') });
});

step('token tests succeed against the simulator, also with the seeded expiring key', async page => {
  const card = maskinportenCard(page);
  for (const [ref, scope] of [
    [LONN, /dfo:ansatte/],
    [LONN_TEST, /dfo:ansatte/],
  ]) {
    await integration(card, ref).getByRole('button', { name: /test token/i }).click();
    const success = page.getByTestId('token-test-success');
    await success.waitFor({ timeout: 30_000 });
    assert.match(await success.innerText(), scope);
    if (ref === LONN_TEST) {
      await settled(page);
      await page.screenshot({ path: path.join(OUT, 'e2e-3-token-test.png') });
    }
    await page.getByRole('button', { name: /^close$/i }).click();
    await success.waitFor({ state: 'detached' });
  }
});

step('a non-owner does not see the key-generation action', async page => {
  const decisions = recordPermissionDecisions(page);
  await page.goto(`${APP_URL}/catalog/default/component/folkeregister-sync`);
  const card = maskinportenCard(page);
  await integration(card, FOLKEREGISTER).getByText('example-folkeregister-local').first().waitFor({ timeout: 60_000 });
  // The related prod client's only key has expired.
  await integration(card, FOLKEREGISTER_PROD).getByTestId('expiry-expired').first().waitFor({ timeout: 60_000 });
  // team-folkeregister owns this; the guest is in team-lonn. Wait for the denials to reach
  // the page, then check that the action is gone (it was there on lonn-service above).
  for (const ref of [FOLKEREGISTER, FOLKEREGISTER_PROD]) {
    assert.equal(await decisions.waitFor('maskinporten.key.create', ref), 'DENY', ref);
  }
  await integration(card, FOLKEREGISTER).getByRole('button', { name: /download gravitee definition/i }).waitFor();
  await settled(page);
  assert.equal(await card.getByRole('button', { name: /generate key/i }).count(), 0);
  assert.equal(await card.getByRole('button', { name: /test token/i }).count(), 0);
  await card.scrollIntoViewIfNeeded();
  await settled(page);
  await card.screenshot({ path: path.join(OUT, 'e2e-4-non-owner-card.png') });
});

step('invalid annotations are explained on the card', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/misconfigured-integration`);
  const card = maskinportenCard(page);
  await card.getByText('maskinporten.no/consumer-org').first().waitFor({ timeout: 60_000 });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(OUT, 'e2e-5-invalid-annotations.png') });
});

step('the self-service page lists the integrations with their owners', async page => {
  await page.goto(`${APP_URL}/maskinporten`);
  // Right after start-up the index may predate the catalog's first ingestion; Refresh syncs it now.
  await page.getByRole('button', { name: /refresh/i }).click();
  const table = page.getByRole('table', { name: 'Maskinporten integrations' });
  await table.getByText('example-lonn-local').first().waitFor({ timeout: 60_000 });
  await table.getByText('example-folkeregister-prod').first().waitFor({ timeout: 60_000 });
  const prodRow = page.getByTestId(`row-${FOLKEREGISTER_PROD}`);
  await prodRow.getByText(/team folkeregister|team-folkeregister/i).first().waitFor();
  // Below the table: when the expiry scan last ran and runs next, with "Scan now".
  await page.getByText(/^Next scan:/).first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /scan now/i }).waitFor();
  await settled(page);
  await page.screenshot({ path: path.join(OUT, 'e2e-6-self-service-page.png'), fullPage: true });
});

step('the template creates an integration that appears on its component', async page => {
  // Unique per run: the template writes a file the catalog keeps reading (examples/generated).
  const name = `e2e-${Date.now().toString(36)}`;
  const ref = `resource:default/${name}`;
  await page.goto(`${APP_URL}/create/templates/default/maskinporten-integration`);
  // RJSF ids; the pickers show entity titles, so type part of a title and pick the option.
  await page.locator('#root_name').fill(name);
  await page.locator('#root_owner').fill('Team L');
  await page.getByRole('option', { name: 'Team Lønn' }).click();
  await page.locator('#root_component').fill('Lønn');
  await page.getByRole('option', { name: 'Lønn service' }).click();
  await page.getByRole('button', { name: /^next$/i }).click();
  // `test` has a self-service API (the simulator), so the client is created there too.
  await page.locator('#root_environment').click();
  await page.getByRole('option', { name: /^test$/ }).click();
  await page.getByRole('button', { name: /^review$/i }).click();
  await page.getByRole('button', { name: /^create$/i }).click();
  // The task page shows the template's output links once every step has succeeded.
  await page.getByRole('link', { name: /open the component/i }).waitFor({ timeout: 180_000 });
  await settled(page);
  await page.screenshot({ path: path.join(OUT, 'e2e-7-template-done.png') });

  await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
  const card = maskinportenCard(page);
  await integration(card, ref).waitFor({ timeout: 60_000 });
  await integration(card, ref).getByTestId('expiry-ok').first().waitFor();
  await integration(card, ref).scrollIntoViewIfNeeded();
  await settled(page);
  await page.screenshot({ path: path.join(OUT, 'e2e-8-new-integration-on-card.png') });
});

step('a rotation keeps the old key registered until the new one works, then retires it', async page => {
  await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
  const own = integration(maskinportenCard(page), LONN);
  const oldKid = (await own.getByLabel(/^Active key /).first().getAttribute('aria-label')).replace('Active key ', '');
  await own.getByRole('button', { name: /^rotate key$/i }).click({ timeout: 60_000 });
  // The simulator accepts the new key at once, so the rotation reaches "verified": the new
  // key signs, the old one is still registered as retiring during the grace period.
  await own.getByLabel(`Retiring key ${oldKid}`).waitFor({ timeout: 60_000 });
  const newKid = (await own.getByLabel(/^Active key /).first().getAttribute('aria-label')).replace('Active key ', '');
  assert.notEqual(newKid, oldKid);
  await own.getByTestId('rotation-progress').waitFor();
  await own.scrollIntoViewIfNeeded();
  await settled(page);
  await own.screenshot({ path: path.join(OUT, 'e2e-9-rotation-window.png') });

  await own.getByRole('button', { name: /retire old keys now/i }).click();
  await own.getByLabel(`Retiring key ${oldKid}`).waitFor({ state: 'detached', timeout: 60_000 });
  await own.getByRole('button', { name: /test token/i }).click();
  // The old key has left the registered set, so a granted token means the new key signed.
  const success = page.getByTestId('token-test-success');
  await success.waitFor({ timeout: 30_000 });
  assert.match(await success.innerText(), /dfo:ansatte/);
  await page.getByRole('button', { name: /^close$/i }).click();
});

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  removeEarlierTemplateOutput();
  const portal = await startPortal();
  let failed = 0;
  let passed = 0;
  try {
    await registerLonnServiceKeys();
    const browser = await launch();
    try {
      const page = await signedInPage(browser);
      // E2E_ONLY=<regex> runs a subset while working on a step.
      const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : undefined;
      for (const { name, fn } of steps.filter(s => !only || only.test(s.name))) {
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
