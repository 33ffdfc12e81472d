'use strict';

/**
 * Scenario 1 of the scale benchmark: `GET /api/maskinporten/v1/integrations` pages against the
 * catalog's `GET /api/catalog/entities/by-query` for the comparable page, so that the listing is
 * judged against what the catalog itself costs on the same backend, database and token.
 * Result: `scale-<db>-listing-p95-ms` (informational).
 */

const { seededRandom } = require('../lib');
const { query } = require('./httpClient');

const PAGE = 50;

/**
 * The listing's query classes, each with the catalog query a portal would send for the same
 * page: the catalog's filter is every Maskinporten annotation OR'd (as the sync asks), each
 * alternative ANDed with the class's conditions; text search is the catalog's full-text filter
 * on name and title. `expires-30d` has no catalog equivalent and is paired with the plain page.
 */
function listingClasses(catalog, annotations, rand) {
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  const owners = catalog.integrations.map(x => x.owner);
  const words = [...new Set(catalog.integrations.map(x => x.title.split(' ')[0].toLocaleLowerCase('en-US')))];
  const catalogPage = ({ conditions = [], text } = {}) =>
    `/api/catalog/entities/by-query?${query({
      filter: annotations.map(a => [`metadata.annotations.${a}`, ...conditions].join(',')),
      limit: PAGE,
      orderField: 'metadata.name,asc',
      fullTextFilterTerm: text,
      fullTextFilterFields: text ? 'metadata.name,metadata.title' : undefined,
    })}`;
  const ours = params => `/api/maskinporten/v1/integrations?${query({ limit: PAGE, ...params })}`;
  return {
    'first-page': () => [ours({}), catalogPage()],
    owner: () => {
      const owner = pick(owners);
      return [ours({ owner }), catalogPage({ conditions: [`relations.ownedBy=${owner}`] })];
    },
    'owned-by-me': () => {
      const mine = [`user:default/user-${Math.floor(rand() * 400)}`, pick(owners), pick(owners)];
      return [ours({ owner: mine }), catalogPage({ conditions: mine.map(o => `relations.ownedBy=${o}`) })];
    },
    environment: () => {
      const environment = rand() < 0.5 ? 'test' : 'prod';
      return [
        ours({ environment }),
        catalogPage({ conditions: [`metadata.annotations.maskinporten.no/environment=${environment}`] }),
      ];
    },
    'expires-30d': () => [ours({ expiresWithinDays: 30 }), catalogPage()],
    q: () => {
      const word = pick(words);
      return [ours({ q: word }), catalogPage({ text: word })];
    },
    combined: () => {
      const owner = pick(owners);
      const environment = rand() < 0.5 ? 'test' : 'prod';
      const text = pick(words).slice(0, 3);
      return [
        ours({ owner, environment, expiresWithinDays: 90, q: text }),
        catalogPage({
          conditions: [`relations.ownedBy=${owner}`, `metadata.annotations.maskinporten.no/environment=${environment}`],
          text,
        }),
      ];
    },
  };
}

/** 2 unrecorded rounds, `rounds` ABBA rounds of every class, then 2 walks of 10 pages by cursor. */
async function measureListing(ctx, sizes, db) {
  const { lib, log } = ctx;
  const { rounds } = sizes;
  const { label, http, catalog, annotations } = db;
  const f = x => lib.fmt(x, 3);
  const rand = seededRandom(42);
  const classes = listingClasses(catalog, annotations, rand);
  const samples = { ours: {}, catalog: {} };
  const bytes = { ours: [], catalog: [] };
  const record = (side, cls, r) => {
    (samples[side][cls] ??= []).push(r.ms);
    bytes[side].push(r.bytes);
  };
  for (let i = 0; i < 2; i++) {
    for (const make of Object.values(classes)) {
      const [a, b] = make();
      await http.get(a);
      await http.get(b);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const [cls, make] of Object.entries(classes)) {
      const [oursUrl, catalogUrl] = make();
      // ABBA: alternate which side goes first, so drift in load hits both.
      if (round % 2 === 0) {
        record('ours', cls, await http.get(oursUrl));
        record('catalog', cls, await http.get(catalogUrl));
      } else {
        record('catalog', cls, await http.get(catalogUrl));
        record('ours', cls, await http.get(oursUrl));
      }
    }
  }
  // Walks: 10 pages by following the cursor, on each side.
  for (let walk = 0; walk < 2; walk++) {
    let oursCursor;
    let catalogCursor;
    for (let page = 0; page < 10; page++) {
      const o = await http.get(
        oursCursor
          ? `/api/maskinporten/v1/integrations?${query({ limit: PAGE, cursor: oursCursor })}`
          : `/api/maskinporten/v1/integrations?limit=${PAGE}`,
      );
      const c = await http.get(
        catalogCursor
          ? `/api/catalog/entities/by-query?${query({ cursor: catalogCursor, limit: PAGE })}`
          : classes['first-page']()[1],
      );
      record('ours', 'deep-walk', o);
      record('catalog', 'deep-walk', c);
      oursCursor = o.json().nextCursor;
      catalogCursor = c.json().pageInfo?.nextCursor;
      if (!oursCursor || !catalogCursor) throw new Error(`${label}: a walk ended after ${page + 1} pages`);
    }
  }
  const all = side => Object.values(samples[side]).flat();
  const perClass = Object.keys(samples.ours)
    .map(cls => `${cls} ${f(lib.p95(samples.ours[cls]))}/${f(lib.p95(samples.catalog[cls]))}`)
    .join(', ');
  log(`${label}: listing p95 ours/catalog ms: ${perClass}`);
  return [
    lib.result({
      name: `scale-${label}-listing-p95-ms`,
      value: lib.p95(all('ours')),
      unit: 'ms',
      baseline: lib.p95(all('catalog')),
      notes:
        `Informational. p95 over ${all('ours').length} pages of ${PAGE} (${rounds} rounds of 7 filter classes, ABBA, ` +
        `plus 2 walks of 10 pages) of GET /api/maskinporten/v1/integrations; baseline: the catalog's ` +
        `GET /api/catalog/entities/by-query for the comparable page, interleaved. p50 ours ${f(lib.median(all('ours')))} ms, ` +
        `catalog ${f(lib.median(all('catalog')))} ms. Per class p95 ours/catalog (ms): ${perClass}. ` +
        `Mean page: ours ${Math.round(lib.mean(bytes.ours) / 1024)} KiB (with keys and last tests), catalog ` +
        `${Math.round(lib.mean(bytes.catalog) / 1024)} KiB.`,
    }),
  ];
}

module.exports = { measureListing };
