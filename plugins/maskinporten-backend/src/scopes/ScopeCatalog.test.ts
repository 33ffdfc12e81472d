import { ScopeCatalog } from './ScopeCatalog';

function fakeDigdir() {
  const calls = { scopes: 0, access: 0 };
  let fail = false;
  return {
    calls,
    failNext: () => {
      fail = true;
    },
    digdir: {
      isConfigured: (environment: string) => environment === 'test',
      listScopes: async () => {
        calls.scopes++;
        if (fail) {
          fail = false;
          throw new Error('Digdir is down');
        }
        return [
          { name: 'dfo:ansatte', description: 'Ansatte', ownerOrgno: '986252932', accessibleForAll: false },
          { name: 'digdir:apen', description: 'Open', accessibleForAll: true },
          { name: 'skatteetaten:folkeregister', description: 'FREG', ownerOrgno: '974761076', accessibleForAll: false },
        ];
      },
      listScopeAccess: async () => {
        calls.access++;
        return [
          { scope: 'dfo:ansatte', state: 'APPROVED' },
          { scope: 'skatteetaten:folkeregister', state: 'DENIED' },
          { scope: 'privat:scope', state: 'APPROVED' },
        ];
      },
    },
  };
}

describe('ScopeCatalog', () => {
  it('marks each scope granted, open to all, or to be requested, including private grants', async () => {
    const { digdir } = fakeDigdir();
    const catalog = new ScopeCatalog({ digdir });
    expect(await catalog.offers('test')).toEqual([
      { name: 'dfo:ansatte', description: 'Ansatte', ownerOrgno: '986252932', access: 'granted' },
      { name: 'digdir:apen', description: 'Open', access: 'open' },
      { name: 'privat:scope', description: '', access: 'granted' },
      // A denied grant is no access.
      { name: 'skatteetaten:folkeregister', description: 'FREG', ownerOrgno: '974761076', access: 'request' },
    ]);
    expect(await catalog.accessTo('test', ['dfo:ansatte', 'unknown:scope'])).toEqual({
      'dfo:ansatte': 'granted',
      'unknown:scope': 'request',
    });
  });

  it('has no catalogue without self-service, so callers accept what was typed', async () => {
    const { digdir, calls } = fakeDigdir();
    const catalog = new ScopeCatalog({ digdir });
    expect(await catalog.offers('prod')).toBeUndefined();
    expect(await catalog.accessTo('prod', ['dfo:ansatte'])).toBeUndefined();
    expect(calls.scopes).toBe(0);
  });

  it('asks Digdir once per TTL, and again after a failure', async () => {
    let now = 0;
    const { digdir, calls, failNext } = fakeDigdir();
    const catalog = new ScopeCatalog({ digdir, ttlMs: 1000, now: () => now });
    failNext();
    await expect(catalog.offers('test')).rejects.toThrow('Digdir is down');
    await catalog.offers('test');
    await catalog.offers('test');
    expect(calls.scopes).toBe(2);
    now = 1500;
    await catalog.offers('test');
    expect(calls.scopes).toBe(3);
  });
});
