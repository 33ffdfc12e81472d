import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_CONSUMER_ORG,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_GRAVITEE_CONTEXT_PATH,
  ANNOTATION_GRAVITEE_IP_ALLOW_LIST,
  ANNOTATION_IMPORTED_FROM,
  ANNOTATION_KEY_ID,
  ANNOTATION_RESOURCE,
  ANNOTATION_SCOPES,
  ANNOTATION_UNCLAIMED,
  DEFAULT_ENVIRONMENT,
  isMaskinportenAvailable,
} from './annotations';

/** A Maskinporten integration as declared by one catalog entity. @public */
export interface MaskinportenIntegration {
  entityRef: string;
  environment: string;
  clientId?: string;
  scopes: string[];
  resources: string[];
  consumerOrg?: string;
  externalKeyId?: string;
  /** Gravitee overrides from the entity; config supplies the defaults. */
  gravitee?: { contextPath?: string; ipAllowList?: string[] };
  /** Present on clients imported from Digdir; `unclaimed` until an ownership rule or a person assigns them. */
  imported?: { from: 'digdir'; unclaimed: boolean };
}

/** One problem with an entity's annotations, phrased so the owner can fix it. @public */
export interface AnnotationProblem {
  annotation: string;
  message: string;
  fix: string;
}

/** @public */
export type IntegrationParseResult =
  | { kind: 'integration'; integration: MaskinportenIntegration }
  | { kind: 'invalid'; entityRef: string; problems: AnnotationProblem[] }
  | { kind: 'absent'; entityRef: string };

/** @public */
export interface ParseIntegrationOptions {
  /** Environment names configured under `maskinporten.environments`. */
  environments: string[];
}

// Digdir scopes are `prefix:name`, where name may contain `/` and `.` (e.g. `altinn:serviceowner/instances.read`).
const SCOPE_PATTERN = /^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const ORG_NUMBER_PATTERN = /^\d{9}$/;
const KID_PATTERN = /^[A-Za-z0-9._-]+$/;
// Client ids are UUIDs today; older integrations may have other opaque ids, so only reject
// whitespace and URL syntax. A client id becomes a path segment of Digdir's API, so one made
// of dots only ("." or "..") would move the URL to another resource.
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;
const DOTS_ONLY = /^\.+$/;
const CONTEXT_PATH_PATTERN = /^\/[A-Za-z0-9._~\/-]*$/;
const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const PREFIX_PATTERN = /^(0|[1-9]\d{0,2})$/;

/** A client id that is safe as a URL path segment (not "." or ".."). @public */
export function isValidClientId(clientId: string): boolean {
  return CLIENT_ID_PATTERN.test(clientId) && !DOTS_ONLY.test(clientId);
}

/** A context path with no empty, "." or ".." segments, so the gateway path is what it says. @public */
export function isValidContextPath(path: string): boolean {
  if (!CONTEXT_PATH_PATTERN.test(path) || path.length > 255) {
    return false;
  }
  const segments = path.split('/').slice(1);
  return segments.every(
    (segment, index) =>
      segment !== '.' &&
      segment !== '..' &&
      // A trailing "/" is fine; "//" inside is not.
      (segment !== '' || index === segments.length - 1),
  );
}

/**
 * An IP address or a CIDR range that actually restricts: a prefix of 0 (any address, in any
 * spelling such as 0.0.0.0/00 or 10.0.0.0/0) is a catch-all, not an allow-list entry.
 *
 * @public
 */
export function isRestrictiveIpOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  const v4 = IPV4_PATTERN.exec(address);
  let maxPrefix: number;
  if (v4) {
    if (v4.slice(1).some(octet => Number(octet) > 255 || (octet.length > 1 && octet[0] === '0'))) {
      return false;
    }
    maxPrefix = 32;
  } else if (address.includes(':') && isIpv6(address)) {
    maxPrefix = 128;
  } else {
    return false;
  }
  if (prefixText === undefined) {
    return true;
  }
  if (!PREFIX_PATTERN.test(prefixText)) {
    return false;
  }
  const prefix = Number(prefixText);
  return prefix >= 1 && prefix <= maxPrefix;
}

