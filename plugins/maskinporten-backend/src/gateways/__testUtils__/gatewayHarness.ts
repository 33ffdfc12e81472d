import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ApimRelease, GatewayDouble, GatewayLink, ManagementApiDouble } from '@maskinporten-backstage/gravitee-simulator';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { EntityAccess } from '../../access/entityAccess';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import { LeaseLocks, StoredKey } from '../../database';
import { renderGraviteeDefinition } from '../../gravitee';
import { GraviteeDeployer } from '../../gravitee/deploy/GraviteeDeployer';
import { GraviteeManagementClient } from '../../gravitee/deploy/GraviteeManagementClient';
import { GraviteeGatewayTarget } from '../../gravitee/target/GraviteeGatewayTarget';
import { jwkThumbprint } from '../../lib/jwkThumbprint';
import { RotationConfig } from '../../rotation/readRotationConfig';
import { KeyRotationServiceOptions } from '../../rotation/KeyRotationService';
import { GatewayPhase, GatewayPhaseOptions } from '../../rotation/gatewayPhase';
import { SCOPES, createRotationHarness } from '../../rotation/__testUtils__/rotationHarness';
import { GatewayDeploymentService } from '../GatewayDeploymentService';
import { GatewayDriftCheck } from '../GatewayDriftCheck';
import { GatewayTargets } from '../GatewayTargets';

export const GRAVITEE_TOKEN = 'gravitee-harness-token';
export const VERIFIER_APP = '5f0c1e3a-0000-4000-8000-00000000a11a';
export const ENTITY_REF = 'component:default/lonn';
export const CLIENT_ID = 'client-lonn';
/** Our own token service (deployed by the backend, v4) and one made by hand (v2, adopted). */
export const OWN_PATH = '/maskinporten/test/lonn';
export const HAND_PATH = '/legacy/lonn-token';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'lonn',
    namespace: 'default',
    annotations: {
      'maskinporten.no/client-id': CLIENT_ID,
      'maskinporten.no/environment': 'test',
      'maskinporten.no/scopes': SCOPES.join(' '),
    },
  },
  spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
};

/**
 * A rotation harness (real database, the Maskinporten simulator as Maskinporten and Digdir)
 * with Gravitee: the management API double of one release publishing to the gateway double,
 * the Gravitee target over it, and the gateway phase. The gateway double signs with the same
 * manual clock as the simulator and the backend.
 */
