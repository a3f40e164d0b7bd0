// The seed's ProviderHealth, kept by the provider between checks.
import type { ProviderErrorKind } from './error-kind.js';

export interface ProviderHealth {
  status: 'healthy' | 'unhealthy';
  /** Wall time of the check's generate call. */
  latencyMs: number;
  lastCheck: Date;
  /** Consecutive failed checks (0 after a healthy one). */
  errorCount: number;
  /** Models this provider serves (`getModels().length`). */
  modelCount: number;
  /** The model the check called. */
  model: string;
  /** Why the last check failed: the typed error's name, code, kind and message (no secrets). */
  lastError?: { name: string; code: string; kind: ProviderErrorKind; message: string };
}
