/**
 * The words of expiry notices, in English and Norwegian bokmål. The backend cannot know each
 * recipient's language in the portal (that choice lives in their browser), so the deployer
 * picks one for all notices: `maskinporten.notifications.language` (docs/adr/0008).
 * `{{name}}` is filled in by fillNotice; a key ending `_one` / `_other` is chosen by count.
 */
export type NoticeLanguage = 'en' | 'nb';

export const NOTICE_LANGUAGES: NoticeLanguage[] = ['en', 'nb'];

const en = {
  unknownDate: 'an unknown date',
  where: 'Key {{kid}} of {{entityRef}} in environment {{environment}}',
  whereClient: 'Key {{kid}} of {{entityRef}} in environment {{environment}}, client {{clientId}}',
  gateway: '{{target}} API {{apiId}}',
  gatewayNamed: '{{target}} API {{name}} ({{apiId}})',
  gatewaysJoin: ' and ',
  signs_one: ' {{gateways}} signs with it{{hint}}.',
  signs_other: ' {{gateways}} sign with it{{hint}}.',
  renewalHint_one: '; renewal re-posts the same key and needs no redeploy, a rotation redeploys it with the new key',
  renewalHint_other: '; renewal re-posts the same key and needs no redeploy, a rotation redeploys them with the new key',
  expiringTitle: 'Maskinporten key expires {{when}}: {{name}}',
  expiringSentence: '{{where}} expires on {{date}} (UTC).{{signs}}',
  expiredTitle: 'Maskinporten key expired: {{name}}',
  expiredSentence: '{{where}} expired on {{date}} (UTC); Maskinporten rejects grants signed with it.{{signs}}',
  supersededTitle: 'Maskinporten key replaced: {{name}}',
  supersededSentence: '{{where}} expires on {{date}} (UTC), but it has been replaced. No action needed.',
  supersededBySentence: '{{where}} expires on {{date}} (UTC), but it has been replaced by {{successor}}. No action needed.',
  okTitle: 'Maskinporten key no longer expiring soon: {{name}}',
  okSentence: '{{where}} now expires on {{date}} (UTC). No action needed.',
  act: 'Rotate the key (or generate a new one and register it with Digdir) from the Maskinporten card.',
  allClearTitle: 'Maskinporten keys no longer need attention',
  digestTitle: 'Maskinporten: {{count}} keys need attention ({{parts}})',
  digestExpired: '{{count}} expired',
  digestExpiring: '{{count}} expiring soon',
  whenUnknown: 'soon',
  whenWithinDay: 'within a day',
  whenInDays_one: 'in {{count}} day',
  whenInDays_other: 'in {{count}} days',
};

export type NoticeTexts = Record<keyof typeof en, string>;

const nb: NoticeTexts = {
  unknownDate: 'en ukjent dato',
  where: 'Nøkkel {{kid}} for {{entityRef}} i miljøet {{environment}}',
  whereClient: 'Nøkkel {{kid}} for {{entityRef}} i miljøet {{environment}}, klient {{clientId}}',
  gateway: '{{target}} API {{apiId}}',
  gatewayNamed: '{{target}} API {{name}} ({{apiId}})',
  gatewaysJoin: ' og ',
  signs_one: ' {{gateways}} signerer med den{{hint}}.',
  signs_other: ' {{gateways}} signerer med den{{hint}}.',
  renewalHint_one:
    '; fornyelse poster den samme nøkkelen på nytt og trenger ingen ny utrulling, en rotasjon ruller den ut på nytt med den nye nøkkelen',
  renewalHint_other:
    '; fornyelse poster den samme nøkkelen på nytt og trenger ingen ny utrulling, en rotasjon ruller dem ut på nytt med den nye nøkkelen',
  expiringTitle: 'Maskinporten-nøkkel utløper {{when}}: {{name}}',
  expiringSentence: '{{where}} utløper {{date}} (UTC).{{signs}}',
  expiredTitle: 'Maskinporten-nøkkel utløpt: {{name}}',
  expiredSentence: '{{where}} utløp {{date}} (UTC); Maskinporten avviser granter signert med den.{{signs}}',
  supersededTitle: 'Maskinporten-nøkkel erstattet: {{name}}',
  supersededSentence: '{{where}} utløper {{date}} (UTC), men den er erstattet. Du trenger ikke gjøre noe.',
  supersededBySentence:
    '{{where}} utløper {{date}} (UTC), men den er erstattet av {{successor}}. Du trenger ikke gjøre noe.',
  okTitle: 'Maskinporten-nøkkel utløper ikke lenger snart: {{name}}',
  okSentence: '{{where}} utløper nå {{date}} (UTC). Du trenger ikke gjøre noe.',
  act: 'Roter nøkkelen (eller generer en ny og registrer den hos Digdir) fra Maskinporten-kortet.',
  allClearTitle: 'Maskinporten-nøkler trenger ikke lenger oppmerksomhet',
  digestTitle: 'Maskinporten: {{count}} nøkler trenger oppmerksomhet ({{parts}})',
  digestExpired: '{{count}} utløpt',
  digestExpiring: '{{count}} utløper snart',
  whenUnknown: 'snart',
  whenWithinDay: 'innen et døgn',
  whenInDays_one: 'om {{count}} dag',
  whenInDays_other: 'om {{count}} dager',
};

export const NOTICE_TEXTS: Record<NoticeLanguage, NoticeTexts> = { en, nb };

type PluralStem<K> = K extends `${infer S}_one` ? S : never;

/** The words of one language, as `text('expiredTitle', { name })`. */
export function noticeTextsFor(language: NoticeLanguage = 'en') {
  const texts = NOTICE_TEXTS[language];
  const fill = (message: string, values: Record<string, string | number>) =>
    message.replace(/\{\{(\w+)\}\}/g, (_, key) => String(values[key] ?? ''));
  return {
    text: (key: keyof NoticeTexts, values: Record<string, string | number> = {}) => fill(texts[key], values),
    /** `_one` for exactly one (both languages), else `_other`. */
    count: (stem: PluralStem<keyof NoticeTexts>, count: number, values: Record<string, string | number> = {}) =>
      fill(texts[`${stem}_${count === 1 ? 'one' : 'other'}` as keyof NoticeTexts], { count, ...values }),
  };
}

export type NoticeWords = ReturnType<typeof noticeTextsFor>;
