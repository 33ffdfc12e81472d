import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalSyncFile } from '../management/gatewayEvent';

const MAX_OUTPUT = 200_000;
const BRIDGE_LINE = 'DEPLOY_BRIDGE_PORT=';

/**
 * The real Gravitee APIM gateway that `npm run test:gravitee` assembles from Maven Central
 * (scripts/gravitee/gateway; docs/adr/0005-real-gravitee.md), run as a child JVM. APIs reach
 * it through the deploy bridge, the service plugin that stands in for the sync service.
 *
 * Where it is: `GRAVITEE_GATEWAY_HOME` (lib/, plugins/, config/) and `GRAVITEE_JAVA_HOME`
 * (a JDK 21 or newer). `RealGateway.configured()` tells a suite whether to run.
 *
 * @public
 */
export class RealGateway {
  readonly #process: ChildProcess;
  readonly #output: string[];

  private constructor(
    process: ChildProcess,
    output: string[],
    readonly bridgeUrl: string,
    readonly url: string,
  ) {
    this.#process = process;
    this.#output = output;
  }

  static configured(): { home: string; javaHome: string } | undefined {
    const home = process.env.GRAVITEE_GATEWAY_HOME;
    const javaHome = process.env.GRAVITEE_JAVA_HOME;
    if (!home || !javaHome || !existsSync(join(home, 'lib')) || !existsSync(join(javaHome, 'bin', 'java'))) {
      return undefined;
    }
    return { home, javaHome };
  }

  /** Starts the gateway and waits until it listens; gives up after `timeoutMs`. */
  static async start(options: { home: string; javaHome: string; timeoutMs?: number }): Promise<RealGateway> {
    const { home, javaHome } = options;
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const child = spawn(
      join(javaHome, 'bin', 'java'),
      [
        '-Xms128m',
        '-Xmx512m',
        `-Dgravitee.home=${home}`,
        `-Dgravitee.conf=${join(home, 'config', 'gravitee.yml')}`,
        `-Dlogback.configurationFile=${join(home, 'config', 'logback.xml')}`,
        // As the distribution's bin/gravitee starts it.
        '-Dvertx.disableFileCaching=true',
        '-Dvertx.disableFileCPResolving=true',
        '-Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory',
        '-cp',
        join(home, 'lib', '*'),
        'io.gravitee.gateway.standalone.GatewayContainer',
      ],
      { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    let size = 0;
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      size += text.length;
      while (size > MAX_OUTPUT && output.length > 1) {
        size -= output.shift()!.length;
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    let exitCode: number | null | undefined;
    exited.then(code => {
      exitCode = code;
    });

    const fail = (why: string): never => {
      child.kill('SIGKILL');
      throw new Error(`The real Gravitee gateway ${why}. Its output ended with:\n${output.join('').slice(-4000)}`);
    };
    let bridgePort: number | undefined;
    while (bridgePort === undefined) {
      if (exitCode !== undefined) fail(`exited with ${exitCode} before its deploy bridge listened`);
      if (Date.now() > deadline) fail('did not start its deploy bridge in time');
      bridgePort = findBridgePort(output.join(''));
      if (bridgePort === undefined) await exitedOrDelay(exited, 200);
    }
    const bridgeUrl = `http://127.0.0.1:${bridgePort}`;
    for (;;) {
      if (exitCode !== undefined) fail(`exited with ${exitCode} before it listened`);
      if (Date.now() > deadline) fail('did not start listening in time');
      const status = await fetch(`${bridgeUrl}/status`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      if (status?.ok) {
        const { gatewayHttpPort } = (await status.json()) as { gatewayHttpPort: number };
        return new RealGateway(child, output, bridgeUrl, `http://127.0.0.1:${gatewayHttpPort}`);
      }
      await exitedOrDelay(exited, 200);
    }
  }

  /** Hands the gateway what the management API published; the API is registered on return. */
  async deploy(apiId: string, file: LocalSyncFile): Promise<void> {
    const res = await fetch(`${this.bridgeUrl}/apis/${encodeURIComponent(apiId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(file),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      throw new Error(`The gateway refused API ${apiId}: ${res.status} ${await res.text()}`);
    }
  }

  /** Hands the gateway new subscriptions and API keys of a deployed API (no redeploy). */
  async syncSubscriptions(apiId: string, file: LocalSyncFile): Promise<void> {
    const res = await fetch(`${this.bridgeUrl}/apis/${encodeURIComponent(apiId)}/subscriptions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(file),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      throw new Error(`The gateway refused the subscriptions of API ${apiId}: ${res.status} ${await res.text()}`);
    }
  }

  async undeploy(apiId: string): Promise<void> {
    await fetch(`${this.bridgeUrl}/apis/${encodeURIComponent(apiId)}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(30_000),
    });
  }

  /** The gateway's output so far (for a failing test's message). */
  output(): string {
    return this.#output.join('');
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = new Promise(resolve => this.#process.once('exit', resolve));
    this.#process.kill('SIGTERM');
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

function findBridgePort(text: string): number | undefined {
  const at = text.indexOf(BRIDGE_LINE);
  if (at < 0) return undefined;
  let digits = '';
  for (let i = at + BRIDGE_LINE.length; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
    digits += text[i];
  }
  const end = at + BRIDGE_LINE.length + digits.length;
  // The whole line must have arrived.
  return digits && end < text.length ? Number(digits) : undefined;
}

/** Waits `ms`, or less when the process exits first. Polling a condition, not a fixed sleep. */
function exitedOrDelay(exited: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([exited, new Promise(resolve => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
