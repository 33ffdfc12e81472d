export * from './maskinportenErrors';
