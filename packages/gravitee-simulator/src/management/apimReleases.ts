import { createHash, randomUUID } from 'node:crypto';

/**
 * The APIM releases the management double emulates, each at the tag whose sources its
 * routes were read from (gravitee-io/gravitee-api-management). `4.10` is the release whose
 * gateway the real-gateway suite runs (docs/adr/0005-real-gravitee.md).
 *
 * @public
 */
export const APIM_RELEASES = {
  '4.5': '4.5.29',
  '4.8': '4.8.32',
  '4.10': '4.10.8',
  '4.12': '4.12.17',
} as const;

/** @public */
export type ApimRelease = keyof typeof APIM_RELEASES;

/** @public */
export interface ReleaseRoutes {
  /**
   * `PUT /management/v2/environments/{envId}/apis/{apiId}/_import/definition`: in
   * openapi-apis.yaml on 4.12.x only (4.12.17, the line `/environments/{envId}/apis/{apiId}/_import/definition`);
   * absent on 4.5.29, 4.8.32, 4.10.8 and 4.11.25, where JAX-RS answers 404 for the path.
   */
  v4ImportUpdate: boolean;
  /** `PATCH …/apis/{apiId}` (ApiMergePatch), 4.12.x only. The deploy client never uses it. */
  v4Patch: boolean;
}

/** @public */
export function routesOf(release: ApimRelease): ReleaseRoutes {
  const is412 = release === '4.12';
  return { v4ImportUpdate: is412, v4Patch: is412 };
}

/**
 * `UuidString.generateForEnvironment(environmentId, fields…)` of gravitee-apim-rest-api-service
 * (`rest/api/service/common/UuidString.java`, same on 4.5.x–4.12.x): Java's
 * `UUID.nameUUIDFromBytes` (MD5, version 3) over the concatenated seeds.
 *
 * @public
 */
export function generateForEnvironment(environmentId: string, ...fields: string[]): string {
  if (fields.some(f => f === undefined || f === null)) {
    return randomUUID();
  }
  const md5 = createHash('md5').update([environmentId, ...fields].join('')).digest();
  md5[6] = (md5[6] & 0x0f) | 0x30;
  md5[8] = (md5[8] & 0x3f) | 0x80;
  const hex = md5.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
