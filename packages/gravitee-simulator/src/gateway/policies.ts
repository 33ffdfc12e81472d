import { createPrivateKey, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { SignJWT } from 'jose';
import { HeaderLookup, compileFreemarker, compileTemplate } from './expressions';

/** One request on its way through the token service's flows. */
export interface GatewayExchange {
  method: string;
  /** The path after the context path, e.g. `` or `/x`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Map<string, string[]>;
  body?: string;
  attributes: Map<string, string>;
  remoteAddress: string;
  /** The subscribing application, once the plan's security has identified it. */
  application?: string;
  now: () => Date;
}

export interface GatewayAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A compiled request step: it changes the exchange or answers in the gateway's place. */
export type RequestStep = (exchange: GatewayExchange) => Promise<GatewayAnswer | void>;

export function headerLookup(exchange: GatewayExchange): HeaderLookup {
  return name => exchange.headers.get(name.toLowerCase()) ?? [];
}

export class UnknownPolicyError extends Error {
  name = 'UnknownPolicyError';
}

function answer(status: number, message: string): GatewayAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify({ message, http_status_code: status }) };
}

/**
 * Compiles one enabled step of a token service, following each policy plugin the real-gateway
 * suite runs (scripts/gravitee/gateway/pom.xml; docs/adr/0005-real-gravitee.md). A policy that
 * is not installed makes the deploy fail, as on a gateway without the plugin. The cache policy
 * is compiled apart (see cache.ts): it wraps the rest of the chain.
 */
export function compileStep(policy: string, configuration: any): RequestStep {
  switch (policy) {
    case 'ip-filtering':
      return ipFiltering(configuration);
    case 'policy-generate-jwt':
      return generateJwt(configuration);
    case 'policy-assign-content':
      return assignContent(configuration);
    case 'transform-queryparams':
      return transformQueryParams(configuration);
    case 'transform-headers':
      return transformHeaders(configuration);
    case 'policy-override-request-method':
      return async exchange => {
        exchange.method = String(configuration?.method ?? exchange.method).toUpperCase();
      };
    default:
      throw new UnknownPolicyError(`Policy [${policy}] is not installed on this gateway`);
  }
}

/**
 * gravitee-policy-generate-jwt 1.8.0 (`GenerateJwtPolicy#onRequest`): INLINE key (PKCS#8 or
 * PKCS#1 PEM, read as is: `content` is not an expression), RS256, header `kid`; claims `iat`,
 * `jti` (`id`, else a UUID), `aud` (a string when there is one audience), `sub`, `iss`
 * (templates), `exp` = `iat` + `expiresIn` in `expiresInUnit`, then each custom claim; the
 * signed token goes to the context attribute `jwt.generated`.
 */
function generateJwt(c: any): RequestStep {
  if (c?.signature !== 'RSA_RS256' || c?.keyResolver !== 'INLINE') {
    throw new UnknownPolicyError(
      `Generate JWT with signature ${c?.signature} and key resolver ${c?.keyResolver} is not modelled by the gateway double (RSA_RS256 with an INLINE key is)`,
    );
  }
  const key = createPrivateKey(String(c.content ?? ''));
  const issuer = compileTemplate(String(c.issuer ?? ''));
  const subject = c.subject ? compileTemplate(String(c.subject)) : undefined;
  const jti = c.id ? compileTemplate(String(c.id)) : undefined;
  const claims: Array<{ name: string; value: ReturnType<typeof compileTemplate> }> = (c.customClaims ?? []).map(
    (claim: any) => ({ name: String(claim.name), value: compileTemplate(String(claim.value ?? '')) }),
  );
  const audiences: string[] = Array.isArray(c.audiences) ? c.audiences.map(String) : [];
  const unitSeconds: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };
  const lifetime = Number(c.expiresIn ?? 30) * (unitSeconds[String(c.expiresInUnit ?? 'SECONDS')] ?? 1);
  return async exchange => {
    const headers = headerLookup(exchange);
    const iat = Math.floor(exchange.now().getTime() / 1000);
    const payload: Record<string, unknown> = { iat, jti: jti?.(headers) || randomUUID() };
    if (audiences.length > 0) payload.aud = audiences.length === 1 ? audiences[0] : audiences;
    if (subject) payload.sub = subject(headers);
    payload.iss = issuer(headers);
    payload.exp = iat + lifetime;
    for (const claim of claims) payload[claim.name] = claim.value(headers);
    const jwt = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(c.kid ? { kid: String(c.kid) } : {}) })
      .sign(key);
    exchange.attributes.set('jwt.generated', jwt);
  };
}

