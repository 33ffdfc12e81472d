// End-to-end steps on the entity card: keys, token tests, the JWK array, the Gravitee
// download, a non-owner's view, invalid annotations, and a rotation with its confirmations.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { APP_URL } = require('./browser');
const { ensureUnuploadedKey, uploadToSamarbeidsportalen } = require('./api');
const h = require('./helpers');

const LONN = 'component:default/lonn-service';
const LONN_TEST = 'resource:default/lonn-dfo-test';
const LONN_PROD = 'resource:default/lonn-dfo-prod';
const FOLKEREGISTER = 'component:default/folkeregister-sync';
const FOLKEREGISTER_PROD = 'resource:default/folkeregister-prod';
const DIALOG = '[role="dialog"]';

async function openCard(page, name) {
  await page.goto(`${APP_URL}/catalog/default/component/${name}`);
  const card = h.maskinportenCard(page);
  await card.getByRole('heading', { level: 2, name: 'Maskinporten' }).waitFor({ timeout: 60_000 });
  return card;
}

async function closeDialog(page, dialog) {
  await dialog.getByRole('button', { name: /^close$/i }).last().click();
  await dialog.waitFor({ state: 'detached' });
}

/** The kid of the key with the "signing" chip in an expanded integration. */
async function signingKid(section) {
  const row = section.locator('li[data-testid^="key-"]', { has: section.page().getByTestId('key-state-signing') });
  return (await row.first().getAttribute('data-testid')).replace(/^key-/, '');
}

