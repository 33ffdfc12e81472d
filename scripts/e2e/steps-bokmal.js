// End-to-end step in Norwegian: the user switches the portal to bokmål under Settings, and
// the card and the self-service page speak it (screenshots e2e-card-nb-*, e2e-page-nb-*).
// Switches back to English at the end, since the choice is kept for the browser.
const assert = require('node:assert/strict');
const { APP_URL } = require('./browser');
const h = require('./helpers');

async function chooseLanguage(page, current, wanted) {
  await page.goto(`${APP_URL}/settings`);
  const select = page.getByRole('button', { name: new RegExp(current, 'i') }).first();
  await select.waitFor({ timeout: 60_000 });
  await select.click();
  await page.getByRole('option', { name: new RegExp(`^${wanted}$`, 'i') }).click();
  await page.getByRole('option').first().waitFor({ state: 'detached' });
}

module.exports = step => {
  step('in bokmål: the settings switch the portal to Norwegian, and the card and the page speak it', async page => {
    await chooseLanguage(page, 'English', 'Norsk bokmål');
    try {
      await page.goto(`${APP_URL}/catalog/default/component/lonn-service`);
      const card = h.maskinportenCard(page);
      const own = h.integration(card, 'component:default/lonn-service');
      await own.getByRole('button', { name: /^(detaljer|skjul detaljer)$/i }).waitFor({ timeout: 60_000 });
      await card.getByText('Siste tokentest:').first().waitFor();
      await card.getByText(/^Neste utløpssjekk/).waitFor({ timeout: 30_000 });
      assert.equal(await card.getByText('Last token test:').count(), 0, 'no English left on the card');
      await h.checkAccessibility(page, '[data-testid="maskinporten-card"]', 'card in bokmål');
      await h.shoot(page, 'card-nb', card);

      await page.goto(`${APP_URL}/maskinporten`);
      const body = page.getByTestId('maskinporten-page');
      await body.getByText('Alle Maskinporten-integrasjoner i katalogen som du kan se', { exact: false }).waitFor({ timeout: 60_000 });
      await page.getByTestId('row-resource:default/folkeregister-prod').waitFor({ timeout: 90_000 });
      await body.getByRole('columnheader', { name: 'Nøkkelutløp' }).waitFor();
      await body.getByText(/^Neste sjekk:/).waitFor({ timeout: 30_000 });
      await h.checkAccessibility(page, '[data-testid="maskinporten-page"]', 'self-service page in bokmål');
      await h.shoot(page, 'page-nb', 'page');
    } finally {
      await chooseLanguage(page, 'Norsk bokmål', 'English');
    }
  });
};
