import { compileFreemarker, compileTemplate } from './expressions';
import { GatewayExchange, compileStep } from './policies';

function exchange(remoteAddress: string, headers: Record<string, string> = {}): GatewayExchange {
  return {
    method: 'GET',
    path: '',
    query: new URLSearchParams(),
    headers: new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    attributes: new Map(),
    remoteAddress,
    now: () => new Date(),
  };
}

describe('the gateway double refuses what it cannot run', () => {
  it('evaluates request-header expressions only', () => {
    const lookup = (name: string) => (name.toLowerCase() === 'scope' ? ['a b'] : []);
    expect(compileTemplate("{#request.headers['scope'][0]}")(lookup)).toBe('a b');
    expect(compileTemplate('{#request.headers[Scope]}')(lookup)).toBe('[a b]');
    expect(() => compileTemplate('{#context.attributes["x"]}')).toThrow(/only request-header expressions/);
    expect(() => compileFreemarker('${request.body}')).toThrow(/only context attributes/);
  });

  it('refuses a policy that is not installed, and a Generate JWT it does not model', () => {
    expect(() => compileStep('rate-limit', {})).toThrow('Policy [rate-limit] is not installed on this gateway');
    expect(() => compileStep('policy-generate-jwt', { signature: 'HMAC_HS256', keyResolver: 'INLINE' })).toThrow(
      /not modelled by the gateway double/,
    );
  });
});

describe('ip-filtering as the real plugin matches (SubnetUtils)', () => {
  it('lets no one through a /32 without isInclusiveHostCount, and exactly that address with it', async () => {
    const strict = compileStep('ip-filtering', { whitelistIps: ['127.0.0.1/32'] });
    const inclusive = compileStep('ip-filtering', { whitelistIps: ['127.0.0.1/32'], isInclusiveHostCount: true });
    expect((await strict(exchange('127.0.0.1')))?.status).toBe(403);
    expect(await inclusive(exchange('::ffff:127.0.0.1'))).toBeUndefined();
    expect((await inclusive(exchange('127.0.0.2')))?.status).toBe(403);
  });

  it('leaves out network and broadcast addresses of a wider range', async () => {
    const step = compileStep('ip-filtering', { whitelistIps: ['10.0.0.0/30'] });
    expect((await step(exchange('10.0.0.0')))?.status).toBe(403);
    expect(await step(exchange('10.0.0.1'))).toBeUndefined();
    expect((await step(exchange('10.0.0.3')))?.status).toBe(403);
  });
});