function cardSteps(step) {
  step('an unuploaded key: MP-100 says "upload it", the JWK array is one click away, and after the upload the token works', async page => {
    if (!(await ensureUnuploadedKey())) {
      return 'skipped: lonn-service has a confirmed key from an earlier run; restart the portal';
    }
    const card = await openCard(page, 'lonn-service');
    const own = h.integration(card, LONN);
    await own.getByTestId('summary-unconfirmed-key').waitFor({ timeout: 60_000 });
    await h.expand(own);
    await own.getByRole('button', { name: /^test token$/i }).click();
    const failure = page.getByTestId('token-test-failure');
    await failure.waitFor({ timeout: 30_000 });
    assert.match(await failure.getByTestId('token-test-meaning').innerText(), /has not been uploaded to Digdir yet/);
    await h.checkAccessibility(page, DIALOG, 'token test dialog (MP-100)');
    await h.shoot(page, 'dialog-token-test-unuploaded-key');

    await failure.getByRole('button', { name: /^show jwk array$/i }).click();
    const keySet = page.locator(DIALOG).filter({ hasText: 'JWK array:' }).last();
    const json = keySet.getByTestId('jwks-json');
    await json.locator('pre').waitFor();
    await h.checkAccessibility(page, DIALOG, 'JWK array dialog');
    await h.shoot(page, 'dialog-jwk-array');
    // The user copies the array and pastes it into Samarbeidsportalen (here: the simulator).
    const jwkArray = JSON.parse(await json.locator('pre').innerText());
    assert.ok(jwkArray.length > 0 && jwkArray.every(jwk => !('d' in jwk)), 'public keys only');
    await uploadToSamarbeidsportalen('example-lonn-local', jwkArray);
    await closeDialog(page, keySet);
    await closeDialog(page, page.locator(DIALOG).last());

    await own.getByRole('button', { name: /^test token$/i }).click();
    const success = page.getByTestId('token-test-success');
    await success.waitFor({ timeout: 30_000 });
    assert.match(await success.innerText(), /dfo:ansatte/);
    await h.checkAccessibility(page, DIALOG, 'token test dialog (success)');
    await h.shoot(page, 'dialog-token-test-success');
    await closeDialog(page, page.locator(DIALOG).last());
    return undefined;
  });

  step("the owner's card: a summary per integration, details on demand, one legend for key states", async page => {
    const card = await openCard(page, 'lonn-service');
    // Its own integration and the two resources it dependsOn, whose keys the backend seeded
    // backdated at start-up (maskinporten.examples.backdatedKeys).
    await h.integration(card, LONN).getByTestId('expiry-ok').first().waitFor({ timeout: 60_000 });
    await h.integration(card, LONN_TEST).getByTestId('expiry-warning').first().waitFor({ timeout: 60_000 });
    await h.integration(card, LONN_PROD).getByTestId('expiry-critical').first().waitFor({ timeout: 60_000 });
    const headings = await card.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.equal(headings[0], 'Lønn service (this component)');
    assert.ok(headings.includes('Lønn → DFØ (test)') && headings.includes('Lønn → DFØ (prod)'), headings.join());
    await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'owner card (summaries)');
    await h.shoot(page, 'card-owner', card);

    await h.expand(h.integration(card, LONN));
    await h.integration(card, LONN).getByRole('button', { name: /^rotate key$/i }).waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: /what do the key states mean/i }).click();
    await card.getByTestId('key-state-legend').waitFor();
    await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'owner card (details, legend)');
    await page.setViewportSize(h.WIDTHS[1].size);
    await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'owner card at 1024 px');
    await h.shoot(page, 'card-owner-details', card);

    // The seeded test key is registered with the simulator: its token test succeeds.
    const test = h.integration(card, LONN_TEST);
    await h.expand(test);
    await test.getByRole('button', { name: /^test token$/i }).click();
    await page.getByTestId('token-test-success').waitFor({ timeout: 30_000 });
    await closeDialog(page, page.locator(DIALOG).last());
  });

  step('the Gravitee download is a dialog for a usable key, and the lint panel accepts the file', async page => {
    const card = await openCard(page, 'lonn-service');
    // A `test` integration: the example's `local` environment shares test's issuer, which the
    // lint used to mistake for a key of the wrong environment.
    const test = h.integration(card, LONN_TEST);
    await h.expand(test);
    await test.getByRole('button', { name: /download gravitee definition/i }).click();
    const dialog = page.locator(DIALOG).last();
    // Inline: the only mode whose file Gravitee accepts as is (a placeholder is a lint error by
    // design); the guest owns the integration, and the file is deleted after the lint.
    await dialog.getByRole('radio', { name: 'Inline private key' }).check();
    await h.checkAccessibility(page, DIALOG, 'Gravitee download dialog');
    await h.shoot(page, 'dialog-gravitee-download');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: /^download$/i }).click(),
    ]);
    const file = path.join(h.OUT, '..', 'lonn-dfo-test-gravitee-v2.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await download.saveAs(file);

    await page.goto(`${APP_URL}/maskinporten`);
    await page.getByRole('button', { name: 'Lint a Gravitee definition' }).click();
    await page.getByLabel('Upload a Gravitee definition').setInputFiles(file);
    const verdict = page.getByText(/No findings in this v2 definition|findings? in this v2 definition/);
    await verdict.first().waitFor({ timeout: 30_000 });
    const errors = await page.getByTestId('lint-finding').filter({ hasText: /^error/ }).count();
    const text = await page.locator('[aria-label="Lint findings"]').innerText().catch(() => '');
    assert.equal(errors, 0, `the card's own download has lint errors:\n${text}`);
    fs.rmSync(file);
  });

  step("a non-owner sees who owns the integration and whom to ask, and no key actions", async page => {
    const decisions = h.recordPermissionDecisions(page);
    const card = await openCard(page, 'folkeregister-sync');
    await h.integration(card, FOLKEREGISTER_PROD).getByTestId('expiry-expired').first().waitFor({ timeout: 60_000 });
    // team-folkeregister owns these; the guest is in team-lonn.
    for (const ref of [FOLKEREGISTER, FOLKEREGISTER_PROD]) {
      assert.equal(await decisions.waitFor('maskinporten.key.create', ref), 'DENY', ref);
    }
    const note = h.integration(card, FOLKEREGISTER).getByTestId('owner-note');
    assert.match(await note.innerText(), /^Owned by Team Folkeregister: ask them to rotate its keys/);
    for (const ref of [FOLKEREGISTER, FOLKEREGISTER_PROD]) await h.expand(h.integration(card, ref));
    await h.settled(page);
    for (const name of [/generate key/i, /rotate key/i, /create key/i, /show jwk array/i, /test token/i]) {
      assert.equal(await card.getByRole('button', { name }).count(), 0, String(name));
    }
    // The expired prod key leaves nothing to put in a Gravitee definition.
    assert.equal(await h.integration(card, FOLKEREGISTER_PROD).getByRole('button', { name: /download gravitee/i }).count(), 0);
    await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'non-owner card');
    await h.shoot(page, 'card-non-owner', card);
  });

  step('invalid annotations are explained on the card', async page => {
    const card = await openCard(page, 'misconfigured-integration');
    await card.getByText('maskinporten.no/consumer-org').first().waitFor({ timeout: 60_000 });
    await h.shoot(page, 'card-invalid-annotations', card);
  });

}