export async function createGatewayHarness(options: {
  knex: Knex;
  simulator: MaskinportenSimulator;
  clock: ManualClock;
  release?: ApimRelease;
  timeoutMs?: number;
  /** Digdir's self-service API for the environment (default); false: the manual flow. */
  selfService?: boolean;
  rotationConfig?: Partial<RotationConfig>;
  afterStep?: KeyRotationServiceOptions['afterStep'];
  afterGatewayStep?: GatewayPhaseOptions['afterStep'];
  /** Another gateway than a new gateway double, e.g. the real one (`npm run test:gravitee`). */
  gateway?: GatewayLink & { url: string };
}) {
  const { clock } = options;
  const double = options.gateway ? undefined : await GatewayDouble.start({ now: () => clock.now() });
  const gateway = options.gateway ?? double!;
  const management = await ManagementApiDouble.start({
    token: GRAVITEE_TOKEN,
    release: options.release ?? '4.10',
    gateway,
    applications: [{ id: VERIFIER_APP, name: 'Maskinporten for Backstage verification' }],
  });
  const deployConfig: GraviteeDeployConfig = {
    managementUrl: management.baseUrl,
    token: GRAVITEE_TOKEN,
    organization: 'DEFAULT',
    environment: 'DEFAULT',
    timeoutMs: options.timeoutMs ?? 3000,
    gatewayUrl: gateway.url,
    verificationApplicationId: VERIFIER_APP,
    subscriptionSyncMs: 0,
  };
  const logger = mockServices.logger.mock();
  const targets = new GatewayTargets([new GraviteeGatewayTarget({ config: deployConfig, logger, title: 'Gravitee' })]);
  const rotation = await createRotationHarness({
    knex: options.knex,
    simulator: options.simulator,
    clock,
    selfService: options.selfService ?? true,
    rotationConfig: options.rotationConfig,
    afterStep: options.afterStep,
    gateways: parts =>
      new GatewayPhase({
        deployments: parts.stores.deployments,
        targets,
        keys: parts.stores.keys,
        custody: parts.custody,
        environments: parts.config.environments,
        logger,
        now: parts.now,
        locks: new LeaseLocks(parts.stores.db, { waitMs: 2000, leaseMs: 60_000 }),
        afterStep: options.afterGatewayStep,
      }),
  });
  const { stores, keyEncryption, config } = rotation;
  const now = () => clock.now();
  const drift = new GatewayDriftCheck({ deployments: stores.deployments, keys: stores.keys, index: stores.index, targets, logger, now });
  const access = new EntityAccess({
    catalog: catalogServiceMock({ entities: [entity] }),
    permissions: mockServices.permissions(),
    environments: ['test'],
  });
  const service = new GatewayDeploymentService({
    config,
    access,
    deployments: stores.deployments,
    keys: stores.keys,
    targets,
    drift,
    now,
  });
  const environment = config.environments.get('test')!;
  const owner = mockCredentials.user('user:default/ada');

  function render(format: 'v2' | 'v4', key: StoredKey, extra: { contextPath: string; name: string; issuerFromHeader?: string }) {
    return renderGraviteeDefinition(
      {
        entityRef: ENTITY_REF,
        name: extra.name,
        environment,
        clientId: CLIENT_ID,
        scopes: SCOPES,
        kid: key.kid,
        privateKeyPem: keyEncryption.decrypt(key.privateKeyCiphertext, key.kid),
        contextPath: extra.contextPath,
        ipAllowList: [],
        issuerFromHeader: extra.issuerFromHeader,
      },
      { format, secrets: 'inline' },
    );
  }

  async function managementCall(method: string, path: string, body?: unknown) {
    const res = await fetch(`${management.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${GRAVITEE_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    ...rotation,
    gateway: double,
    management,
    targets,
    drift,
    /** The card's gateway service (the rotation service is `service`). */
    gateways: service,
    owner,
    deployConfig,

    /** What the card's Deploy button does: render v4 with the key inline, import, start, deploy. */
    async deployOwn(key: StoredKey): Promise<string> {
      const deployer = new GraviteeDeployer(new GraviteeManagementClient(deployConfig), stores.deployments, logger, now);
      const result = await deployer.deploy({
        key: { entityRef: ENTITY_REF, environment: 'test', format: 'v4' },
        definition: render('v4', key, { contextPath: OWN_PATH, name: 'Lønn token service' }),
        deployedBy: 'user:default/ada',
        service: { kid: key.kid, keyFingerprint: jwkThumbprint(key.publicJwk), contextPath: OWN_PATH, name: 'lonn' },
      });
      return result.apiId;
    },

    /**
     * A token service someone imported by hand from a Sikt-style v2 template (issuer from the
     * `iss` header, its own plan): import, start, deploy through the management API.
     */
    async importByHand(key: StoredKey): Promise<string> {
      const definition: any = render('v2', key, { contextPath: HAND_PATH, name: 'Lønn token (hand-made)', issuerFromHeader: 'iss' });
      definition.plans[0].id = 'a3c1e3c0-1d2e-4c55-9a77-6b1d00000001';
      const org = '/management/organizations/DEFAULT/environments/DEFAULT/apis';
      const api = await managementCall('POST', `${org}/import?definitionVersion=2.0.0`, definition);
      await managementCall('POST', `${org}/${api.id}?action=START`);
      await managementCall('POST', `${org}/${api.id}/deploy`);
      return api.id;
    },

    /** The owner adopts an API: looks at it, then links it by the kid they saw. */
    async adopt(apiId: string) {
      const candidate = await service.candidate(ENTITY_REF, { target: 'gravitee', apiId }, owner);
      return service.link(ENTITY_REF, { target: 'gravitee', apiId, kid: candidate.kid! }, owner);
    },

    /** A consumer application subscribes to the API's plan; answers its API key. */
    async consumerKey(apiId: string): Promise<string> {
      const application = management.addApplication(`consumer of ${apiId}`);
      const planId = management.apis.get(apiId)!.definition.plans[0].id;
      await managementCall('POST', `/management/v2/environments/DEFAULT/apis/${apiId}/subscriptions`, {
        applicationId: application.id,
        planId,
      });
      return management.apis.get(apiId)!.subscriptions.find(s => s.application === application.id)!.apiKey;
    },

    /**
     * A consumer's token request through the gateway, past the cache; answers the status and,
     * on the gateway double, the kid of the grant the gateway signed.
     */
    async callThrough(contextPath: string, apiKey: string): Promise<{ status: number; kid?: string; body: string }> {
      const before = double?.upstreamCalls.length ?? 0;
      const res = await fetch(`${gateway.url}${contextPath}`, {
        headers: {
          'X-Gravitee-Api-Key': apiKey,
          scope: SCOPES.join(' '),
          iss: CLIENT_ID,
          'X-Gravitee-Cache': 'BY_PASS',
        },
      });
      return { status: res.status, kid: double?.upstreamCalls[before]?.kid, body: await res.text() };
    },

    async close() {
      await management.close();
      await double?.close();
    },
  };
}
