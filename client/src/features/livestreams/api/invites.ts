import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { CreateInviteInput, DataResponse, Invite, ListResponse, RedeemedInvite } from '@/types/api';
import { livestreamKeys } from './query-keys';

// A private stream's invite links: its creator makes, lists and revokes them; anyone with an identity redeems one.

const invitesPath = (streamId: string) => `/livestreams/${encodeURIComponent(streamId)}/invites`;

/** Newest first, with each one's state and uses. */
export async function getInvites(streamId: string, signal?: AbortSignal): Promise<Invite[]> {
  return (await apiRequest<ListResponse<Invite>>(invitesPath(streamId), { signal, auth: true })).data;
}

export async function createInvite(streamId: string, input: CreateInviteInput): Promise<Invite> {
  return (await apiRequest<DataResponse<Invite>>(invitesPath(streamId), { method: 'POST', body: input, auth: true })).data;
}

/** People the invite already let in keep watching. */
export async function revokeInvite(streamId: string, inviteId: string): Promise<Invite> {
  const path = `${invitesPath(streamId)}/${encodeURIComponent(inviteId)}`;
  return (await apiRequest<DataResponse<Invite>>(path, { method: 'DELETE', auth: true })).data;
}

/**
 * Lets the caller (an account, or a guest where the invite allows guests) watch the invite's stream. Refusals come as
 * ApiError: 404 not found, 410 revoked / expired / used up, 403 a guest holding an accounts-only invite.
 */
export async function redeemInvite(code: string): Promise<RedeemedInvite> {
  const path = `/invites/${encodeURIComponent(code)}/redeem`;
  return (await apiRequest<DataResponse<RedeemedInvite>>(path, { method: 'POST', auth: true })).data;
}

/** The address to share: this app's /invites/{code}. */
export function inviteLink(code: string, origin: string = window.location.origin): string {
  return `${origin}/invites/${encodeURIComponent(code)}`;
}

export const invitesQueryOptions = (streamId: string) =>
  queryOptions({
    queryKey: livestreamKeys.invites(streamId),
    queryFn: ({ signal }) => getInvites(streamId, signal),
  });

export const useInvites = (streamId: string) => useQuery(invitesQueryOptions(streamId));

export function useCreateInvite(streamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInviteInput) => createInvite(streamId, input),
    onSuccess: (invite) => {
      queryClient.setQueryData<Invite[]>(livestreamKeys.invites(streamId), (invites) => [invite, ...(invites ?? [])]);
    },
  });
}

export function useRevokeInvite(streamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (inviteId: string) => revokeInvite(streamId, inviteId),
    onSuccess: (revoked) => {
      queryClient.setQueryData<Invite[]>(livestreamKeys.invites(streamId), (invites) =>
        invites?.map((invite) => (invite.id === revoked.id ? revoked : invite)),
      );
    },
  });
}

/**
 * Redeems the invite as `userId` (null: nobody signed in yet, so nothing is sent). A query rather than a mutation: it
 * is sent once per identity however often the page renders (redeeming again is harmless in the Api, but needless), and
 * someone who signs in after a refusal tries again as themselves. On success the stream's page, which may have answered
 * 404 before, is fetched anew.
 */
export function useRedeemInvite(code: string, userId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: livestreamKeys.redeem(code, userId ?? ''),
    queryFn: async () => {
      const redeemed = await redeemInvite(code);
      await queryClient.invalidateQueries({ queryKey: livestreamKeys.detail(redeemed.livestreamId) });
      return redeemed;
    },
    enabled: userId !== null,
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
}
