// The bell in the header, for every signed-in role: the badge from the counts document (exact,
// never recounted here), and the list, listened to only while open (each listener is a billed read
// per change, docs/web.md). A notification opens the page it is about (its `target`) and is marked
// read; a question (join a program, approve a deduction) is answered in place.
import type { Category, NotificationDocument, Session, WithId } from "@storepulse/client";
import { useNotifications, useStorepulse, useUnreadCount } from "@storepulse/client/react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { targetPath } from "../sections";
import { explain, readProblem } from "../problems";
import { LiveBadge } from "./LiveBadge";

const CATEGORIES: readonly Category[] = [
  "order", "delivery", "payment", "loyalty", "enrollment", "points", "redemption", "account",
];

/** The category chosen in the select ("" or unknown: every category). */
const categoryOf = (value: string): Category | undefined => CATEGORIES.find((name) => name === value);

type Answer = NonNullable<NotificationDocument["action"]>;

export function Bell({ session }: { session: Session }) {
  const uid = session.uid;
  const sp = useStorepulse();
  const counts = useUnreadCount(uid);
  const [category, setCategory] = useState<Category>();
  const [open, setOpen] = useState(false);
  const bell = useNotifications(open ? uid : undefined, { category, limit: 20 });
  const [problem, setProblem] = useState<string>();
  const markAllRead = () => {
    bell.markAllRead().catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const markRead = (id: string) => {
    bell.markRead([id]).catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const navigate = useNavigate();
  const openNote = (note: WithId<NotificationDocument>) => {
    if (!note.read) markRead(note.id);
    setOpen(false);
    void navigate(targetPath(session, note.target));
  };
  const answer = (action: Answer, yes: boolean) => {
    const done =
      action.kind === "enrollment_request"
        ? sp.respondToEnrollment({ enrollmentId: action.id, accept: yes })
        : sp.respondToPointsRequest({ requestId: action.id, approve: yes });
    done.catch((error: unknown) => {
      setProblem(explain(error));
    });
  };
  const readError = bell.error ?? counts.error;
  const shownProblem = readError ? readProblem(readError) : problem;
  return (
    <section aria-label="Notifications">
      <h2>
        Notifications <span className="count" data-testid="badge-unread">{counts.data?.unread ?? 0}</span>{" "}
        <LiveBadge live={open ? bell.live : counts.live} />
      </h2>
      <button type="button" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        {open ? "Hide notifications" : "Show notifications"}
      </button>{" "}
      <label>
        Category{" "}
        <select value={category ?? ""} onChange={(event) => { setCategory(categoryOf(event.target.value)); }}>
          <option value="">all</option>
          {CATEGORIES.map((name) => (
            <option key={name} value={name}>
              {name} ({counts.data?.unreadByCategory[name] ?? 0})
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" onClick={markAllRead}>
        Mark all read
      </button>
      {shownProblem && <p role="alert">{shownProblem}</p>}
      {open && <ul data-testid="bell">
        {(bell.data ?? []).map((note) => {
          const action = note.action;
          return (
            <li key={note.id} className={note.read ? "read" : "unread"}>
              <button type="button" className="open" onClick={() => { openNote(note); }}>
                <strong>{note.title}</strong> {note.body}
              </button>{" "}
              <small>{note.createdAt.toLocaleTimeString()}</small>
              {!note.read && (
                <button type="button" onClick={() => { markRead(note.id); }}>Mark read</button>
              )}
              {action?.state === "open" && (
                <span>
                  <button type="button" onClick={() => { answer(action, true); }}>Accept</button>
                  <button type="button" onClick={() => { answer(action, false); }}>Decline</button>
                </span>
              )}
            </li>
          );
        })}
      </ul>}
    </section>
  );
}

