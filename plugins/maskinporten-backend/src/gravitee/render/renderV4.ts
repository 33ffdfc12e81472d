import { GraviteeV4Flow, GraviteeV4ImportDefinition } from '../types';
import {
  cacheStep,
  overrideRequestMethodStep,
  planDescription,
  stableId,
  tokenCacheResource,
  tokenRequestSteps,
} from './policies';
import { RenderSettings } from './settings';

function flow(name: string, methods: string[], request: GraviteeV4Flow['request']): GraviteeV4Flow {
  return {
    name,
    enabled: true,
    selectors: [{ type: 'HTTP', path: '/', pathOperator: 'STARTS_WITH', methods }],
    request,
    response: [],
    subscribe: [],
    publish: [],
  };
}

/**
 * A `definitionVersion: V4` proxy API wrapped for
 * `POST /management/v2/environments/{env}/apis/_import/definition`.
 */
export function renderV4(s: RenderSettings): GraviteeV4ImportDefinition {
  const { input } = s;
  return {
    api: {
      definitionVersion: 'V4',
      type: 'PROXY',
      name: input.name,
      apiVersion: s.apiVersion,
      description: s.description,
      visibility: 'PRIVATE',
      listeners: [
        {
          type: 'HTTP',
          paths: [{ path: input.contextPath }],
          entrypoints: [{ type: 'http-proxy', qos: 'AUTO' }],
        },
      ],
      endpointGroups: [
        {
          name: 'Maskinporten',
          type: 'http-proxy',
          loadBalancer: { type: 'ROUND_ROBIN' },
          sharedConfiguration: {
            http: {
              version: 'HTTP_1_1',
              connectTimeout: 5000,
              readTimeout: 10000,
              idleTimeout: 60000,
              keepAlive: true,
              pipelining: false,
              maxConcurrentConnections: 100,
              useCompression: true,
              followRedirects: false,
            },
            ssl: { trustAll: false, hostnameVerifier: true },
          },
          // One endpoint, no secondary: see renderV2 for why a cross-environment failover is wrong.
          endpoints: [
            {
              name: `maskinporten-${input.environment.name}`,
              type: 'http-proxy',
              weight: 1,
              inheritConfiguration: true,
              secondary: false,
              configuration: { target: input.environment.tokenEndpoint },
            },
          ],
        },
      ],
      analytics: { enabled: true },
      // DEFAULT so both flows run for a GET (see renderV2).
      flowExecution: { mode: 'DEFAULT', matchRequired: false },
      flows: [
        flow('Maskinporten token request', [], tokenRequestSteps(s)),
        flow('GET to POST', ['GET'], [overrideRequestMethodStep()]),
      ],
      resources: [tokenCacheResource(s)],
      properties: [],
    },
    plans: [
      {
        id: stableId(s, 'plan:api-key'),
        name: 'API key',
        description: planDescription(s),
        definitionVersion: 'V4',
        validation: 'MANUAL',
        security: { type: 'API_KEY', configuration: { propagateApiKey: false } },
        mode: 'STANDARD',
        type: 'API',
        status: 'PUBLISHED',
        order: 1,
        characteristics: [],
        commentRequired: false,
        flows: [flow('Token cache', [], [cacheStep(s)])],
      },
    ],
    members: [],
    metadata: [],
    pages: [],
  };
}
