import { lazy, Suspense } from 'react';
import { ApiBlueprint, PageBlueprint, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { Progress } from '@backstage/core-components';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint, scaffolderTemplateOutputsBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import type { ScaffolderTaskOutput } from '@backstage/plugin-scaffolder-common';
import { z } from 'zod/v4';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { MaskinportenClient, maskinportenApiRef } from '../api';
import { maskinportenRootRouteRef } from '../routes';
import { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';

/** @public */
export const maskinportenApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: maskinportenApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MaskinportenClient({ discoveryApi, fetchApi }),
    }),
});

/** @public */
export const maskinportenPage = PageBlueprint.make({
  params: {
    path: '/maskinporten',
    title: 'Maskinporten',
    icon: <VpnKeyIcon fontSize="inherit" />,
    routeRef: maskinportenRootRouteRef,
    loader: () => import('../components/MaskinportenPage').then(m => <m.MaskinportenPageBody />),
  },
});

/** @public */
export const maskinportenEntityCard = EntityCardBlueprint.make({
  name: 'integrations',
  params: {
    // A function filter: "has any maskinporten.no/ annotation" cannot be written as a filter expression.
    filter: isMaskinportenCardApplicable,
    loader: () =>
      import('../components/EntityMaskinportenCard').then(m => <m.EntityMaskinportenCard />),
  },
});

const LazyTemplateOutputs = lazy(() =>
  import('../components/TemplateOutputs').then(m => ({ default: m.MaskinportenTemplateOutputs })),
);

function TemplateOutputs(props: { output?: ScaffolderTaskOutput }) {
  return (
    <Suspense fallback={<Progress />}>
      <LazyTemplateOutputs {...props} />
    </Suspense>
  );
}

/**
 * The template's scope picker (`ui:field: MaskinportenScopePicker`): the scopes the
 * organisation may use in the chosen environment, from Digdir's scope-access API.
 *
 * @public
 */
export const maskinportenScopePickerFormField = FormFieldBlueprint.make({
  name: 'scope-picker',
  params: {
    field: () => import('../components/ScopePicker').then(m => m.scopePickerFormField),
  },
});

/** The template this repository ships; apps with their own copy configure `templateRefs`. @public */
export const MASKINPORTEN_TEMPLATE_REF = 'template:default/maskinporten-integration';
/** Its bokmål copy (the scaffolder does not translate a template's own texts). */
export const MASKINPORTEN_TEMPLATE_REF_NB = 'template:default/maskinporten-integration-nb';

/**
 * The result page of the Maskinporten template: the step left and the JWK array with a copy
 * button (the scaffolder's markdown output has none).
 *
 * @public
 */
export const maskinportenTemplateOutputs = scaffolderTemplateOutputsBlueprint.makeWithOverrides({
  name: 'integration',
  configSchema: {
    templateRefs: z.array(z.string()).default([MASKINPORTEN_TEMPLATE_REF, MASKINPORTEN_TEMPLATE_REF_NB]),
  },
  factory(originalFactory, { config }) {
    return originalFactory({ component: TemplateOutputs, templateRefs: config.templateRefs });
  },
});
