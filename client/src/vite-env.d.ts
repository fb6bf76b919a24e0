/// <reference types="vite/client" />

/** True only in the dev server when run.sh started the LiveKit emulator (see vite.config.ts). */
declare const __EMULATOR_BRIDGE__: boolean;
