export * from './types';
export * from './expiry';
export * from './requests';
export * from './rotationText';
export * from './signals';
