import { errorMessage } from '@/lib/api-client';
import { useStreamAction } from '../api/moderation';
import { useOwnHand } from '../hooks/use-stream-people';

export interface StageControlsProps {
  streamId: string;
  userId: string;
  /** The viewer is on stage now (brought up by the host). */
  onStage: boolean;
}

/** A viewer's side of the stage: raise or lower a hand; once on stage, say so and let them leave it. */
export function StageControls({ streamId, userId, onStage }: StageControlsProps) {
  const action = useStreamAction(streamId);
  const [raised, setRaised] = useOwnHand(userId);
  return (
    <div className="stage-controls" data-testid="stage-controls" data-on-stage={onStage ? 'true' : 'false'}>
      {onStage ? (
        <>
          <strong className="stage-live" role="status">
            You are on stage: you can turn on your camera and microphone.
          </strong>
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={action.isPending}
            onClick={() => action.mutate({ kind: 'step-down', userId })}
          >
            Leave stage
          </button>
        </>
      ) : raised ? (
        <>
          <span role="status">Your hand is raised: the host sees it.</span>
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={action.isPending}
            onClick={() => action.mutate({ kind: 'lower-hand' }, { onSuccess: () => setRaised(false) })}
          >
            Lower hand
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={action.isPending}
          onClick={() => action.mutate({ kind: 'raise-hand' }, { onSuccess: () => setRaised(true) })}
        >
          Raise hand
        </button>
      )}
      {action.isError ? (
        <span className="field-error" role="alert">
          {errorMessage(action.error)}
        </span>
      ) : null}
    </div>
  );
}
