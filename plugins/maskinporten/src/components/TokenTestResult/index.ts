export { TokenTestResultView, unuploadedKeyFor } from './TokenTestResultView';
