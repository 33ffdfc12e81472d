export { GenerateKeyAction } from './GenerateKeyAction';
