// Development only. The LiveKit emulator that run.sh starts (when no LiveKit is configured) speaks LiveKit's
// server API and webhooks but has no WebRTC, so a browser cannot connect its media. So that counts still move
// when people open a stream, a tab whose media connection failed tells the emulator it connected, with its own
// join token, exactly as tests simulate clients. The Api's leave disconnects it again (RemoveParticipant).
// In a production build __EMULATOR_BRIDGE__ is false and this is never called.

const connectedTokens = new Set<string>();

export const emulatorBridgeAvailable = __EMULATOR_BRIDGE__;

/** Connects this tab's participant in the emulator, once per join token. */
export async function connectThroughEmulator(token: string): Promise<boolean> {
  if (!emulatorBridgeAvailable || connectedTokens.has(token)) {
    return connectedTokens.has(token);
  }
  connectedTokens.add(token);
  try {
    const response = await fetch('/_emulator/connect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) {
      connectedTokens.delete(token);
    }
    return response.ok;
  } catch {
    connectedTokens.delete(token);
    return false;
  }
}
