import type { Catalogue } from '../catalogue';
import type { gateways as en } from '../en/gateways';

export const gateways: Catalogue<typeof en> = {
  title: 'Gatewayer',
  none: 'Ingen gateway-utrulling er kjent for denne integrasjonen. Rull ut tokentjenesten, eller koble til en som allerede kjører.',
  status: {
    'in-sync': 'I takt',
    stale: 'Utdatert',
    unknown: 'Ukjent',
  },
  statusHelp: {
    'in-sync': 'Hver gateway signerer med den aktive nøkkelen.',
    stale: 'En gateway signerer med en nøkkel som ikke er den aktive, eller mangler.',
    unknown: 'Det er ennå ikke kjent hva en gateway signerer med.',
  },
  origin: {
    deployed: 'rullet ut fra Backstage',
    adopted: 'koblet til',
    manual: 'holdes for hånd',
  },
  where: '{{target}} API {{name}}',
  contextPath: 'på {{path}}',
  signsWith: 'signerer med {{kid}}',
  kidUnknown: 'kid ikke kjent ennå',
  lastTest: 'Siste tokenforespørsel gjennom den: {{outcome}}. {{message}}',
  outcomes: {
    success: 'token mottatt',
    rejected: 'avvist',
    timeout: 'tidsavbrudd',
    unreachable: 'ikke nåbar',
    'upstream-error': 'feil oppstrøms',
  },
  checkError: 'Kunne ikke lese den tilbake: {{error}}',
  testThrough: 'Test gjennom gatewayen',
  checkNow: 'Sjekk gatewayene nå',
  link: 'Koble til eksisterende tokentjeneste',
  addManual: 'Legg til gateway som holdes for hånd',
  confirmUpdate: 'Bekreft oppdatering',
  unlink: 'Koble fra',
  failed: 'Det gikk ikke: {{error}}',
  renewal:
    'Fornyelse poster den samme nøkkelen til Digdir på nytt, så ingen gateway trenger ny utrulling. En rotasjon ruller ut hver tilkoblet gateway på nytt med den nye nøkkelen, og tester en tokenforespørsel gjennom den, før den gamle nøkkelen fjernes.',
  keySigns_one: '{{gateways}} signerer med denne nøkkelen.',
  keySigns_other: '{{gateways}} signerer med denne nøkkelen.',
  keyJoin: ' og ',
  keyExpiring:
    'Rotasjon flytter dem til en ny nøkkel (rullet ut og testet); fornyelse beholder denne nøkkelen og trenger ingen ny utrulling.',
  adoptDialog: {
    title: 'Koble til en eksisterende tokentjeneste',
    intro:
      'Backstage leser API-et gjennom gatewayens administrasjons-API og viser hva Generate JWT-steget signerer med. Koble den til når det er en nøkkel i denne integrasjonen: da ruller rotasjoner den ut på nytt, og avvikssjekken følger med på den.',
    target: 'Gateway',
    apiId: 'API-id',
    lookUp: 'Slå opp',
    found: '{{name}} ({{version}}, {{path}})',
    signer: 'Generate JWT: kid {{kid}}, utsteder {{issuer}}, audience {{audiences}}',
    keyState: 'Den kid-en er {{state}} i denne integrasjonen.',
    cannotLink: 'Den kan ikke kobles til:',
    linkAction: 'Koble til: den signerer med {{kid}}',
    noTargets: 'Ingen gateway med administrasjons-API er konfigurert. Legg til gatewayen for hånd i stedet.',
  },
  manualDialog: {
    title: 'Legg til en gateway som holdes for hånd',
    intro:
      'For en gateway Backstage ikke når. Gi den et navn og si hvilken nøkkel den ble rullet ut med; når en rotasjon erstatter den nøkkelen, ber kortet deg oppdatere den for hånd og bekrefte.',
    label: 'Navn (f.eks. Gravitee-miljøet og API-et)',
    contextPath: 'Kontekststi (valgfri)',
    kid: 'Den signerer med',
    add: 'Legg til',
  },
  confirmDialog: {
    title: 'Bekreft at {{name}} signerer med den nye nøkkelen',
    intro:
      'Backstage når ikke denne gatewayen, så den stoler på ditt ord. Oppdater Generate JWT-steget med nøkkelen under (last ned Gravitee-definisjonen med nøkkelen inline), rull den ut på nytt og bekreft. De gamle nøklene fjernes fra Digdir først når hver gateway er bekreftet.',
    kid: 'Den signerer nå med',
    confirm: 'Bekreft',
  },
  unlinkDialog: {
    title: 'Koble fra {{name}}?',
    text: 'Backstage slutter å følge denne utrullingen: rotasjoner ruller den ikke ut på nytt og venter ikke på den. Selve gatewayen endres ikke.',
    action: 'Koble fra',
  },
};
