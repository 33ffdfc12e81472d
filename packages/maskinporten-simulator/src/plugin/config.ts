import type { RootConfigService } from '@backstage/backend-plugin-api';
import type { JWK } from 'jose';
import type { SimulatorClientSeed } from '../clients';
import type { SimulatorOptions } from '../server';

/** Reads the `maskinportenSimulator` config block (everything but the issuer). */
export function readSimulatorConfig(
  config: RootConfigService,
): Omit<SimulatorOptions, 'issuer' | 'clock'> {
  const block = config.getOptionalConfig('maskinportenSimulator');
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
      certificate: c.getOptionalString('certificate'),
    }));
  return {
    clients,
    scopes: block.getOptionalStringArray('scopes'),
    adminToken: block.getOptionalString('adminToken'),
    accessTokenLifetimeSeconds: block.getOptionalNumber('accessTokenLifetimeSeconds'),
    orgNumber: block.getOptionalString('orgNumber'),
  };
}
