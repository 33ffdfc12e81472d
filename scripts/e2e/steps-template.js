// End-to-end steps for the scaffolder template: worded form errors, the result page with the
// step left and the JWK array, the new integration on its component's card, and the first
// key of a client that does not exist yet ("Generate key").
const assert = require('node:assert/strict');
const { APP_URL } = require('./browser');
const h = require('./helpers');

const DIALOG = '[role="dialog"]';
// Unique per run: the template writes files the catalog keeps reading (examples/generated).
const RUN = Date.now().toString(36);
const REGISTERED = `e2e-${RUN}`;
const CLIENTLESS = `e2e-${RUN}-new`;

/** Fills the template's first page; the pickers show entity titles, so pick by title. */
async function fillIntegrationPage(page, { title, name }) {
  await page.goto(`${APP_URL}/create/templates/default/maskinporten-integration`);
  await page.locator('#root_title').fill(title);
  await page.locator('#root_name').fill(name);
  await page.locator('#root_owner').fill('Team L');
  await page.getByRole('option', { name: 'Team Lønn' }).click();
  await page.locator('#root_component').fill('Lønn');
  await page.getByRole('option', { name: 'Lønn service' }).click();
}

/**
 * Picks `scope` in the template's scope picker, which lists the scopes the organisation may
 * use in the chosen environment (the simulator's seed: granted dfo:*, open kartverket:eiendom,
 * not granted nav:aareg). Returns the picker for further checks.
 */
async function pickScope(page, scope) {
  const picker = page.getByTestId('maskinporten-scope-picker');
  const input = picker.getByRole('textbox');
  await input.click();
  const list = page.getByRole('listbox');
  await list.getByRole('option', { name: new RegExp(`^${scope}`) }).click();
  await picker.getByRole('button', { name: scope }).waitFor();
  return picker;
}

async function create(page) {
  await page.getByRole('button', { name: /^review$/i }).click();
  await page.getByRole('button', { name: /^create$/i }).click();
  const result = page.getByTestId('maskinporten-template-result');
  await result.waitFor({ timeout: 180_000 });
  return result;
}

module.exports = step => {
  step('the template explains a wrong name in words and creates a registered integration', async page => {
    await fillIntegrationPage(page, { title: 'Lønn → DFØ (e2e)', name: 'Lønn DFØ' });
    await page.getByRole('button', { name: /^next$/i }).click();
    const error = page.getByText(/Use lowercase letters \(a–z\), digits and hyphens/).first();
    await error.waitFor();
    assert.equal(await page.getByText(/must match pattern/).count(), 0, 'no raw regex in the form');
    await h.shoot(page, 'template-form-error');
    await page.locator('#root_name').fill(REGISTERED);
    await page.getByRole('button', { name: /^next$/i }).click();
    // `test` has a self-service API (the simulator), so the client is created there too.
    await page.locator('#root_environment').click();
    await page.getByRole('option', { name: /^test$/ }).click();

    // The scope picker: what the organisation may use in test, the rest on request, marked.
    const picker = page.getByTestId('maskinporten-scope-picker');
    await picker.getByText(/The list shows the scopes your organisation may use in test/).waitFor({ timeout: 30_000 });
    await picker.getByRole('textbox').click();
    const list = page.getByRole('listbox');
    await list.getByRole('option', { name: /^kartverket:eiendom.*open to all/ }).waitFor();
    assert.equal(await list.getByRole('option', { name: /^nav:aareg/ }).count(), 0, 'not granted: hidden by default');
    await page.keyboard.press('Escape');
    await picker.getByRole('checkbox', { name: 'Also show scopes that need access' }).check();
    await picker.getByRole('textbox').click();
    const refused = list.getByRole('option', { name: /^nav:aareg/ });
    await refused.waitFor();
    assert.match(await refused.innerText(), /access must be requested from organisation 889640782/);
    assert.equal(await refused.getAttribute('aria-disabled'), 'true');
    await h.shoot(page, 'template-scope-picker');
    await page.keyboard.press('Escape');
    await pickScope(page, 'dfo:ansatte');

    const result = await create(page);
    assert.match(await result.getByTestId('template-next-step').innerText(), /^Digdir has the key: client \S+ in test/);
    await result.getByTestId('jwks-json').locator('pre').waitFor();
    await result.getByRole('button', { name: 'Copy JWK array' }).waitFor();
    await h.checkAccessibility(page, '[data-testid="maskinporten-template-result"]', 'template result');
    await h.shoot(page, 'template-result');

    await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
    const section = h.integration(h.maskinportenCard(page), `resource:default/${REGISTERED}`);
    await section.getByRole('heading', { name: 'Lønn → DFØ (e2e)' }).waitFor({ timeout: 60_000 });
    await section.getByTestId('expiry-ok').first().waitFor();
  });

  step('a client that does not exist yet: the result page says to create it, and "Generate key" explains itself', async page => {
    await fillIntegrationPage(page, { title: 'Lønn → DFØ (new client)', name: CLIENTLESS });
    await page.getByRole('button', { name: /^next$/i }).click();
    await page.locator('#root_environment').click();
    await page.getByRole('option', { name: /^test$/ }).click();
    await pickScope(page, 'dfo:ansatte');
    await page.locator('#root_registerWithDigdir').uncheck();
    const result = await create(page);
    assert.match(await result.getByTestId('template-next-step').innerText(), /^Create the client in Samarbeidsportalen \(test\)/);
    await h.shoot(page, 'template-result-new-client');

    await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
    const section = h.integration(h.maskinportenCard(page), `resource:default/${CLIENTLESS}`);
    await section.waitFor({ timeout: 60_000 });
    await h.expand(section);
    await section.getByRole('button', { name: /^generate key$/i }).click({ timeout: 30_000 });
    const dialog = page.locator(DIALOG).last();
    await dialog.waitFor();
    await dialog.getByText(/has no client id yet/).waitFor();
    await h.shoot(page, 'dialog-generate-key');
    await dialog.getByRole('button', { name: /^generate$/i }).click();
    await dialog.getByTestId('samarbeidsportalen-steps').waitFor({ timeout: 60_000 });
    await dialog.getByTestId('jwks-json').locator('pre').waitFor();
    await h.checkAccessibility(page, DIALOG, 'generate key dialog');
    await h.shoot(page, 'dialog-generate-key-done');
    await dialog.getByRole('button', { name: /^close$/i }).click();
    await dialog.waitFor({ state: 'detached' });
  });
};

module.exports.CLIENTLESS_REF = `resource:default/${CLIENTLESS}`;
