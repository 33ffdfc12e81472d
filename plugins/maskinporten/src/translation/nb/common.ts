import type { Catalogue } from '../catalogue';
import type { common as en } from '../en/common';

export const common: Catalogue<typeof en> = {
  cancel: 'Avbryt',
  close: 'Lukk',
  copied: 'Kopiert',
  keyCount_one: '{{count}} nøkkel',
  keyCount_other: '{{count}} nøkler',
  automaticRotation: 'automatisk nøkkelrotasjon',
  time: {
    justNow: 'nå nettopp',
    dueNow: 'skal kjøre nå',
    expires: 'Utløper {{relative}}',
    expired: 'Utløpt {{relative}}',
    expiresAt: 'Utløper {{date}}',
    expiredAt: 'Utløpt {{date}}',
  },
  expiry: {
    ok: 'OK',
    warning: 'Utløper snart',
    critical: 'Kritisk',
    expired: 'Utløpt',
    unknown: 'Ingen nøkkel',
  },
  keyStates: {
    showLegend: 'Hva betyr nøkkeltilstandene?',
    hideLegend: 'Skjul hva nøkkeltilstandene betyr',
    pending: {
      label: 'venter',
      description:
        'Generert her, ikke bekreftet hos Digdir ennå. Last opp nøkkelsettet (eller la en rotasjon registrere det); første vellykkede tokentest gjør den aktiv.',
    },
    active: {
      label: 'aktiv',
      description: 'Registrert hos Digdir og bekreftet av en vellykket tokentest.',
    },
    signing: {
      label: 'signerer',
      description: 'Nøkkelen grantene signeres med nå: tokentester og Gravitee-definisjoner bruker den.',
    },
    retiring: {
      label: 'fases ut',
      description:
        'Erstattet av en nyere nøkkel og fortsatt registrert, så gatewayer i drift virker til rotasjonen fjerner den.',
    },
    revoked: {
      label: 'trukket tilbake',
      description: 'Trukket tilbake før den utløp. Maskinporten godtar den ikke lenger; utløpsdatoen betyr ikke noe lenger.',
    },
    expired: {
      label: 'utløpt',
      description: 'Registrert for mer enn ett år siden. Maskinporten avviser den (MP-121); roter til en ny nøkkel.',
    },
  },
};
