import { lazy, Suspense } from 'react';
import { ApiBlueprint, PageBlueprint, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { Progress } from '@backstage/core-components';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { scaffolderTemplateOutputsBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
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

/** The template this repository ships; apps with their own copy configure `templateRefs`. */
export const MASKINPORTEN_TEMPLATE_REF = 'template:default/maskinporten-integration';

/**
 * The result page of the Maskinporten template: the step left and the JWK array with a copy
 * button (the scaffolder's markdown output has none).
 *
 * @public
 */
export const maskinportenTemplateOutputs = scaffolderTemplateOutputsBlueprint.makeWithOverrides({
  name: 'integration',
  configSchema: {
    templateRefs: z.array(z.string()).default([MASKINPORTEN_TEMPLATE_REF]),
  },
  factory(originalFactory, { config }) {
    return originalFactory({ component: TemplateOutputs, templateRefs: config.templateRefs });
  },
});
