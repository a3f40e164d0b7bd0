// OpenTelemetry GenAI semantic conventions (semconv 1.41+, status Development): the names this
// entry emits, written out so that @opentelemetry/semantic-conventions is not a dependency (the
// tests hold these strings against that package's own constants).
//
// What goes into an attribute: model ids, numbers, finish reasons, response ids, the endpoint's
// host and port, an error's type. Never prompt or answer text, never a header, never a credential.

export const OPERATION_NAME = 'gen_ai.operation.name';
export const PROVIDER_NAME = 'gen_ai.provider.name';
/** Deprecated by `gen_ai.provider.name`; emitted only with `legacySystemAttribute`. */
export const SYSTEM = 'gen_ai.system';
export const REQUEST_MODEL = 'gen_ai.request.model';
export const REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const REQUEST_TOP_P = 'gen_ai.request.top_p';
export const REQUEST_TOP_K = 'gen_ai.request.top_k';
export const REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const REQUEST_STREAM = 'gen_ai.request.stream';
export const RESPONSE_ID = 'gen_ai.response.id';
export const RESPONSE_MODEL = 'gen_ai.response.model';
export const RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const USAGE_CACHE_READ = 'gen_ai.usage.cache_read.input_tokens';
export const USAGE_CACHE_CREATION = 'gen_ai.usage.cache_creation.input_tokens';
export const TOKEN_TYPE = 'gen_ai.token.type';
export const SERVER_ADDRESS = 'server.address';
export const SERVER_PORT = 'server.port';
export const ERROR_TYPE = 'error.type';

export const CHAT = 'chat';
export const AWS_BEDROCK = 'aws.bedrock';

export const METRIC_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';

/** The buckets the conventions advise for the duration and time-to-first-chunk histograms (seconds). */
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** The buckets the conventions advise for token usage. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
