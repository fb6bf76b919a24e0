import { ErrorMessage } from '@/components/error-message';
import { ApiError, errorMessage } from '@/lib/api-client';

/** What the analytics endpoints' refusals mean to the person who asked. */
function analyticsProblem(error: unknown): { title: string; detail: string } {
  const status = error instanceof ApiError ? error.status : 0;
  switch (status) {
    case 401:
      return { title: 'Sign in to see analytics', detail: 'Analytics are for the creator of a stream, signed in with their account.' };
    case 403:
      return { title: 'These analytics are not yours', detail: 'Only the creator of a livestream can see its analytics.' };
    case 404:
      return { title: 'No such livestream', detail: 'There is no livestream with this id, or it is private and not yours.' };
    case 409:
      return { title: 'This stream never went live', detail: 'Analytics start when a stream goes live; this one has no audience to show.' };
    default:
      return { title: 'Could not load the analytics', detail: errorMessage(error) };
  }
}

export function AnalyticsError({ error }: { error: unknown }) {
  const problem = analyticsProblem(error);
  return <ErrorMessage title={problem.title}>{problem.detail}</ErrorMessage>;
}
