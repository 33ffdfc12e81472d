import type { Catalogue } from '../catalogue';
import type { card as en } from '../en/card';

export const card: Catalogue<typeof en> = {
  title: 'Maskinporten',
  loadFailed: 'Kunne ikke hente Maskinporten-integrasjoner',
  thisEntity: '(denne entiteten)',
  showDetails: 'Detaljer',
  hideDetails: 'Skjul detaljer',
  summary: {
    environment: 'Miljø: {{environment}}',
    rotation: 'Rotasjon: {{phase}}',
    clientId: 'Klient-ID:',
    clientIdMissing: 'ikke registrert ennå',
    copyClientId: 'Kopier klient-ID',
    clientIdCopied: 'Klient-ID kopiert',
    lastTokenTest: 'Siste tokentest:',
    unconfirmedRegistered: 'Ikke bekreftet ennå: «Test token» bekrefter nøkkel {{kid}}.',
    unconfirmedManual: 'Ikke bekreftet ennå: last opp JWK-listen, så bekrefter «Test token» nøkkel {{kid}}.',
    unconfirmedUnknown:
      'Ikke bekreftet ennå: «Test token» bekrefter nøkkel {{kid}} (MP-100 betyr at Digdir mangler den: last opp JWK-listen).',
  },
  details: {
    scopes: 'Scopes',
    owner: 'Eier',
    ownerNone: 'ikke satt',
    keys: 'Nøkler',
    keyRotation: 'Nøkkelrotasjon',
    noKeysNotOwner: 'Ingen nøkler ennå. Eieren lager dem.',
    noKeysNoClient: 'Ingen nøkler ennå. Generer en å opprette klienten i Samarbeidsportalen med.',
    noKeysSelfService: 'Ingen nøkler ennå. «Lag nøkkel» genererer en og registrerer den hos Digdir.',
    noKeysManual: 'Ingen nøkler ennå. «Lag nøkkel» genererer en og viser deg hvordan du laster den opp.',
    noKeysAdoptFirst:
      'Ingen nøkler forvaltes her ennå: nøklene klienten har, ble registrert utenfor Backstage. «Overta» klienten for å forvalte dem her; en rotasjon erstatter dem da.',
    noKeysUnclaimed:
      'Ingen nøkler forvaltes her ennå: nøklene klienten har, ble registrert utenfor Backstage. Når en eierskapsregel gir den til et team, kan det teamet overta den.',
  },
  keyList: {
    revoked: 'Trukket tilbake; Maskinporten godtar den ikke lenger.',
    notRegistered: 'Året starter når nøkkelen registreres hos Digdir.',
  },
  lastTest: {
    noneYet: 'ingen ennå',
    never: 'Ingen tokentest er kjørt.',
    runBy: 'kjørt av',
  },
  invalid: {
    title: 'Ugyldige Maskinporten-annotasjoner på {{entityRef}}',
    message: 'Rett dem i entitetens catalog-info.yaml; kortet oppdateres etter neste katalogoppdatering.',
    fix: 'Løsning: {{fix}}',
  },
  missing: {
    example: 'For eksempel:',
  },
  owner: {
    none: 'Katalogen oppgir ingen eier for denne integrasjonen, så ingen kan forvalte nøklene her. Sett spec.owner i catalog-info.yaml.',
    ownedBy: 'Eies av',
    askThem: ': be dem',
    toFix: 'om å rotere nøklene eller rette et token som feiler.',
  },
  scopeAccess: {
    granted: 'tilgang gitt',
    open: 'åpent for alle',
    request: 'ingen tilgang',
    grantedHelp: 'Organisasjonen har fått tilgang til dette scopet.',
    openHelp: 'Alle kan bruke dette scopet; ingen tilgang må gis.',
    requestHelp:
      'Organisasjonen har ikke tilgang til dette scopet nå, så tokenforespørsler med det feiler. Tilgang må først bes om fra eieren.',
    withdrawn_one: 'Ingen tilgang til {{scopes}}: tokenforespørsler med dette scopet feiler til tilgangen gis igjen.',
    withdrawn_other: 'Ingen tilgang til {{scopes}}: tokenforespørsler med disse scopene feiler til tilgangen gis igjen.',
    askOwner: 'Be eieren av {{scope}} (organisasjon {{orgno}}) om tilgang.',
    askOwnerUnknown: 'Be API-eieren om tilgang.',
  },
  imported: {
    imported: 'Importert fra Digdir',
    importedHelp: 'Denne klienten ble funnet hos Digdir og importert til katalogen.',
    unclaimed: 'Uten eier',
    unclaimedHelp: 'Eies av mottaksgruppen til en eierskapsregel gir den til et team.',
    adopted: 'Nøkler forvaltes her',
    adopt: 'Overta',
    adoptTitle: 'Overta {{title}}?',
    adoptIntro:
      'Fra nå av forvaltes nøklene til klient {{clientId}} ({{environment}}) her: rotasjoner, varsler om utløp og tokentester.',
    adoptExisting:
      'De eksisterende nøklene forblir registrert hos Digdir til en rotasjon erstatter dem, så ingenting som signerer med dem slutter å virke nå.',
    adoptFailed: 'Klienten ble ikke overtatt',
  },
};
