import { findings, renderedV2, renderedV4, summary } from '../../__testUtils__/lint';

const V2_BODY = '$.flows[0].pre[2].configuration.body';

function withBody(body: unknown) {
  const definition = renderedV2();
  definition.flows[0].pre[2].configuration.body = body;
  return definition;
}

describe('grant body rules', () => {
  it.each([
    'grant_type=client_credentials&assertion=${context.attributes[\'jwt.generated\']}',
    'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml2-bearer&assertion=${context.attributes[\'jwt.generated\']}',
    'grant_type=urn:ietf:params:oauth:grant-type:jwt_bearer&assertion=${context.attributes[\'jwt.generated\']}',
  ])('grant-type: reports %s', body => {
    const [finding] = findings(withBody(body), 'grant-type');
    expect(summary([finding])).toEqual([`grant-type@${V2_BODY} (error)`]);
    expect(finding.fix).toContain('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer');
  });

  it('grant-type: reports a body without grant_type', () => {
    expect(findings(withBody("assertion=${context.attributes['jwt.generated']}"), 'grant-type')[0].message).toBe(
      'The token request body has no grant_type.',
    );
  });

  it('grant-type: accepts the grant type with or without URL encoding', () => {
    expect(
      findings(withBody("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=${context.attributes['jwt.generated']}"), 'grant-type'),
    ).toEqual([]);
  });

  it('grant-assertion: reports a body that does not send the generated JWT', () => {
    expect(
      summary(findings(withBody('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer'), 'grant-assertion')),
    ).toEqual([`grant-assertion@${V2_BODY} (error)`]);
    expect(
      findings(withBody('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=abc'), 'grant-assertion'),
    ).toHaveLength(1);
  });

  it('grant-body-missing: Generate JWT without a request body (v4), ignoring response-scoped bodies', () => {
    const definition = renderedV4();
    definition.api.flows[0].request[2].configuration.scope = 'RESPONSE';
    expect(summary(findings(definition, 'grant-body-missing'))).toEqual([
      'grant-body-missing@$.api.flows[0].request[1] (warning)',
    ]);
  });
});
