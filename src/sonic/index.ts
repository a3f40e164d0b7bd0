export { startSonicSession, DEFAULT_SONIC_MODEL } from './session.js';
export type { SonicOutput, SonicSession, SonicSessionOptions, SonicStage, SonicTool, SonicToolUse } from './session.js';
export { encodeWav, parseWav, type Wav } from './wav.js';
