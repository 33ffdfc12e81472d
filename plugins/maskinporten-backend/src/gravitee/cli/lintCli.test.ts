import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { renderGraviteeDefinition } from '../render/render';
import { PRIVATE_KEY_PEM } from '../__testUtils__/fixtures';
import { DIGDIR_ENVIRONMENTS, runLintCli } from './lintCli';

const dir = mkdtempSync(join(tmpdir(), 'gravitee-lint-'));
const template = join(__dirname, '../__fixtures__/sikt-maskinporten-api-template.json');

function capture() {
  const lines: string[] = [];
  return { lines, output: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
}

describe('maskinporten-gravitee-lint', () => {
  it('fails the Sikt template with its placeholders and cross-environment backup', async () => {
    const { lines, output } = capture();
    expect(await runLintCli([template], output)).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('placeholder-kid');
    expect(text).toContain('placeholder-key');
    expect(text).toContain('endpoint-cross-environment');
  });

  it('passes a rendered definition and prints JSON when asked', async () => {
    const file = join(dir, 'rendered.json');
    const definition = renderGraviteeDefinition(
      {
        entityRef: 'component:default/lonn',
        name: 'lonn',
        environment: DIGDIR_ENVIRONMENTS[0],
        clientId: 'client-1',
        scopes: ['dfo:ansatte'],
        kid: 'uio-test-lonn-20261124-abcdef',
        contextPath: '/maskinporten/test/lonn',
        ipAllowList: ['10.0.0.0/8'],
        privateKeyPem: PRIVATE_KEY_PEM,
      },
      { format: 'v4', secrets: 'inline' },
    );
    writeFileSync(file, JSON.stringify(definition));
    const { lines, output } = capture();
    expect(await runLintCli(['--json', file], output)).toBe(0);
    const [entry] = JSON.parse(lines.join('\n'));
    expect(entry.version).toBe('v4');
    expect(entry.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
  });

  it('exits 2 for unreadable input and bad usage', async () => {
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'gravitee: yes');
    const notGravitee = join(dir, 'other.json');
    writeFileSync(notGravitee, '{"openapi": "3.0.0"}');
    expect(await runLintCli([notJson], capture().output)).toBe(2);
    expect(await runLintCli([notGravitee], capture().output)).toBe(2);
    expect(await runLintCli([], capture().output)).toBe(2);
    expect(await runLintCli(['--nope', template], capture().output)).toBe(2);
  });

  it('runs as an executable from the source tree', () => {
    const bin = join(__dirname, '../../../bin/maskinporten-gravitee-lint');
    const run = spawnSync(process.execPath, [bin, template], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('placeholder-kid');
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toContain('Usage');
  });
});
