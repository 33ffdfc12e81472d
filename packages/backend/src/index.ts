import { createBackend } from '@backstage/backend-defaults';
import { maskinportenSimulatorPlugin } from '@maskinporten-backstage/maskinporten-simulator';
import { ownerPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(ownerPermissionPolicyModule);
backend.add(import('@maskinporten-backstage/plugin-maskinporten-backend'));
// The example portal's `local` Maskinporten environment: an unauthenticated stand-in with a
// well-known admin token, so it only runs in development.
if (process.env.NODE_ENV === 'development') {
  backend.add(maskinportenSimulatorPlugin);
}

backend.start();
