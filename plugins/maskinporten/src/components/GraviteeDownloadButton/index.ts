export { GraviteeDownloadButton } from './GraviteeDownloadButton';
