import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import provenance from './PROVENANCE.json';

/**
 * Every schema copy is Gravitee's own file, byte for byte (PROVENANCE.json says which plugin
 * version and source file). An edit to a copy fails here; a copy that no longer matches the
 * plugin the gateway runs fails `scripts/gravitee/check-schemas.js` in `npm run test:gravitee`.
 */
const files = provenance.files as Record<string, { maven: string; sha256: string; tag: string }>;
const gatewayPom = readFileSync(resolve(__dirname, '../../../../../scripts/gravitee/gateway/pom.xml'), 'utf8');

describe('Gravitee schema copies', () => {
  it('every schema file has a provenance entry, and every entry a file', () => {
    const schemaFiles = readdirSync(__dirname).filter(f => f.endsWith('.json') && f !== 'PROVENANCE.json');
    expect(schemaFiles.sort()).toEqual(Object.keys(files).sort());
  });

  it.each(Object.entries(files))('%s is the pristine upstream file', (file, entry) => {
    const sha256 = createHash('sha256').update(readFileSync(join(__dirname, file))).digest('hex');
    expect(sha256).toBe(entry.sha256);
  });

  it.each(Object.entries(files))('%s comes from the plugin version the real gateway runs', (_file, entry) => {
    const [group, artifact, version] = entry.maven.split(':');
    expect(group.length).toBeGreaterThan(0);
    expect(version).toBe(entry.tag);
    // scripts/gravitee/gateway/pom.xml lists the same artifact with a version property equal to this one.
    const property = `<${artifact}.version>${version}</${artifact}.version>`;
    const inline = `<artifactId>${artifact}</artifactId><version>${version}</version>`;
    expect(gatewayPom.includes(property) || gatewayPom.includes(inline)).toBe(true);
  });
});
