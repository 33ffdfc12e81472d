import express from 'express';
import { randomUUID } from 'node:crypto';
import { DoubleApi, DoubleContext } from './apiRoutes';
import { DoubleSubscription } from './gatewayEvent';

/** An application in the environment (the console's Applications page). @public */
export interface DoubleApplication {
  id: string;
  name: string;
}

export interface SubscriptionContext extends DoubleContext {
  applications: Map<string, DoubleApplication>;
  /** A subscription was accepted: the gateways' sync learns of it. */
  subscribed(api: DoubleApi, subscription: DoubleSubscription): Promise<void>;
}

/** A plan of the API as its definition holds it, v2 (`security: "API_KEY"`) or v4 (`security.type`). */
function plansOf(api: DoubleApi): any[] {
  return Array.isArray(api.definition?.plans) ? api.definition.plans : [];
}

function securityOf(plan: any): string {
  const type = typeof plan?.security === 'string' ? plan.security : plan?.security?.type;
  return String(type ?? '').toUpperCase().split('-').join('_');
}

/**
 * Subscriptions, API keys and definition exports, the routes a token service's verification
 * and adoption use (gravitee-io/gravitee-api-management, tags 4.5.29, 4.8.32, 4.10.8 and
 * 4.12.17; `v2` and `v1` as in ManagementApiDouble). Each route has the same path, body and
 * status on all four releases.
 */
