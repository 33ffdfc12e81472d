import express from 'express';
import { randomUUID } from 'node:crypto';
import { APIM_RELEASES, ApimRelease, generateForEnvironment, routesOf } from './apimReleases';
import { DoubleSubscription } from './gatewayEvent';
import { checkUpdateApiV4, checkV2, checkV4 } from './importChecks';

/** @public */
export interface DoubleApi {
  id: string;
  format: 'v2' | 'v4';
  name: string;
  crossId?: string;
  contextPaths: string[];
  state: 'STOPPED' | 'STARTED';
  visibility: 'PRIVATE' | 'PUBLIC';
  /** The import body as last written (v4: `{api, plans, …}`; v2: the definition). */
  definition: any;
  /** Times the definition was replaced after import. */
  updates: number;
  deployments: number;
  subscriptions: DoubleSubscription[];
}

/** What the routes need from the double: its state and its ways of answering. */
export interface DoubleContext {
  release: ApimRelease;
  org: string;
  env: string;
  apis: Map<string, DoubleApi>;
  newApi(format: 'v2' | 'v4', id: string, name: string, crossId: string | undefined): DoubleApi;
  write(api: DoubleApi, checked: { name: string; paths: string[] }, body: any): void;
  error(res: express.Response, status: number, message: string, req?: express.Request): void;
  lifecycle(api: DoubleApi, action: 'START' | 'STOP', res: express.Response): void;
  deploy(api: DoubleApi, res: express.Response): Promise<boolean>;
}

/**
 * The management API routes of the emulated release; every route names the source it follows
 * (see ManagementApiDouble for the v1/v2 source paths). Any other path falls through to 404.
 */
