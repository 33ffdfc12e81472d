'use strict';

/**
 * Scenario 4 of the scale benchmark: the entity card's route for a component with 5 related
 * maskinporten-client resources, against one catalog read of the same entity (`by-name`). The
 * card makes several catalog and permission calls before its own database reads, so expect a
 * multiple of the baseline. Result: `scale-<db>-card-p95-ms` (informational).
 */

const { CARD_RELATED } = require('./catalogData');

/** 5 unrecorded pairs, then `cardSamples` of each side, alternating which goes first. */
async function measureCard(ctx, sizes, db) {
  const { lib, log } = ctx;
  const { count, keyTotal, cardSamples } = sizes;
  const { label, http, catalog } = db;
  const f = x => lib.fmt(x, 3);
  const { kind, namespace, name } = catalog.card;
  const cardUrl = `/api/maskinporten/v1/entities/${kind}/${namespace}/${name}/integrations`;
  const byNameUrl = `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  const card = (await http.get(cardUrl)).json();
  if (card.items.length !== CARD_RELATED) {
    throw new Error(`${label}: the card lists ${card.items.length} integrations, expected ${CARD_RELATED}`);
  }
  for (let i = 0; i < 5; i++) {
    await http.get(cardUrl);
    await http.get(byNameUrl);
  }
  const cardMs = [];
  const byNameMs = [];
  for (let i = 0; i < cardSamples; i++) {
    if (i % 2 === 0) {
      cardMs.push((await http.get(cardUrl)).ms);
      byNameMs.push((await http.get(byNameUrl)).ms);
    } else {
      byNameMs.push((await http.get(byNameUrl)).ms);
      cardMs.push((await http.get(cardUrl)).ms);
    }
  }
  log(`${label}: card p95 ${f(lib.p95(cardMs))} ms, by-name p95 ${f(lib.p95(byNameMs))} ms`);
  return [
    lib.result({
      name: `scale-${label}-card-p95-ms`,
      value: lib.p95(cardMs),
      unit: 'ms',
      baseline: lib.p95(byNameMs),
      notes:
        `Informational. p95 of ${cardSamples} GET ${cardUrl} (a component with ${CARD_RELATED} related ` +
        `maskinporten-client resources, ${CARD_RELATED * Math.round(keyTotal / count)} keys); baseline: GET ${byNameUrl}, ` +
        `interleaved. p50 ${f(lib.median(cardMs))} vs ${f(lib.median(byNameMs))} ms. The card itself reads the entity, ` +
        `its related resources and permissions from the catalog and permission backends, then keys, tests, ` +
        `rotations and conflicts once each.`,
    }),
  ];
}

module.exports = { measureCard };
