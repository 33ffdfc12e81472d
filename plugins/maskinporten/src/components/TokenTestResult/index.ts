export { explainResult, TokenTestResultView, unuploadedKeyFor } from './TokenTestResultView';
