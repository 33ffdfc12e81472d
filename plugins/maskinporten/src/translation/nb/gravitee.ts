import type { Catalogue } from '../catalogue';
import type { gravitee as en } from '../en/gravitee';

export const gravitee: Catalogue<typeof en> = {
  download: {
    button: 'Last ned Gravitee-definisjon',
    title: 'Last ned Gravitee-definisjon',
    intro: 'En tokentjeneste for klienten {{clientId}} i {{environment}}, klar til import i Gravitee.',
    introNoClient: 'En tokentjeneste for klienten i {{environment}}, klar til import i Gravitee.',
    format: 'Format',
    v2: 'APIM 4.x, v2-API',
    v2Help: 'Importeres i Gravitee APIM 4.x som en v2-API-definisjon.',
    v4: 'V4 proxy-API',
    v4Help: 'Et proxy-API med definitionVersion V4 i importformatet.',
    privateKey: 'Privat nøkkel',
    placeholder: 'Plassholder',
    placeholderHelp: 'Nøkkelfeltet har en plassholder som sier hvor nøkkelen skal hentes fra; fyll den inn før bruk.',
    inline: 'Privat nøkkel i filen',
    inlineHelp: 'Selve den private nøkkelen skrives inn i filen. Eksporten logges i revisjonssporet.',
    inlineWarning:
      'Filen du laster ned, vil inneholde den private nøkkelen. Behandle den som en hemmelighet: ikke sjekk den inn eller del den, og slett den etter import.',
    action: 'Last ned',
  },
  deploy: {
    button: 'Rull ut til Gravitee',
    title: 'Rull ut til Gravitee',
    last: 'Siste utrulling til Gravitee: {{status}}',
    lastApi: '(API {{apiId}})',
    confirm:
      'Rulle ut {{format}}-tokentjenesten for klienten {{clientId}} i {{environment}} til Gravitee? Et API som er rullet ut tidligere for denne integrasjonen, oppdateres og rulles ut på nytt; ellers lages og startes et nytt API.',
    created: 'Laget API {{apiId}} ({{format}}): {{status}}',
    updated: 'Oppdaterte API {{apiId}} ({{format}}): {{status}}',
    failed: 'Utrullingen feilet: {{error}}',
    action: 'Rull ut',
  },
  lint: {
    title: 'Sjekk en Gravitee-definisjon',
    intro:
      'Lim inn eller last opp en v2- eller v4-API-definisjon (en eksport fra Gravitee eller en fil fra konfigurasjonsrepoet) for å sjekke Maskinporten-tokentjenesten: audiences, tokenlevetid, cache-TTL, reserve-endepunkter, plassholdere, nøkler og nøkkeloppslag.',
    field: 'Gravitee-definisjon (JSON)',
    notJson: 'Ikke gyldig JSON: {{error}}',
    loadedFrom: 'Lest fra {{file}}',
    readFailed: 'Kunne ikke lese {{file}}',
    action: 'Sjekk',
    upload: 'Last opp JSON-fil',
    uploadLabel: 'Last opp en Gravitee-definisjon',
    failed: 'Definisjonen kunne ikke sjekkes: {{error}}',
    noFindings: 'Ingen funn i denne {{version}}-definisjonen.',
    findings_one: '{{count}} funn i denne {{version}}-definisjonen',
    findings_other: '{{count}} funn i denne {{version}}-definisjonen',
    tableLabel: 'Funn',
    severity: 'Alvorlighet',
    rule: 'Regel',
    path: 'JSON-sti',
    message: 'Melding',
    fix: 'Løsning',
    severities: {
      error: 'feil',
      warning: 'advarsel',
      info: 'info',
    },
  },
};
