// End-to-end: the gateway follows the key (issue 14), on the example portal's Gravitee (the
// gravitee-simulator plugin: the management API double and a gateway that runs the token
// service). From the card: 1. deploy the token service, 2. test through the gateway, 3. rotate,
// 4. the gateway is redeployed and tested, the old key retired, 5. test through it again.
// One screenshot per step (e2e-gateway-<n>-…), every wait for a condition.
const assert = require('node:assert/strict');
const h = require('./helpers');
const { closeDialog, openCard, signingKid } = require('./steps-card');

const LONN = 'component:default/lonn-service';
const DIALOG = '[role="dialog"]';

/** The row of lonn-service's own Gravitee deployment in the Gateways section. */
function gatewayRow(section) {
  return section.getByTestId('gateway-deployments').locator('li[data-testid^="gateway-"]').first();
}

function gatewaySteps(step) {
  step('the gateway follows the key: deploy, test through it, rotate, redeployed and old key retired, test again', async page => {
    const card = await openCard(page, 'lonn-service');
    const own = h.integration(card, LONN);
    await h.expand(own);
    const gateways = own.getByTestId('gateway-deployments');

    // 1. Deploy the token service to Gravitee.
    await own.getByRole('button', { name: /^deploy to gravitee$/i }).click({ timeout: 30_000 });
    const deploy = page.locator(DIALOG).filter({ hasText: 'Deploy to Gravitee' }).last();
    await deploy.getByRole('button', { name: /^deploy$/i }).click();
    await deploy.getByText(/^(Created|Updated) API /).waitFor({ timeout: 60_000 });
    await h.checkAccessibility(page, DIALOG, 'Gravitee deploy dialog');
    await closeDialog(page, deploy);
    const row = gatewayRow(own);
    await row.getByTestId('gateway-status-in-sync').waitFor({ timeout: 60_000 });
    const kid = await signingKid(own);
    assert.match(await row.innerText(), new RegExp(`signs with ${kid}`));
    await h.checkAccessibility(page, '[data-testid="gateway-deployments"]', 'gateway deployments');
    await h.shoot(page, 'gateway-1-deployed', gateways);

    // 2. Test through the gateway: a token request through the deployed token service.
    await row.getByRole('button', { name: /^test through the gateway$/i }).click();
    await row.getByTestId('gateway-last-test').filter({ hasText: 'token received' }).waitFor({ timeout: 60_000 });
    await h.shoot(page, 'gateway-2-tested', gateways);

    // 3. Rotate: the new key is registered and verified, then the gateway carried.
    await own.getByRole('button', { name: /^rotate key$/i }).click({ timeout: 30_000 });
    const confirm = page.getByTestId('confirm-rotate');
    await confirm.getByRole('button', { name: /^rotate key$/i }).click();
    const carried = own.getByTestId('rotation-gateways');
    await carried.getByText(/token through it works/).waitFor({ timeout: 60_000 });
    const newKid = await signingKid(own);
    assert.notEqual(newKid, kid);
    assert.match(await own.locator('[aria-current="step"]').first().innerText(), /Gateways follow/);
    await h.shoot(page, 'gateway-3-rotated', own.getByTestId('key-rotation'));

    // 4. The gateway signs with the new key (redeployed, tested); the old key is retired.
    await row.getByText(new RegExp(`signs with ${newKid}`)).waitFor({ timeout: 60_000 });
    await own.getByRole('button', { name: /retire old keys now/i }).click();
    const retire = page.getByTestId('confirm-retire');
    await retire.getByRole('button', { name: /retire old keys now/i }).click();
    await own.getByTestId(`key-${kid}`).getByTestId('key-state-revoked').waitFor({ timeout: 60_000 });
    await row.getByTestId('gateway-status-in-sync').waitFor();
    await h.shoot(page, 'gateway-4-retired', own);

    // 5. Test through the gateway again: only the new key is registered, so a token means it signed.
    await row.getByRole('button', { name: /^test through the gateway$/i }).click();
    await row
      .getByTestId('gateway-last-test')
      .filter({ hasText: 'token received' })
      .waitFor({ timeout: 60_000 });
    await h.checkAccessibility(page, '[data-testid="gateway-deployments"]', 'gateway deployments after rotation');
    await h.shoot(page, 'gateway-5-tested-again', gateways);
  });
}

module.exports = gatewaySteps;
