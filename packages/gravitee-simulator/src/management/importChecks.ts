/**
 * The body checks of the management double, by route: what the real management API refuses
 * with 400 for the bodies a deploy sends (required fields of ExportApiV4, UpdateApiV4 and
 * the v2 definition). Plain loops, no regular expressions.
 */

export type Checked = { name: string; paths: string[] } | { error: string };

export function normalizePath(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

export function checkV2(body: any): Checked {
  if (body?.gravitee !== '2.0.0') {
    return { error: 'Expected a v2 API definition ("gravitee": "2.0.0")' };
  }
  const hosts = body.proxy?.virtual_hosts;
  if (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h: any) => typeof h?.path !== 'string')) {
    return { error: 'proxy.virtual_hosts must list at least one context path' };
  }
  if (!Array.isArray(body.proxy.groups) || body.proxy.groups.length === 0) {
    return { error: 'proxy.groups must have at least one endpoint group' };
  }
  if (typeof body.name !== 'string' || !body.name) {
    return { error: 'name is required' };
  }
  return { name: body.name, paths: hosts.map((h: any) => normalizePath(h.path)) };
}

function listenerPaths(listeners: unknown): string[] | undefined {
  if (!Array.isArray(listeners)) return undefined;
  const paths: unknown[] = listeners.flatMap((l: any) =>
    Array.isArray(l?.paths) ? l.paths.map((p: any) => p?.path) : [],
  );
  if (paths.length === 0 || paths.some(p => typeof p !== 'string')) return undefined;
  return (paths as string[]).map(normalizePath);
}

/** ExportApiV4: `{api: {definitionVersion: "V4", …}, plans: […], …}`. */
export function checkV4(body: any): Checked {
  const api = body?.api;
  if (api?.definitionVersion !== 'V4') {
    return { error: 'Expected the import payload {"api": {"definitionVersion": "V4", …}, "plans": […]}' };
  }
  if (!Array.isArray(body.plans)) {
    return { error: 'plans must be an array' };
  }
  return checkApiFields(api);
}

/** UpdateApiV4: required name, apiVersion, definitionVersion, listeners, endpointGroups, type. */
export function checkUpdateApiV4(body: any): Checked {
  if (body?.definitionVersion !== 'V4') {
    return { error: 'definitionVersion V4 is required' };
  }
  if (typeof body.apiVersion !== 'string' || typeof body.type !== 'string') {
    return { error: 'apiVersion and type are required' };
  }
  return checkApiFields(body);
}

function checkApiFields(api: any): Checked {
  const paths = listenerPaths(api.listeners);
  if (!paths) {
    return { error: 'api.listeners must declare at least one HTTP path' };
  }
  if (!Array.isArray(api.endpointGroups) || api.endpointGroups.length === 0) {
    return { error: 'api.endpointGroups must have at least one group' };
  }
  if (typeof api.name !== 'string' || !api.name) {
    return { error: 'api.name is required' };
  }
  return { name: api.name, paths };
}
