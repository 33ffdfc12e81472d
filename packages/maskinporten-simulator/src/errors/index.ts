export {
  SimulatorHttpError,
  mpError,
  inputError,
  notFoundError,
  sendError,
} from './errors';
