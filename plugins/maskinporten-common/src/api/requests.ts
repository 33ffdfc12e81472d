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
