/** The template's scope picker and its result page. */
export const scaffolder = {
  scopes: {
    title: 'Scopes',
    help: 'The API scopes the client asks for. The list shows the scopes your organisation may use in {{environment}}.',
    helpFreeText:
      "Digdir's scope list is not available for {{environment}}: write each scope as prefix:name (e.g. dfo:ansatte) and press Enter.",
    chooseEnvironment: 'Choose an environment first.',
    loading: 'Loading the scopes of {{environment}} …',
    loadFailed: 'Could not load the scopes of {{environment}} ({{error}}); write them as prefix:name instead.',
    label: 'Scopes',
    placeholder: 'Search scopes',
    showAll: 'Also show scopes that need access',
    noOptions: 'No scope matches',
    granted: 'access granted',
    open: 'open to all',
    request: 'access must be requested from organisation {{orgno}}',
    requestUnknownOwner: 'access must be requested from the API owner',
    notAvailable: '{{scope}}: the organisation has no access in {{environment}}; ask its owner first.',
    pattern: '{{scope}} is not prefix:name, e.g. dfo:ansatte or skatteetaten:folkeregister.',
  },
  result: {
    title: 'Your next step',
    registered:
      'Digdir has the key: client {{clientId}} in {{environment}} was registered with key {{kid}}. Open the integration and run "Test token"; the first successful test marks the key active. There is nothing to paste.',
    paste:
      'Paste this JWK array into the keys ("Egne public nøkler") of client {{clientId}} in Samarbeidsportalen ({{environment}}), then open the integration and run "Test token".',
    create:
      'Create the client in Samarbeidsportalen ({{environment}}) with this JWK array as its keys ("Egne public nøkler"). Then add its client id to the integration\'s catalog-info.yaml as {{annotation}} and run "Test token" on its card.',
    publicOnly:
      'Public keys only; the private key stays encrypted in Backstage. The integration\'s card shows this array again under "Show JWK array".',
  },
} as const;
