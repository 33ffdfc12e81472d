import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { maskinportenKeyCreatePermission } from '@maskinporten-backstage/plugin-maskinporten-common';
import { describePrincipal } from '../access/entityAccess';
import { ENTITY_REF_HINT, auditedAction, entityRefInput } from './actionSupport';
import { MaskinportenActionsContext } from './context';
import { naming, registerMaskinportenAction } from './defineAction';
import { rotationSchema, tokenTestSchema, entityRefField } from './schemas';

const CONFIRM_HINT =
  'starting a rotation replaces the integration\'s key; tell the user what will happen, and only with their explicit agreement call again with confirm: true';

/** `start-key-rotation`: the card's "Rotate key" (`POST …/rotations`). */
export function registerRotationAction(registry: ActionsRegistryService, ctx: MaskinportenActionsContext) {
  registerMaskinportenAction(registry, ctx, {
    name: 'start-key-rotation',
    title: 'Start a Maskinporten key rotation (destructive)',
    description: `DESTRUCTIVE: starts rotating an integration's Maskinporten key, as the entity card's "Rotate key" button does. Ask the user for explicit confirmation first and pass confirm: true; without it nothing happens.
What it does: generates a new key pair inside Backstage (the private key never leaves it), and where Digdir's self-service API is configured for the environment, replaces the client's registered key set at Digdir with the old keys plus the new one, then verifies the new key with a token test. Once verified, the new key signs all grants and the old keys are removed from Digdir after the grace period: anything still signing with an old key (a gateway, a copied key) stops working then. Without the self-service API (manual mode) the rotation waits for the user to upload the returned JWK array (jwks) to Samarbeidsportalen.
If the integration already has an open rotation, it is returned unchanged (created: false) instead of starting another. Needs the maskinporten.key.create permission on the entity (usually only its owners); anyone else is refused.
Returns the rotation (phase, mode, new and old key ids, next step, last error) and, when one ran, the verification token test. Use describe-integration to follow it afterwards.`,
    attributes: { readOnly: false, destructive: true, idempotent: false },
    capability: 'rotation',
    hints: { entityRef: ENTITY_REF_HINT, confirm: CONFIRM_HINT },
    input: z =>
      z
        .object({
          entityRef: entityRefField(z),
          confirm: z
            .literal(true)
            .describe('Must be true: the user has explicitly agreed to replace this integration\'s key'),
        })
        .strict(),
    output: z =>
      z.object({
        rotation: rotationSchema(z),
        created: z.boolean(),
        verification: tokenTestSchema(z).optional(),
      }),
    action: async (input, credentials) => {
      const entityRef = entityRefInput(input.entityRef);
      // The route's steps: the key.create permission on the entity, then the one rotation service.
      const { integration } = await naming('entityRef', () =>
        ctx.entities.authorizedIntegration(entityRef, maskinportenKeyCreatePermission, credentials),
      );
      return auditedAction(
        ctx.auditor,
        credentials,
        {
          eventId: 'key-rotation-start',
          severityLevel: 'medium',
          meta: { entityRef, environment: integration.environment },
        },
        () => ctx.rotation.start(integration, describePrincipal(credentials)),
        r => ({ rotationId: r.rotation.id, created: r.created, phase: r.rotation.phase, newKid: r.rotation.newKid ?? null }),
      );
    },
  });
}
