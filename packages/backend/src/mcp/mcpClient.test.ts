import { findPrivateKeyMaterial } from '@maskinporten-backstage/plugin-maskinporten-backend/testUtils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startExamplePortal } from '../__testUtils__/startExamplePortal';

jest.setTimeout(240_000);

const STATIC_TOKEN = 'example-portal-mcp-read-only-token';
const OWNED = 'resource:default/lonn-dfo-test';
const NOT_OWNED = 'resource:default/folkeregister-test';

/**
 * An MCP client, as an assistant in an editor runs it, against the example portal's backend
 * over HTTP: the real auth, catalog, permission policy, simulators, Maskinporten plugin and
 * MCP actions backend. It signs in as the guest (a member of team-lonn), lists the tools,
 * calls each one, and checks every answer against the HTTP API's answer for the same user.
 */
describe('the example portal as an MCP server', () => {
  let portal: Awaited<ReturnType<typeof startExamplePortal>>;
  let token: string;
  let mcp: Client;
  const answers: string[] = [];

  async function http(path: string, init: { method?: string; body?: unknown; bearer?: string } = {}) {
    const res = await fetch(`${portal.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.bearer ?? token}`, 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: await res.json() };
  }
  function ok<T extends { status: number; body: any }>(res: T): T {
    if (res.status >= 300) throw new Error(`set-up request failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
  const maskinporten = (path: string, init?: Parameters<typeof http>[1]) => http(`/api/maskinporten${path}`, init);
  const entityPath = (ref: string) => `/v1/entities/${ref.replace(':', '/')}`;

  async function connect(bearer: string) {
    const client = new Client({ name: 'maskinporten-mcp-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${portal.baseUrl}/api/mcp-actions/v1`), {
        requestInit: { headers: { authorization: `Bearer ${bearer}` } },
      }),
    );
    return client;
  }

  /** Calls a tool; every answer, errors included, goes to the leak scan. */
  async function call(name: string, args: Record<string, unknown>, client = mcp) {
    const result = await client.callTool({ name: `maskinporten.${name}`, arguments: args });
    answers.push(JSON.stringify(result));
    const text = (result.content as Array<{ text: string }>)[0]?.text;
    return { isError: result.isError === true, text, output: result.structuredContent as any };
  }

  beforeAll(async () => {
    portal = await startExamplePortal();
    const guest = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`);
    token = (await guest.json()).backstageIdentity.token;
    // The catalog reads examples/entities.yaml after start-up.
    for (let i = 0; ; i++) {
      if ((await http(`/api/catalog/entities/by-name/resource/default/folkeregister-test`)).status === 200) break;
      if (i > 120) throw new Error('the example entities never reached the catalog');
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    // A key for lonn-dfo-test, uploaded to the simulator as Samarbeidsportalen would get it;
    // lonn-service gets one that is never uploaded, so its token test fails.
    const key = ok(await maskinporten(`${entityPath(OWNED)}/keys`, { method: 'POST', body: {} }));
    ok(
      await http('/api/maskinporten-simulator/api/v1/clients/example-lonn-test/jwks', {
        method: 'POST',
        bearer: 'local-simulator-admin-token',
        body: { keys: key.body.jwks },
      }),
    );
    ok(await maskinporten(`${entityPath('component:default/lonn-service')}/keys`, { method: 'POST', body: {} }));
    ok(await maskinporten('/v1/integrations/refresh', { method: 'POST', body: {} }));
    mcp = await connect(token);
  });

  afterAll(async () => {
    await mcp?.close();
    await portal?.stop();
  });

  it('lists the Maskinporten tools, with hints that say which ones change things', async () => {
    const { tools } = await mcp.listTools();
    const byName = Object.fromEntries(tools.map(tool => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        'describe-integration',
        'explain-error',
        'lint-gravitee-definition',
        'list-integrations',
        'render-gravitee-definition',
        'run-token-test',
        'start-key-rotation',
      ].map(name => `maskinporten.${name}`),
    );
    expect(byName['maskinporten.list-integrations'].annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName['maskinporten.run-token-test'].annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(byName['maskinporten.start-key-rotation'].annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName['maskinporten.start-key-rotation'].description).toMatch(/^DESTRUCTIVE/);
    expect(byName['maskinporten.start-key-rotation'].inputSchema.required).toEqual(['entityRef', 'confirm']);
  });

  it("lists and describes integrations as the page and the card do for the guest", async () => {
    const mine = await call('list-integrations', { mine: true });
    const page = await maskinporten('/v1/integrations?owner=user:default/guest&owner=group:default/team-lonn');
    expect(mine.output.items.map((i: any) => i.entityRef)).toEqual(page.body.items.map((i: any) => i.entityRef));
    expect(mine.output.items.map((i: any) => i.expiry)).toEqual(page.body.items.map((i: any) => i.expiry));
    expect(mine.output.items.map((i: any) => i.entityRef)).toEqual(
      expect.arrayContaining(['component:default/lonn-service', OWNED, 'resource:default/lonn-dfo-prod']),
    );
    expect(mine.output.items.map((i: any) => i.entityRef)).not.toContain(NOT_OWNED);

    const prod = await call('list-integrations', { environment: 'prod' });
    const prodPage = await maskinporten('/v1/integrations?environment=prod');
    expect(prod.output.items.map((i: any) => i.entityRef)).toEqual(prodPage.body.items.map((i: any) => i.entityRef));

    const described = await call('describe-integration', { entityRef: 'component:default/lonn-service' });
    const card = await maskinporten(`${entityPath('component:default/lonn-service')}/integrations`);
    expect(described.output.integrations.map(({ gatewayDeployments, daysUntilExpiry, ...view }: any) => view)).toEqual(
      card.body.items,
    );
    expect(described.output.integrations.map((i: any) => i.entityRef).sort()).toEqual([
      'component:default/lonn-service',
      'resource:default/lonn-dfo-prod',
      OWNED,
    ]);
    const misconfigured = await call('describe-integration', { entityRef: 'component:default/misconfigured-integration' });
    expect(misconfigured.output.invalid).toEqual(
      (await maskinporten(`${entityPath('component:default/misconfigured-integration')}/integrations`)).body.invalid,
    );
  });

  it("runs the owner's token test as the card does, and refuses a non-owner's", async () => {
    const test = await call('run-token-test', { entityRef: OWNED });
    expect(test.isError).toBe(false);
    expect(test.output).toMatchObject({ outcome: 'success', entityRef: OWNED, requestedBy: 'user:default/guest' });
    const card = await maskinporten(`${entityPath(OWNED)}/integrations`);
    expect(card.body.items[0].lastTokenTest).toEqual(test.output);

    const refused = await call('run-token-test', { entityRef: NOT_OWNED });
    expect(refused).toMatchObject({
      isError: true,
      text: `NotAllowedError: Not allowed: maskinporten.token.test on ${NOT_OWNED}`,
    });
    expect((await maskinporten(`${entityPath(NOT_OWNED)}/token-tests`, { method: 'POST', body: {} })).status).toBe(403);
    expect((await maskinporten(`${entityPath(NOT_OWNED)}/integrations`)).body.items[0].lastTokenTest).toBeUndefined();
  });

  it('explains the failing token test from its code or its pasted error body', async () => {
    const failed = await maskinporten(`${entityPath('component:default/lonn-service')}/token-tests`, {
      method: 'POST',
      body: {},
    });
    expect(failed.body).toMatchObject({ outcome: 'rejected' });
    expect(failed.body.errorCode).toMatch(/^MP-\d{3}$/);
    // The code alone gets the catalogue's explanation; the test itself, signed with a key still
    // pending, was explained as a key never uploaded, and describe-integration says the same.
    expect(failed.body.meaning).toMatch(/has not been uploaded to Digdir/);
    const byCode = await call('explain-error', { code: failed.body.errorCode });
    expect(byCode.output).toMatchObject({ code: failed.body.errorCode, meaning: expect.stringMatching(/Client authentication failed/) });
    const errorBody = JSON.stringify({ error: failed.body.error, error_description: failed.body.errorDescription });
    const byBody = await call('explain-error', { errorBody });
    expect(byBody.output).toMatchObject({ source: 'errorBody', code: failed.body.errorCode, meaning: byCode.output.meaning });
    const described = await call('describe-integration', { entityRef: 'component:default/lonn-service', environment: 'local' });
    expect(described.output.integrations[0].lastTokenTest).toMatchObject({ outcome: 'rejected', meaning: failed.body.meaning, fix: failed.body.fix });
  });

  it('renders (placeholder only) and lints Gravitee definitions as the HTTP API does', async () => {
    for (const format of ['v2', 'v4']) {
      const rendered = await call('render-gravitee-definition', { entityRef: OWNED, format });
      const download = await maskinporten(`${entityPath(OWNED)}/gravitee?format=${format}&secrets=placeholder`);
      expect(rendered.output).toMatchObject({ secrets: 'placeholder', definition: download.body });
      const linted = await call('lint-gravitee-definition', { definition: JSON.stringify(download.body) });
      const lint = await maskinporten('/v1/gravitee/lint', { method: 'POST', body: download.body });
      expect(linted.output.findings).toEqual(lint.body.findings);
    }
  });

  it("starts a rotation only for an owner who confirmed it, and it is the card's rotation", async () => {
    const unconfirmed = await call('start-key-rotation', { entityRef: OWNED });
    expect(unconfirmed.isError).toBe(true);
    expect(unconfirmed.text).toMatch(/^InputError: confirm: required; starting a rotation replaces the integration's key/);
    const refused = await call('start-key-rotation', { entityRef: NOT_OWNED, confirm: true });
    expect(refused.text).toBe(`NotAllowedError: Not allowed: maskinporten.key.create on ${NOT_OWNED}`);
    expect((await maskinporten(`${entityPath(NOT_OWNED)}/rotations/current`)).status).toBe(404);

    const started = await call('start-key-rotation', { entityRef: OWNED, confirm: true });
    expect(started.isError).toBe(false);
    expect(started.output).toMatchObject({ created: true, rotation: { mode: 'self-service', startedBy: 'user:default/guest' } });
    const current = await maskinporten(`${entityPath(OWNED)}/rotations/current`);
    expect(current.body.rotation).toEqual(started.output.rotation);
  });

  it('answers bad input with an error naming the field', async () => {
    const errors = [
      [await call('describe-integration', { entityRef: 'component:default/no-such-thing' }), 'NotFoundError: entityRef: No entity component:default/no-such-thing in the catalog'],
      [await call('run-token-test', { entityRef: 'lonn dfo test' }), 'InputError: entityRef: "lonn dfo test" is not an entity ref;'],
      [await call('lint-gravitee-definition', { definition: '{"gravitee": "2.0.0",' }), 'InputError: definition: not valid JSON;'],
      [await call('lint-gravitee-definition', { definition: { hello: 'world' } }), 'InputError: definition: '],
      [await call('explain-error', { code: 'MP-999' }), 'InputError: code: unknown Maskinporten error code "MP-999";'],
      [await call('start-key-rotation', { entityRef: OWNED, confirm: false }), 'InputError: confirm: '],
      [await call('list-integrations', { environment: 'staging' }), 'InputError: environment: unknown environment "staging"'],
    ] as const;
    for (const [result, start] of errors) {
      expect(result.isError).toBe(true);
      expect(result.text.startsWith(start)).toBe(true);
    }
  });

  it('gives the static development token (a service, not a user) public reads only', async () => {
    const readOnly = await connect(STATIC_TOKEN);
    try {
      const all = await call('list-integrations', {}, readOnly);
      expect(all.isError).toBe(false);
      expect(all.output.items.map((i: any) => i.entityRef)).toContain(NOT_OWNED);
      const refused = await call('run-token-test', { entityRef: OWNED }, readOnly);
      expect(refused.text).toMatch(/^NotAllowedError: Not allowed: maskinporten token\.test needs a user; service plugin:mcp-actions/);
      const rotation = await call('start-key-rotation', { entityRef: OWNED, confirm: true }, readOnly);
      expect(rotation.text).toMatch(/^NotAllowedError: Not allowed: maskinporten rotation needs a user/);
    } finally {
      await readOnly.close();
    }
  });

  it('never answered with private key material', () => {
    expect(answers.length).toBeGreaterThanOrEqual(25);
    for (const answer of answers) {
      expect(findPrivateKeyMaterial(answer)).toBeUndefined();
    }
  });
});