function rotationSteps(step) {
  step('rotating and retiring keys are confirmed first, saying what happens to Digdir (prod too)', async page => {
    const card = await openCard(page, 'lonn-service');
    const prod = h.integration(card, LONN_PROD);
    await h.expand(prod);
    await prod.getByRole('button', { name: /^rotate key$/i }).click({ timeout: 30_000 });
    let confirm = page.getByTestId('confirm-rotate');
    assert.match(await confirm.getByTestId('production-warning').innerText(), /production client example-lonn-prod/);
    await h.checkAccessibility(page, DIALOG, 'rotate confirmation (prod)');
    await h.shoot(page, 'dialog-confirm-rotate-prod');
    await confirm.getByRole('button', { name: /^cancel$/i }).click();
    await confirm.waitFor({ state: 'detached' });

    const own = h.integration(card, LONN);
    await h.expand(own);
    const oldKid = await signingKid(own);
    await own.getByRole('button', { name: /^rotate key$/i }).click({ timeout: 30_000 });
    confirm = page.getByTestId('confirm-rotate');
    assert.match(await confirm.innerText(), new RegExp(`next to the current keys \\(${oldKid}`));
    await h.shoot(page, 'dialog-confirm-rotate');
    await confirm.getByRole('button', { name: /^rotate key$/i }).click();
    // The simulator accepts the new key at once, so the rotation reaches "verified": the new
    // key signs, the old one is still registered as retiring during the grace period.
    await own.getByTestId(`key-${oldKid}`).getByTestId('key-state-retiring').waitFor({ timeout: 60_000 });
    const newKid = await signingKid(own);
    assert.notEqual(newKid, oldKid);
    const current = own.locator('[aria-current="step"]');
    assert.match(await current.innerText(), /New key verified/);
    await h.shoot(page, 'card-rotation-verified', own);

    await own.getByRole('button', { name: /retire old keys now/i }).click();
    const retire = page.getByTestId('confirm-retire');
    assert.match(await retire.innerText(), new RegExp(`removes ${oldKid} from the keys Digdir has registered`));
    await h.checkAccessibility(page, DIALOG, 'retire confirmation');
    await h.shoot(page, 'dialog-confirm-retire');
    await retire.getByRole('button', { name: /retire old keys now/i }).click();
    await own.getByTestId(`key-${oldKid}`).getByTestId('key-state-revoked').waitFor({ timeout: 60_000 });
    await own.getByRole('button', { name: /^test token$/i }).click();
    // The old key has left the registered set, so a granted token means the new key signed.
    const success = page.getByTestId('token-test-success');
    await success.waitFor({ timeout: 30_000 });
    assert.match(await success.innerText(), /dfo:ansatte/);
    await closeDialog(page, page.locator(DIALOG).last());
  });
}

module.exports = { cardSteps, rotationSteps, openCard, closeDialog, signingKid };
