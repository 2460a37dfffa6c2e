/** Who made a request (mirrors apiserver's authentication/user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const anonymousUser = 'system:anonymous';
export const allUnauthenticated = 'system:unauthenticated';
export const allAuthenticated = 'system:authenticated';
export const systemPrivilegedGroup = 'system:masters';
