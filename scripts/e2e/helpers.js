// Locators, waits, screenshots at both widths and the accessibility check shared by the
// end-to-end steps. Every wait is for a condition, never a fixed sleep.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const OUT = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(__dirname, '../../docs/images')
  : path.resolve(__dirname, '../../test-results/e2e');

/** The two widths the issue asks for: a laptop and a small desktop. */
const WIDTHS = [
  { name: '1440', size: { width: 1440, height: 1000 } },
  { name: '1024', size: { width: 1024, height: 768 } },
];

function maskinportenCard(page) {
  return page.getByTestId('maskinporten-card').first();
}

/** One integration's section on the card (the entity's own, or a related resource's). */
function integration(card, entityRef) {
  return card.getByTestId(`integration-${entityRef}`);
}

/** Opens an integration's details (the card shows summaries when it has several). */
async function expand(section) {
  const toggle = section.getByRole('button', { name: /^(details|hide details)$/i });
  await toggle.waitFor({ timeout: 60_000 });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await section.getByTestId('integration-details').waitFor();
  // Let the details finish opening and the actions appear before anything is clicked in them.
  await section.getByTestId('integration-actions').waitFor({ state: 'attached' });
  await settled(section.page());
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

/**
 * Screenshots at 1440 and 1024 px: `e2e-<name>-1440.png` and `-1024.png`. `target` is a
 * locator (the card), 'page' (the whole scrolled page) or 'viewport' (a dialog over the page).
 */
async function shoot(page, name, target = 'viewport') {
  for (const width of WIDTHS) {
    await page.setViewportSize(width.size);
    await settled(page);
    const file = path.join(OUT, `e2e-${name}-${width.name}.png`);
    if (target === 'viewport' || target === 'page') {
      await page.screenshot({ path: file, fullPage: target === 'page' });
    } else {
      await target.scrollIntoViewIfNeeded();
      await settled(page);
      await target.screenshot({ path: file });
    }
  }
  await page.setViewportSize(WIDTHS[0].size);
  await settled(page);
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = ['serious', 'critical'];
const axeReport = [];

/**
 * Runs axe-core on one part of the page (the card, the page body, a dialog) and fails on
 * serious or critical violations there. Every finding is kept for test-results/e2e/axe.json.
 */
async function checkAccessibility(page, selector, label) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  await settled(page);
  const violations = await page.evaluate(async include => {
    const result = await window.axe.run({ include: [include] }, { resultTypes: ['violations'] });
    return result.violations.map(violation => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map(node => ({ target: node.target.join(' '), summary: node.failureSummary })),
    }));
  }, selector);
  axeReport.push({ label, selector, violations });
  const blocking = violations.filter(violation => BLOCKING.includes(violation.impact));
  assert.deepEqual(
    blocking.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target).join('; ')})`),
    [],
    `axe-core on ${label}`,
  );
  return violations;
}

function writeAxeReport() {
  const dir = path.resolve(__dirname, '../../test-results/e2e');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'axe.json'), `${JSON.stringify(axeReport, null, 2)}\n`);
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

/** Integrations an earlier run created through the template (examples/generated is git-ignored). */
function removeEarlierTemplateOutput() {
  const dir = path.resolve(__dirname, '../../examples/generated');
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (/^default\.resource\.e2e-[a-z0-9-]+\.ya?ml$/.test(file)) fs.rmSync(path.join(dir, file));
  }
}

module.exports = {
  OUT,
  WIDTHS,
  checkAccessibility,
  expand,
  integration,
  maskinportenCard,
  recordPermissionDecisions,
  removeEarlierTemplateOutput,
  settled,
  shoot,
  writeAxeReport,
};
