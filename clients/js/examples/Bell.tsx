// A notification bell: the unread badge, the latest notifications (read only while the list is
// open: every listener is a billed read per change), one marked read by a tap, or all at once.
import { useNotifications, useSession, useUnreadCount } from "@storepulse/client/react";
import { useState } from "react";

export function Bell() {
  const uid = useSession()?.uid;
  const badge = useUnreadCount(uid);
  const [open, setOpen] = useState(false);
  const list = useNotifications(open ? uid : undefined, { limit: 10 });
  const error = badge.error ?? list.error;
  if (error) return <p role="alert">{error.message}</p>;
  const unread = badge.data?.unread ?? 0;
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        Notifications <span data-testid="unread">{unread}</span>
      </button>
      {open && (
        <ul>
          {list.data?.map((note) => (
            <li key={note.id} className={note.read ? "read" : "unread"} onClick={() => void list.markRead([note.id])}>
              <strong>{note.title}</strong> {note.body}
            </li>
          ))}
        </ul>
      )}
      <button type="button" disabled={unread === 0} onClick={() => void list.markAllRead()}>
        Mark all read
      </button>
    </div>
  );
}
