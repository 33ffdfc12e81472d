import type { Catalogue } from '../catalogue';
import type { rotation as en } from '../en/rotation';

export const rotation: Catalogue<typeof en> = {
  phases: {
    started: 'Startet',
    generated: 'Ny nøkkel generert',
    registered: 'Registrert hos Digdir',
    'awaiting-upload': 'Venter på opplastingen din',
    verified: 'Ny nøkkel bekreftet',
    gateways: 'Gatewayene følger',
    retired: 'Gamle nøkler faset ut',
    failed: 'Feilet',
    cancelled: 'Avbrutt',
  },
  next: {
    started: 'Genererer den nye nøkkelen.',
    generatedManual: 'Gjør klar nøkkelsettet som skal lastes opp.',
    generatedSelfService: 'Registrerer den nye nøkkelen ved siden av de gamle gjennom Digdirs selvbetjenings-API.',
    registered: 'Venter på at Maskinporten godtar den nye nøkkelen (tokentest), prøves igjen automatisk.',
    'awaiting-upload':
      'Last opp denne JWK-listen til klienten i Samarbeidsportalen (den erstatter hele settet), og bekreft: den nye nøkkelen sjekkes da med en tokentest.',
    verifiedManual:
      'Den nye nøkkelen virker. Last opp denne JWK-listen (uten {{oldKids}}) til Samarbeidsportalen og bekreft for å fullføre.',
    verifiedSelfService:
      'Den nye nøkkelen virker. De gamle nøklene forblir registrert i overgangsperioden og tas så ut av settet.',
    gatewaysDoneManual:
      'Hver gateway signerer med den nye nøkkelen. Last opp denne JWK-listen (uten {{oldKids}}) til Samarbeidsportalen og bekreft for å fullføre.',
    gatewaysDoneSelfService:
      'Hver gateway signerer med den nye nøkkelen. De gamle nøklene forblir registrert i overgangsperioden og tas så ut av settet.',
    gatewaysByHand:
      'Oppdater {{gateways}} til den nye nøkkelen for hånd (last ned definisjonen), og bekreft; de gamle nøklene forblir registrert til da.',
    gatewaysFailed:
      'Ny utrulling av {{gateways}} feilet; prøves igjen automatisk. De gamle nøklene forblir registrert til hver gateway signerer med den nye nøkkelen.',
    gatewaysFailedError:
      'Ny utrulling av {{gateways}} feilet ({{error}}); prøves igjen automatisk. De gamle nøklene forblir registrert til hver gateway signerer med den nye nøkkelen.',
    gatewaysRedeploying:
      'Ruller ut {{gateways}} på nytt med den nye nøkkelen og tester en tokenforespørsel gjennom hver; de gamle nøklene forblir registrert til da.',
    gateway: '{{target}} API {{name}}',
    gatewaysJoin: ' og ',
    retired: 'Ferdig: den nye nøkkelen er aktiv og de gamle er fjernet.',
    failed: 'Feilet: {{error}}. Start en ny rotasjon når årsaken er rettet.',
    failedNoError: 'se loggene',
    cancelled: 'Avbrutt; de gamle nøklene ble beholdt.',
    theOldKeys: 'de gamle nøklene',
  },
  stepStates: {
    done: 'ferdig',
    current: 'nåværende steg',
    todo: 'gjenstår',
  },
  inProgress: 'Rotasjon pågår',
  last: 'Siste rotasjon',
  modeManual: 'du laster opp nøklene',
  modeSelfService: 'Backstage registrerer nøklene gjennom Digdirs API',
  retireAfter: 'Gamle nøkler tas ut av det registrerte settet etter {{date}}.',
  attempts_one: '{{count}} forsøk',
  attempts_other: '{{count}} forsøk',
  none: 'Ingen rotasjon ennå.',
  finalJwks: 'Endelig JWK-liste',
  newJwks: 'Ny JWK-liste',
  pasteWhole:
    'Lim inn hele listen som klientens nøkler i Samarbeidsportalen ({{environment}}): den erstatter det som ligger der.',
  verification: 'Tokentest med den nye nøkkelen',
  stepFailed: 'Rotasjonssteget ble ikke fullført',
  gatewaysTitle: 'Gatewayer i denne rotasjonen',
  gatewayStates: {
    pending: 'skal rulles ut',
    redeployed: 'rullet ut, testes',
    verified: 'token gjennom den virker',
    'awaiting-owner': 'venter på deg',
    confirmed: 'bekreftet',
    failed: 'feilet, prøves igjen',
  },
  forceRetire: 'Fas ut likevel…',
  forceTitle: 'Fase ut de gamle nøklene for {{title}} selv om gatewayer fortsatt bruker dem?',
  forceText:
    'Disse gatewayene signerer fortsatt med en gammel nøkkel. De feiler (MP-100) så snart Backstage fjerner den fra Digdir, og det kan ikke angres:',
  forceAcknowledge: 'Jeg forstår at disse gatewayene vil slutte å virke',
  forceReason: 'Hvorfor (lagres i revisjonsloggen)',
  forceAction: 'Fas ut og ødelegg dem',
  forcedBy: 'De gamle nøklene ble faset ut med makt ({{who}}) mens gatewayer fortsatt brukte dem.',
  createKey: 'Lag nøkkel',
  rotateKey: 'Roter nøkkel',
  uploaded: 'Jeg har lastet den opp',
  retryNow: 'Prøv igjen nå',
  retireNow: 'Fas ut gamle nøkler nå',
  cancel: 'Avbryt rotasjonen',
  confirmCreateTitle: 'Lage den første nøkkelen til {{title}}?',
  confirmRotateTitle: 'Rotere nøkkelen til {{title}}?',
  confirmRetireTitle: 'Fase ut de gamle nøklene til {{title}} nå?',
  confirm: {
    productionClient: 'Dette er produksjonsklienten {{clientId}}.',
    keepCurrent: 'ved siden av de nåværende nøklene ({{kids}})',
    selfService:
      'Backstage genererer en ny nøkkel og registrerer den hos Digdir {{keep}} for klient {{clientId}}. Så ber den om et token med den nye nøkkelen; når det virker, signerer den nye nøkkelen, og de gamle fjernes hos Digdir etter overgangsperioden.',
    manual:
      'Backstage genererer en ny nøkkel og viser deg JWK-listen du limer inn i Samarbeidsportalen for klient {{clientId}}. Når du bekrefter opplastingen, ber den om et token med den nye nøkkelen; deretter laster du opp den endelige listen uten de gamle nøklene.',
    whereSelfService: 'Der Digdirs selvbetjenings-API er satt opp for {{environment}}: {{text}}',
    otherwise: 'Ellers: {{text}}',
    gateways:
      'Gatewayer som signerer med en gammel nøkkel, virker til den nøkkelen fjernes hos Digdir; oppdater dem (last ned eller rull ut Gravitee-definisjonen) når den nye nøkkelen er bekreftet.',
    rotateProduction:
      'Rotering endrer nøklene Digdir har registrert for den, og produksjonstrafikken signerer med dem.',
    retire:
      'Backstage fjerner {{oldKids}} fra nøklene Digdir har registrert for klient {{clientId}} ({{environment}}) nå. Bare den nye nøkkelen {{newKid}} blir igjen.',
    retireEarly:
      'Backstage fjerner {{oldKids}} fra nøklene Digdir har registrert for klient {{clientId}} ({{environment}}) nå, i stedet for etter {{date}}. Bare den nye nøkkelen {{newKid}} blir igjen.',
    retireConsequence:
      'Alt som fortsatt signerer med en gammel nøkkel, som en Gravitee-gateway som ikke er oppdatert, får MP-100 fra da av. Dette kan ikke angres: de gamle nøklene trekkes tilbake.',
    retireProduction:
      'Sørg for at alle produksjonsgatewayer signerer med den nye nøkkelen før du faser ut de gamle.',
  },
  page: {
    rotating: 'Roterer: {{phase}}',
    retrying: '(prøver igjen)',
    lastError: 'Siste feil: {{error}}',
    nextWaiting: 'neste nøkkel venter',
    retiring_one: '{{count}} nøkkel fases ut',
    retiring_other: '{{count}} nøkler fases ut',
  },
};
