import { findPrivateKeyMaterial } from '../lib/privateKeyMaterial';
import { ActionsBackend, Caller, OWNER, startActionsBackend } from './__testUtils__/actionsHarness';
import siktTemplate from '../gravitee/__fixtures__/sikt-maskinporten-api-template.json';

jest.setTimeout(120_000);

/**
 * The actions through the real actions registry (its HTTP invoke route, as the MCP actions
 * backend calls it), against the HTTP routes: the same answers for the same user, the same
 * refusals, and no key material in any answer.
 */
describe('maskinporten actions', () => {
  let env: ActionsBackend;
  const answers: string[] = [];
  const OWNED = 'component:default/owned';
  const ROUTE = '/v1/entities/component/default/owned';

  async function call(caller: Caller, action: string, input: unknown) {
    const res = await env.invoke(caller, action, input);
    answers.push(JSON.stringify(res.body));
    return res;
  }

  beforeAll(async () => {
    env = await startActionsBackend();
    await env.registeredKey('owned');
    await env.registeredKey('theirs', 'stranger');
    await env.post('owner', `${ROUTE}/token-tests`).expect(201);
    await env.post('owner', '/v1/integrations/refresh').expect(200);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('registers seven actions whose attributes say what they do, and whose schemas keep required fields', async () => {
    const res = await env.get('owner', '/.backstage/actions/v1/actions').expect(200);
    const actions = Object.fromEntries(res.body.actions.map((a: any) => [a.name, a]));
    expect(Object.keys(actions).sort()).toEqual([
      'describe-integration',
      'explain-error',
      'lint-gravitee-definition',
      'list-integrations',
      'render-gravitee-definition',
      'run-token-test',
      'start-key-rotation',
    ]);
    const attributes = (name: string) => actions[name].attributes;
    for (const name of ['list-integrations', 'describe-integration', 'explain-error', 'lint-gravitee-definition', 'render-gravitee-definition']) {
      expect(attributes(name)).toEqual({ readOnly: true, destructive: false, idempotent: true });
    }
    expect(attributes('run-token-test')).toEqual({ readOnly: false, destructive: false, idempotent: false });
    expect(attributes('start-key-rotation')).toEqual({ readOnly: false, destructive: true, idempotent: false });
    expect(actions['start-key-rotation'].description).toMatch(/^DESTRUCTIVE/);
    expect(actions['start-key-rotation'].schema.input).toMatchObject({
      type: 'object',
      required: ['entityRef', 'confirm'],
      properties: { confirm: { type: 'boolean', const: true } },
      additionalProperties: false,
    });
    expect(actions['describe-integration'].schema.input.required).toEqual(['entityRef']);
    expect(actions['render-gravitee-definition'].schema.input.properties).not.toHaveProperty('secrets');
  });

  it('list-integrations answers what GET /v1/integrations answers the same user, filter for filter', async () => {
    const same = async (input: object, query: string) => {
      const route = await env.get('owner', `/v1/integrations${query}`).expect(200);
      const action = await call('mcpForOwner', 'list-integrations', input);
      expect(action.status).toBe(200);
      const items = action.body.output.items;
      expect(items.map((i: any) => i.entityRef)).toEqual(route.body.items.map((i: any) => i.entityRef));
      items.forEach((item: any, index: number) => {
        const row = route.body.items[index];
        expect(item).toMatchObject({
          owner: row.owner,
          environment: row.environment,
          clientId: row.clientId,
          scopes: row.scopes,
          activeKid: row.activeKid,
          expiresAt: row.expiresAt,
          expiry: row.expiry,
        });
        expect(item.lastTokenTest?.outcome).toEqual(row.lastTokenTest?.outcome);
      });
      return items;
    };
    const mine = await same({ mine: true }, '?owner=user:default/owner&owner=group:default/team-a');
    expect(mine.map((i: any) => i.entityRef)).toEqual([OWNED]);
    expect(mine[0]).toMatchObject({ expiry: 'ok', keyStates: { active: 1 }, lastTokenTest: { outcome: 'success' } });
    expect(mine[0].daysUntilExpiry).toBeGreaterThan(360);
    const all = await same({}, '');
    expect(all).toHaveLength(2);
    await same({ environment: 'test', expiresWithinDays: 400, q: 'theirs' }, '?environment=test&expiresWithinDays=400&q=theirs');
    await same({ expiresWithinDays: 30 }, '?expiresWithinDays=30');
    await same({ owner: ['group:default/team-b'], limit: 1 }, '?owner=group:default/team-b&limit=1');
  });

  it("describe-integration answers what the card's route answers, with gateway deployments", async () => {
    const route = await env.get('owner', `${ROUTE}/integrations`).expect(200);
    const action = await call('mcpForOwner', 'describe-integration', { entityRef: OWNED });
    expect(action.status).toBe(200);
    const { integrations, invalid, entityRef } = action.body.output;
    expect(entityRef).toBe(OWNED);
    expect(invalid).toEqual(route.body.invalid);
    expect(integrations.map(({ gatewayDeployments, daysUntilExpiry, ...view }: any) => view)).toEqual(route.body.items);
    expect(integrations[0]).toMatchObject({ gatewayDeployments: [], keys: [{ state: 'active' }] });

    const broken = await call('mcpForOwner', 'describe-integration', { entityRef: 'component:default/broken' });
    const brokenRoute = await env.get('owner', '/v1/entities/component/default/broken/integrations').expect(200);
    expect(broken.body.output.invalid).toEqual(brokenRoute.body.invalid);
    expect(broken.body.output.invalid[0].problems[0]).toMatchObject({ annotation: 'maskinporten.no/environment' });
  });

  it('render-gravitee-definition answers the placeholder definition of GET …/gravitee, in both formats', async () => {
    for (const format of ['v2', 'v4'] as const) {
      const route = await env.get('stranger', `${ROUTE}/gravitee?format=${format}&secrets=placeholder`).expect(200);
      const action = await call('mcpForStranger', 'render-gravitee-definition', { entityRef: OWNED, format });
      expect(action.status).toBe(200);
      expect(action.body.output).toMatchObject({ format, secrets: 'placeholder', entityRef: OWNED });
      expect(action.body.output.definition).toEqual(route.body);
    }
    // Key material is not the caller's to ask for: there is no such input.
    const inline = await call('mcpForOwner', 'render-gravitee-definition', { entityRef: OWNED, secrets: 'inline' });
    expect(inline.status).toBe(400);
    expect(inline.body.error.message).toBe('input: unknown field "secrets"');
  });

  it('lint-gravitee-definition answers what POST /v1/gravitee/lint answers, from an object or JSON text', async () => {
    const rendered = (await env.get('owner', `${ROUTE}/gravitee?format=v4`)).body;
    for (const definition of [rendered, siktTemplate]) {
      const route = await env.post('owner', '/v1/gravitee/lint', definition).expect(200);
      for (const input of [definition, JSON.stringify(definition)]) {
        const action = await call('mcpForOwner', 'lint-gravitee-definition', { definition: input });
        expect(action.status).toBe(200);
        expect(action.body.output.findings).toEqual(route.body.findings);
        expect(action.body.output.version).toBe(route.body.version);
      }
    }
    const sikt = await call('mcpForOwner', 'lint-gravitee-definition', { definition: siktTemplate });
    expect(sikt.body.output.errors).toBeGreaterThan(0);
  });

  it("run-token-test is the card's token test for an owner, and refused, recording nothing, for anyone else", async () => {
    const action = await call('mcpForOwner', 'run-token-test', { entityRef: OWNED, scopes: ['dfo:ansatte'] });
    expect(action.status).toBe(200);
    expect(action.body.output).toMatchObject({
      outcome: 'success',
      entityRef: OWNED,
      requestedBy: OWNER,
      grantedScopes: ['dfo:ansatte'],
    });
    const card = await env.get('owner', `${ROUTE}/integrations`).expect(200);
    expect(card.body.items[0].lastTokenTest).toEqual(action.body.output);
    expect(env.auditEvents.at(-1)).toMatchObject({
      eventId: 'token-test',
      outcome: 'success',
      meta: { entityRef: OWNED, caller: OWNER, onBehalfOfVia: 'plugin:mcp-actions', via: 'actions-registry' },
    });

    const refused = await call('mcpForStranger', 'run-token-test', { entityRef: OWNED });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed: maskinporten.token.test on ${OWNED}`,
    });
    const route = await env.post('stranger', `${ROUTE}/token-tests`);
    expect(route.status).toBe(403);
    const after = await env.get('owner', `${ROUTE}/integrations`).expect(200);
    expect(after.body.items[0].lastTokenTest.id).toBe(action.body.output.id);

    const unknownScope = await call('mcpForOwner', 'run-token-test', { entityRef: OWNED, scopes: ['dfo:lonn'] });
    expect(unknownScope.status).toBe(400);
    expect(unknownScope.body.error.message).toMatch(/^scopes: dfo:lonn not declared on the entity/);
    const emptyScopes = await call('mcpForOwner', 'run-token-test', { entityRef: OWNED, scopes: [] });
    expect(emptyScopes.body.error.message).toBe('scopes: must be a non-empty array of scope strings');
  });

  it('start-key-rotation needs confirm: true, refuses a non-owner, and starts the rotation the route shows', async () => {
    const unconfirmed = await call('mcpForOwner', 'start-key-rotation', { entityRef: OWNED });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toMatch(/^confirm: required; starting a rotation replaces/);
    const declined = await call('mcpForOwner', 'start-key-rotation', { entityRef: OWNED, confirm: false });
    expect(declined.status).toBe(400);
    expect(declined.body.error.message).toMatch(/^confirm: Invalid literal value, expected true/);

    const stranger = await call('mcpForStranger', 'start-key-rotation', { entityRef: OWNED, confirm: true });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe(`Not allowed: maskinporten.key.create on ${OWNED}`);
    await env.get('owner', `${ROUTE}/rotations/current`).expect(404);

    const started = await call('mcpForOwner', 'start-key-rotation', { entityRef: OWNED, confirm: true });
    expect(started.status).toBe(200);
    expect(started.body.output).toMatchObject({ created: true, rotation: { mode: 'self-service', startedBy: OWNER } });
    const current = await env.get('owner', `${ROUTE}/rotations/current`).expect(200);
    expect(current.body.rotation).toEqual(started.body.output.rotation);
    expect(started.body.output.rotation.newKid).toBeDefined();

    const again = await call('mcpForOwner', 'start-key-rotation', { entityRef: OWNED, confirm: true });
    expect(again.body.output).toMatchObject({ created: false, rotation: { id: current.body.rotation.id } });
    expect(env.auditEvents.filter(e => e.eventId === 'key-rotation-start').map(e => e.outcome)).toEqual([
      'success',
      'success',
    ]);
    const described = await call('mcpForOwner', 'describe-integration', { entityRef: OWNED });
    expect(described.body.output.integrations[0].rotation.id).toBe(current.body.rotation.id);
  });

  it('lets services only what maskinporten.access.serviceCallers lists', async () => {
    const every: Array<[string, object]> = [
      ['list-integrations', {}],
      ['describe-integration', { entityRef: OWNED }],
      ['explain-error', { code: 'MP-110' }],
      ['lint-gravitee-definition', { definition: siktTemplate }],
      ['render-gravitee-definition', { entityRef: OWNED }],
      ['run-token-test', { entityRef: OWNED }],
      ['start-key-rotation', { entityRef: OWNED, confirm: true }],
    ];
    const statuses = async (caller: Caller) => {
      const result: Record<string, number> = {};
      for (const [name, input] of every) {
        result[name] = (await call(caller, name, input)).status;
      }
      return result;
    };
    // An unlisted plugin acting for the owner: nothing, although the owner may do it all.
    expect(Object.values(await statuses('catalogForOwner'))).toEqual(Array(7).fill(403));
    const catalog = await call('catalogForOwner', 'list-integrations', {});
    expect(catalog.body.error.message).toMatch(/plugin:catalog may not use maskinporten read on behalf of a user/);
    // The MCP backend with its own credentials (a static-token client) is listed for read only.
    expect(await statuses('mcpAlone')).toEqual({
      'list-integrations': 200,
      'describe-integration': 200,
      'explain-error': 200,
      'lint-gravitee-definition': 200,
      'render-gravitee-definition': 200,
      'run-token-test': 403,
      'start-key-rotation': 403,
    });
    expect(Object.values(await statuses('externalService'))).toEqual(Array(7).fill(403));
  });

  it('never answered with private key material, whoever asked', () => {
    expect(answers.length).toBeGreaterThan(30);
    for (const answer of answers) {
      expect(findPrivateKeyMaterial(answer)).toBeUndefined();
    }
  });
});
