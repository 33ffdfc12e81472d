export * from './types';
export * from './expiry';
