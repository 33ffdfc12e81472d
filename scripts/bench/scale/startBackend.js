'use strict';

/**
 * The parent's handle on one backend child (scale/backend.js): fork it on a free port, wait
 * until it is up, send it IPC commands, stop it. The child's stdout and stderr go to a log file
 * in the bench's temp directory, whose tail is attached to every error, because a backend that
 * fails in the middle of a ten-minute run otherwise leaves nothing to go on.
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { fork } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');

/** A port nothing listens on right now; another helper may be running a portal on this machine. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the backend for one database (`options`: { integrations, database }) and resolves when
 * it is ready, with { baseUrl, call(cmd, args), stop(), pid, startupMs, tail() }.
 */
async function startBackend(ctx, label, options) {
  const logFile = path.join(ctx.tmpDir, `${label}-backend.log`);
  const out = fs.openSync(logFile, 'a');
  const port = await freePort();
  const child = fork(path.join(__dirname, 'backend.js'), [], {
    stdio: ['ignore', out, out, 'ipc'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_SCALE_LOG_LEVEL || 'warn',
      SCALE_BENCH_OPTIONS: JSON.stringify({ ...options, port }),
    },
  });
  fs.closeSync(out);
  const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  let nextId = 0;
  const pending = new Map();
  let exited = false;
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = { resolve, reject };
  });
  child.on('message', message => {
    if (message.type === 'watch') return; // the node transform reports loaded files
    if ('ready' in message) {
      if (message.ready) onReady.resolve(message);
      else onReady.reject(new Error(`${label} backend did not start: ${message.error}`));
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(new Error(`${label} backend: ${message.error}`));
  });
  child.on('exit', code => {
    exited = true;
    const error = new Error(`${label} backend exited (${code}); last output:\n${tail()}`);
    onReady.reject(error);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(`${label} backend is not running`));
        return;
      }
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  // The two deadlines below are unref'd: the child keeps the event loop alive while they matter,
  // and a ref'd timer left over from a race the child won would hold the whole bench run open
  // until it fired (up to 180 s after the results were printed).
  const deadline = ms => sleep(ms, undefined, { ref: false });
  const stop = async () => {
    if (exited) return;
    const gone = new Promise(resolve => child.once('exit', resolve));
    await call('stop').catch(() => {});
    if ((await Promise.race([gone.then(() => true), deadline(20_000).then(() => false)])) === false) {
      child.kill('SIGKILL');
      await gone;
    }
  };
  try {
    const { startupMs } = await Promise.race([
      ready,
      deadline(180_000).then(() => {
        throw new Error(`${label} backend did not start within 180 s:\n${tail()}`);
      }),
    ]);
    return { baseUrl: `http://127.0.0.1:${port}`, call, stop, pid: child.pid, startupMs, tail };
  } catch (error) {
    await stop();
    throw error;
  }
}

module.exports = { startBackend };
