import { GraviteeV2Definition, GraviteeV2Flow } from '../types';
import {
  cacheStep,
  overrideRequestMethodStep,
  planDescription,
  stableId,
  tokenCacheResource,
  tokenRequestSteps,
} from './policies';
import { RenderSettings } from './settings';

function flow(name: string, methods: string[], pre: GraviteeV2Flow['pre']): GraviteeV2Flow {
  return {
    name,
    'path-operator': { path: '/', operator: 'STARTS_WITH' },
    condition: '',
    consumers: [],
    methods,
    pre,
    post: [],
    enabled: true,
  };
}

/** A `"gravitee": "2.0.0"` definition, the shape APIM 4.x imports as a v2 API. */
export function renderV2(s: RenderSettings): GraviteeV2Definition {
  const { input } = s;
  return {
    name: input.name,
    version: s.apiVersion,
    description: s.description,
    visibility: 'PRIVATE',
    gravitee: '2.0.0',
    // DEFAULT runs every matching flow in order, which the GET→POST flow relies on; with
    // BEST_MATCH only one of two flows on the same path would run for a GET.
    flow_mode: 'DEFAULT',
    flows: [
      flow('Maskinporten token request', [], tokenRequestSteps(s)),
      flow('GET to POST', ['GET'], [overrideRequestMethodStep()]),
    ],
    resources: [tokenCacheResource(s)],
    properties: [],
    plans: [
      {
        id: stableId(s, 'plan:api-key'),
        name: 'API key',
        description: planDescription(s),
        validation: 'MANUAL',
        security: 'API_KEY',
        securityDefinition: JSON.stringify({ propagateApiKey: false }),
        type: 'API',
        status: 'PUBLISHED',
        order: 1,
        characteristics: [],
        paths: {},
        flows: [flow('Token cache', [], [cacheStep(s)])],
        comment_required: false,
      },
    ],
    path_mappings: [],
    proxy: {
      virtual_hosts: [{ path: input.contextPath }],
      strip_context_path: false,
      preserve_host: false,
      groups: [
        {
          name: 'default-group',
          // Exactly one endpoint: a grant is signed for one environment's audience and can
          // never succeed anywhere else, so a cross-environment backup only hides failures.
          endpoints: [
            {
              name: `maskinporten-${input.environment.name}`,
              target: input.environment.tokenEndpoint,
              weight: 1,
              backup: false,
              type: 'http',
              inherit: true,
            },
          ],
          load_balancing: { type: 'ROUND_ROBIN' },
          http: {
            connectTimeout: 5000,
            idleTimeout: 60000,
            keepAlive: true,
            readTimeout: 10000,
            pipelining: false,
            maxConcurrentConnections: 100,
            useCompression: true,
            followRedirects: false,
          },
          ssl: { trustAll: false, hostnameVerifier: true },
        },
      ],
    },
    response_templates: {},
  };
}
