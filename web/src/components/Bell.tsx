// The bell in the header, for every signed-in role: its accessible name says the unread count
// ("Notifications, 3 unread", from the counts document: exact, never recounted here); it opens a
// popover with the list, listened to only while open (each listener is a billed read per change,
// docs/web.md), a category filter, mark read and mark all read. A notification opens the page it
// is about (its `target`) and is marked read; a question (join a program, approve a deduction) is
// answered in place. A new notification while the app is open shows a toast with its title (role "status").
import { ActionIcon, Alert, Badge, Button, Group, Indicator, NativeSelect, Popover, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Category, NotificationDocument, Session, WithId } from "@storepulse/client";
import { useNotifications, useStorepulse, useUnreadCount } from "@storepulse/client/react";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { explain, readProblem } from "../problems";
import { targetPath } from "../sections";
import { ActionButton } from "./ActionButton";
import { BellIcon } from "./icons";
import { LiveBadge } from "./LiveBadge";
import { When } from "./When";

const CATEGORIES: readonly (readonly [Category, string])[] = [
  ["order", "Orders"],
  ["delivery", "Deliveries"],
  ["payment", "Payments"],
  ["loyalty", "Loyalty"],
  ["enrollment", "Invitations"],
  ["points", "Points"],
  ["redemption", "Redemptions"],
  ["account", "Account"],
];

/** The category chosen in the select ("" or unknown: every category). */
const categoryOf = (value: string): Category | undefined => CATEGORIES.find(([name]) => name === value)?.[0];

type Answer = NonNullable<NotificationDocument["action"]>;

/** A toast with the title and text of a notification that arrives while the app is open (not for
 * what was there on arrival). It follows the newest notification alone: one read per arrival. A
 * renewed alert comes back to the top with a new time, so it is announced again. */
function useArrivalToast(uid: string) {
  const newest = useNotifications(uid, { limit: 1 });
  const note = newest.data?.[0];
  const seen = useRef<string | undefined>(undefined);
  const arrival = note === undefined ? "" : `${note.id}@${String(note.createdAt.getTime())}`;
  const loaded = newest.data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const before = seen.current;
    seen.current = arrival;
    if (before === undefined || arrival === before || note === undefined || note.read) return;
    notifications.show({ title: note.title, message: note.body, role: "status", autoClose: 6000 });
  }, [loaded, arrival, note]);
}

function Note(props: {
  note: WithId<NotificationDocument>;
  onOpen: () => void;
  onRead: () => Promise<unknown>;
  onAnswer: (yes: boolean) => Promise<unknown>;
  onProblem: (problem: string) => void;
}) {
  const { note } = props;
  const action = note.action;
  return (
    <Stack component="li" gap={4} p="xs" bg={note.read ? "transparent" : "indigo.0"} style={{ borderRadius: 8 }} className={note.read ? "read" : "unread"}>
      <UnstyledButton className="open" onClick={props.onOpen}>
        <Text component="span" display="block" size="sm" fw={note.read ? 400 : 700}>
          {note.title}
        </Text>{" "}
        <Text size="sm" c="dimmed" component="span" display="block">
          {note.body}
        </Text>
      </UnstyledButton>
      <Group gap="xs" justify="space-between">
        <Group gap={6}>
          <Badge size="xs" variant="light" color="gray">
            {CATEGORIES.find(([name]) => name === note.category)?.[1] ?? note.category}
          </Badge>
          <Text size="xs" c="dimmed">
            <When date={note.createdAt} />
          </Text>
        </Group>
        {!note.read && (
          <ActionButton size="compact-xs" variant="subtle" act={props.onRead} onProblem={props.onProblem}>
            Mark read
          </ActionButton>
        )}
      </Group>
      {action?.state === "open" && (
        <Group gap="xs">
          <ActionButton size="compact-sm" act={() => props.onAnswer(true)} onProblem={props.onProblem}>
            Accept
          </ActionButton>
          <ActionButton size="compact-sm" variant="default" act={() => props.onAnswer(false)} onProblem={props.onProblem}>
            Decline
          </ActionButton>
        </Group>
      )}
    </Stack>
  );
}

