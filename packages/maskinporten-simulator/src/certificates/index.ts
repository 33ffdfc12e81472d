export { CertificateTrust, isStandardBase64 } from './CertificateTrust';
export type { ChainCheck, ChainProblem } from './CertificateTrust';
export { organisationNumberOf, orgNumberAfterDash } from './orgNumber';
