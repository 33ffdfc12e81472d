import { z } from 'zod';

/**
 * The request half of the HTTP contract (`/api/maskinporten`): the backend parses every body
 * and query with these schemas (a violation is a 400 naming the field), and the frontend
 * client builds its requests from the same types. Response types are in `./types`.
 */

/** Routes that take no options: an absent body or `{}`. @public */
export const emptyRequestSchema = z.object({}).strict();

/** `POST …/token-tests` @public */
export const tokenTestRequestSchema = z
  .object({
    scopes: z
      .array(z.string().min(1, 'must not contain empty scopes'), {
        invalid_type_error: 'must be a non-empty array of scope strings',
      })
      .min(1, 'must be a non-empty array of scope strings')
      .optional(),
    kid: z.string({ invalid_type_error: 'must be a string' }).min(1, 'must not be empty').optional(),
  })
  .strict();
/** @public */
export type TokenTestRequest = z.infer<typeof tokenTestRequestSchema>;

/** `GET …/jwks` @public */
export const jwksQuerySchema = z.object({
  format: z
    .enum(['array', 'set'], {
      errorMap: () => ({
        message:
          'use "array" (bare JWK array for Samarbeidsportalen) or "set" ({"keys": [...]} for the self-service API)',
      }),
    })
    .default('array'),
});
/** @public */
export type JwksQuery = z.infer<typeof jwksQuerySchema>;

/** `POST …/rotations/:id/advance` @public */
export const rotationAdvanceRequestSchema = z
  .object({
    retireNow: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
  })
  .strict();
/** @public */
export type RotationAdvanceRequest = z.infer<typeof rotationAdvanceRequestSchema>;

/** A rotation id as `POST …/rotations` returns it. @public */
export const rotationIdSchema = z
  .string()
  .uuid('must be a rotation id (a UUID) as returned by POST …/rotations');

const graviteeFormat = z.enum(['v2', 'v4'], {
  errorMap: () => ({ message: 'use "v2" (APIM 4.x v2 import) or "v4" (V4 proxy API import)' }),
});

/** `GET …/gravitee` @public */
export const graviteeRenderQuerySchema = z.object({
  format: graviteeFormat.default('v2'),
  secrets: z
    .enum(['placeholder', 'inline'], {
      errorMap: () => ({ message: 'use "placeholder" or "inline"' }),
    })
    .default('placeholder'),
});
/** @public */
export type GraviteeRenderQuery = z.infer<typeof graviteeRenderQuerySchema>;

/** `POST …/gravitee/deploy` @public */
export const graviteeDeployRequestSchema = z.object({ format: graviteeFormat.optional() }).strict();
/** @public */
export type GraviteeDeployRequest = z.infer<typeof graviteeDeployRequestSchema>;

/** `GET …/gravitee/deployment` @public */
export const graviteeDeploymentQuerySchema = z.object({ format: graviteeFormat.optional() });

const id = (what: string) =>
  z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be empty').max(255, `must be a ${what} of at most 255 characters`);
const kid = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a kid: letters, digits, ".", "_" and "-"');

/** `GET …/gateway-deployments/candidate` @public */
export const gatewayCandidateQuerySchema = z.object({
  target: id('gateway target id'),
  apiId: id('gateway API id'),
});
/** @public */
export type GatewayCandidateQuery = z.infer<typeof gatewayCandidateQuerySchema>;

/**
 * `POST …/gateway-deployments`: link an existing token service. `kid` is the kid the owner saw
 * (the candidate's); the link is refused when the gateway signs with another by now. With
 * target `manual` (a gateway the backend cannot reach) `apiId` is the owner's label for it.
 *
 * @public
 */
export const linkGatewayDeploymentRequestSchema = z
  .object({
    target: id('gateway target id'),
    apiId: id('gateway API id'),
    kid,
    name: z.string({ invalid_type_error: 'must be a string' }).max(255).optional(),
    contextPath: z.string({ invalid_type_error: 'must be a string' }).max(255).optional(),
  })
  .strict();
/** @public */
export type LinkGatewayDeploymentRequest = z.infer<typeof linkGatewayDeploymentRequestSchema>;

/** `POST …/gateway-deployments/:id/confirm`: the owner updated the deployment by hand. @public */
export const confirmGatewayDeploymentRequestSchema = z.object({ kid }).strict();
/** @public */
export type ConfirmGatewayDeploymentRequest = z.infer<typeof confirmGatewayDeploymentRequestSchema>;

/** A deployment id as the backend returns it. @public */
export const gatewayDeploymentIdSchema = z.string().uuid('must be a deployment id (a UUID) as listed by GET …/gateway-deployments');

/**
 * `POST …/rotations/:id/force-retire`: retire the old keys although linked deployments still
 * sign with them. `breaking` must name exactly those deployments (their ids), so nobody breaks
 * a gateway they did not see.
 *
 * @public
 */
export const forceRetireRequestSchema = z
  .object({
    breaking: z.array(gatewayDeploymentIdSchema, {
      required_error: 'is required: list the ids of the deployments that will break',
      invalid_type_error: 'must be an array of deployment ids',
    }),
    reason: z.string({ invalid_type_error: 'must be a string' }).max(500).optional(),
  })
  .strict();
/** @public */
export type ForceRetireRequest = z.infer<typeof forceRetireRequestSchema>;