export function Bell({ session }: { session: Session }) {
  const uid = session.uid;
  const sp = useStorepulse();
  const counts = useUnreadCount(uid);
  const [category, setCategory] = useState<Category>();
  const [open, setOpen] = useState(false);
  const bell = useNotifications(open ? uid : undefined, { category, limit: 20 });
  const [problem, setProblem] = useState<string>();
  const navigate = useNavigate();
  const unread = counts.data?.unread ?? 0;
  useArrivalToast(uid);
  const openNote = (note: WithId<NotificationDocument>) => {
    if (!note.read) {
      bell.markRead([note.id]).catch((error: unknown) => {
        setProblem(explain(error));
      });
    }
    setOpen(false);
    void navigate(targetPath(session, note.target));
  };
  const answer = (action: Answer, yes: boolean) =>
    action.kind === "enrollment_request"
      ? sp.respondToEnrollment({ enrollmentId: action.id, accept: yes })
      : sp.respondToPointsRequest({ requestId: action.id, approve: yes });
  const readError = bell.error ?? counts.error;
  const shownProblem = readError ? readProblem(readError) : problem;
  const notes = bell.data ?? [];
  return (
    <>
      {/* The header's live / reconnecting indicator: the shell's own listener is this one. */}
      <LiveBadge live={counts.live} />
      <Popover opened={open} onChange={setOpen} position="bottom-end" width={380} shadow="md" withArrow trapFocus={false}>
        <Indicator label={unread} size={18} disabled={unread === 0} offset={6} color="red.9" inline>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Notifications, ${String(unread)} unread`}
              onClick={() => {
                setOpen((was) => !was);
              }}
            >
              <BellIcon />
              <VisuallyHidden data-testid="badge-unread">{unread}</VisuallyHidden>
            </ActionIcon>
          </Popover.Target>
        </Indicator>
        <Popover.Dropdown aria-label="Notifications" style={{ maxWidth: "calc(100vw - 16px)" }}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={700}>Notifications</Text>
              <ActionButton size="compact-sm" variant="light" act={() => bell.markAllRead()} onProblem={setProblem} disabled={unread === 0}>
                Mark all read
              </ActionButton>
            </Group>
            <NativeSelect
              label="Category"
              size="xs"
              value={category ?? ""}
              onChange={(event) => {
                setCategory(categoryOf(event.currentTarget.value));
              }}
              data={[
                { value: "", label: `All (${String(unread)} unread)` },
                ...CATEGORIES.map(([name, label]) => ({
                  value: name,
                  label: `${label} (${String(counts.data?.unreadByCategory[name] ?? 0)} unread)`,
                })),
              ]}
            />
            {shownProblem && (
              <Alert color="red" role="alert" p="xs">
                {shownProblem}
              </Alert>
            )}
            <ScrollArea.Autosize mah={360} type="auto">
              <Stack component="ul" data-testid="bell" gap={4} p={0} m={0} style={{ listStyle: "none" }}>
                {notes.map((note) => (
                  <Note
                    key={note.id}
                    note={note}
                    onOpen={() => {
                      openNote(note);
                    }}
                    onRead={() => bell.markRead([note.id])}
                    onAnswer={(yes) => (note.action ? answer(note.action, yes) : Promise.resolve())}
                    onProblem={setProblem}
                  />
                ))}
              </Stack>
              {bell.data !== undefined && notes.length === 0 && (
                <Text size="sm" c="dimmed" p="xs">
                  Nothing here yet: orders, deliveries, loyalty invitations and payments will show up here.
                </Text>
              )}
            </ScrollArea.Autosize>
            {open && bell.data === undefined && !shownProblem && (
              <Button variant="subtle" loading disabled>
                Loading
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}
