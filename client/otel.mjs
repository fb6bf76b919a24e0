// Telemetry of the Vite dev server, when the AppHost runs it (it sets OTEL_EXPORTER_OTLP_ENDPOINT and the rest of the
// OTEL_* variables, which the SDK reads): a span for each request it serves, and for each it forwards to the Api with
// the trace context, so the dashboard shows a browser's /api call and the Api's work in one trace. Loaded with
// `node --import` by `npm run dev`; does nothing without the variables (and never in a production build).
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        // Vite's module requests and its hot-reload socket would drown the requests that matter.
        ignoreIncomingRequestHook: (request) => !request.url?.startsWith('/api/'),
      }),
    ],
  });
  sdk.start();
  process.once('SIGTERM', () => {
    sdk.shutdown().finally(() => process.exit(0));
  });
}
