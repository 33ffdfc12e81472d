export { TokenTestResultView } from './TokenTestResultView';
