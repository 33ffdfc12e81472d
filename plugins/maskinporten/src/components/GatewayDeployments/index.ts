export { GatewayDeploymentsSection } from './GatewayDeploymentsSection';
export { GatewayStatusChip } from './GatewayStatusChip';
export { useDeploymentName } from './GatewayDeploymentRow';
