import { APIM_RELEASES, ApimRelease } from './apimReleases';
import { ManagementApiDouble } from './ManagementApiDouble';
import provenance from './ROUTES.json';

/** Every route the express app of a double serves, as `METHOD path`. */
function servedRoutes(double: ManagementApiDouble): string[] {
  const stack: any[] = (double.app as any)._router.stack;
  return stack
    .filter(layer => layer.route)
    .flatMap(layer => Object.keys(layer.route.methods).map(m => `${m.toUpperCase()} ${layer.route.path}`))
    .sort();
}

/**
 * The double serves exactly the routes ROUTES.json cites for its release, each with the file,
 * line and blob id of Gravitee's source at the release's tag (scripts/gravitee/check-routes.js
 * checks those against a clone). A route added to the double without a citation, or cited
 * for a release that does not have it, fails here.
 */
describe.each(Object.keys(APIM_RELEASES) as ApimRelease[])('management double of APIM %s', release => {
  const cited = (provenance.releases as Record<string, any>)[release];

  it('cites the tag it emulates', () => {
    expect(cited.tag).toBe(APIM_RELEASES[release]);
    expect(cited.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const [file, blob] of Object.entries(cited.files)) {
      expect(file).toMatch(/^gravitee-apim-rest-api\//);
      expect(blob).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('serves exactly the cited routes', () => {
    const double = ManagementApiDouble.create({ token: 't', release });
    const routes = cited.routes.map((r: any) => `${r.method} ${r.path}`).sort();
    expect(servedRoutes(double)).toEqual(routes);
    for (const route of cited.routes) {
      expect(cited.files[route.file]).toBeDefined();
      expect(route.line).toBeGreaterThan(0);
      expect(route.text.length).toBeGreaterThan(0);
    }
  });
});
