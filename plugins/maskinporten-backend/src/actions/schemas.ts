import { Zod } from './defineAction';

/**
 * Output schemas of the actions: the response types of `-common`'s `api/types.ts`, which the
 * card, the page and the HTTP API use, as zod. The registry checks every output against
 * them and drops anything not listed, so nothing reaches a model that is not declared here.
 * None of them has a field for private key material.
 */

/** The integration's entity, as every entity-scoped action takes it (input). */
export function entityRefField(z: Zod) {
  return z
    .string()
    .min(1)
    .max(300)
    .describe("The integration's entity, kind:namespace/name, e.g. resource:default/lonn-dfo-test");
}

const EXPIRY = ['ok', 'warning', 'critical', 'expired', 'unknown'] as const;

export function keySchema(z: Zod) {
  return z.object({
    kid: z.string(),
    environment: z.string(),
    clientId: z.string().optional(),
    algorithm: z.string(),
    modulusLength: z.number(),
    state: z.enum(['pending', 'active', 'retiring', 'expired', 'revoked']),
    createdAt: z.string(),
    createdBy: z.string().optional(),
    registeredAt: z.string().optional(),
    expiresAt: z.string().optional(),
    expiry: z.enum(EXPIRY),
    daysUntilExpiry: z.number().optional(),
  });
}

export function tokenTestSchema(z: Zod) {
  return z.object({
    id: z.string(),
    entityRef: z.string(),
    environment: z.string(),
    clientId: z.string().optional(),
    kid: z.string().optional(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    outcome: z.enum(['success', 'rejected', 'timeout', 'unreachable', 'upstream-error']),
    message: z.string(),
    httpStatus: z.number().optional(),
    errorCode: z.string().optional(),
    error: z.string().optional(),
    errorDescription: z.string().optional(),
    meaning: z.string().optional(),
    fix: z.string().optional(),
    grantedScopes: z.array(z.string()).optional(),
    expiresIn: z.number().optional(),
    durationMs: z.number(),
  });
}

/** A public JWK, as a manual rotation hands it out for upload. */
function publicJwkSchema(z: Zod) {
  return z.object({
    kty: z.literal('RSA'),
    alg: z.string(),
    use: z.literal('sig'),
    kid: z.string(),
    e: z.string(),
    n: z.string(),
  });
}

export function rotationSchema(z: Zod) {
  return z.object({
    id: z.string(),
    entityRef: z.string(),
    environment: z.string(),
    clientId: z.string(),
    mode: z.enum(['self-service', 'manual']),
    phase: z.enum(['started', 'generated', 'registered', 'awaiting-upload', 'verified', 'retired', 'failed', 'cancelled']),
    open: z.boolean(),
    newKid: z.string().optional(),
    oldKids: z.array(z.string()),
    attempts: z.number(),
    lastError: z.string().optional(),
    startedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    registeredAt: z.string().optional(),
    verifiedAt: z.string().optional(),
    retireAfter: z.string().optional(),
    completedAt: z.string().optional(),
    nextStep: z.string(),
    jwks: z.array(publicJwkSchema(z)).optional(),
  });
}

export function clientConflictSchema(z: Zod) {
  return z.object({
    clientId: z.string(),
    environment: z.string(),
    heldBy: z.string().optional(),
    alsoDeclaredBy: z.array(z.string()),
    message: z.string(),
  });
}

export function gatewayDeploymentSchema(z: Zod) {
  return z.object({
    gateway: z.literal('gravitee'),
    format: z.enum(['v2', 'v4']),
    apiId: z.string().nullable(),
    status: z.string(),
    lastError: z.string().nullable(),
    deployedBy: z.string().nullable(),
    updatedAt: z.string(),
  });
}

/** One integration as the entity card shows it (`GET …/integrations`), plus its gateway deployments. */
export function integrationSchema(z: Zod) {
  return z.object({
    entityRef: z.string(),
    title: z.string().optional(),
    owner: z.string().optional(),
    environment: z.string(),
    clientId: z.string().optional(),
    scopes: z.array(z.string()),
    resources: z.array(z.string()),
    consumerOrg: z.string().optional(),
    externalKeyId: z.string().optional(),
    keys: z.array(keySchema(z)),
    activeKid: z.string().optional(),
    expiresAt: z.string().optional(),
    expiry: z.enum(EXPIRY),
    daysUntilExpiry: z.number().optional(),
    lastTokenTest: tokenTestSchema(z).optional(),
    window: z
      .object({ next: z.string().optional(), active: z.string().optional(), retiring: z.array(z.string()) })
      .optional(),
    rotation: rotationSchema(z).optional(),
    clientConflict: clientConflictSchema(z).optional(),
    keyRegistration: z.enum(['self-service', 'manual']).optional().describe('How new keys reach Digdir in this environment'),
    scopeAccess: z
      .record(z.enum(['granted', 'open', 'request']))
      .optional()
      .describe("Per scope: granted to the organisation, open to all, or 'request' (no access: ask the API's owner)"),
    imported: z.object({ unclaimed: z.boolean(), adopted: z.boolean() }).optional().describe('Imported from Digdir'),
    gatewayDeployments: z.array(gatewayDeploymentSchema(z)),
  });
}

/** One row of the self-service page (`GET /v1/integrations`), condensed for a model. */
export function integrationSummarySchema(z: Zod) {
  return z.object({
    entityRef: z.string(),
    title: z.string().optional(),
    owner: z.string().optional(),
    environment: z.string(),
    clientId: z.string().optional(),
    scopes: z.array(z.string()),
    activeKid: z.string().optional(),
    expiresAt: z.string().optional(),
    expiry: z.enum(EXPIRY),
    daysUntilExpiry: z.number().optional(),
    keyStates: z.record(z.number()),
    lastTokenTest: z
      .object({
        outcome: z.string(),
        requestedAt: z.string(),
        errorCode: z.string().optional(),
        message: z.string(),
      })
      .optional(),
    rotation: z.object({ phase: z.string(), open: z.boolean(), nextStep: z.string() }).optional(),
    clientConflict: z.string().optional(),
  });
}
