import { LoggerService } from '@backstage/backend-plugin-api';
import { ClientClaims } from '../access/clientClaims';
import { KeyStore, RenewalCandidate, RotationStore } from '../database';
import { DigdirSelfService, RegisteredJwk } from '../digdir/types';
import { KeyIssuer } from '../keys/KeyIssuer';
import { RotationConfig } from './readRotationConfig';
import { ROTATION_PRINCIPAL, RotationSteps } from './RotationSteps';
import { publicMembers } from '../digdir/selfServiceResponses';

const DAY_MS = 86_400_000;

/**
 * Renewal: re-posts the registered set of every self-service client whose active key expires
 * within `renewWithinDays`. Digdir restarts each posted key's year, so the same key lives on
 * and no gateway needs a redeploy. Records each `exp` as read back.
 */
export async function renewRegisteredKeys(options: {
  digdir?: DigdirSelfService;
  keys: KeyStore;
  rotations: RotationStore;
  issuer: KeyIssuer;
  clientClaims: Pick<ClientClaims, 'assertHeld'>;
  rotationConfig: RotationConfig;
  logger: LoggerService;
  steps: Pick<RotationSteps, 'recordExpiries'>;
  now: () => Date;
}): Promise<number> {
  const { digdir, keys, rotations, rotationConfig, logger, clientClaims, steps } = options;
  if (!digdir) {
    return 0;
  }
  const now = options.now();
  const candidates = await keys.listActiveExpiringBefore(
    new Date(now.getTime() + rotationConfig.renewWithinDays * DAY_MS),
  );
  const clients = new Map<string, RenewalCandidate[]>();
  for (const candidate of candidates) {
    if (!digdir.isConfigured(candidate.environment)) {
      continue;
    }
    const id = `${candidate.entityRef}|${candidate.environment}|${candidate.clientId}`;
    clients.set(id, [...(clients.get(id) ?? []), candidate]);
  }
  let renewed = 0;
  for (const group of clients.values()) {
    const { entityRef, environment, clientId } = group[0];
    // An open rotation re-posts the set itself, and must not race a renewal.
    if (await rotations.getOpen({ entityRef, environment })) {
      continue;
    }
    try {
      await clientClaims.assertHeld({ entityRef, environment, clientId }, ROTATION_PRINCIPAL);
      // The same per-client lock as rotation steps: a renewal re-posts the whole set, and
      // must not drop a key that a concurrent rotation has just added.
      const result: RegisteredJwk[] | undefined = await rotations.withClientLock(environment, clientId, async () => {
        const current = await digdir.getJwks(environment, clientId);
        if (!group.some(c => current.some(key => key.kid === c.kid))) {
          return undefined;
        }
        return digdir.replaceJwks(environment, clientId, current.map(publicMembers));
      });
      if (!result) {
        logger.warn(`Not renewing ${entityRef} (${environment}): its active key is not registered on client ${clientId}`);
        continue;
      }
      await steps.recordExpiries({ entityRef, environment }, result);
      await options.issuer.refreshIndexedExpiry({ entityRef, environment }, options.now());
      renewed++;
      logger.info(`Renewed the registered keys of ${entityRef} (${environment}, client ${clientId}): ${describeExpiries(result)}`);
    } catch (error) {
      logger.warn(`Could not renew the keys of ${entityRef} (${environment}): ${(error as Error).message}`);
    }
  }
  return renewed;
}

function describeExpiries(keys: RegisteredJwk[]): string {
  return keys
    .map(key => `${key.kid} until ${key.exp ? new Date(key.exp * 1000).toISOString() : 'unknown'}`)
    .join(', ');
}