export function registerApiRoutes(app: express.Express, ctx: DoubleContext) {
  const v1 = '/management/organizations/:org/environments/:env/apis';
  const v2 = '/management/v2/environments/:env/apis';
  const inScope = (req: express.Request, res: express.Response): boolean => {
    if ((req.params.org !== undefined && req.params.org !== ctx.org) || req.params.env !== ctx.env) {
      ctx.error(res, 404, `Environment [${req.params.env}] cannot be found.`);
      return false;
    }
    return true;
  };
  const known = (req: express.Request, res: express.Response, format: 'v2' | 'v4') => {
    const api = inScope(req, res) ? ctx.apis.get(req.params.id) : undefined;
    if (res.headersSent) return undefined;
    if (!api) {
      // service/exceptions/ApiNotFoundException (v1), apim/core/api/exception/ApiNotFoundException (v2)
      ctx.error(res, 404, `Api [${req.params.id}] cannot be found.`);
      return undefined;
    }
    if (api.format !== format) {
      ctx.error(res, 400, `Api [${api.id}] is not a ${format} API`);
      return undefined;
    }
    return api;
  };
  const pathTaken = (paths: string[], self: string | undefined) =>
    paths.find(p => [...ctx.apis.values()].some(a => a.id !== self && a.contextPaths.includes(p)));
  /** A definition the checks refused: answered 400 with the check's message. */
  const invalid = <T extends object>(checked: T | { error: string }, req: express.Request, res: express.Response): checked is { error: string } => {
    if (!('error' in checked)) return false;
    ctx.error(res, 400, checked.error, req);
    return true;
  };
  /** ApiServiceImpl's context-path check: another API already listens on one of `paths` → 400. */
  const pathRefused = (paths: string[], self: string | undefined, req: express.Request, res: express.Response) => {
    const taken = pathTaken(paths, self);
    if (taken) ctx.error(res, 400, `The path [${taken}] is already covered by an other API.`, req);
    return taken !== undefined;
  };

  // v1 resource/swagger/OpenAPIResource.java: console-openapi.json, info.version = ${project.version}
  app.get('/management/openapi.json', (_req, res) => {
    res.json({ openapi: '3.0.1', info: { title: 'Gravitee.io - Management API', version: APIM_RELEASES[ctx.release] } });
  });

  // v1 ApisResource#getApis: GET …/apis?crossId= (ApisParam.crossId) → ApiListItem[]
  app.get(v1, (req, res) => {
    if (!inScope(req, res)) return;
    const crossId = typeof req.query.crossId === 'string' ? req.query.crossId : undefined;
    const found = [...ctx.apis.values()].filter(a => crossId === undefined || a.crossId === crossId);
    res.json(found.map(a => ({ id: a.id, name: a.name, state: a.state, visibility: a.visibility })));
  });

  // v1 ApisResource#importApiDefinition → ApiDuplicatorServiceImpl#createWithImportedDefinition:
  // the id is the crossId's API (then "already exists") or generateForEnvironment(ctx.env, body.id)
  // (ApiIdsCalculatorServiceImpl); ApiServiceImpl#createWithApiDefinition refuses an existing id.
  app.post(`${v1}/import`, (req, res) => {
    if (!inScope(req, res)) return;
    const checked = checkV2(req.body);
    if (invalid(checked, req, res)) return;
    const byCrossId = [...ctx.apis.values()].find(a => a.crossId && a.crossId === req.body.crossId);
    const id = byCrossId?.id ?? (req.body.id ? generateForEnvironment(ctx.env, req.body.id) : randomUUID());
    if (ctx.apis.has(id)) {
      ctx.error(res, 400, `An api [${id}] already exists.`, req);
      return;
    }
    if (pathRefused(checked.paths, undefined, req, res)) return;
    const api = ctx.newApi('v2', id, checked.name, req.body.crossId);
    ctx.write(api, checked, req.body);
    res.status(200).json(describe(api));
  });

  // v1 ApiResource#updateApiWithDefinition: PUT …/apis/{api}/import (application/json), 200
  app.put(`${v1}/:id/import`, (req, res) => {
    const api = known(req, res, 'v2');
    if (!api) return;
    const checked = checkV2(req.body);
    if (invalid(checked, req, res)) return;
    if (pathRefused(checked.paths, api.id, req, res)) return;
    ctx.write(api, checked, req.body);
    res.status(200).json(describe(api));
  });

  // v1 ApiResource#getApi (200 ApiEntity with state) and #deployApi (POST deploy, 200)
  app.get(`${v1}/:id`, (req, res) => {
    const api = known(req, res, 'v2');
    if (api) res.json(describe(api));
  });
  app.post(`${v1}/:id/deploy`, async (req, res) => {
    const api = known(req, res, 'v2');
    if (api && (await ctx.deploy(api, res))) res.status(200).json(describe(api));
  });
  // v1 ApiResource#doApiLifecycleAction: POST …/apis/{api}?action=START|STOP → 204,
  // #checkApiLifeCycle: 400 "API is already started"
  app.post(`${v1}/:id`, (req, res) => {
    const api = known(req, res, 'v2');
    if (!api) return;
    const action = req.query.action;
    if (action !== 'START' && action !== 'STOP') {
      ctx.error(res, 400, 'Valid LifecycleAction is required');
      return;
    }
    ctx.lifecycle(api, action, res);
  });

  // v2 POST /environments/{envId}/apis/_import/definition (ExportApiV4) → 201;
  // ImportApiDefinitionUseCase: the body's api.id is kept, an existing id → 400 "already exists"
  app.post(`${v2}/_import/definition`, (req, res) => {
    if (!inScope(req, res)) return;
    const checked = checkV4(req.body);
    if (invalid(checked, req, res)) return;
    const id = typeof req.body.api.id === 'string' ? req.body.api.id : randomUUID();
    if (ctx.apis.has(id)) {
      ctx.error(res, 400, `An api [${id}] already exists.`, req);
      return;
    }
    if (pathRefused(checked.paths, undefined, req, res)) return;
    const api = ctx.newApi('v4', id, checked.name, req.body.api.crossId);
    ctx.write(api, checked, req.body);
    res.status(201).json(describe(api));
  });

  // v2 GET /environments/{envId}/apis/{apiId} → 200 `Api`, oneOf ApiV2 | ApiV4 … by
  // `definitionVersion` (openapi-apis.yaml, components.schemas.Api), with `state`; 404
  app.get(`${v2}/:id`, (req, res) => {
    const api = inScope(req, res) ? ctx.apis.get(req.params.id) : undefined;
    if (res.headersSent) return;
    if (!api) {
      ctx.error(res, 404, `Api [${req.params.id}] cannot be found.`);
      return;
    }
    res.json({ ...describe(api), definitionVersion: api.format === 'v4' ? 'V4' : 'V2' });
  });

  // v2 PUT /environments/{envId}/apis/{apiId} (UpdateApiV4; required name, apiVersion,
  // definitionVersion, listeners, endpointGroups, type) → 200
  app.put(`${v2}/:id`, (req, res) => {
    const api = known(req, res, 'v4');
    if (!api) return;
    const checked = checkUpdateApiV4(req.body);
    if (invalid(checked, req, res)) return;
    if (pathRefused(checked.paths, api.id, req, res)) return;
    const body = { ...api.definition, api: { ...api.definition.api, ...req.body } };
    ctx.write(api, checked, body);
    res.status(200).json(describe(api));
  });

  // v2 PUT /environments/{envId}/apis/{apiId}/plans/{planId} (UpdatePlanV4) → 200;
  // PlanNotFoundException "Plan [id] cannot be found." → 404. The security type is kept.
  app.put(`${v2}/:id/plans/:planId`, (req, res) => {
    const api = known(req, res, 'v4');
    if (!api) return;
    const plans: any[] = api.definition.plans ?? [];
    const index = plans.findIndex(p => p.id === req.params.planId);
    if (index < 0) {
      ctx.error(res, 404, `Plan [${req.params.planId}] cannot be found.`);
      return;
    }
    if (req.body?.definitionVersion !== 'V4') {
      ctx.error(res, 400, 'definitionVersion V4 is required', req);
      return;
    }
    const { security, definitionVersion: _v, ...rest } = req.body;
    const current = plans[index];
    plans[index] = {
      ...current,
      ...rest,
      security: { ...current.security, configuration: security?.configuration ?? current.security?.configuration },
    };
    res.status(200).json({ ...plans[index], apiId: api.id });
  });

  // v2 PUT /environments/{envId}/apis/{apiId}/_import/definition (ExportApiV4) → 200: 4.12.x only
  if (routesOf(ctx.release).v4ImportUpdate) {
    app.put(`${v2}/:id/_import/definition`, (req, res) => {
      const api = known(req, res, 'v4');
      if (!api) return;
      const checked = checkV4(req.body);
      if (invalid(checked, req, res)) return;
      if (pathRefused(checked.paths, api.id, req, res)) return;
      ctx.write(api, checked, req.body);
      res.status(200).json(describe(api));
    });
  }

  // v2 ApiResource#startAPI: POST …/_start → 204; #checkApiLifeCycle 400 "API is already started"
  app.post(`${v2}/:id/_start`, (req, res) => {
    const api = known(req, res, 'v4');
    if (api) ctx.lifecycle(api, 'START', res);
  });
  // v2 POST …/deployments (ApiDeployment) → 202
  app.post(`${v2}/:id/deployments`, async (req, res) => {
    const api = known(req, res, 'v4');
    if (api && (await ctx.deploy(api, res))) res.status(202).json(describe(api));
  });

}

export function describe(api: DoubleApi) {
  return {
    id: api.id,
    crossId: api.crossId,
    name: api.name,
    state: api.state,
    visibility: api.visibility,
    ...(api.format === 'v4' ? { definitionVersion: 'V4' } : { gravitee: '2.0.0' }),
  };
}
