import type { Catalogue } from '../catalogue';
import type { keys as en } from '../en/keys';

export const keys: Catalogue<typeof en> = {
  generate: {
    button: 'Generer nøkkel',
    title: 'Generer en nøkkel for en ny klient',
    confirm:
      '{{title}} har ingen klient-ID ennå. Generere en RSA-nøkkel for klienten i {{environment}}? Den private nøkkelen blir på serveren; du får JWK-listen du oppretter klienten med i Samarbeidsportalen. Du kan vise listen igjen senere med «Vis JWK-liste».',
    failed: 'Ingen nøkkel ble generert',
    created: 'Ny nøkkel {{kid}} er laget.',
    action: 'Generer',
  },
  jwks: {
    title: 'JWK-liste',
    heading: '{{title}} ({{keys}})',
    copy: 'Kopier {{title}}',
  },
  keySet: {
    button: 'Vis JWK-liste',
    title: 'JWK-liste: {{title}} ({{environment}})',
    intro:
      'De offentlige nøklene som skal registreres på klient {{clientId}}. En opplasting erstatter klientens nøkler, så listen har alle nøkler som skal beholdes. Den inneholder ingen privat nøkkel.',
    introNoClient:
      'De offentlige nøklene som skal registreres på klienten. En opplasting erstatter klientens nøkler, så listen har alle nøkler som skal beholdes. Den inneholder ingen privat nøkkel.',
    pending:
      'Ikke bekreftet ennå: {{kids}}. Last opp denne listen hvis Digdir ikke har den (tokentester feiler med MP-100 til da); en vellykket tokentest bekrefter den.',
    readFailed: 'Kunne ikke lese nøkkelsettet: {{error}}',
    selfService:
      'Digdirs selvbetjenings-API er satt opp for {{environment}}: «Roter nøkkel» registrerer nye nøkler der for deg. Lim inn denne listen for hånd bare for å reparere det registrerte settet.',
  },
  portal: {
    uploadTitle: 'Last opp nøkkelsettet i Samarbeidsportalen',
    createTitle: 'Opprett klienten i Samarbeidsportalen',
    open: 'Åpne Samarbeidsportalen (',
    chooseEnvironment: ') og velg miljøet {{environment}}.',
    openClient: 'Åpne integrasjonen med klient-ID {{clientId}}.',
    goToKeys: 'Gå til nøklene («Egne public nøkler»).',
    pasteReplace: 'Lim inn hele JWK-listen i stedet for det som ligger der, og lagre.',
    createClient: 'Opprett en ny Maskinporten-integrasjon med scopene denne entiteten oppgir.',
    pasteNew: 'Under «Egne public nøkler», lim inn hele JWK-listen og lagre.',
    addClientId: 'Legg den nye klient-ID-en («Integrasjons-ID») inn i entitetens catalog-info.yaml som',
    propagation:
      'Det kan ta et par minutter før Maskinporten godtar en ny nøkkel. Kjør så «Test token»: første vellykkede test gjør nøkkelen aktiv.',
  },
};