/** gravitee-policy-assign-content: the FreeMarker body replaces the request's body. */
function assignContent(c: any): RequestStep {
  const body = compileFreemarker(String(c?.body ?? ''));
  return async exchange => {
    exchange.body = body(exchange.attributes);
  };
}

/** gravitee-policy-transformqueryparams: removes, then adds. */
function transformQueryParams(c: any): RequestStep {
  const remove: string[] = (c?.removeQueryParameters ?? []).map(String);
  const add = (c?.addQueryParameters ?? []).map((p: any) => ({ name: String(p.name), value: compileTemplate(String(p.value ?? '')) }));
  return async exchange => {
    for (const name of remove) exchange.query.delete(name);
    for (const p of add) exchange.query.set(p.name, p.value(headerLookup(exchange)));
  };
}

/**
 * gravitee-policy-transformheaders (request scope): with a whitelist, only listed headers stay;
 * then removals, then additions (which replace) and appends.
 */
function transformHeaders(c: any): RequestStep {
  const whitelist: string[] = (c?.whitelistHeaders ?? []).map((h: string) => h.toLowerCase());
  const remove: string[] = (c?.removeHeaders ?? []).map((h: string) => h.toLowerCase());
  const add = (c?.addHeaders ?? []).map((h: any) => ({ name: String(h.name).toLowerCase(), value: compileTemplate(String(h.value ?? '')) }));
  const append = (c?.appendHeaders ?? []).map((h: any) => ({ name: String(h.name).toLowerCase(), value: compileTemplate(String(h.value ?? '')) }));
  return async exchange => {
    if (whitelist.length > 0) {
      for (const name of [...exchange.headers.keys()]) if (!whitelist.includes(name)) exchange.headers.delete(name);
    }
    for (const name of remove) exchange.headers.delete(name);
    const lookup = headerLookup(exchange);
    for (const h of add) exchange.headers.set(h.name, [h.value(lookup)]);
    for (const h of append) exchange.headers.set(h.name, [...(exchange.headers.get(h.name) ?? []), h.value(lookup)]);
  };
}

/**
 * gravitee-policy-ipfiltering (`IPFilteringPolicy#isIpInFilterIpRange`): an entry is an address
 * or a CIDR checked with commons-net `SubnetUtils`, which leaves out the network and broadcast
 * addresses unless `isInclusiveHostCount` is set, so a /32 or /31 matches nothing without it.
 * Refused callers get 403.
 */
function ipFiltering(c: any): RequestStep {
  const inclusive = c?.isInclusiveHostCount === true;
  const whitelist: string[] = (c?.whitelistIps ?? []).map(String);
  const blacklist: string[] = (c?.blacklistIps ?? []).map(String);
  return async exchange => {
    const forwarded = (exchange.headers.get('x-forwarded-for') ?? []).flatMap(v => v.split(',').map(s => s.trim()));
    const callers = c?.matchAllFromXForwardedFor && forwarded.length > 0 ? forwarded : [exchange.remoteAddress];
    const refused = callers.some(
      ip =>
        blacklist.some(entry => ipMatches(ip, entry, inclusive)) ||
        (whitelist.length > 0 && !whitelist.some(entry => ipMatches(ip, entry, inclusive))),
    );
    if (refused) {
      return answer(
        403,
        `Your IP (${callers.join(', ')}) or some proxies whereby your request pass through are not allowed to reach this resource.`,
      );
    }
    return undefined;
  };
}

function ipv4ToNumber(ip: string): number | undefined {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(plain) !== 4) return undefined;
  return plain.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function ipMatches(ip: string, entry: string, inclusive: boolean): boolean {
  const [base, bitsText] = entry.split('/');
  const address = ipv4ToNumber(ip);
  const network = ipv4ToNumber(base);
  if (address === undefined || network === undefined) {
    return ip === entry;
  }
  if (bitsText === undefined) {
    return address === network;
  }
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  const low = network - (network % size);
  const high = low + size - 1;
  if (inclusive) return address >= low && address <= high;
  // SubnetUtils without inclusive host count: no network or broadcast address; none for /31 and /32.
  return size > 2 && address > low && address < high;
}
