import request from 'supertest';
import { startDeployBackend } from '../deploy/__testUtils__/deployBackend';
import { lintAll, renderedV2, renderedV4, v2Jwt, v4Jwt } from '../__testUtils__/lint';

/**
 * Bodies of about 1 MB (the lint route's body limit) built against each regular expression
 * and string scan that runs on a linted definition. A quadratic pattern on 1 MB runs for
 * hours, so finishing at all is the check; the timing itself belongs to `npm run bench`.
 */
const MB = 1024 * 1024;
const run = (c: string, n = MB - 4096) => c.repeat(n);

describe('lint on adversarial 1 MB inputs', () => {
  it('a run of slashes in the audience and the endpoint (the trailing-slash trim)', () => {
    const definition = renderedV2();
    const slashes = `https://test.maskinporten.no/${run('/', MB / 2 - 4096)}x`;
    v2Jwt(definition).audiences = [slashes];
    definition.proxy.groups[0].endpoints[0].target = slashes;
    const findings = lintAll(definition);
    expect(findings.map(f => f.rule)).toEqual(expect.arrayContaining(['audience-not-issuer']));
  });

  it.each([
    ['x runs (placeholder "xxx")', () => `-${run('x')}a`],
    ['spaces after "fyll"', () => `fyll${run(' ')}x`],
    ['angle brackets without a close', () => run('<')],
    ['a PEM header without its closing dashes', () => `-----BEGIN ${run('A')}-`],
    ['repeated PEM headers', () => run('-----BEGIN A', MB / 12)],
    ['whitespace around headers[ in the cache key', () => `{#request.headers${run(' ')}x`],
    ['backslashes and quotes (JSON path escaping)', () => run("\\'")],
  ])('%s in every linted string field', (_what, make) => {
    const value = make();
    for (const definition of [renderedV2(), renderedV4()]) {
      const jwt = definition.api ? v4Jwt(definition) : v2Jwt(definition);
      jwt.kid = value;
      jwt.content = value;
      jwt.issuer = value;
      const findings = lintAll(definition);
      expect(findings.length).toBeGreaterThan(0);
    }
  });

  it('keys full of quotes and backslashes', () => {
    const definition = renderedV4();
    definition.api.flows[0][run("'\\", MB / 4)] = 1;
    expect(Array.isArray(lintAll(definition))).toBe(true);
  });
});

describe('POST /v1/gravitee/lint with 1 MB of slashes', () => {
  jest.setTimeout(60_000);

  it('answers with findings', async () => {
    const backend = await startDeployBackend({});
    try {
      const definition = renderedV2();
      const slashes = `https://test.maskinporten.no/${run('/', MB - 64 * 1024)}x`;
      v2Jwt(definition).audiences = [slashes];
      const body = JSON.stringify(definition);
      expect(body.length).toBeLessThan(MB);
      const res = await request(backend.server)
        .post('/api/maskinporten/v1/gravitee/lint')
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBe(200);
      expect(res.body.findings.map((f: { rule: string }) => f.rule)).toContain('audience-not-issuer');
    } finally {
      await backend.stop();
    }
  });
});
