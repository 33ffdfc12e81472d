import { LEGACY_VER2_HOST } from '../constants';
import { GraviteeMaskinportenEnvironment } from '../types';

export type UrlRole = 'issuer' | 'issuer-without-slash' | 'token-endpoint' | 'other-path';

export interface UrlClassification {
  url?: URL;
  /** The configured environment on the same origin, if any. */
  environment?: GraviteeMaskinportenEnvironment;
  role?: UrlRole;
  ver2: boolean;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Plain string code: `/\/+$/` is quadratic on a long run of slashes followed by another character. */
function withoutTrailingSlash(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47 /* '/' */) {
    end--;
  }
  return value.slice(0, end);
}

function roleFor(value: string, url: URL, env: GraviteeMaskinportenEnvironment): UrlRole | undefined {
  const issuer = parseUrl(env.issuer);
  const tokenEndpoint = parseUrl(env.tokenEndpoint);
  if (url.origin !== issuer?.origin && url.origin !== tokenEndpoint?.origin) {
    return undefined;
  }
  // Maskinporten compares aud to its issuer as a string, so only an exact match is the issuer.
  if (value === env.issuer) return 'issuer';
  if (`${value}/` === env.issuer) return 'issuer-without-slash';
  if (tokenEndpoint && withoutTrailingSlash(url.href) === withoutTrailingSlash(tokenEndpoint.href)) {
    return 'token-endpoint';
  }
  return 'other-path';
}

export function classifyUrl(
  value: string,
  environments: GraviteeMaskinportenEnvironment[],
): UrlClassification {
  const url = parseUrl(value.trim());
  if (!url) {
    return { ver2: false };
  }
  const hostname = url.hostname.toLowerCase();
  const ver2 = hostname === LEGACY_VER2_HOST || hostname.endsWith(`.${LEGACY_VER2_HOST}`);
  let fallback: UrlClassification | undefined;
  for (const environment of environments) {
    const role = roleFor(value.trim(), url, environment);
    if (role && role !== 'other-path') {
      return { url, environment, role, ver2 };
    }
    if (role && !fallback) {
      fallback = { url, environment, role, ver2 };
    }
  }
  return fallback ?? { url, ver2 };
}

/**
 * Whether two configured environment names are the same Maskinporten. Environments that
 * share an issuer (an example portal's `local` next to `test`) accept each other's keys and
 * grants, while a URL can only be classified as the first of them.
 */
export function sameMaskinporten(
  environments: GraviteeMaskinportenEnvironment[],
  a: string,
  b: string,
): boolean {
  if (a === b) return true;
  const issuerOf = (name: string) => environments.find(env => env.name === name)?.issuer;
  const issuer = issuerOf(a);
  return issuer !== undefined && issuer === issuerOf(b);
}

/** The environment that replaced ver2, for fix suggestions. */
export function ver2Replacement(environments: GraviteeMaskinportenEnvironment[]): string {
  const test = environments.find(env => parseUrl(env.issuer)?.hostname === 'test.maskinporten.no');
  return test?.issuer ?? 'https://test.maskinporten.no/';
}
