import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { tokenTestRequestSchema } from '@maskinporten-backstage/plugin-maskinporten-common';
import { parseBody } from '../service/requests';
import { ENTITY_REF_HINT, auditedAction, entityRefInput } from './actionSupport';
import { MaskinportenActionsContext } from './context';
import { naming, registerMaskinportenAction } from './defineAction';
import { tokenTestSchema, entityRefField } from './schemas';

/** `run-token-test`: the card's "Test token" (`POST …/token-tests`). */
export function registerTokenTestAction(registry: ActionsRegistryService, ctx: MaskinportenActionsContext) {
  registerMaskinportenAction(registry, ctx, {
    name: 'run-token-test',
    title: 'Run a Maskinporten token test',
    description: `Tests that an integration can get a Maskinporten access token: Backstage signs a JWT grant with the integration's active key (or the key given as kid) and sends it to the integration's Maskinporten environment, as the entity card's "Test token" button does.
Returns the outcome: success (with the granted scopes and token lifetime), rejected (Maskinporten's OAuth error with its MP code, what it means and how to fix it), timeout, unreachable or upstream-error. The access token itself is never returned or stored.
This is not read-only: the test is recorded and shown on the card as the last token test, a first successful test marks a pending key active, and tests are rate-limited per integration. It needs the maskinporten.token.test permission on the entity (usually only its owners); anyone else is refused.
Use describe-integration first to see the keys and the last result; use explain-error for an MP code.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    capability: 'token.test',
    hints: { entityRef: ENTITY_REF_HINT },
    input: z =>
      z
        .object({
          entityRef: entityRefField(z),
          scopes: z
            .array(z.string())
            .max(50)
            .optional()
            .describe("Scopes to request; default all of the integration's scopes. Only scopes declared on the entity"),
          kid: z.string().max(300).optional().describe('Test this key instead of the active one (a kid from describe-integration)'),
        })
        .strict(),
    output: tokenTestSchema,
    action: async (input, credentials) => {
      const entityRef = entityRefInput(input.entityRef);
      // The route's body schema, so scopes and kid are checked exactly as for the card.
      const request = parseBody(tokenTestRequestSchema, {
        ...(input.scopes !== undefined && { scopes: input.scopes }),
        ...(input.kid !== undefined && { kid: input.kid }),
      });
      return naming('entityRef', () =>
        auditedAction(
          ctx.auditor,
          credentials,
          { eventId: 'token-test', severityLevel: 'low', meta: { entityRef } },
          () => ctx.tokenTests.run(entityRef, request, credentials),
          r => ({ kid: r.kid ?? null, outcome: r.outcome, errorCode: r.errorCode ?? null }),
        ),
      );
    },
  });
}
