'use strict';

/**
 * What the scale benchmark adds to, or changes in, the backend child (scale/backend.js), and why:
 *
 * - the default scheduler with one gate: the Maskinporten index's sync tasks (every 60 s, and
 *   every 5 s for 3 minutes after a start) run only while `state.follow` is on, so that
 *   background syncs do not run inside the sync measurements (or sync the 1 % change first);
 * - a catalog entity provider that the parent drives over IPC (full mutation to ingest, delta
 *   mutations for the "1 % changed" step);
 * - an allow-all permission policy (the example portal's policy also allows every read);
 * - a `maskinporten` module that hands out the plugin's own database client, catalog client and
 *   auth, so the parent can seed, count and run the baseline catalog walk in this process.
 *
 * `state` is shared with the IPC commands (scale/backendCommands.js): `follow`, `syncRuns`,
 * `startedAt`, and the `connection` and `mp` handed out here once the backend has started.
 */

/** The plugin's index sync tasks: the periodic one, and the follow after a start. */
const PERIODIC_TASK = 'maskinporten-integration-index';
const FOLLOW_TASK = 'maskinporten-integration-index-startup';
const GATED_TASKS = [PERIODIC_TASK, FOLLOW_TASK];

/** The plugin follows the catalog for 3 minutes from its own start, a moment after ours. */
function followWindowEnd(state) {
  return state.startedAt + 3 * 60_000;
}

function benchModules(fromBackend, state) {
  const { DefaultSchedulerService } = fromBackend('@backstage/backend-defaults/scheduler');
  const { coreServices, createBackendModule, createServiceFactory } = fromBackend('@backstage/backend-plugin-api');
  const { metricsServiceRef } = fromBackend('@backstage/backend-plugin-api/alpha');
  const { catalogProcessingExtensionPoint, catalogServiceRef } = fromBackend('@backstage/plugin-catalog-node');
  const { policyExtensionPoint } = fromBackend('@backstage/plugin-permission-node/alpha');
  const { AuthorizeResult } = fromBackend('@backstage/plugin-permission-common');

  // The default scheduler; for the maskinporten plugin, the index sync tasks (the periodic one
  // and the start-up follow) run only while `state.follow` is on: during ingestion, as in any
  // start, and not during the measurements, where every sync is one the parent triggers.
  const gatedScheduler = createServiceFactory({
    service: coreServices.scheduler,
    deps: {
      database: coreServices.database,
      logger: coreServices.logger,
      rootLifecycle: coreServices.rootLifecycle,
      httpRouter: coreServices.httpRouter,
      pluginMetadata: coreServices.pluginMetadata,
      metrics: metricsServiceRef,
    },
    async factory(deps) {
      const inner = DefaultSchedulerService.create(deps);
      if (deps.pluginMetadata.getId() !== 'maskinporten') return inner;
      return Object.assign(Object.create(inner), {
        scheduleTask: task =>
          inner.scheduleTask(
            GATED_TASKS.includes(task.id)
              ? {
                  ...task,
                  fn: async (...args) => {
                    if (!state.follow) return;
                    // The follow task keeps firing after its window and then does nothing.
                    if (task.id !== FOLLOW_TASK || Date.now() < followWindowEnd(state)) {
                      state.syncRuns[task.id] = (state.syncRuns[task.id] ?? 0) + 1;
                    }
                    await task.fn(...args);
                  },
                }
              : task,
          ),
      });
    },
  });

  const provider = {
    getProviderName: () => 'scale-bench',
    connect: async connection => {
      state.connection = connection;
    },
  };
  const catalogProvider = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'scale-bench-provider',
    register(reg) {
      reg.registerInit({
        deps: { processing: catalogProcessingExtensionPoint },
        async init({ processing }) {
          processing.addEntityProvider(provider);
        },
      });
    },
  });

  const allowAllPolicy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'scale-bench-allow-all',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({ handle: async () => ({ result: AuthorizeResult.ALLOW }) });
        },
      });
    },
  });

  const probe = createBackendModule({
    pluginId: 'maskinporten',
    moduleId: 'scale-bench-probe',
    register(reg) {
      reg.registerInit({
        deps: { database: coreServices.database, catalog: catalogServiceRef, auth: coreServices.auth },
        async init(deps) {
          state.mp = deps;
        },
      });
    },
  });

  return { gatedScheduler, catalogProvider, allowAllPolicy, probe };
}

module.exports = { benchModules, followWindowEnd, PERIODIC_TASK, FOLLOW_TASK };
