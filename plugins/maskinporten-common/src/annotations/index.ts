export * from './annotations';
export * from './parseIntegration';
