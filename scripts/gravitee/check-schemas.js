#!/usr/bin/env node
/*
 * Compares every schema copy in plugins/maskinporten-backend/src/gravitee/schemas with the
 * `schemas/schema-form.json` inside the plugin zip it names (PROVENANCE.json), as the gateway
 * build downloaded it from Maven Central into scripts/gravitee/gateway/target/home/plugins.
 * Exits 1 on any difference or missing zip. Runs offline once the gateway is assembled;
 * `npm run test:gravitee` runs it right after the build.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { inflateRawSync } = require('node:zlib');

const root = resolve(__dirname, '..', '..');
const schemasDir = join(root, 'plugins', 'maskinporten-backend', 'src', 'gravitee', 'schemas');
const pluginsDir = process.env.GRAVITEE_GATEWAY_HOME
  ? join(process.env.GRAVITEE_GATEWAY_HOME, 'plugins')
  : join(__dirname, 'gateway', 'target', 'home', 'plugins');

/** One entry of a zip file, read through its central directory (stored or deflated). */
function readZipEntry(zip, name) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: unsupported compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return undefined;
}

const provenance = JSON.parse(readFileSync(join(schemasDir, 'PROVENANCE.json'), 'utf8'));
let failures = 0;
for (const [file, entry] of Object.entries(provenance.files)) {
  const [, artifact, version] = entry.maven.split(':');
  const zipPath = join(pluginsDir, `${artifact}-${version}.zip`);
  if (!existsSync(zipPath)) {
    console.error(`check-schemas: ${file}: ${zipPath} is missing (assemble the gateway first)`);
    failures++;
    continue;
  }
  const upstream = readZipEntry(readFileSync(zipPath), entry.zipEntry);
  const copy = readFileSync(join(schemasDir, file));
  if (!upstream) {
    console.error(`check-schemas: ${file}: ${entry.zipEntry} not found in ${zipPath}`);
    failures++;
  } else if (!upstream.equals(copy)) {
    console.error(`check-schemas: ${file} differs from ${entry.zipEntry} in ${artifact}-${version}.zip`);
    failures++;
  } else {
    console.log(`check-schemas: ${file} = ${artifact}-${version}.zip!${entry.zipEntry}`);
  }
}
if (failures > 0) {
  console.error(`check-schemas: ${failures} schema cop${failures === 1 ? 'y differs' : 'ies differ'} from Gravitee's`);
  process.exit(1);
}
