export { GraviteeDeployAction } from './GraviteeDeployAction';
