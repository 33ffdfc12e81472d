export { TokenTestAction } from './TokenTestAction';
