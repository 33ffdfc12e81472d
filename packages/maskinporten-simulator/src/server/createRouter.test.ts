import express from 'express';
import request from 'supertest';
import { createTestKey, signGrant, START } from '../testing/harness';
import { ManualClock } from '../clock';
import { createMaskinportenSimulatorRouter } from './createRouter';
import { MaskinportenSimulator } from './MaskinportenSimulator';

describe('createMaskinportenSimulatorRouter', () => {
  it('works when mounted under a path, with the issuer as the grant audience', async () => {
    const key = await createTestKey('mounted-key');
    const clock = new ManualClock(START);
    const issuer = 'http://simulator.test/mp/';
    const app = express().use(
      '/mp',
      createMaskinportenSimulatorRouter({
        issuer,
        clock,
        clients: [{ clientId: 'seeded', scopes: ['a:b'], keys: [key.publicJwk] }],
      }),
    );

    const metadata = await request(app).get('/mp/.well-known/oauth-authorization-server');
    expect(metadata.body.token_endpoint).toBe('http://simulator.test/mp/token');

    const assertion = await signGrant({
      key,
      clock,
      clientId: 'seeded',
      scope: 'a:b',
      simulator: { issuer } as MaskinportenSimulator,
    });
    const res = await request(app)
      .post('/mp/token')
      .type('form')
      .send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('a:b');
  });

  it.each([
    ['an issuer without trailing slash', { issuer: 'http://localhost:1234' }, /must end with/],
    ['a relative issuer', { issuer: '/mp/' }, /absolute URL/],
    ['a bad orgNumber', { issuer: 'http://x/', orgNumber: '123' }, /orgNumber/],
    [
      'a seed with scopes outside the catalogue',
      { issuer: 'http://x/', scopes: ['a:b'], clients: [{ clientId: 'c', scopes: ['c:d'] }] },
      /client c.*"c:d"/,
    ],
    [
      'a seed with a private key',
      {
        issuer: 'http://x/',
        clients: [{ clientId: 'c', scopes: [], keys: [{ kty: 'RSA', d: 'x' }] }],
      },
      /private key/,
    ],
    [
      'a bad consumerOrgs entry',
      { issuer: 'http://x/', clients: [{ clientId: 'c', scopes: [], consumerOrgs: ['1'] }] },
      /consumerOrgs/,
    ],
  ])('refuses %s', (_name, options, message) => {
    expect(() => createMaskinportenSimulatorRouter(options as any)).toThrow(message);
  });
});

describe('MaskinportenSimulator', () => {
  it('listens on an ephemeral port and reports its URLs', async () => {
    const simulator = await MaskinportenSimulator.start({ port: 0 });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(simulator.url).not.toBe('http://127.0.0.1:0/');
      expect(simulator.issuer).toBe(simulator.url);
      expect(simulator.tokenEndpoint).toBe(`${simulator.url}token`);
      expect(simulator.selfServiceBaseUrl).toBe(`${simulator.url}api/v1`);
      const res = await fetch(`${simulator.url}jwk`);
      const body = await res.json();
      expect(body.keys).toHaveLength(1);
      expect(body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(body.keys[0].d).toBeUndefined();
    } finally {
      await simulator.close();
    }
  });

  it('exposes the registry for tests', async () => {
    const simulator = await MaskinportenSimulator.start({});
    try {
      simulator.addClient({ clientId: 'direct', scopes: ['x:y'] });
      expect(simulator.getClient('direct')).toMatchObject({
        clientId: 'direct',
        scopes: ['x:y'],
        active: true,
      });
      expect(() => simulator.addClient({ clientId: 'direct', scopes: [] })).toThrow(
        /already exists/,
      );
      simulator.deactivateClient('direct');
      expect(simulator.getClient('direct')?.active).toBe(false);
    } finally {
      await simulator.close();
    }
  });
});
