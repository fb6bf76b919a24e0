import '@livekit/components-styles';
import {
  ControlBar,
  GridLayout,
  LiveKitRoom,
  ParticipantTile,
  RoomAudioRenderer,
  useTracks,
} from '@livekit/components-react';
import { MediaDeviceFailure, Track } from 'livekit-client';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { JoinResult } from '@/types/api';
import { connectThroughEmulator, emulatorBridgeAvailable } from '../api/emulator-presence';

// Loaded lazily (React.lazy): LiveKit's client is most of the bundle, and only a stream page needs it.

export interface StreamMediaProps {
  join: JoinResult;
  isHost: boolean;
  /** The media connection was up and dropped (kicked, room deleted, network): the session is over. */
  onConnectionLost: () => void;
}

type MediaPhase = 'connecting' | 'connected' | 'unreachable';

/** The host publishes camera and microphone; viewers watch. Without a reachable media server, says so. */
export default function StreamMedia({ join, isHost, onConnectionLost }: StreamMediaProps) {
  const [phase, setPhase] = useState<MediaPhase>('connecting');
  const [problem, setProblem] = useState('');
  const [deviceProblem, setDeviceProblem] = useState('');
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  const connected = useRef(false);

  return (
    <div className="media" data-lk-theme="default">
      <LiveKitRoom
        key={attempt}
        serverUrl={join.url}
        token={join.token}
        connect={phase !== 'unreachable'}
        video={isHost}
        audio={isHost}
        className="media-room"
        onConnected={() => {
          connected.current = true;
          setPhase('connected');
        }}
        onDisconnected={() => {
          if (connected.current) {
            connected.current = false;
            onConnectionLost();
          }
        }}
        onError={(error) => {
          if (!connected.current) {
            setProblem(error.message);
            setPhase('unreachable');
          }
        }}
        onMediaDeviceFailure={(failure, kind) => setDeviceProblem(describeDeviceFailure(failure, kind))}
      >
        {phase === 'connected' ? <Stage isHost={isHost} /> : null}
        <RoomAudioRenderer />
      </LiveKitRoom>
      {phase === 'connecting' ? <p className="media-message">Connecting to the media server…</p> : null}
      {phase === 'unreachable' ? (
        <MediaUnreachable
          problem={problem}
          token={join.token}
          onRetry={() => {
            setPhase('connecting');
            retry();
          }}
        />
      ) : null}
      {deviceProblem && phase === 'connected' ? <p className="media-device-problem">{deviceProblem}</p> : null}
    </div>
  );
}

function Stage({ isHost }: { isHost: boolean }) {
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: false },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  return (
    <div className="media-stage">
      {tracks.length > 0 ? (
        <GridLayout tracks={tracks} className="media-grid">
          <ParticipantTile />
        </GridLayout>
      ) : (
        <p className="media-message">{isHost ? 'Turn on your camera to go on air.' : 'Waiting for the host’s camera…'}</p>
      )}
      {isHost ? <ControlBar variation="minimal" controls={{ microphone: true, camera: true, screenShare: true, chat: false, leave: false }} /> : null}
    </div>
  );
}

function MediaUnreachable({ problem, token, onRetry }: { problem: string; token: string; onRetry: () => void }) {
  const [bridged, setBridged] = useState(false);
  useEffect(() => {
    if (!emulatorBridgeAvailable) {
      return;
    }
    let active = true;
    void connectThroughEmulator(token).then((ok) => {
      if (active) {
        setBridged(ok);
      }
    });
    return () => {
      active = false;
    };
  }, [token]);

  return (
    <div className="media-message media-unreachable" role="status">
      <strong>Media server unreachable — live status and counts still work.</strong>
      {problem ? <span className="media-detail">{problem}</span> : null}
      {bridged ? (
        <span className="media-detail">
          Development: this tab is counted as connected through the LiveKit emulator, which has no video.
        </span>
      ) : null}
      <button type="button" className="button button-quiet" onClick={onRetry}>
        Try the media server again
      </button>
    </div>
  );
}

function describeDeviceFailure(failure: MediaDeviceFailure | undefined, kind: MediaDeviceKind | undefined): string {
  const device = kind === 'audioinput' ? 'Microphone' : kind === 'videoinput' ? 'Camera' : 'Camera or microphone';
  switch (failure) {
    case MediaDeviceFailure.PermissionDenied:
      return `${device} blocked: allow it in the browser to go on air.`;
    case MediaDeviceFailure.NotFound:
      return `${device} not found.`;
    case MediaDeviceFailure.DeviceInUse:
      return `${device} is in use by another application.`;
    default:
      return `${device} unavailable.`;
  }
}
