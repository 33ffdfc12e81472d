import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { API, PRIVATE_JWK_MEMBERS, databases, startBackend } from './__testUtils__/routerBackend';

jest.setTimeout(120_000);

describe.each(databases.eachSupportedId())('maskinporten router on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  const auditEvents: Array<{ eventId: string; outcome?: string }> = [];

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin-token',
      clients: [{ clientId: 'client-lonn', scopes: ['dfo:ansatte'] }],
    });
    knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => {
        const record: { eventId: string; outcome?: string } = { eventId };
        auditEvents.push(record);
        return {
          success: async () => {
            record.outcome = 'success';
          },
          fail: async () => {
            record.outcome = 'fail';
          },
        };
      },
    });
    backend = await startBackend({
      knex,
      auditor,
      environments: {
        test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  async function registerWithSimulator(jwks: unknown) {
    const response = await fetch(`${simulator.selfServiceBaseUrl}/clients/client-lonn/jwks`, {
      method: 'POST',
      headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json' },
      body: JSON.stringify({ keys: jwks }),
    });
    expect(response.status).toBe(200);
  }

  it('answers /health without credentials', async () => {
    const res = await request(backend.server).get('/api/maskinporten/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('generates a key, returns public material only and stores ciphertext', async () => {
    const res = await request(backend.server).post(`${API}/component/default/lonn/keys`).send({});
    expect(res.status).toBe(201);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN/);
    for (const member of PRIVATE_JWK_MEMBERS) {
      expect(res.body.jwk).not.toHaveProperty(member);
      for (const jwk of res.body.jwks) expect(jwk).not.toHaveProperty(member);
    }
    expect(Object.keys(res.body.jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(res.body.key).toMatchObject({
      kid: res.body.jwk.kid,
      environment: 'test',
      clientId: 'client-lonn',
      state: 'pending',
      modulusLength: 2048,
      expiry: 'ok',
    });
    expect(res.body.key.kid).toMatch(/^rt-test-lonn-\d{8}-[0-9a-f]{12}$/);

    const row = await knex('maskinporten_keys').where({ kid: res.body.jwk.kid }).first();
    expect(row.private_key_ciphertext).toMatch(/^mpk1\./);
    expect(row.private_key_ciphertext).not.toContain('PRIVATE KEY');
    expect(JSON.parse(row.public_jwk)).toEqual(res.body.jwk);
    expect(auditEvents).toContainEqual({ eventId: 'key-create', outcome: 'success' });
  });

  it('exports the JWK array in the exact Samarbeidsportalen shape, and as a set', async () => {
    const array = await request(backend.server).get(`${API}/component/default/lonn/jwks`);
    expect(array.status).toBe(200);
    expect(Array.isArray(array.body)).toBe(true);
    expect(array.body.length).toBeGreaterThan(0);
    for (const jwk of array.body) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    }
    const set = await request(backend.server).get(`${API}/component/default/lonn/jwks?format=set`);
    expect(set.body).toEqual({ keys: array.body });
    const bad = await request(backend.server).get(`${API}/component/default/lonn/jwks?format=pem`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^format:/);
  });

  it('gets MP-100 before the key is registered, then a token once it is, over real HTTP', async () => {
    const before = await request(backend.server).post(`${API}/component/default/lonn/token-tests`).send({});
    expect(before.status).toBe(201);
    expect(before.body).toMatchObject({ outcome: 'rejected', errorCode: 'MP-100', error: 'invalid_grant' });
    // The key is pending: MP-100 means it was never uploaded, and the fix says to upload it.
    expect(before.body.meaning).toMatch(/has not been uploaded to Digdir/);
    expect(before.body.fix).toMatch(/Upload the key set/);

    const jwks = await request(backend.server).get(`${API}/component/default/lonn/jwks`);
    await registerWithSimulator(jwks.body);

    const after = await request(backend.server)
      .post(`${API}/component/default/lonn/token-tests`)
      .send({ scopes: ['dfo:ansatte'] });
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({
      outcome: 'success',
      httpStatus: 200,
      grantedScopes: ['dfo:ansatte'],
      expiresIn: 120,
      requestedBy: 'user:default/mock',
    });
    expect(JSON.stringify(after.body)).not.toMatch(/access_token|eyJ/);

    const view = await request(backend.server).get(`${API}/component/default/lonn/integrations`);
    expect(view.status).toBe(200);
    expect(view.body.invalid).toEqual([]);
    expect(view.body.items).toHaveLength(1);
    const [integration] = view.body.items;
    expect(integration).toMatchObject({
      entityRef: 'component:default/lonn',
      owner: 'group:default/team-lonn',
      environment: 'test',
      clientId: 'client-lonn',
      scopes: ['dfo:ansatte'],
      activeKid: jwks.body[0].kid,
      expiry: 'ok',
      lastTokenTest: { outcome: 'success', grantedScopes: ['dfo:ansatte'] },
    });
    expect(integration.keys[0]).toMatchObject({ kid: jwks.body[0].kid, state: 'active' });
    expect(JSON.stringify(view.body)).not.toMatch(/ciphertext|mpk1\./);
  });

  it('records the MP code and its explanation when Maskinporten refuses the client', async () => {
    await request(backend.server).post(`${API}/component/default/unregistered/keys`).send({}).expect(201);
    const res = await request(backend.server).post(`${API}/component/default/unregistered/token-tests`).send({});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ outcome: 'rejected', errorCode: 'MP-100' });
    expect(res.body.message).toMatch(/refused the grant: invalid_grant MP-100/);
    // Signed with a pending key, so the explanation is the missing upload, as on the card.
    expect(res.body.meaning).toMatch(/has not been uploaded to Digdir/);
  });

  it.each([
    ['unknown entity', 'post', '/component/default/nobody/keys', {}, 404, /No entity component:default\/nobody/],
    ['entity without annotations', 'post', '/component/default/plain/keys', {}, 400, /has no Maskinporten annotations.*maskinporten.no\/scopes/],
    ['invalid annotations', 'post', '/component/default/broken/keys', {}, 409, /maskinporten.no\/environment.*maskinporten.no\/scopes.*maskinporten.no\/consumer-org.*9 digits/],
    ['token test without client id', 'post', '/component/default/noclient/token-tests', {}, 409, /maskinporten.no\/client-id/],
    ['unknown body field', 'post', '/component/default/lonn/keys', { size: 1024 }, 400, /request body: unknown field "size"/],
    ['non-object body', 'post', '/component/default/lonn/token-tests', [1, 2], 400, /request body: must be a JSON object/],
    ['scopes not an array', 'post', '/component/default/lonn/token-tests', { scopes: 'dfo:ansatte' }, 400, /^scopes:/],
    ['undeclared scope', 'post', '/component/default/lonn/token-tests', { scopes: ['skatteetaten:x'] }, 400, /^scopes: skatteetaten:x not declared/],
    ['unknown kid', 'post', '/component/default/lonn/token-tests', { kid: 'nope' }, 400, /^kid: no key "nope"/],
  ])('answers %s with %s', async (_name, method, path, body, status, message) => {
    const before = await knex('maskinporten_keys').count({ n: '*' });
    const req = (request(backend.server) as any)[method](`${API}${path}`);
    const res = body === undefined ? await req : await req.send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(await knex('maskinporten_keys').count({ n: '*' })).toEqual(before);
  });

  it('refuses a token test with an expired key instead of sending a doomed grant', async () => {
    const created = await request(backend.server).post(`${API}/component/default/unregistered/keys`).send({});
    expect(created.status).toBe(201);
    const kid = created.body.key.kid;
    await knex('maskinporten_keys').where({ kid }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await request(backend.server).post(`${API}/component/default/unregistered/token-tests`).send({ kid });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^kid: the key ".*" is expired/);
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await request(backend.server)
      .post(`${API}/component/default/lonn/token-tests`)
      .set('content-type', 'application/json')
      .send('{"scopes": [');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('request body: not valid JSON');
  });

  it('answers an encoded "/" or ":" in an entity path segment with 400, not 500', async () => {
    for (const path of ['component/default/a%2Fb', 'component/default/a%3Ab', 'component/a%2Fb/lonn', 'comp%3Aonent/default/lonn']) {
      const res = await request(backend.server).get(`${API}/${path}/integrations`);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.message).toMatch(/^Invalid entity reference: (kind|namespace|name)/);
    }
  });

  it('shows invalid annotations on the integrations route instead of failing', async () => {
    const res = await request(backend.server).get(`${API}/component/default/broken/integrations`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.invalid[0].problems.map((p: { annotation: string }) => p.annotation)).toEqual([
      'maskinporten.no/environment',
      'maskinporten.no/scopes',
      'maskinporten.no/consumer-org',
    ]);
    const plain = await request(backend.server).get(`${API}/component/default/plain/integrations`);
    expect(plain.body).toEqual({ items: [], invalid: [] });
  });

  it('refuses a sixth key with 409 and stores nothing', async () => {
    await knex('maskinporten_keys').where({ entity_ref: 'component:default/unregistered' }).delete();
    for (let i = 0; i < 5; i++) {
      await request(backend.server).post(`${API}/component/default/unregistered/keys`).send({}).expect(201);
    }
    const res = await request(backend.server).post(`${API}/component/default/unregistered/keys`).send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/at most Maskinporten allows|most Maskinporten allows/);
    const count = await knex('maskinporten_keys').where({ entity_ref: 'component:default/unregistered' }).count({ n: '*' });
    expect(Number(count[0].n)).toBe(5);
    const jwks = await request(backend.server).get(`${API}/component/default/unregistered/jwks`);
    expect(jwks.body).toHaveLength(5);
  });

  it('renders the Gravitee token service without the key unless inline export is asked for', async () => {
    const v2 = await request(backend.server).get(`${API}/component/default/lonn/gravitee?format=v2`);
    expect(v2.status).toBe(200);
    expect(v2.headers['cache-control']).toBe('no-store');
    expect(v2.body.gravitee).toBe('2.0.0');
    const text = JSON.stringify(v2.body);
    expect(text).toContain(simulator.issuer);
    expect(text).not.toMatch(/BEGIN PRIVATE KEY/);

    await request(backend.server).post(`${API}/component/default/gateway/keys`).send({}).expect(201);
    const overridden = JSON.stringify(
      (await request(backend.server).get(`${API}/component/default/gateway/gravitee?format=v2`)).body,
    );
    expect(overridden).toContain('/tokens/dfo');
    expect(overridden).toContain('192.0.2.0/24');

    const v4 = await request(backend.server).get(`${API}/component/default/lonn/gravitee?format=v4&secrets=placeholder`);
    expect(v4.status).toBe(200);
    // No "reference" mode: Generate JWT never resolves a secret expression.
    expect((await request(backend.server).get(`${API}/component/default/lonn/gravitee?secrets=reference`)).status).toBe(400);
    expect(v4.body.api.definitionVersion).toBe('V4');
    expect(JSON.stringify(v4.body)).not.toMatch(/BEGIN PRIVATE KEY/);

    const inline = await request(backend.server).get(`${API}/component/default/lonn/gravitee?secrets=inline`);
    expect(inline.status).toBe(200);
    expect(JSON.stringify(inline.body)).toMatch(/BEGIN PRIVATE KEY/);
    expect(auditEvents).toContainEqual({ eventId: 'gravitee-export', outcome: 'success' });

    const lint = await request(backend.server).post('/api/maskinporten/v1/gravitee/lint').send(v2.body);
    expect(lint.status).toBe(200);
    expect(lint.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([
      expect.objectContaining({ rule: 'placeholder-key' }),
    ]);

    for (const [query, name] of [['format=v3', 'format'], ['secrets=plain', 'secrets']]) {
      const bad = await request(backend.server).get(`${API}/component/default/lonn/gravitee?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message.startsWith(`${name}:`)).toBe(true);
    }
    const notGravitee = await request(backend.server).post('/api/maskinporten/v1/gravitee/lint').send({ hello: 1 });
    expect(notGravitee.status).toBe(400);
    const notJson = await request(backend.server)
      .post('/api/maskinporten/v1/gravitee/lint')
      .set('content-type', 'text/plain')
      .send('gravitee');
    expect(notJson.status).toBe(400);
  });

  it('lists integrations across the catalog with validated query parameters', async () => {
    const refresh = await request(backend.server).post('/api/maskinporten/v1/integrations/refresh').send({});
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ indexed: 4, removed: 0 });
    const res = await request(backend.server).get('/api/maskinporten/v1/integrations?environment=test&limit=1');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await request(backend.server).get(
      `/api/maskinporten/v1/integrations?environment=test&limit=1&cursor=${res.body.nextCursor}`,
    );
    expect(next.body.items[0].entityRef).not.toBe(res.body.items[0].entityRef);

    const filtered = await request(backend.server).get('/api/maskinporten/v1/integrations?q=NoClient');
    expect(filtered.body.items.map((i: { entityRef: string }) => i.entityRef)).toEqual(['component:default/noclient']);

    for (const [query, name] of [
      ['environment=staging', 'environment'],
      ['expiresWithinDays=-1', 'expiresWithinDays'],
      ['cursor=garbage', 'cursor'],
      ['limit=0', 'limit'],
    ]) {
      const bad = await request(backend.server).get(`/api/maskinporten/v1/integrations?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message.startsWith(`${name}:`)).toBe(true);
    }
  });
});
