import { ActionsBackend, Caller, startActionsBackend } from './__testUtils__/actionsHarness';

jest.setTimeout(120_000);

/**
 * Bad input, as a model might send it, through the real registry: every answer is a 4xx
 * Backstage error (shown to MCP clients as `<name>: <message>`) whose message starts with
 * the field to fix. Never a crash, never the registry's bare "Invalid input to action".
 */
describe('maskinporten actions on bad input', () => {
  let env: ActionsBackend;

  beforeAll(async () => {
    env = await startActionsBackend();
    await env.post('owner', '/v1/integrations/refresh').expect(200);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function error(action: string, input: unknown, caller: Caller = 'mcpForOwner') {
    const res = await env.invoke(caller, action, input);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    return { status: res.status, name: res.body.error.name, message: res.body.error.message as string };
  }

  it('names the entity ref when it is unknown, malformed, missing or not a string', async () => {
    for (const action of ['describe-integration', 'run-token-test', 'render-gravitee-definition']) {
      expect(await error(action, { entityRef: 'component:default/nope' })).toEqual({
        status: 404,
        name: 'NotFoundError',
        message: 'entityRef: No entity component:default/nope in the catalog',
      });
      expect((await error(action, { entityRef: 'lonn service' })).message).toBe(
        'entityRef: "lonn service" is not an entity ref; write the entity ref as kind:namespace/name, e.g. resource:default/lonn-dfo-test (list-integrations returns them)',
      );
      expect((await error(action, { entityRef: 'component:default/a%2Fb' })).message).toMatch(
        /^entityRef: Invalid entity reference: name must be letters, digits/,
      );
      expect((await error(action, {})).message).toMatch(/^entityRef: required; write the entity ref as kind:namespace\/name/);
      expect((await error(action, { entityRef: 42 })).message).toMatch(/^entityRef: Expected string, received number; /);
    }
    const rotation = await error('start-key-rotation', { entityRef: 'component:default/nope', confirm: true });
    expect(rotation).toMatchObject({ status: 404, message: 'entityRef: No entity component:default/nope in the catalog' });
  });

  it('names unknown fields, and each field a filter got wrong', async () => {
    expect((await error('describe-integration', { entityRef: 'component:default/owned', entity: 'x' })).message).toBe(
      'input: unknown field "entity"',
    );
    expect((await error('list-integrations', { environment: 'mars' })).message).toBe(
      'environment: unknown environment "mars"; configured: test',
    );
    expect((await error('list-integrations', { expiresWithinDays: -1 })).message).toBe(
      'expiresWithinDays: Number must be greater than or equal to 0',
    );
    expect((await error('list-integrations', { limit: 1000 })).message).toBe('limit: Number must be less than or equal to 200');
    expect((await error('list-integrations', { owner: 'group:default/team-a' })).message).toBe(
      'owner: Expected array, received string',
    );
    expect((await error('list-integrations', { cursor: 'abc' })).message).toBe(
      'cursor: not a cursor returned by this API; start again without it',
    );
    expect((await error('list-integrations', { mine: true, owner: ['group:default/team-b'] })).message).toBe(
      'mine: give either mine or owner, not both',
    );
    expect((await error('list-integrations', { mine: true }, 'mcpAlone')).message).toBe(
      'mine: only a signed-in user has teams; give owner instead',
    );
    expect((await error('describe-integration', { entityRef: 'component:default/owned', environment: 'prod' })).message).toBe(
      'environment: unknown environment "prod"; configured: test',
    );
    expect((await error('run-token-test', { entityRef: 'component:default/owned', kid: 'nope' })).message).toMatch(
      /^kid: no key "nope" belongs to component:default\/owned/,
    );
    expect((await error('render-gravitee-definition', { entityRef: 'component:default/owned', format: 'v3' })).message).toBe(
      "format: Invalid enum value. Expected 'v2' | 'v4', received 'v3'",
    );
  });

  it('names the definition when it is not JSON, not an object, or not a Gravitee definition', async () => {
    const leakyText = '{"key": "-----BEGIN PRIVATE KEY-----\\nMIIE';
    const notJson = await error('lint-gravitee-definition', { definition: leakyText });
    expect(notJson.message).toBe(
      'definition: not valid JSON; send the definition as a JSON object or as its exact JSON text',
    );
    expect((await error('lint-gravitee-definition', { definition: '[1, 2]' })).message).toMatch(
      /^definition: Got a JSON array, not a JSON object\. Expected a Gravitee API definition/,
    );
    expect((await error('lint-gravitee-definition', { definition: { name: 'not gravitee' } })).message).toMatch(
      /^definition: .*Expected a Gravitee API definition/,
    );
    expect((await error('lint-gravitee-definition', { definition: [1] })).message).toMatch(/^definition: /);
    expect((await error('lint-gravitee-definition', {})).message).toBe('definition: required');
  });

  it('names the code or error body when it explains nothing', async () => {
    expect((await error('explain-error', { code: 'MP-999' })).message).toMatch(
      /^code: unknown Maskinporten error code "MP-999"; known codes: MP-011, MP-012, MP-100/,
    );
    expect((await error('explain-error', { code: 'invalid_grant' })).message).toBe(
      'code: "invalid_grant" is not a Maskinporten error code; they look like MP-110',
    );
    expect((await error('explain-error', {})).message).toMatch(/^code, errorBody: give exactly one/);
    expect((await error('explain-error', { errorBody: 'it broke' })).message).toMatch(/^errorBody: found no MP code/);
  });

  it('asks for confirmation before a rotation, whatever else is wrong', async () => {
    const missing = await error('start-key-rotation', { entityRef: 'component:default/owned' });
    expect(missing).toMatchObject({ status: 400, name: 'InputError' });
    expect(missing.message).toMatch(/^confirm: required; starting a rotation replaces the integration's key/);
    expect((await error('start-key-rotation', { entityRef: 'component:default/owned', confirm: 'yes' })).message).toMatch(
      /^confirm: Invalid literal value, expected true; /,
    );
    // Both problems at once: both named.
    expect((await error('start-key-rotation', {})).message).toMatch(/^entityRef: required; .*; confirm: required; /);
  });

  it('answers an integration it cannot act on with what to do, as the routes do', async () => {
    const broken = await error('run-token-test', { entityRef: 'component:default/broken' });
    expect(broken).toMatchObject({ status: 409, name: 'ConflictError' });
    expect(broken.message).toMatch(/maskinporten\.no\/environment/);
    const noKey = await error('render-gravitee-definition', { entityRef: 'component:default/theirs' });
    expect(noKey).toMatchObject({ status: 409, name: 'ConflictError' });
    expect(noKey.message).toMatch(/has no usable key; generate one/);
  });
});