function isIpv6(address: string): boolean {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(address)) {
    return false;
  }
  try {
    // The URL parser validates IPv6 literals the same way in browsers and Node.
    return new URL(`http://[${address}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** Splits an annotation value on whitespace and commas, dropping empty parts. @public */
export function splitAnnotationList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(part => part.length > 0);
}

/**
 * Turns an entity's annotations into an integration, or into every problem found,
 * so the card can show all of them at once rather than one per fix.
 *
 * @public
 */
export function parseMaskinportenIntegration(
  entity: Entity,
  options: ParseIntegrationOptions,
): IntegrationParseResult {
  const entityRef = stringifyEntityRef(entity);
  if (!isMaskinportenAvailable(entity)) {
    return { kind: 'absent', entityRef };
  }
  const annotations = entity.metadata.annotations ?? {};
  const problems: AnnotationProblem[] = [];

  const environment =
    annotations[ANNOTATION_ENVIRONMENT]?.trim() || DEFAULT_ENVIRONMENT;
  if (!options.environments.includes(environment)) {
    const known = options.environments.length
      ? options.environments.join(', ')
      : '(none configured)';
    problems.push({
      annotation: ANNOTATION_ENVIRONMENT,
      message: `Unknown Maskinporten environment "${environment}".`,
      fix: `Use one of the environments configured under maskinporten.environments: ${known}.`,
    });
  }

  const scopes = splitAnnotationList(annotations[ANNOTATION_SCOPES]);
  if (scopes.length === 0) {
    problems.push({
      annotation: ANNOTATION_SCOPES,
      message: 'No scopes are declared.',
      fix: `Add ${ANNOTATION_SCOPES} with the scopes the client is granted, e.g. "dfo:ansatte".`,
    });
  }
  const badScopes = scopes.filter(scope => !SCOPE_PATTERN.test(scope));
  if (badScopes.length > 0) {
    problems.push({
      annotation: ANNOTATION_SCOPES,
      message: `Invalid scope syntax: ${badScopes.map(s => `"${s}"`).join(', ')}.`,
      fix: 'Write each scope as prefix:name (e.g. "dfo:ansatte"), separated by spaces or commas.',
    });
  }

  const clientId = annotations[ANNOTATION_CLIENT_ID]?.trim() || undefined;
  if (clientId !== undefined && !isValidClientId(clientId)) {
    problems.push({
      annotation: ANNOTATION_CLIENT_ID,
      message: `"${clientId}" is not a valid client id.`,
      fix: 'Copy the Integrasjons-ID from Samarbeidsportalen exactly, or remove the annotation until the client is registered.',
    });
  }

  const resources = splitAnnotationList(annotations[ANNOTATION_RESOURCE]);
  const badResources = resources.filter(resource => !isAbsoluteUri(resource));
  if (badResources.length > 0) {
    problems.push({
      annotation: ANNOTATION_RESOURCE,
      message: `Not an absolute URI: ${badResources.map(r => `"${r}"`).join(', ')}.`,
      fix: 'List the audiences the API expects (RFC 8707), e.g. "https://api.example.no/", separated by spaces.',
    });
  }

  const consumerOrg = annotations[ANNOTATION_CONSUMER_ORG]?.trim() || undefined;
  if (consumerOrg !== undefined && !ORG_NUMBER_PATTERN.test(consumerOrg)) {
    problems.push({
      annotation: ANNOTATION_CONSUMER_ORG,
      message: `"${consumerOrg}" is not a 9-digit organisation number.`,
      fix: 'Use the consumer\'s organisation number from Enhetsregisteret: exactly 9 digits, no spaces.',
    });
  }

  const externalKeyId = annotations[ANNOTATION_KEY_ID]?.trim() || undefined;
  if (externalKeyId !== undefined && !KID_PATTERN.test(externalKeyId)) {
    problems.push({
      annotation: ANNOTATION_KEY_ID,
      message: `"${externalKeyId}" is not a valid key id.`,
      fix: 'A kid may contain only letters, digits, ".", "_" and "-".',
    });
  }

  const contextPath = annotations[ANNOTATION_GRAVITEE_CONTEXT_PATH]?.trim() || undefined;
  if (contextPath !== undefined && !isValidContextPath(contextPath)) {
    problems.push({
      annotation: ANNOTATION_GRAVITEE_CONTEXT_PATH,
      message: `"${contextPath}" is not a context path.`,
      fix: 'Start with "/" and use only letters, digits, ".", "_", "~", "-" and "/", without "//", "/./" or "/../", e.g. /maskinporten/dfo.',
    });
  }
  // An empty annotation means "use the platform's list", never "no IP filter at all".
  const ipAllowListEntries = splitAnnotationList(annotations[ANNOTATION_GRAVITEE_IP_ALLOW_LIST]);
  const ipAllowList = ipAllowListEntries.length > 0 ? ipAllowListEntries : undefined;
  const badIps = (ipAllowList ?? []).filter(ip => !isRestrictiveIpOrCidr(ip));
  if (badIps.length > 0) {
    problems.push({
      annotation: ANNOTATION_GRAVITEE_IP_ALLOW_LIST,
      message: `Not an IP address or CIDR range: ${badIps.map(ip => `"${ip}"`).join(', ')}.`,
      fix: 'List addresses or ranges such as 10.0.0.0/8 or 2001:db8::/32, separated by spaces or commas; a catch-all range is not an allow-list.',
    });
  }

  if (problems.length > 0) {
    return { kind: 'invalid', entityRef, problems };
  }
  return {
    kind: 'integration',
    integration: {
      entityRef,
      environment,
      clientId,
      scopes: [...new Set(scopes)],
      resources,
      consumerOrg,
      externalKeyId,
      ...(contextPath || ipAllowList
        ? { gravitee: { contextPath, ipAllowList } }
        : {}),
      ...(annotations[ANNOTATION_IMPORTED_FROM] === 'digdir'
        ? { imported: { from: 'digdir' as const, unclaimed: annotations[ANNOTATION_UNCLAIMED] === 'true' } }
        : {}),
    },
  };
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}
