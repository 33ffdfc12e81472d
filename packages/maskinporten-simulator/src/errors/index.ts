export {
  SimulatorHttpError,
  mpError,
  inputError,
  notFoundError,
  conflictError,
  sendError,
  toHttpError,
} from './errors';
export { digdirErrorBody, sendSelfServiceError } from './digdirErrorBody';
export type { DigdirErrorBody, DigdirFieldError, DigdirObjectName } from './digdirErrorBody';
