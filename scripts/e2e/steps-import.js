// End-to-end step for clients imported from Digdir (the example simulator's hand-made
// clients): the card marks them, an unclaimed one says so, and the owner of a claimed one
// adopts it after a confirmation that says what changes.
const assert = require('node:assert/strict');
const { APP_URL } = require('./browser');
const h = require('./helpers');

const DIALOG = '[role="dialog"]';

/** Opens the imported integration's card through the page's search (its name is generated). */
async function openImported(page, clientId) {
  await page.goto(`${APP_URL}/maskinporten?q=${clientId}`);
  const row = page.locator('[data-testid^="row-resource:default/"]').first();
  await row.waitFor({ timeout: 120_000 });
  await row.getByRole('link').first().click();
  const card = h.maskinportenCard(page);
  await card.getByTestId('imported-from-digdir').waitFor({ timeout: 60_000 });
  return card;
}

module.exports = step => {
  step('imported from Digdir: marked on the card, unclaimed said so, a claimed one adopted after a confirmation', async page => {
    const unclaimed = await openImported(page, 'example-legacy-unknown-test');
    await unclaimed.getByTestId('unclaimed').waitFor();

    const card = await openImported(page, 'example-legacy-lonn-test');
    assert.equal(await card.getByTestId('unclaimed').count(), 0, 'claimed by the team-lonn rule');
    const section = card.locator('section[data-testid^="integration-"]').first();
    await h.expand(section);
    await section.getByRole('button', { name: /^adopt$/i }).click({ timeout: 30_000 });
    const dialog = page.locator(DIALOG).last();
    await dialog.getByText(/From now on the keys of client example-legacy-lonn-test \(test\) are managed here/).waitFor();
    await dialog.getByText(/existing keys stay registered at Digdir until a rotation replaces them/).waitFor();
    await h.checkAccessibility(page, DIALOG, 'adopt dialog');
    await h.shoot(page, 'dialog-adopt');
    await dialog.getByRole('button', { name: /^adopt$/i }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('Keys managed here', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(await section.getByRole('button', { name: /^adopt$/i }).count(), 0, 'adopted once');
    await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'card of an adopted import');
  });
};
