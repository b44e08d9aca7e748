import WebSocket from 'ws';
import { NotificationMessage } from '../model/notification.js';
import { debug } from './log.js';

/**
 * One notification channel's WebSocket: parsed messages in, a watchdog that treats a silent socket
 * (no heartbeat for `silenceMs`) as dead, and one `closed` callback however it ends. The token is
 * never needed: the channel id in connectUri is the credential, and only its host is logged.
 */
export interface SocketHandlers {
  onMessage(m: NotificationMessage): void;
  onClosed(reason: string): void;
}

export interface OpenSocket {
  /** Ends the socket; `reason` is what `onClosed` reports (default: the watcher closed it). */
  close(reason?: string): void;
}

export async function openNotificationSocket(connectUri: string, handlers: SocketHandlers, silenceMs: number): Promise<OpenSocket> {
  const ws = new WebSocket(connectUri);
  let closed = false;
  let watchdog: NodeJS.Timeout | undefined;
  const finish = (reason: string) => {
    if (closed) return;
    closed = true;
    if (watchdog) clearTimeout(watchdog);
    ws.removeAllListeners('message');
    ws.terminate();
    handlers.onClosed(reason);
  };
  const arm = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => finish(`no heartbeat for ${silenceMs / 1000} s`), silenceMs);
    watchdog.unref();
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) => reject(new Error(`notification socket to ${new URL(connectUri).host}: ${e.message}`)));
  });
  debug(`notification socket open (${new URL(connectUri).host})`);
  arm();
  ws.on('message', (data) => {
    arm();
    let parsed: NotificationMessage;
    try {
      parsed = NotificationMessage.parse(JSON.parse(String(data)));
    } catch {
      return;
    }
    handlers.onMessage(parsed);
  });
  ws.on('close', (code) => finish(`socket closed (${code})`));
  ws.on('error', (e) => finish(`socket error: ${e.message}`));
  return { close: (reason = 'closed by the watcher') => finish(reason) };
}
