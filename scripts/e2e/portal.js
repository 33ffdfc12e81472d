// Starts the example portal (`npm start`) for the end-to-end scripts and stops it again.
const { spawn } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const BACKEND_URL = process.env.BACKEND_URL ?? 'http://localhost:7007';
const APP_URL = process.env.APP_URL ?? 'http://localhost:3000';

async function isUp(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    return false;
  }
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isUp(url)) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
}

/**
 * Uses a portal that is already running, or starts one in its own process group so that
 * `stop()` ends the backend and the dev server together.
 */
async function startPortal() {
  const health = `${BACKEND_URL}/api/maskinporten/health`;
  if ((await isUp(health)) && (await isUp(APP_URL))) {
    return { stop: async () => {} };
  }
  // E2E_EXTRA_CONFIG: one more app-config file, e.g. other ports for a second portal.
  const extra = process.env.E2E_EXTRA_CONFIG
    ? ['--', '--config', path.resolve(process.env.E2E_EXTRA_CONFIG)]
    : [];
  const child = spawn('npm', ['start', ...extra], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  let log = '';
  const keep = chunk => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    await waitFor(health, 180_000);
    // The dev server answers only once the bundle is built.
    await waitFor(APP_URL, 300_000);
  } catch (error) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // the portal died by itself; its output below says why
    }
    throw new Error(`${error.message}\n--- portal output ---\n${log}`);
  }
  return {
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    },
  };
}

module.exports = { APP_URL, BACKEND_URL, startPortal };
