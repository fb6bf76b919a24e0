/** The Api's limits for display names (Identity/AccountRequests.cs, DisplayNames): 1–100 characters, at most 256 UTF-8 bytes. */
export const displayNameMaxLength = 100;
const displayNameMaxBytes = 256;

/** The problem with a display name, or null when the Api will take it. It is trimmed, as the Api trims it. */
export function validateDisplayName(displayName: string): string | null {
  const trimmed = displayName.trim();
  if (!trimmed) {
    return 'Pick a display name';
  }
  if (trimmed.length > displayNameMaxLength || new TextEncoder().encode(trimmed).length > displayNameMaxBytes) {
    return `At most ${displayNameMaxLength} characters`;
  }
  return null;
}
