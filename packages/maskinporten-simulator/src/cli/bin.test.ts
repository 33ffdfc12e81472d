import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';

const BIN = resolve(__dirname, '../../bin/maskinporten-simulator');

/** Runs the bin and collects its output until it exits. */
function runBin(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => {
    stdout += chunk;
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>(done => child.on('exit', code => done(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) {
          done(match);
        }
      };
      child.stdout.on('data', check);
      child.on('exit', () => fail(new Error(`bin exited; stdout: ${stdout} stderr: ${stderr}`)));
      check();
    });
  return {
    child,
    exited,
    line,
    output: () => ({ stdout, stderr }),
  };
}

describe('bin/maskinporten-simulator', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mp-sim-cli-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts on port 0, prints the real URLs, serves metadata and stops on SIGTERM', async () => {
    const { publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const clientsFile = join(dir, 'clients.json');
    await writeFile(
      clientsFile,
      JSON.stringify([
        {
          clientId: 'from-file',
          scopes: ['a:b'],
          keys: [{ ...(await exportJWK(publicKey)), kid: 'file-key', alg: 'RS256', use: 'sig' }],
        },
      ]),
    );
    const run = runBin([
      '--port',
      '0',
      '--admin-token',
      'cli-token',
      '--scopes',
      'a:b',
      '--clients',
      clientsFile,
    ]);
    try {
      // The last line of the start-up banner: everything above it has been printed.
      await run.line(/clients:\s+1\n/);
      const [, issuer] = await run.line(/issuer:\s+(\S+)/);
      expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:(?!0\/)\d+\/$/);
      expect(run.output().stdout).toContain(`token endpoint:   ${issuer}token`);
      expect(run.output().stdout).toContain(`self-service API: ${issuer}api/v1`);

      const metadata = await (
        await fetch(`${issuer}.well-known/oauth-authorization-server`)
      ).json();
      expect(metadata.issuer).toBe(issuer);

      const jwks = await fetch(`${issuer}api/v1/clients/from-file/jwks`, {
        headers: { authorization: 'Bearer cli-token' },
      });
      expect((await jwks.json()).keys[0].kid).toBe('file-key');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  }, 60_000);

  it('exits with 2 on a usage error', async () => {
    const run = runBin(['--port', 'nope']);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toMatch(/--port/);
  }, 60_000);
});
