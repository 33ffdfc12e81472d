import { readFile } from 'node:fs/promises';
import { GraviteeDefinitionError } from '../errors';
import { lintGraviteeDefinition } from '../lint/lint';
import { GraviteeLintFinding } from '../lint/types';
import { GraviteeMaskinportenEnvironment } from '../types';

/** Digdir's environments, used when no `--environments` file is given. */
export const DIGDIR_ENVIRONMENTS: GraviteeMaskinportenEnvironment[] = [
  { name: 'test', issuer: 'https://test.maskinporten.no/', tokenEndpoint: 'https://test.maskinporten.no/token' },
  { name: 'prod', issuer: 'https://maskinporten.no/', tokenEndpoint: 'https://maskinporten.no/token' },
];

const USAGE = `Usage: maskinporten-gravitee-lint [--environments FILE] [--json] DEFINITION.json...

Checks Gravitee v2/v4 token-service definitions against Maskinporten's rules: audience,
grant lifetime, cache TTL, cross-environment endpoints, placeholders, key resolver and
grant_type. Exit code 0: no errors; 1: errors found; 2: bad usage or unreadable input.

  --environments FILE  JSON array of {name, issuer, tokenEndpoint}; default Digdir's test and prod
  --json               print findings as JSON instead of text
`;

/** Where the lint CLI writes its lines. @public */
export interface LintCliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * The same checks as `POST /api/maskinporten/v1/gravitee/lint`, for the pipelines of
 * Gravitee config repositories. Key rules need our database and are skipped here.
 *
 * @public
 */
export async function runLintCli(
  argv: string[],
  output: LintCliOutput = { out: console.log, err: console.error },
): Promise<number> {
  const files: string[] = [];
  let environmentsFile: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      output.out(USAGE);
      return 0;
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--environments') {
      environmentsFile = argv[++i];
      if (!environmentsFile) {
        output.err('--environments needs a file');
        return 2;
      }
    } else if (arg.startsWith('-')) {
      output.err(`Unknown option ${arg}\n\n${USAGE}`);
      return 2;
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) {
    output.err(USAGE);
    return 2;
  }

  let environments = DIGDIR_ENVIRONMENTS;
  if (environmentsFile) {
    try {
      environments = JSON.parse(await readFile(environmentsFile, 'utf8'));
      if (!Array.isArray(environments)) throw new Error('expected a JSON array');
    } catch (error) {
      output.err(`${environmentsFile}: ${(error as Error).message}`);
      return 2;
    }
  }

  let worst = 0;
  const report: Array<{ file: string; version?: string; findings?: GraviteeLintFinding[]; error?: string }> = [];
  for (const file of files) {
    let definition: unknown;
    try {
      definition = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      report.push({ file, error: `not readable JSON: ${(error as Error).message}` });
      worst = 2;
      continue;
    }
    try {
      const result = lintGraviteeDefinition(definition, { environments });
      report.push({ file, version: result.version, findings: result.findings });
      if (result.findings.some(f => f.severity === 'error')) {
        worst = Math.max(worst, 1);
      }
    } catch (error) {
      if (!(error instanceof GraviteeDefinitionError)) throw error;
      report.push({ file, error: error.message });
      worst = 2;
    }
  }

  if (json) {
    output.out(JSON.stringify(report, null, 2));
  } else {
    for (const entry of report) {
      if (entry.error) {
        output.out(`${entry.file}: ${entry.error}`);
        continue;
      }
      output.out(`${entry.file} (${entry.version}): ${entry.findings!.length} finding(s)`);
      for (const f of entry.findings!) {
        output.out(`  ${f.severity.padEnd(7)} ${f.rule}  ${f.path}\n          ${f.message}\n          fix: ${f.fix}`);
      }
    }
  }
  return worst;
}
