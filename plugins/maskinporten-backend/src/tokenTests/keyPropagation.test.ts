import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { generateKeyPairSync } from 'node:crypto';
import { signGrant } from './grant';
import { requestTokenWhileKeyPropagates } from './keyPropagation';
import { requestToken, TokenRequestResult } from './tokenClient';

/*
 * A key posted to Digdir reaches Maskinporten's token endpoint 0-2 minutes later
 * ("Overføring av integrasjonskonfigurasjon, 0-2 minutter",
 * https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin). The simulator's
 * keyPropagationDelaySeconds stands in for it; its manual clock means no test waits.
 */
describe('requestTokenWhileKeyPropagates', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as { n: string; e: string }), kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'fresh-key' };
  let clock: ManualClock;
  let simulator: MaskinportenSimulator;

  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      clock,
      keyPropagationDelaySeconds: 90,
      clients: [{ clientId: 'c', scopes: ['dfo:ansatte'] }],
    });
    simulator.setClientKeys('c', [jwk]);
  });

  afterEach(async () => {
    await simulator.close();
  });

  const attempt = async (now: Date) =>
    requestToken({
      tokenEndpoint: simulator.tokenEndpoint,
      timeoutMs: 5000,
      assertion: await signGrant({
        issuer: simulator.issuer,
        clientId: 'c',
        scopes: ['dfo:ansatte'],
        kid: 'fresh-key',
        privateKey,
        now,
        lifetimeSeconds: 120,
      }),
    });
  const sleep = async (ms: number) => clock.advance(ms);
  const now = () => clock.now();

  it('keeps asking while the key has not propagated, then succeeds, signing a new grant each time', async () => {
    const waited = await requestTokenWhileKeyPropagates(attempt, { sleep, now });
    expect(waited.result.kind).toBe('success');
    // At 0, 5, 15, 35, 65 and 95 s (pauses double up to 30 s): the 90 s have passed at the sixth.
    expect(waited.attempts).toBe(6);
    expect(waited.waitedMs).toBe(95_000);
    expect(simulator.requests.map(r => r.status)).toEqual([400, 400, 400, 400, 400, 200]);
  });

  it('gives up after maxWaitMs with the last answer', async () => {
    const waited = await requestTokenWhileKeyPropagates(attempt, { sleep, now, maxWaitMs: 20_000 });
    expect(waited.result).toMatchObject({ kind: 'rejected', code: 'MP-100' });
    expect(waited.waitedMs).toBe(20_000);
    expect(waited.attempts).toBe(4);
  });

  it('does not wait on an answer that waiting cannot change', async () => {
    const sleeps: number[] = [];
    const results: TokenRequestResult[] = [
      { kind: 'rejected', status: 400, error: 'invalid_scope', code: 'MP-200' },
      { kind: 'success', status: 200, scopes: [] },
    ];
    const waited = await requestTokenWhileKeyPropagates(async () => results.shift()!, {
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
    expect(waited).toMatchObject({ attempts: 1, result: { code: 'MP-200' } });
    expect(sleeps).toEqual([]);
  });

  it('refuses nonsense bounds', async () => {
    await expect(requestTokenWhileKeyPropagates(attempt, { intervalMs: 0 })).rejects.toThrow(/intervalMs/);
  });
});
