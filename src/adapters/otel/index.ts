// bedrock-wire/otel: OpenTelemetry spans and metrics (GenAI semantic conventions) for a
// BedrockProvider. @opentelemetry/api is a peer dependency, imported only by this entry; nothing is
// emitted until instrumentBedrock() is called. Re-exports only.
export { instrumentBedrock, type BedrockTelemetryOptions } from './instrument.js';
export * as GenAiAttributes from './attributes.js';
export { traceBedrockRequests, REQUEST_CHANNELS, type RequestTracingOptions } from './channels.js';
