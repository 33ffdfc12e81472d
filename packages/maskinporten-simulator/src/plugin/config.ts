import type { RootConfigService } from '@backstage/backend-plugin-api';
import type { JWK } from 'jose';
import type { SimulatorClientSeed } from '../clients';
import type { SimulatorScopeSeed } from '../scopes';
import type { SimulatorOptions } from '../server';

/**
 * Reads a simulator's config block (everything but the issuer): `maskinportenSimulator`
 * unless another key is given, for a second simulator in the same backend.
 */
export function readSimulatorConfig(
  config: RootConfigService,
  configKey: string = 'maskinportenSimulator',
): Omit<SimulatorOptions, 'issuer' | 'clock' | 'signingKeyStore'> {
  const block = config.getOptionalConfig(configKey);
  if (!block) {
    return {};
  }
  const clients: SimulatorClientSeed[] | undefined = block
    .getOptionalConfigArray('clients')
    ?.map(c => ({
      clientId: c.getString('clientId'),
      scopes: c.getStringArray('scopes'),
      clientName: c.getOptionalString('clientName'),
      description: c.getOptionalString('description'),
      consumerOrgs: c.getOptionalStringArray('consumerOrgs'),
      keys: c.getOptional<JWK[]>('keys'),
      accessTokenLifetimeSeconds: c.getOptionalNumber('accessTokenLifetimeSeconds'),
    }));
  return {
    clients,
    scopes: block.getOptional<Array<string | SimulatorScopeSeed>>('scopes'),
    ownedPrefixes: block.getOptionalStringArray('ownedPrefixes'),
    adminToken: block.getOptionalString('adminToken'),
    accessTokenLifetimeSeconds: block.getOptionalNumber('accessTokenLifetimeSeconds'),
    orgNumber: block.getOptionalString('orgNumber'),
    certificateAuthorities: block.getOptionalStringArray('certificateAuthorities'),
    keyPropagationDelaySeconds: block.getOptionalNumber('keyPropagationDelaySeconds'),
    delegationSource: block.getOptionalString('delegationSource'),
    signingKeyFile: block.getOptionalString('signingKeyFile'),
  };
}
