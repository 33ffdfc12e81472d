import { parseArgs } from 'node:util';

export const DEFAULT_CLI_PORT = 18081;
export const DEFAULT_CLI_HOST = '127.0.0.1';

export interface CliOptions {
  help: boolean;
  port: number;
  host: string;
  clientsFile?: string;
  adminToken?: string;
  scopes?: string[];
  issuer?: string;
  signingKeyFile?: string;
  keyPropagationDelaySeconds?: number;
  certificateAuthoritiesFile?: string;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `Usage: maskinporten-simulator [options]

A local Maskinporten token endpoint and Digdir self-service API that enforce
Digdir's documented rules (for development and tests, never production).

Options:
  --port <n>            port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free port)
  --host <host>         interface to listen on (default ${DEFAULT_CLI_HOST})
  --clients <file>      JSON file with an array of clients to register at start:
                        [{"clientId": "…", "scopes": ["…"], "consumerOrgs": ["…"], "keys": [JWK…]}]
  --admin-token <t>     static bearer token accepted by the self-service API
  --scopes <a,b,c>      the scope catalogue (clients may only hold these scopes)
  --issuer <url>        override the issuer (default http://{host}:{port}/, must end with /)
  --signing-key-file <f>  keep the simulator's own signing key in this JSON file across
                        restarts (created with mode 0600); default: a new key every start
  --key-propagation-delay <s>
                        seconds from a key upload until the token endpoint accepts the key
                        (Digdir: 0-120); default 0
  --certificate-authorities <f>
                        PEM file of CA certificates trusted for x5c (enterprise certificates)
  -h, --help            show this help
`;

/** Parses the command line (without `node` and the script path). */
export function parseCliArgs(argv: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        clients: { type: 'string' },
        'admin-token': { type: 'string' },
        scopes: { type: 'string' },
        issuer: { type: 'string' },
        'signing-key-file': { type: 'string' },
        'key-propagation-delay': { type: 'string' },
        'certificate-authorities': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }

  let port = DEFAULT_CLI_PORT;
  if (values.port !== undefined) {
    const raw = String(values.port);
    port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65535) {
      throw new CliUsageError(`--port must be a number from 0 to 65535, got "${raw}"`);
    }
  }
  const host = (values.host as string | undefined) ?? DEFAULT_CLI_HOST;
  if (host === '') {
    throw new CliUsageError('--host must not be empty');
  }
  const scopes =
    values.scopes === undefined
      ? undefined
      : String(values.scopes)
          .split(',')
          .map(s => s.trim())
          .filter(Boolean);
  const issuer = values.issuer as string | undefined;
  if (issuer !== undefined && !issuer.endsWith('/')) {
    throw new CliUsageError('--issuer must end with "/"');
  }
  let keyPropagationDelaySeconds: number | undefined;
  if (values['key-propagation-delay'] !== undefined) {
    const raw = String(values['key-propagation-delay']);
    keyPropagationDelaySeconds = Number(raw);
    if (raw === '' || !Number.isFinite(keyPropagationDelaySeconds) || keyPropagationDelaySeconds < 0) {
      throw new CliUsageError(`--key-propagation-delay must be a number of seconds, got "${raw}"`);
    }
  }
  return {
    help: values.help === true,
    port,
    host,
    clientsFile: values.clients as string | undefined,
    adminToken: values['admin-token'] as string | undefined,
    scopes,
    issuer,
    signingKeyFile: values['signing-key-file'] as string | undefined,
    keyPropagationDelaySeconds,
    certificateAuthoritiesFile: values['certificate-authorities'] as string | undefined,
  };
}
