import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { examplePortalFeatures } from '../examplePortal';

const REPO = path.resolve(__dirname, '../../../..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * The example portal's backend, as `npm run start:backend` runs it (app-config.yaml plus
 * app-config.simulator.yaml, every plugin of src/examplePortal.ts, the simulators), on a free
 * port so it never meets a portal someone else is running on 7007. The overlay only moves it
 * to that port, reads the example entities by absolute path, and swaps in what
 * NODE_ENV=test requires (a non-published key-encryption secret, the guest provider allowed
 * outside development).
 */
export async function startExamplePortal() {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const simulator = (pluginId: string) => ({
    issuer: `${baseUrl}/api/${pluginId}/`,
    tokenEndpoint: `${baseUrl}/api/${pluginId}/token`,
    selfService: { baseUrl: `${baseUrl}/api/${pluginId}/api/v1` },
  });
  const overlay = {
    backend: { baseUrl, listen: { port } },
    auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    catalog: { locations: [{ type: 'file', target: path.join(REPO, 'examples/entities.yaml') }] },
    maskinporten: {
      environments: {
        local: simulator('maskinporten-simulator'),
        test: simulator('maskinporten-simulator'),
        prod: simulator('maskinporten-simulator-prod'),
      },
      keyEncryption: { secret: 'example-portal-mcp-test-secret-Zq3vN8pL1xR7tY2wK9' },
      tokenTests: { rateLimitPerWindow: 100 },
    },
  };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'example-portal-'));
  const overlayFile = path.join(dir, 'app-config.test.yaml');
  // JSON is YAML.
  await fs.writeFile(overlayFile, JSON.stringify(overlay));

  const backend = createBackend();
  backend.add(
    rootConfigServiceFactory({
      argv: [
        '--config',
        path.join(REPO, 'app-config.yaml'),
        '--config',
        path.join(REPO, 'app-config.simulator.yaml'),
        '--config',
        overlayFile,
      ],
      watch: false,
    }),
  );
  for (const feature of examplePortalFeatures({ simulators: true, exampleKeys: false })) {
    backend.add(feature);
  }
  await backend.start();

  return {
    baseUrl,
    async stop() {
      await backend.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