export function registerSubscriptionRoutes(app: express.Express, ctx: SubscriptionContext) {
  const v1 = '/management/organizations/:org/environments/:env/apis';
  const v2 = '/management/v2/environments/:env/apis';
  const load = (req: express.Request, res: express.Response, format?: 'v2' | 'v4') => {
    if ((req.params.org !== undefined && req.params.org !== ctx.org) || req.params.env !== ctx.env) {
      ctx.error(res, 404, `Environment [${req.params.env}] cannot be found.`);
      return undefined;
    }
    const api = ctx.apis.get(req.params.id);
    if (!api) {
      ctx.error(res, 404, `Api [${req.params.id}] cannot be found.`);
      return undefined;
    }
    if (format && api.format !== format) {
      // ExportApiUseCase: ApiDefinitionVersionNotSupportedException for anything but V4.
      ctx.error(res, 400, `Definition version [${api.format === 'v2' ? '2.0.0' : '4.0.0'}] is not supported`);
      return undefined;
    }
    return api;
  };
  const view = (api: DoubleApi, s: DoubleSubscription) => ({
    id: s.id,
    api: { id: api.id, name: api.name },
    plan: { id: s.plan },
    application: { id: s.application, name: ctx.applications.get(s.application)?.name },
    status: s.status,
    consumerStatus: 'STARTED',
    createdAt: new Date(s.createdAt).toISOString(),
  });
  // openapi `explode: false`: a list parameter is one comma-separated value.
  const list = (value: unknown): string[] | undefined =>
    typeof value === 'string' && value.length > 0 ? value.split(',') : undefined;

  // v2 GET …/apis/{apiId}/subscriptions (ApiSubscriptionsResource#getApiSubscriptions):
  // applicationIds, planIds, statuses (default ACCEPTED) → SubscriptionsResponse {data, pagination, links}
  app.get(`${v2}/:id/subscriptions`, (req, res) => {
    const api = load(req, res);
    if (!api) return;
    const applicationIds = list(req.query.applicationIds);
    const planIds = list(req.query.planIds);
    const statuses = list(req.query.statuses) ?? ['ACCEPTED'];
    const found = api.subscriptions.filter(
      s =>
        (!applicationIds || applicationIds.includes(s.application)) &&
        (!planIds || planIds.includes(s.plan)) &&
        statuses.includes(s.status),
    );
    res.json({
      data: found.map(s => view(api, s)),
      pagination: { page: 1, perPage: 10, pageCount: 1, pageItemsCount: found.length, totalCount: found.length },
      links: {},
    });
  });

  // v2 POST …/apis/{apiId}/subscriptions (CreateSubscription: applicationId, planId required) → 201.
  // Created by the API's publisher, a PENDING subscription is accepted at once
  // (ApiSubscriptionsResource#createApiSubscription → AcceptSubscriptionUseCase); the checks are
  // SubscriptionServiceImpl#create's.
  app.post(`${v2}/:id/subscriptions`, async (req, res) => {
    const api = load(req, res);
    if (!api) return;
    const { applicationId, planId, customApiKey } = req.body ?? {};
    if (typeof applicationId !== 'string' || typeof planId !== 'string') {
      ctx.error(res, 400, 'applicationId and planId are required', req);
      return;
    }
    if (typeof customApiKey === 'string' && customApiKey.length > 0) {
      // PLAN_SECURITY_APIKEY_CUSTOM_ALLOWED is off by default.
      ctx.error(res, 400, 'You are not allowed to provide a custom API Key', req);
      return;
    }
    const plan = plansOf(api).find(p => p?.id === planId);
    if (!plan) {
      ctx.error(res, 404, `Plan [${planId}] cannot be found.`);
      return;
    }
    const status = String(plan.status ?? 'PUBLISHED').toUpperCase();
    if (status !== 'PUBLISHED') {
      ctx.error(res, 400, `Plan [${planId}] is ${status.toLowerCase()} and cannot be subscribed.`);
      return;
    }
    if (securityOf(plan) === 'KEY_LESS') {
      ctx.error(res, 400, 'A keyless plan is not subscribable!');
      return;
    }
    if (!ctx.applications.has(applicationId)) {
      ctx.error(res, 404, `Application [${applicationId}] cannot be found.`);
      return;
    }
    if (api.subscriptions.some(s => s.plan === planId && s.application === applicationId && s.status === 'ACCEPTED')) {
      // PlanAlreadySubscribedException
      ctx.error(res, 400, 'There is already a PENDING or ACCEPTED subscription for this plan.');
      return;
    }
    const subscription: DoubleSubscription = {
      id: randomUUID(),
      plan: planId,
      application: applicationId,
      apiKey: randomUUID(),
      apiKeyId: randomUUID(),
      status: 'ACCEPTED',
      createdAt: Date.now(),
    };
    api.subscriptions.push(subscription);
    await ctx.subscribed(api, subscription);
    res.status(201).json(view(api, subscription));
  });

  // v2 GET …/subscriptions/{subscriptionId}/api-keys (#getApiSubscriptionApiKeys) → {data: ApiKey[]};
  // 404 when the subscription is not the API's.
  app.get(`${v2}/:id/subscriptions/:subscriptionId/api-keys`, (req, res) => {
    const api = load(req, res);
    if (!api) return;
    const s = api.subscriptions.find(x => x.id === req.params.subscriptionId);
    if (!s) {
      ctx.error(res, 404, `Subscription [${req.params.subscriptionId}] cannot be found.`);
      return;
    }
    res.json({
      data: [
        {
          id: s.apiKeyId,
          key: s.apiKey,
          application: { id: s.application },
          subscriptions: [{ id: s.id }],
          revoked: s.status !== 'ACCEPTED',
          paused: false,
          expired: false,
          createdAt: new Date(s.createdAt).toISOString(),
        },
      ],
      pagination: { page: 1, perPage: 10, pageCount: 1, pageItemsCount: 1, totalCount: 1 },
      links: {},
    });
  });

  // v2 GET …/apis/{apiId}/_export/definition (ApiResource#exportApiDefinition → ExportApiUseCase,
  // V4 only) → ExportApiV4 with the plans, policy configurations as they are.
  app.get(`${v2}/:id/_export/definition`, (req, res) => {
    const api = load(req, res, 'v4');
    if (!api) return;
    const { api: body, plans } = api.definition ?? {};
    res.json({
      api: { ...body, id: api.id, crossId: api.crossId, state: api.state, visibility: api.visibility },
      plans: plans ?? [],
      members: [],
      metadata: [],
      pages: [],
    });
  });

  // v1 GET …/apis/{api}/export (ApiResource#exportApiDefinition, `version=default`): the v2
  // definition as JSON, plans included.
  app.get(`${v1}/:id/export`, (req, res) => {
    const api = load(req, res, undefined);
    if (!api) return;
    if (api.format !== 'v2') {
      ctx.error(res, 400, `Api [${api.id}] is not a v2 API`);
      return;
    }
    res.json({ ...api.definition, id: api.id, crossId: api.crossId });
  });
}
