export * from './types';
export * from './gateways';
export * from './expiry';
export * from './requests';
export * from './rotationText';
export * from './signals';
export * from './gravitee';
