import type { Catalogue } from '../catalogue';
import type { tokenTest as en } from '../en/tokenTest';

export const tokenTest: Catalogue<typeof en> = {
  button: 'Test token',
  dialogTitle: 'Tokentest: {{title}} ({{environment}})',
  couldNotRun: 'Tokentesten kunne ikke kjøres',
  outcomes: {
    success: 'Vellykket',
    rejected: 'Avvist',
    timeout: 'Tidsavbrudd',
    unreachable: 'Maskinporten utilgjengelig',
    'upstream-error': 'Feil hos Maskinporten',
  },
  titles: {
    success: 'Maskinporten utstedte et token',
    rejected: 'Maskinporten avviste forespørselen',
    timeout: 'Maskinporten svarte ikke i tide',
    unreachable: 'Maskinporten kunne ikke nås',
    'upstream-error': 'Maskinporten svarte med en feil',
  },
  lifetime: 'Tokenets levetid (expires_in): {{seconds}} sekunder',
  lifetimeUnknown: 'Tokenets levetid (expires_in): ikke oppgitt',
  grantedScopes: 'Tildelte scopes:',
  noScopes: 'ingen',
  refused: 'Maskinporten ({{environment}}) avviste granten: {{error}}',
  code: 'Kode:',
  meaning: 'Hva det betyr:',
  fix: 'Slik retter du det:',
  unuploaded: {
    meaning:
      'Nøkkelen {{kid}} er ikke lastet opp til Digdir ennå, så Maskinporten ({{environment}}) kjenner den ikke og avviser granten.',
    fix: 'Last opp nøkkelsettet (JWK-listen med {{kid}}) til klienten i Samarbeidsportalen for {{environment}}, eller la en nøkkelrotasjon registrere den gjennom Digdirs selvbetjenings-API. Test tokenet igjen etterpå: første vellykkede test gjør nøkkelen aktiv.',
  },
  mpErrors: {
    'MP-011': {
      meaning:
        'Granten er feilformet: en parameter har ugyldig verdi, en påkrevd claim mangler, eller den har en claim Maskinporten ikke godtar.',
      fix: 'Send bare aud, iss, scope, iat, exp, jti og ved behov resource eller consumer_org, med alg og kid i headeren.',
    },
    'MP-012': {
      meaning: 'Granten er brukt før: jti-en er allerede sett.',
      fix: 'Lag en ny grant med en fersk, unik jti for hver tokenforespørsel.',
    },
    'MP-100': {
      meaning:
        'Klientautentiseringen feilet: klient-ID-en er ukjent i dette miljøet, eller nøkkel-ID-en er ikke registrert på klienten.',
      fix: 'Sjekk klient-ID-en mot Samarbeidsportalen for dette miljøet, og at nøkkelen (kid) er lastet opp til den klienten.',
    },
    'MP-110': {
      meaning:
        'Audience (aud) er feil: den peker på et annet miljø, har en skrivefeil, mangler avsluttende skråstrek, eller er token-endepunktet.',
      fix: 'Sett aud til miljøets issuer, f.eks. https://test.maskinporten.no/ (med avsluttende skråstrek).',
    },
    'MP-120': {
      meaning:
        'Granten er signert med et sertifikat Maskinporten ikke godtar her, f.eks. et produksjonssertifikat i test.',
      fix: 'Signer med sertifikatet eller nøkkelen som er registrert for dette miljøet.',
    },
    'MP-121': {
      meaning: 'Utløpt nøkkel: den registrerte nøkkelen ble lastet opp for mer enn ett år siden.',
      fix: 'Generer og last opp en ny nøkkel (eller send den samme nøkkelen på nytt for å fornye den) i Samarbeidsportalen.',
    },
    'MP-123': {
      meaning: 'x5c-headeren er ugyldig: den må være en liste med sertifikater.',
      fix: 'Send x5c som en liste med base64-kodede DER-sertifikater, eller bruk kid for en registrert nøkkel.',
    },
    'MP-124': {
      meaning: 'Signaturen er ugyldig: granten ble ikke signert med den private nøkkelen som hører til kid-en.',
      fix: 'Signer med den private nøkkelen som har sin offentlige nøkkel registrert under den kid-en.',
    },
    'MP-130': {
      meaning:
        'Granten er utløpt eller utenfor tidsvinduet: for gammel, levetid over 120 sekunder, eller klokken går feil.',
      fix: 'Sett iat til nå og exp høyst 120 sekunder senere, og hold serverklokken synkronisert (NTP).',
    },
    'MP-200': {
      meaning: 'Et forespurt scope er ikke registrert på klienten.',
      fix: 'Legg scopet til klienten i Samarbeidsportalen (API-eieren må ha gitt tilgang), eller slutt å be om det.',
    },
    'MP-201': {
      meaning: 'Et forespurt scope er ikke tillatt for Maskinporten.',
      fix: 'Be bare om scopes som er ment for Maskinporten-klienter.',
    },
    'MP-250': {
      meaning: 'Konsumentorganisasjonen har ikke fått tilgang til scopet.',
      fix: 'Be API-eieren gi konsumentorganisasjonen tilgang til scopet.',
    },
    'MP-251': {
      meaning: 'Det finnes ingen delegering fra konsumentorganisasjonen (consumer_org) til din organisasjon.',
      fix: 'Be konsumenten delegere tilgang til din organisasjon i Altinn, eller fjern consumer_org.',
    },
    'MP-301': {
      meaning: 'authorization_details er ugyldig.',
      fix: 'Sjekk strukturen i authorization_details mot API-dokumentasjonen.',
    },
    'MP-302': {
      meaning: 'authorization_details har en type som ikke støttes.',
      fix: 'Bruk en type som støttes, f.eks. urn:altinn:systemuser.',
    },
    'MP-303': {
      meaning: 'authorization_details viser til noe som ikke finnes eller ikke er tillatt.',
      fix: 'Sjekk systembrukeren og rettighetene dens i Altinn.',
    },
  },
};
