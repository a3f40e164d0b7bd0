export { startEmulator } from './server.js';
export { families } from './model.js';
export type {
  Emulator,
  EmulatorCredentials,
  EmulatorFamily,
  EmulatorOptions,
  EmulatorRequest,
  Fault,
  InjectOptions,
  Operation,
} from './types.js';
