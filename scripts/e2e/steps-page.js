// End-to-end step for the self-service page: filters in the URL, a refused negative value,
// owners as links, only testable rows selectable, bulk test reasons in the rows.
const assert = require('node:assert/strict');
const { APP_URL } = require('./browser');
const h = require('./helpers');
const { CLIENTLESS_REF } = require('./steps-template');

const FOLKEREGISTER_PROD = 'resource:default/folkeregister-prod';
const LONN_TEST = 'resource:default/lonn-dfo-test';

module.exports = step => {
  step('the self-service page: readable table, filters in the URL, bulk test of the rows one may test', async page => {
    await page.goto(`${APP_URL}/maskinporten?within=-5`);
    const days = page.getByLabel('Expires within (days)');
    await page.getByText('Days cannot be negative: not applied').waitFor({ timeout: 60_000 });
    assert.equal(await days.getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: /^clear filters$/i }).click();
    await page.waitForURL(url => !url.search.includes('within'));

    // No Refresh: the backend follows the catalog by itself (a sync on the first read while
    // empty, then every 5 s for three minutes after start), so the rows appear on their own.
    const row = ref => page.getByTestId(`row-${ref}`);
    await row(FOLKEREGISTER_PROD).waitFor({ timeout: 90_000 });
    await row(FOLKEREGISTER_PROD).getByRole('link', { name: 'Team Folkeregister' }).waitFor();
    // Not the guest's: its box cannot be ticked, and its label says why.
    const locked = row(FOLKEREGISTER_PROD).getByRole('checkbox');
    await locked.and(page.getByLabel(/only its owners can test it/)).waitFor();
    assert.equal(await locked.isDisabled(), true);

    // Select all once the permission answers for every row the guest may test are in.
    for (const ref of [LONN_TEST, CLIENTLESS_REF]) {
      if (await row(ref).count()) await row(ref).locator('input[type="checkbox"]:not([disabled])').waitFor();
    }
    await page.getByRole('checkbox', { name: /select every integration on this page that you may test/i }).check();
    const testButton = page.getByRole('button', { name: /^test selected \(\d+\)$/i });
    assert.ok(!(await testButton.isDisabled()), 'something to test');
    await testButton.click();
    await row(LONN_TEST).getByText('Succeeded just now').waitFor({ timeout: 60_000 });
    if (await row(CLIENTLESS_REF).count()) {
      // No client id yet: the reason is written in the row.
      await row(CLIENTLESS_REF).getByText('Could not run').waitFor({ timeout: 60_000 });
      assert.match(await row(CLIENTLESS_REF).getByTestId('bulk-test-reason').innerText(), /no client id yet/);
    }
    await page.waitForFunction(() => !document.body.innerText.includes('Testing…'), undefined, { timeout: 60_000 });
    await page.getByText(/^Next scan:/).first().waitFor({ timeout: 30_000 });
    await h.checkAccessibility(page, '[data-testid="maskinporten-page"]', 'self-service page');
    await page.setViewportSize(h.WIDTHS[1].size);
    await h.checkAccessibility(page, '[data-testid="maskinporten-page"]', 'self-service page at 1024 px');
    await h.shoot(page, 'page', 'page');
  });
};
