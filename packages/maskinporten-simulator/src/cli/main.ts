import { readFile } from 'node:fs/promises';
import type { SimulatorClientSeed } from '../clients';
import { MaskinportenSimulator } from '../server';
import { CliOptions, CliUsageError, parseCliArgs, USAGE } from './args';

/** @public */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const defaultIo: CliIo = {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
};

/** Reads the `--clients` file: a JSON array of client seeds. */
export async function readClientsFile(path: string): Promise<SimulatorClientSeed[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new CliUsageError(`--clients ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new CliUsageError(
      `--clients ${path}: expected a JSON array of clients ({"clientId", "scopes", …})`,
    );
  }
  return parsed as SimulatorClientSeed[];
}

/** Reads `--certificate-authorities`: PEM certificates, one after another. */
export async function readCertificateAuthorities(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliUsageError(`--certificate-authorities ${path}: ${(err as Error).message}`);
  }
  const end = '-----END CERTIFICATE-----';
  const pems = text
    .split(end)
    .slice(0, -1)
    .map(block => `${block.trim()}\n${end}\n`);
  if (pems.length === 0) {
    throw new CliUsageError(`--certificate-authorities ${path}: no PEM certificate found`);
  }
  return pems;
}

/** Starts a simulator from parsed options and prints where it listens. */
export async function startFromCli(
  options: CliOptions,
  io: CliIo = defaultIo,
): Promise<MaskinportenSimulator> {
  const clients = options.clientsFile
    ? await readClientsFile(options.clientsFile)
    : undefined;
  const certificateAuthorities = options.certificateAuthoritiesFile
    ? await readCertificateAuthorities(options.certificateAuthoritiesFile)
    : undefined;
  const simulator = await MaskinportenSimulator.start({
    signingKeyFile: options.signingKeyFile,
    keyPropagationDelaySeconds: options.keyPropagationDelaySeconds,
    certificateAuthorities,
    port: options.port,
    host: options.host,
    issuer: options.issuer,
    clients,
    scopes: options.scopes,
    adminToken: options.adminToken,
  });
  io.out('Maskinporten simulator (for development and tests only) is listening');
  io.out(`  issuer:           ${simulator.issuer}`);
  io.out(`  token endpoint:   ${simulator.tokenEndpoint}`);
  io.out(`  jwks:             ${simulator.url}jwk`);
  io.out(`  self-service API: ${simulator.selfServiceBaseUrl}`);
  io.out(
    options.adminToken
      ? '  self-service auth: the --admin-token, or a simulator token with idporten:dcr.* scopes'
      : '  self-service auth: a simulator token with idporten:dcr.* scopes (no --admin-token given)',
  );
  io.out(`  clients:          ${simulator.listClients().length}`);
  io.out(
    `  signing key:      ${options.signingKeyFile ? `kept in ${options.signingKeyFile}` : 'new on every start (--signing-key-file keeps it)'}`,
  );
  return simulator;
}

/**
 * The CLI entry point. Resolves with the exit code once the simulator has
 * stopped (after SIGINT/SIGTERM), or at once for --help and usage errors.
 *
 * @public
 */
export async function main(
  argv: string[] = process.argv.slice(2),
  io: CliIo = defaultIo,
): Promise<number> {
  let options: CliOptions;
  let simulator: MaskinportenSimulator;
  try {
    options = parseCliArgs(argv);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    simulator = await startFromCli(options, io);
  } catch (err) {
    io.err(`maskinporten-simulator: ${(err as Error).message}`);
    if (err instanceof CliUsageError) {
      io.err('Run with --help for usage.');
      return 2;
    }
    return 1;
  }

  return new Promise<number>(resolve => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.out(`Received ${signal}, stopping`);
      simulator.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
