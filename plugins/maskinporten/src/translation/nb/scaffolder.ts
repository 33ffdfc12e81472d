import type { Catalogue } from '../catalogue';
import type { scaffolder as en } from '../en/scaffolder';

export const scaffolder: Catalogue<typeof en> = {
  scopes: {
    title: 'Scopes',
    help: 'API-scopene klienten ber om. Listen viser scopene organisasjonen din kan bruke i {{environment}}.',
    helpFreeText:
      'Digdirs scopeliste er ikke tilgjengelig for {{environment}}: skriv hvert scope som prefiks:navn (f.eks. dfo:ansatte) og trykk Enter.',
    chooseEnvironment: 'Velg et miljø først.',
    loading: 'Henter scopene i {{environment}} …',
    loadFailed: 'Kunne ikke hente scopene i {{environment}} ({{error}}); skriv dem som prefiks:navn i stedet.',
    label: 'Scopes',
    placeholder: 'Søk i scopes',
    showAll: 'Vis også scopes som krever tilgang',
    noOptions: 'Ingen scopes passer',
    granted: 'tilgang gitt',
    open: 'åpent for alle',
    request: 'tilgang må bes om fra organisasjon {{orgno}}',
    requestUnknownOwner: 'tilgang må bes om fra API-eieren',
    notAvailable: '{{scope}}: organisasjonen har ikke tilgang i {{environment}}; spør eieren først.',
    pattern: '{{scope}} er ikke på formen prefiks:navn, f.eks. dfo:ansatte eller skatteetaten:folkeregister.',
  },
  result: {
    title: 'Neste steg',
    registered:
      'Digdir har nøkkelen: klient {{clientId}} i {{environment}} ble registrert med nøkkel {{kid}}. Åpne integrasjonen og kjør «Test token»; første vellykkede test gjør nøkkelen aktiv. Du trenger ikke lime inn noe.',
    paste:
      'Lim inn denne JWK-listen som nøklene («Egne public nøkler») til klient {{clientId}} i Samarbeidsportalen ({{environment}}), og åpne så integrasjonen og kjør «Test token».',
    create:
      'Opprett klienten i Samarbeidsportalen ({{environment}}) med denne JWK-listen som nøkler («Egne public nøkler»). Legg så klient-ID-en inn i integrasjonens catalog-info.yaml som {{annotation}} og kjør «Test token» på kortet.',
    publicOnly:
      'Bare offentlige nøkler; den private nøkkelen blir kryptert i Backstage. Integrasjonens kort viser listen igjen under «Vis JWK-liste».',
  },
};
