import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { JWK } from 'jose';
import type { ClientRegistry, SimulatorClient, SimulatorClientSeed } from '../clients';
import type { SigningKeyRing } from '../signing';
import type { SimulatorClock } from '../clock';
import type { ReceivedRequest, SimulatorFaults } from '../faults';
import { createSimulatorCore, SimulatorCore } from './createRouter';
import type { SimulatorOptions } from './options';

/**
 * Options for {@link MaskinportenSimulator.start}.
 *
 * @public
 */
export interface SimulatorStartOptions extends Omit<SimulatorOptions, 'issuer'> {
  /** Port to listen on; default 0 (an ephemeral port, see `url`). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /**
   * Override the issuer (e.g. when the simulator is reached through a proxy).
   * Default `http://{host}:{port}/`.
   */
  issuer?: string;
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * A standalone Maskinporten simulator listening on its own HTTP port.
 *
 * @public
 */
export class MaskinportenSimulator {
  /** Base URL with trailing slash; equal to `issuer` unless overridden. */
  readonly url: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** `${url}api/v1` */
  readonly selfServiceBaseUrl: string;
  readonly clock: SimulatorClock;
  /**
   * Fault injection: `faults.add({ path: '/api/v1/clients', status: 500, times: 2 })`,
   * `faults.add({ method: 'POST', path: /jwks$/, afterHandling: true, hang: true })`,
   * `faults.clear()`.
   */
  readonly faults: SimulatorFaults;
  readonly #server: http.Server;
  readonly #registry: ClientRegistry;
  readonly #signingKey: SigningKeyRing;

  static async start(options: SimulatorStartOptions = {}): Promise<MaskinportenSimulator> {
    const { port = 0, host = '127.0.0.1', issuer: issuerOverride, ...rest } = options;
    const app = express();
    app.disable('x-powered-by');
    const server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    try {
      const address = server.address() as AddressInfo;
      const url = `http://${hostForUrl(host)}:${address.port}/`;
      const core = createSimulatorCore({ ...rest, issuer: issuerOverride ?? url });
      app.use(core.router);
      return new MaskinportenSimulator(server, url, core);
    } catch (err) {
      await new Promise(resolve => server.close(resolve));
      throw err;
    }
  }

  private constructor(server: http.Server, url: string, core: SimulatorCore) {
    this.#server = server;
    this.#registry = core.registry;
    this.#signingKey = core.signingKey;
    this.url = url;
    this.issuer = core.issuer;
    this.clock = core.clock;
    this.faults = core.faults;
    this.tokenEndpoint = `${url}token`;
    this.selfServiceBaseUrl = `${url}api/v1`;
  }

  /** Registers a client directly (bypassing the self-service API). */
  addClient(seed: SimulatorClientSeed): SimulatorClient {
    return this.#registry.addClient(seed);
  }

  /** A copy of the client, or undefined. */
  getClient(clientId: string): SimulatorClient | undefined {
    return this.#registry.getClient(clientId);
  }

  listClients(): SimulatorClient[] {
    return this.#registry.listClients();
  }

  /** Replaces a client's key set, with the same rules as `POST /clients/{id}/jwks`. */
  setClientKeys(clientId: string, keys: JWK[]): SimulatorClient {
    return this.#registry.replaceKeys(clientId, keys);
  }

  /** The kid of the key that signs the simulator's access tokens now. */
  get signingKid(): string {
    return this.#signingKey.kid;
  }

  /**
   * Makes a new signing key for access tokens and publishes it at `/jwk`, as Maskinporten
   * does when it changes its signing certificate. With `keepPrevious: false` the old key is
   * no longer published: a resource server that cached the JWKS must fetch it again when it
   * sees the new kid. Resolves with the new kid once a configured store has saved it.
   */
  rotateSigningKey(options: { keepPrevious?: boolean } = {}): Promise<string> {
    return this.#signingKey.rotate(options);
  }

  /** Deactivates a client, like `DELETE /clients/{id}`. */
  deactivateClient(clientId: string): SimulatorClient {
    return this.#registry.deactivateClient(clientId);
  }

  /** The requests received so far (method, path, status, fault), oldest first. */
  get requests(): ReceivedRequest[] {
    return this.faults.requests;
  }

  /** Forgets the requests received so far. */
  clearRequests(): void {
    this.faults.clearRequests();
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.close(err => (err ? reject(err) : resolve()));
      this.#server.closeAllConnections();
    });
  }
}
