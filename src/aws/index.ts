export { cachedCredentials, staticCredentials, type AwsCredentials, type CredentialProvider } from './credentials.js';
export { resolveAuth, type Auth, type AuthOptions } from './auth.js';
export { type AssumeRoleOptions } from './assume-role.js';
export { createSigner, type Signer, type SignableRequest } from './signer.js';
export { resolveRegion, resolveEndpoint, operationPath, assertSafeTransport, isLoopback, type Operation } from './endpoint.js';
export { parseServiceError } from './error-shape.js';
export type { EventSigner } from './event-signer.js';
