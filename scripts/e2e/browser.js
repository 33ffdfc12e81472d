// Shared browser helpers for the portal's end-to-end scripts: Debian's Chromium driven by
// playwright-core (browser downloads are not possible here), and guest sign-in.
const { chromium } = require('playwright-core');

const APP_URL = process.env.APP_URL ?? 'http://localhost:3000';

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens a new context signed in as the guest user. Every context signs in again. */
async function signedInPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 120_000 });
  await enter.click();
  // Signed in once the app shell (the sidebar) renders instead of the sign-in card.
  await enter.waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('nav').first().waitFor({ state: 'attached', timeout: 60_000 });
  return page;
}

module.exports = { APP_URL, launch, signedInPage };
