/**
 * The APIM version a management API reports, and what the deploy routes depend on.
 *
 * Every APIM 4.x management API serves `GET /management/openapi.json` without
 * authentication, and its `info.version` is the release's Maven project version
 * (gravitee-apim-rest-api/gravitee-apim-rest-api-management/gravitee-apim-rest-api-management-rest:
 * `src/main/java/io/gravitee/rest/api/management/rest/resource/swagger/OpenAPIResource.java`
 * serves `console-openapi.json`, generated from `src/main/resources/openapi-configuration.yaml`
 * with `info.version: '${project.version}'` and resource filtering on; the same on branches
 * 4.5.x, 4.8.x, 4.10.x and 4.12.x; `BasicSecurityConfigurerAdapter` permits `GET /openapi.*`).
 */
export interface ApimVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the management API wrote it, e.g. `4.10.8`. */
  text: string;
}

/** `4.12.0-SNAPSHOT`, `4.5.29`, `4.8` → the numeric parts; undefined when it is not a version. */
export function parseApimVersion(text: unknown): ApimVersion | undefined {
  if (typeof text !== 'string' || text.length > 64) {
    return undefined;
  }
  const core = text.split('-', 1)[0];
  const parts = core.split('.');
  if (parts.length < 2 || parts.length > 3) {
    return undefined;
  }
  const numbers = parts.map(part => (isDigits(part) ? Number(part) : NaN));
  if (numbers.some(n => Number.isNaN(n))) {
    return undefined;
  }
  const [major, minor, patch = 0] = numbers;
  return { major, minor, patch, text };
}

function isDigits(part: string): boolean {
  if (part.length === 0 || part.length > 6) {
    return false;
  }
  for (const char of part) {
    if (char < '0' || char > '9') {
      return false;
    }
  }
  return true;
}

/**
 * `PUT /management/v2/environments/{envId}/apis/{apiId}/_import/definition` exists from
 * APIM 4.12 (openapi-apis.yaml on branch 4.12.x; absent on 4.5.x–4.11.x, where only the
 * POST import exists and an API is updated through `PUT …/apis/{apiId}` and its plans).
 */
export function hasV4ImportUpdate(version: ApimVersion): boolean {
  return version.major > 4 || (version.major === 4 && version.minor >= 12);
}

/** The client speaks APIM 4.x; 3.x lacks the v4 routes and 5.x is not known yet. */
export function isSupportedApimVersion(version: ApimVersion): boolean {
  return version.major === 4;
}
