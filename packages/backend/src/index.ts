import { createBackend } from '@backstage/backend-defaults';
import { examplePortalFeatures } from './examplePortal';

const backend = createBackend();

// The example portal's Maskinporten environments are simulators: unauthenticated stand-ins
// with a well-known admin token, so they (and the backdated example keys) only run in
// development.
const development = process.env.NODE_ENV === 'development';
for (const feature of examplePortalFeatures({ simulators: development, exampleKeys: development })) {
  backend.add(feature);
}

backend.start();
