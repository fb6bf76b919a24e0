import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Where /api goes: the Api's address as the AppHost injects it (WithReference(api)), else FAVORITED_API_URL, else the
// Api's default local address.
const apiUrl =
  process.env.services__api__http__0 ??
  process.env.services__api__https__0 ??
  process.env.FAVORITED_API_URL ??
  'http://127.0.0.1:5080';

// The AppHost sets this when it runs the LiveKit emulator: the dev server then forwards /_emulator to it, so a tab
// whose media connection fails can still be counted as connected (see features/livestreams/api/emulator-presence.ts).
const emulatorUrl = process.env.FAVORITED_EMULATOR_URL;

export default defineConfig(({ command }) => ({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __EMULATOR_BRIDGE__: JSON.stringify(command === 'serve' && Boolean(emulatorUrl)),
  },
  server: {
    // Loopback only; the AppHost passes --port (and PORT).
    host: process.env.FAVORITED_CLIENT_HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    proxy: {
      // http-proxy streams responses as they come, so Server-Sent Events pass through unbuffered.
      '/api': { target: apiUrl, changeOrigin: true, xfwd: true },
      ...(emulatorUrl ? { '/_emulator': { target: emulatorUrl, changeOrigin: true } } : {}),
    },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiUrl, changeOrigin: true, xfwd: true } },
  },
  build: {
    // LiveKit's client is large; it sits in its own chunk, loaded only on a stream page.
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
  },
}));
