import fs from 'node:fs/promises';
import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { TemplateAction, createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ProvisionIntegrationRequest,
  ProvisionIntegrationResponse,
  buildMaskinportenClientEntity,
  validateIntegrationFields,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import YAML from 'yaml';
import { ProvisioningClient } from './provisioningClient';

/** @public */
export const CREATE_INTEGRATION_ACTION_ID = 'maskinporten:integration:create';
/** Where the entity is written in the workspace, for `catalog:register`-style steps. */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

/**
 * The idempotency key the backend remembers the request under: the same for every attempt of
 * this step of this task, so a retried task gets the same key even when its checkpoint was
 * never saved. The entity ref keeps iterations of an `each` loop apart.
 */
export function idempotencyKeyFor(taskId: string, stepId: string | undefined, entityRef: string) {
  return `scaffolder:${taskId}:${stepId ?? 'step'}:${entityRef}`
    .replace(/[^A-Za-z0-9._:/-]/g, '-')
    .slice(0, 255);
}

/**
 * A public key as the action outputs it (the JWK array to paste into Samarbeidsportalen).
 * Named, so the published type does not depend on how the compiler happened to print it.
 *
 * @public
 */
export type MaskinportenActionJwk = {
  kty: string;
  alg: string;
  use: string;
  kid: string;
  e: string;
  n: string;
};

/** What `maskinporten:integration:create` takes. @public */
export type MaskinportenIntegrationActionInput = {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  owner: string;
  component?: string;
  environment: string;
  scopes: string[];
  clientId?: string;
  registerWithDigdir?: boolean;
};

/** What `maskinporten:integration:create` outputs. @public */
export type MaskinportenIntegrationActionOutput = {
  kid: string;
  jwks: MaskinportenActionJwk[];
  clientId?: string;
  registeredWithDigdir: boolean;
  entityRef: string;
  catalogInfo: string;
};

/**
 * `maskinporten:integration:create`: provisions a new integration through the Maskinporten
 * backend, which generates and keeps the key (this action never sees a private key), and
 * with `registerWithDigdir` creates the client and uploads the key set. Outputs the public
 * key set and the `maskinporten-client` Resource to put in the catalog.
 *
 * @public
 */
export function createMaskinportenIntegrationAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  fetchImpl?: typeof fetch;
}): TemplateAction<MaskinportenIntegrationActionInput, MaskinportenIntegrationActionOutput, 'v2'> {
  const client = new ProvisioningClient(options.discovery, options.auth, options.fetchImpl);
  return createTemplateAction({
    id: CREATE_INTEGRATION_ACTION_ID,
    description:
      'Creates a Maskinporten integration: a key held by the Maskinporten backend, optionally the client in Digdir, and the maskinporten-client Resource for the catalog.',
    supportsDryRun: true,
    examples: [
      {
        description: 'A test integration for lonn-service, registered through the self-service API',
        example: YAML.stringify({
          steps: [
            {
              id: 'maskinporten',
              action: CREATE_INTEGRATION_ACTION_ID,
              name: 'Create Maskinporten integration',
              input: {
                name: 'lonn-dfo-test',
                owner: 'group:default/team-lonn',
                component: 'component:default/lonn-service',
                environment: 'test',
                scopes: ['dfo:ansatte'],
                registerWithDigdir: true,
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        name: z =>
          z.string().describe('Name of the maskinporten-client Resource, e.g. lonn-dfo-test'),
        namespace: z => z.string().optional().describe('Catalog namespace; default "default"'),
        title: z => z.string().optional().describe('Display title of the Resource'),
        description: z => z.string().optional().describe('Description of the Resource'),
        owner: z => z.string().describe('Owning group or user, e.g. group:default/team-lonn'),
        component: z =>
          z
            .string()
            .optional()
            .describe('The entity the integration belongs to (spec.dependencyOf)'),
        environment: z =>
          z.string().describe('A Maskinporten environment configured in the backend'),
        scopes: z =>
          z.array(z.string()).describe('Scopes written prefix:name, e.g. dfo:ansatte'),
        clientId: z =>
          z
            .string()
            .optional()
            .describe('An existing client id from Samarbeidsportalen, if there is one'),
        registerWithDigdir: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Create the client and upload the key through Digdir's self-service API (when the environment has it configured)",
            ),
      },
      output: {
        kid: z => z.string().describe('Key id of the new key (a placeholder on a dry run)'),
        jwks: z =>
          z
            .array(
              z.object({
                kty: z.string(),
                alg: z.string(),
                use: z.string(),
                kid: z.string(),
                e: z.string(),
                n: z.string(),
              }),
            )
            .describe('The JWK array to paste into Samarbeidsportalen (public keys only)'),
        clientId: z => z.string().optional().describe('The client id, when there is one'),
        registeredWithDigdir: z =>
          z.boolean().describe("True when Digdir's self-service API holds the key"),
        entityRef: z => z.string().describe('Ref of the maskinporten-client Resource'),
        catalogInfo: z => z.string().describe('The Resource as catalog-info YAML'),
      },
    },
    async handler(ctx) {
      // A template passes `${{ parameters.clientId }}` even when the form left it out.
      const input = {
        ...ctx.input,
        clientId: ctx.input.clientId?.trim() ? ctx.input.clientId : undefined,
      };
      // The task runner validates against the JSON schema; these are the rules it cannot
      // express (catalog names, refs, scope syntax), checked before anything is sent.
      const problems = validateIntegrationFields(input).map(p => `${p.field}: ${p.message}`);
      if (input.registerWithDigdir && input.clientId) {
        problems.push(
          'registerWithDigdir: creates a new client, so it cannot be combined with clientId',
        );
      }
      if (problems.length > 0) {
        throw new InputError(`Invalid input to ${CREATE_INTEGRATION_ACTION_ID}: ${problems.join('; ')}`);
      }
      const namespace = input.namespace ?? 'default';
      const entityRef = `resource:${namespace}/${input.name}`;
      const request: ProvisionIntegrationRequest = {
        entityRef,
        owner: input.owner,
        environment: input.environment.trim(),
        scopes: input.scopes.map(scope => scope.trim()),
        ...(input.clientId ? { clientId: input.clientId.trim() } : {}),
        ...(input.registerWithDigdir ? { registerWithDigdir: true } : {}),
        idempotencyKey: idempotencyKeyFor(ctx.task.id, ctx.step?.id, entityRef),
      };
      const call = async () =>
        client.provision(
          { ...request, ...(ctx.isDryRun ? { dryRun: true } : {}) },
          { credentials: await ctx.getInitiatorCredentials(), signal: ctx.signal },
        );

      let result: ProvisionIntegrationResponse;
      if (ctx.isDryRun) {
        // The backend validates (environment, self-service, name not taken) and creates nothing.
        result = await call();
        ctx.logger.info(`Dry run: ${entityRef} would get a new key in ${request.environment}`);
      } else {
        // A resumed task skips the call; one that crashed before the checkpoint was saved
        // repeats it with the same idempotency key and gets the same key back.
        result = (await ctx.checkpoint({
          key: `maskinporten-integration-create:${entityRef}:${request.environment}`,
          fn: async () => (await call()) as unknown as JsonObject,
        })) as unknown as ProvisionIntegrationResponse;
        ctx.logger.info(
          `Maskinporten integration ${entityRef} (${result.environment}): key ${result.kid}${
            result.clientId ? `, client ${result.clientId}` : ''
          }${result.registeredWithDigdir ? ', registered with Digdir' : ''}`,
        );
      }

      const entity = buildMaskinportenClientEntity({
        name: input.name,
        namespace,
        owner: input.owner,
        component: input.component,
        environment: request.environment,
        scopes: request.scopes,
        clientId: result.clientId,
        title: input.title,
        description: input.description,
      });
      const catalogInfo = YAML.stringify(entity);
      const target = resolveSafeChildPath(ctx.workspacePath, CATALOG_INFO_FILE);
      await fs.mkdir(ctx.workspacePath, { recursive: true });
      await fs.writeFile(target, catalogInfo);

      ctx.output('kid', result.kid);
      ctx.output('jwks', result.jwks);
      if (result.clientId) {
        ctx.output('clientId', result.clientId);
      }
      ctx.output('registeredWithDigdir', result.registeredWithDigdir);
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfo', catalogInfo);
    },
  });
}
