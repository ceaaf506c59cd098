/** The two IPC channels the preload and the main process share; everything else is refused. */
export const IPC_CALL = 'alpr:call';
export const IPC_EVENT = 'alpr:event';
