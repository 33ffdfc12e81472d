import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  MaskinportenIntegrationView,
  TokenTestResult,
  daysUntil,
  explainMaskinportenError,
  explainUnuploadedKey,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { listIntegrations, parseListQuery } from '../listing/listIntegrations';
import { ENTITY_REF_HINT, entityRefInput } from './actionSupport';
import { MaskinportenActionsContext } from './context';
import { naming, registerMaskinportenAction } from './defineAction';
import { integrationSchema, integrationSummarySchema } from './schemas';

/** `list-integrations` (the self-service page) and `describe-integration` (the entity card). */
export function registerIntegrationActions(registry: ActionsRegistryService, ctx: MaskinportenActionsContext) {
  const { policy, logger, listing } = ctx;
  const environments = listing.environments.join(', ') || 'none configured';

  registerMaskinportenAction(registry, { policy, logger }, {
    name: 'list-integrations',
    title: 'List Maskinporten integrations',
    description: `Lists the Maskinporten integrations (machine-to-machine OAuth clients at Digdir) across the Backstage catalog that the calling user may see, soonest key expiry first, exactly as the Maskinporten self-service page shows them.
Use it to answer questions such as "which of my team's Maskinporten keys expire this month?" (mine: true, expiresWithinDays: 31) or to find an integration's entity ref for the other maskinporten tools.
Filters combine: mine (only integrations owned by the caller or the caller's teams), owner (entity refs of owning groups or users), environment (one of: ${environments}), expiresWithinDays (the active key expires within this many days, already-expired included), q (free text over entity ref, title, owner, client id and scopes).
Each item gives the entity ref, owner, environment, client id, scopes, the active key id (kid), when the integration's key expires (expiry: ok, warning, critical, expired or unknown when it has no key; daysUntilExpiry is negative once expired), how many keys are in each state, the last token test, an open key rotation, and a client-id conflict if any. For one integration's keys and details use describe-integration.
Results are paged: pass nextCursor back as cursor for the next page. Read-only; never returns key material.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    capability: 'read',
    input: z =>
      z
        .object({
          mine: z
            .boolean()
            .optional()
            .describe("true: only integrations owned by you or one of your teams (the page's \"Mine\" filter)"),
          owner: z
            .array(z.string())
            .max(50)
            .optional()
            .describe('Only integrations owned by one of these entity refs, e.g. ["group:default/team-lonn"]'),
          environment: z.string().max(100).optional().describe(`Only this Maskinporten environment: ${environments}`),
          expiresWithinDays: z
            .number()
            .int()
            .min(0)
            .max(3650)
            .optional()
            .describe('Only integrations whose key expires within this many days from now (expired ones included)'),
          q: z.string().max(200).optional().describe('Free text: part of an entity ref, title, owner, client id or scope'),
          limit: z.number().int().min(1).max(200).optional().describe('Page size, 1 to 200; default 50'),
          cursor: z.string().max(2000).optional().describe('nextCursor from the previous page'),
        })
        .strict(),
    output: z =>
      z.object({
        items: z.array(integrationSummarySchema(z)),
        nextCursor: z.string().optional(),
      }),
    action: async (input, credentials) => {
      const owner = input.mine ? await ownershipRefs(ctx, credentials, input.owner) : input.owner;
      // The route's own parser, so the filters mean and check exactly what they do on the page.
      const query = parseListQuery(
        {
          ...(owner && { owner }),
          ...(input.environment !== undefined && { environment: input.environment }),
          ...(input.expiresWithinDays !== undefined && { expiresWithinDays: String(input.expiresWithinDays) }),
          ...(input.q !== undefined && { q: input.q }),
          ...(input.limit !== undefined && { limit: String(input.limit) }),
          ...(input.cursor !== undefined && { cursor: input.cursor }),
        },
        listing.environments,
        listing.cursors,
      );
      const now = listing.now();
      const page = await listIntegrations({
        query,
        credentials,
        stores: listing.stores,
        permissions: listing.permissions,
        now,
        thresholds: listing.thresholds,
        openRotations: listing.openRotations,
        clientConflicts: integrations => listing.claims.conflictsFor(integrations),
        cursors: listing.cursors,
      });
      return {
        items: page.items.map(item => summarize(item, now)),
        ...(page.nextCursor && { nextCursor: page.nextCursor }),
      };
    },
  });

  registerMaskinportenAction(registry, { policy, logger }, {
    name: 'describe-integration',
    title: 'Describe a Maskinporten integration',
    description: `Describes the Maskinporten integration of one catalog entity, as its Backstage entity card shows it: the entity's own integration and those of the maskinporten-client Resources related to it.
For each integration: environment, client id, scopes, audience restrictions (resources), consumer_org, every key with its state (pending: made but not yet confirmed by a token request; active: signs grants; retiring: replaced, still registered; expired; revoked) and expiry, the active key id, the last token test (with Maskinporten's MP error code, its meaning and fix when it failed), the open or most recent key rotation and its next step, a client-id conflict if another integration declares the same client id, and the Gravitee gateway deployments.
Entities whose Maskinporten annotations are invalid come back under invalid, each problem naming the annotation and the fix.
Use it to answer "why does the token test for X fail?" or "when does X's key expire?". Read-only; never returns key material.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    capability: 'read',
    hints: { entityRef: ENTITY_REF_HINT },
    input: z =>
      z
        .object({
          entityRef: z
            .string()
            .min(1)
            .max(300)
            .describe('The entity, kind:namespace/name, e.g. resource:default/lonn-dfo-test or component:default/lonn-service'),
          environment: z
            .string()
            .max(100)
            .optional()
            .describe(`Only the integration in this environment (${environments}); default all of the entity's integrations`),
        })
        .strict(),
    output: z =>
      z.object({
        entityRef: z.string(),
        integrations: z.array(integrationSchema(z)),
        invalid: z.array(
          z.object({
            entityRef: z.string(),
            problems: z.array(z.object({ annotation: z.string(), message: z.string(), fix: z.string() })),
          }),
        ),
      }),
    action: async (input, credentials) => {
      const entityRef = entityRefInput(input.entityRef);
      if (input.environment !== undefined && !listing.environments.includes(input.environment)) {
        throw new InputError(
          `environment: unknown environment "${input.environment}"; configured: ${environments}`,
        );
      }
      const card = await naming('entityRef', () => ctx.entityIntegrations.forEntity(entityRef, credentials));
      const now = listing.now();
      const items = card.items.filter(item => input.environment === undefined || item.environment === input.environment);
      return {
        entityRef,
        integrations: await Promise.all(
          items.map(async item => ({
            ...item,
            ...(item.lastTokenTest && { lastTokenTest: explained(item.lastTokenTest, item.keys) }),
            ...(item.expiresAt && { daysUntilExpiry: daysUntil(new Date(item.expiresAt), now) }),
            gatewayDeployments: await gatewayDeployments(ctx, item.entityRef, credentials),
          })),
        ),
        invalid: card.invalid,
      };
    },
  });
}

/**
 * A stored token test keeps Maskinporten's code, not the catalogue's words for it; the card
 * looks them up when it shows the test (TokenTestResultView), and so does this.
 */
function explained(test: TokenTestResult, keys: Array<{ kid: string; state: string }>): TokenTestResult {
  if (test.outcome !== 'rejected' || (test.meaning && test.fix)) {
    return test;
  }
  // As the card says it: MP-100 with a key still pending means the key was never uploaded.
  const pending = test.errorCode === 'MP-100' && keys.some(key => key.kid === test.kid && key.state === 'pending');
  const explanation = pending
    ? explainUnuploadedKey({ kid: test.kid!, environment: test.environment })
    : explainMaskinportenError(test.errorCode ?? test.errorDescription);
  return explanation
    ? { ...test, meaning: test.meaning ?? explanation.meaning, fix: test.fix ?? explanation.fix }
    : test;
}

/** The caller's ownership refs, as the page's "Mine" uses them. */
async function ownershipRefs(
  ctx: MaskinportenActionsContext,
  credentials: BackstageCredentials,
  owner: string[] | undefined,
): Promise<string[]> {
  if (owner?.length) {
    throw new InputError('mine: give either mine or owner, not both');
  }
  if ((credentials.principal as { type: string }).type !== 'user') {
    throw new InputError('mine: only a signed-in user has teams; give owner instead');
  }
  const info = await ctx.userInfo.getUserInfo(credentials);
  return info.ownershipEntityRefs.length > 0 ? info.ownershipEntityRefs : [info.userEntityRef];
}

/** Where the integration's token service is deployed (Gravitee is the one gateway so far). */
async function gatewayDeployments(ctx: MaskinportenActionsContext, entityRef: string, credentials: BackstageCredentials) {
  try {
    const deployment = await ctx.gravitee.deployment(entityRef, {}, credentials);
    return [
      {
        gateway: 'gravitee' as const,
        format: deployment.format,
        apiId: deployment.apiId,
        status: deployment.status,
        lastError: deployment.lastError,
        deployedBy: deployment.deployedBy,
        updatedAt: deployment.updatedAt,
      },
    ];
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') {
      return [];
    }
    throw error;
  }
}

function summarize(view: MaskinportenIntegrationView, now: Date) {
  const keyStates: Record<string, number> = {};
  for (const key of view.keys) {
    keyStates[key.state] = (keyStates[key.state] ?? 0) + 1;
  }
  const test = view.lastTokenTest;
  return {
    entityRef: view.entityRef,
    title: view.title,
    owner: view.owner,
    environment: view.environment,
    clientId: view.clientId,
    scopes: view.scopes,
    activeKid: view.activeKid,
    expiresAt: view.expiresAt,
    expiry: view.expiry,
    ...(view.expiresAt && { daysUntilExpiry: daysUntil(new Date(view.expiresAt), now) }),
    keyStates,
    ...(test && {
      lastTokenTest: { outcome: test.outcome, requestedAt: test.requestedAt, errorCode: test.errorCode, message: test.message },
    }),
    ...(view.rotation && {
      rotation: { phase: view.rotation.phase, open: view.rotation.open, nextStep: view.rotation.nextStep },
    }),
    ...(view.clientConflict && { clientConflict: view.clientConflict.message }),
  };
}
