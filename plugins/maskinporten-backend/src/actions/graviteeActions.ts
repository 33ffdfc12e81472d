import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { graviteeRenderQuerySchema } from '@maskinporten-backstage/plugin-maskinporten-common';
import { findPrivateKeyMaterial } from '../lib/privateKeyMaterial';
import { parseQuery } from '../service/requests';
import { ENTITY_REF_HINT, entityRefInput } from './actionSupport';
import { MaskinportenActionsContext } from './context';
import { naming, registerMaskinportenAction } from './defineAction';
import { entityRefField } from './schemas';

/** `lint-gravitee-definition` (`POST /v1/gravitee/lint`) and `render-gravitee-definition` (`GET …/gravitee`, placeholder only). */
export function registerGraviteeActions(registry: ActionsRegistryService, ctx: MaskinportenActionsContext) {
  registerMaskinportenAction(registry, ctx, {
    name: 'lint-gravitee-definition',
    title: 'Lint a Gravitee token service definition',
    description: `Checks a Gravitee API definition of a Maskinporten token service (the gateway API whose Generate JWT policy signs the grant) against Digdir's rules and known pitfalls: the audience must be the environment's issuer with its trailing slash, grant lifetime at most 120 s, a cache TTL within the token's lifetime keyed on the scope, only the environment's own endpoints, no template placeholders left, RS256 with a kid, no undocumented claims, the grant_type, and, for keys Backstage holds that the caller may see, whether the key is expired or expiring.
Give definition: the definition as exported from the Gravitee console (v2, "gravitee": "2.0.0"), a v4 definition ("definitionVersion": "V4") or a v4 import payload ({"api": {...}, "plans": [...]}), as a JSON object or as its JSON text.
Returns the definition version and findings, most severe first, each with rule, severity (error, warning, info), JSON path, message and fix. Read-only.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    capability: 'read',
    input: z =>
      z
        .object({
          definition: z
            .union([z.record(z.unknown()), z.string().max(1_000_000)])
            .describe('The Gravitee API definition: a JSON object, or its JSON text'),
        })
        .strict(),
    output: z =>
      z.object({
        version: z.enum(['v2', 'v4']),
        errors: z.number(),
        warnings: z.number(),
        findings: z.array(
          z.object({
            rule: z.string(),
            severity: z.enum(['error', 'warning', 'info']),
            path: z.string(),
            message: z.string(),
            fix: z.string(),
          }),
        ),
      }),
    action: async (input, credentials) => {
      const definition = typeof input.definition === 'string' ? parseJson(input.definition) : input.definition;
      const result = await ctx.gravitee.lint(definition, credentials);
      return {
        version: result.version,
        errors: result.findings.filter(f => f.severity === 'error').length,
        warnings: result.findings.filter(f => f.severity === 'warning').length,
        findings: result.findings,
      };
    },
  });

  registerMaskinportenAction(registry, ctx, {
    name: 'render-gravitee-definition',
    title: 'Render a Gravitee token service definition',
    description: `Renders the Gravitee API definition of an integration's Maskinporten token service, as the entity card's "Download Gravitee definition" does: only the integration's own environment endpoint, audience = that environment's issuer, kid = the active key, issuer = the client id, a 118 s grant, a cache within the token lifetime keyed on the scope, an API-key plan, and the configured IP allow-list and context path.
Always in placeholder mode: the private key field says where the key must come from and is never filled in; no key material is ever returned. (Embedding the key is an audited export only owners can do in Backstage itself.)
format: v2 (APIM 4.x import of a v2 definition, default) or v4 (V4 proxy API import). Read-only.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    capability: 'read',
    hints: { entityRef: ENTITY_REF_HINT },
    input: z =>
      z
        .object({
          entityRef: entityRefField(z),
          format: z.enum(['v2', 'v4']).optional().describe('v2 (default) or v4'),
        })
        .strict(),
    output: z =>
      z.object({
        entityRef: z.string(),
        format: z.enum(['v2', 'v4']),
        secrets: z.literal('placeholder'),
        kid: z.string(),
        definition: z.record(z.unknown()),
      }),
    action: async (input, credentials) => {
      const entityRef = entityRefInput(input.entityRef);
      // The route's query schema with its defaults; secrets is fixed, not the caller's to choose.
      const { format } = parseQuery(graviteeRenderQuerySchema, {
        ...(input.format && { format: input.format }),
        secrets: 'placeholder',
      });
      const rendered = await naming('entityRef', () =>
        ctx.gravitee.render(entityRef, { format, secrets: 'placeholder' }, credentials),
      );
      // Placeholder mode has no key by construction; refuse rather than trust that.
      if (findPrivateKeyMaterial(JSON.stringify(rendered.definition))) {
        throw new Error('render-gravitee-definition produced key material in placeholder mode');
      }
      return {
        entityRef,
        format,
        secrets: 'placeholder' as const,
        kid: rendered.kid,
        definition: rendered.definition as unknown as Record<string, unknown>,
      };
    },
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, which may hold a key; say where, not what.
    throw new InputError('definition: not valid JSON; send the definition as a JSON object or as its exact JSON text');
  }
}
