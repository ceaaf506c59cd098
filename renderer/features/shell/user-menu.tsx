import { createContext, useContext, type ReactNode } from 'react';

/** Extra buttons next to "Sign out" (lock, own password, administration), given by the session gate. */
export const UserMenuContext = createContext<ReactNode>(null);

export function useUserMenu(): ReactNode {
  return useContext(UserMenuContext);
}
