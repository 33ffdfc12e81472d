export { createSelfServiceRouter } from './router';
export type { SelfServiceRouterOptions } from './router';
export {
  DCR_READ_SCOPE,
  DCR_WRITE_SCOPE,
  DCR_MODIFY_SCOPE,
  SCOPES_WRITE_SCOPE,
  readBearerToken,
} from './auth';
