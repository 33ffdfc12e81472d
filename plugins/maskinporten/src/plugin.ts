import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { MaskinportenClient, maskinportenApiRef } from './api';
import { SCOPE_PICKER_FIELD, ScopePicker, validateScopes } from './components/ScopePicker';
import type { EntityMaskinportenCardProps } from './components/EntityMaskinportenCard';
import type { MaskinportenPageProps } from './components/MaskinportenPage';
import { rootRouteRef } from './routes';

/**
 * The Maskinporten plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const maskinportenPlugin = createPlugin({
  id: 'maskinporten',
  apis: [
    createApiFactory({
      api: maskinportenApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MaskinportenClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** @public */
export const EntityMaskinportenCard: (props: EntityMaskinportenCardProps) => JSX.Element = maskinportenPlugin.provide(
  createComponentExtension({
    name: 'EntityMaskinportenCard',
    component: {
      lazy: () => import('./components/EntityMaskinportenCard').then(m => m.EntityMaskinportenCard),
    },
  }),
);

/** @public */
export const MaskinportenPage: (props: MaskinportenPageProps) => JSX.Element = maskinportenPlugin.provide(
  createRoutableExtension({
    name: 'MaskinportenPage',
    component: () => import('./components/MaskinportenPage').then(m => m.MaskinportenPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The template's scope picker for legacy apps: put it inside `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const MaskinportenScopePickerFieldExtension = maskinportenPlugin.provide(
  createScaffolderFieldExtension({
    name: SCOPE_PICKER_FIELD,
    component: ScopePicker,
    validation: validateScopes,
  }),
);
