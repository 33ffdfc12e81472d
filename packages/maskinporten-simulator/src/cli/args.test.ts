import { CliUsageError, parseCliArgs } from './args';

describe('parseCliArgs', () => {
  it('has defaults', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      port: 18081,
      host: '127.0.0.1',
      clientsFile: undefined,
      adminToken: undefined,
      scopes: undefined,
      issuer: undefined,
    });
  });

  it('reads every flag', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--clients',
        'clients.json',
        '--admin-token',
        'secret',
        '--scopes',
        'a:b, c:d,,',
        '--issuer',
        'http://mp.local/',
      ]),
    ).toEqual({
      help: false,
      port: 0,
      host: '0.0.0.0',
      clientsFile: 'clients.json',
      adminToken: 'secret',
      scopes: ['a:b', 'c:d'],
      issuer: 'http://mp.local/',
    });
    expect(parseCliArgs(['--port=1234']).port).toBe(1234);
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--help']).help).toBe(true);
  });

  it('reads the signing key file, the key propagation delay and the CA file', () => {
    expect(
      parseCliArgs([
        '--signing-key-file',
        '/tmp/sim/key.json',
        '--key-propagation-delay',
        '90',
        '--certificate-authorities',
        'ca.pem',
      ]),
    ).toMatchObject({
      signingKeyFile: '/tmp/sim/key.json',
      keyPropagationDelaySeconds: 90,
      certificateAuthoritiesFile: 'ca.pem',
    });
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--port', '70000'], /--port/],
    [['--port', '-1'], /port/],
    [['--unknown'], /unknown/i],
    [['positional'], /positional|Unexpected argument/i],
    [['--issuer', 'http://no-slash'], /--issuer/],
    [['--key-propagation-delay', 'soon'], /--key-propagation-delay/],
    [['--key-propagation-delay', '-5'], /--key-propagation-delay/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
