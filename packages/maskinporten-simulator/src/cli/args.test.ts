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

  it.each([
    [['--port', 'abc'], /--port/],
    [['--port', '70000'], /--port/],
    [['--port', '-1'], /port/],
    [['--unknown'], /unknown/i],
    [['positional'], /positional|Unexpected argument/i],
    [['--issuer', 'http://no-slash'], /--issuer/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
